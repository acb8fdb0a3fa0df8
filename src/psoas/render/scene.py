"""A figure as plain shapes: the floor, the props and the body's capsules.

Pure geometry (centimetres, y up); the SVG writer and the matplotlib handout both
draw from the same scene, so every output shows the same figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from psoas.catalog.model import Figure
from psoas.core.body import Body, Point
from psoas.core.posing import DEFAULT_BOLSTER_CM, Circle, PlacedProp, solve

ShapeKind = Literal["capsule", "circle", "rect", "ellipse", "polyline"]


@dataclass(frozen=True)
class Shape:
    """One thing to draw; ``role`` is body, body-near, body-far, prop or floor."""

    kind: ShapeKind
    role: str
    points: tuple[Point, ...]
    #: Capsule and circle radius, or (for rect/ellipse) half-width.
    size: float = 0.0
    #: Rect/ellipse half-height.
    size_y: float = 0.0
    label: str = ""


@dataclass(frozen=True)
class Scene:
    """Everything in one figure, with its bounds."""

    shapes: tuple[Shape, ...]
    bounds: tuple[float, float, float, float]
    body: Body


def _prop_shapes(prop: PlacedProp, body: Body) -> list[Shape]:
    """A placed prop's solids as shapes, drawn solid at their real size."""
    shapes: list[Shape] = []
    label = prop.kind.replace("-", " ")
    for solid in prop.solids:
        if isinstance(solid, Circle):
            shapes.append(Shape("circle", "prop", ((solid.x, solid.y),), solid.r, label=label))
            continue
        half_w, half_h = (solid.x1 - solid.x0) / 2, (solid.top - solid.bottom) / 2
        centre = ((solid.x0 + solid.x1) / 2, (solid.top + solid.bottom) / 2)
        shapes.append(Shape("rect", "prop", (centre,), half_w, half_h, label))
        if prop.kind == "chair":  # legs under the seat and a back rising from it
            hip = body.points["hip"][0]
            far_edge = solid.x1 if abs(solid.x1 - hip) > abs(solid.x0 - hip) else solid.x0
            shapes += [
                Shape("polyline", "prop", ((solid.x0 + 2, 0.0), (solid.x0 + 2, solid.bottom))),
                Shape("polyline", "prop", ((solid.x1 - 2, 0.0), (solid.x1 - 2, solid.bottom))),
                Shape("polyline", "prop", ((far_edge, solid.top), (far_edge, solid.top + 40))),
            ]
    return shapes


def _nose(body: Body) -> Point:
    """A point on the face, so the head shows which way it looks."""
    (cx, cy), radius = body.head_center, body.head_radius
    up_x = body.points["neck_top"][0] - body.points["c7"][0]
    up_y = body.points["neck_top"][1] - body.points["c7"][1]
    length = max(1e-6, (up_x**2 + up_y**2) ** 0.5)
    forward = (up_y / length, -up_x / length)  # "up" turned a quarter clockwise
    return (cx + forward[0] * (radius - 0.5), cy + forward[1] * (radius - 0.5))


def build_scene(figure: Figure, bolster_cm: float | None = None) -> Scene:
    """The figure's shapes; ``bolster_cm`` sets the bolster height where the figure fits one."""
    solved = solve(figure, bolster_cm)
    return scene_from(figure, solved.body, solved.props)


def scene_from(figure: Figure, body: Body, props: tuple[PlacedProp, ...]) -> Scene:
    """The shapes of ``body`` and ``props``, drawn as ``figure`` asks (its side, its view)."""
    shapes: list[Shape] = []
    for prop in props:
        shapes += _prop_shapes(prop, body)
    highlight = figure.side is not None
    for segment in body.segments:
        role = "body"
        if highlight and segment.name in ("thigh", "shank", "foot"):
            role = "body-far" if segment.far else "body-near"
        elif segment.far:
            role = "body-far"
        shapes.append(
            Shape("capsule", role, (segment.start, segment.end), segment.radius, label=segment.name)
        )
    shapes.append(Shape("circle", "body", (body.head_center,), body.head_radius, label="head"))
    shapes.append(Shape("circle", "body", (_nose(body),), 2.6, label="nose"))
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        for px, py in shape.points:
            reach_x = shape.size
            reach_y = shape.size_y if shape.kind in ("rect", "ellipse") else shape.size
            xs += [px - reach_x, px + reach_x]
            ys += [py - reach_y, py + reach_y]
    left, right = min(xs) - 10, max(xs) + 10
    if figure.view == "above":  # seen from the ceiling: the floor is the page itself
        return Scene(shapes=tuple(shapes), bounds=(left, min(ys), right, max(ys)), body=body)
    floor = Shape("polyline", "floor", ((left, 0.0), (right, 0.0)))
    return Scene(
        shapes=(floor, *shapes),
        bounds=(left, min(0.0, min(ys)), right, max(ys)),
        body=body,
    )


__all__ = ["DEFAULT_BOLSTER_CM", "Scene", "Shape", "build_scene", "scene_from"]
