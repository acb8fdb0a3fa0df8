"""A figure as plain shapes: the floor, the props and the body's capsules.

Pure geometry (centimetres, y up); the SVG writer and the matplotlib handout both
draw from the same scene, so every output shows the same figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from psoas.catalog.model import Figure
from psoas.core.body import RADIUS, Body, Point, fit_to_support, pose_body

ShapeKind = Literal["capsule", "circle", "rect", "ellipse", "polyline"]
#: Starting bolster height when the person has none (the middle of 13–20 cm).
DEFAULT_BOLSTER_CM = 15.0


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


def _mid(p: Point, q: Point) -> Point:
    return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)


def _landmark(body: Body, at: str) -> tuple[Point, float]:
    pts = body.points
    table: dict[str, tuple[Point, float]] = {
        "upper_back": (pts["scapula_tip"], RADIUS["thorax"]),
        "head": (body.head_center, body.head_radius),
        "pelvis": (_mid(pts["hip"], pts["lumbosacral"]), RADIUS["pelvis"]),
        "low_back": (_mid(pts["lumbosacral"], pts["t12"]), RADIUS["lumbar"]),
        "knees": (pts["knee"], RADIUS["thigh"]),
        "between_knees": (pts["knee"], RADIUS["thigh"]),
        "calves": (_mid(pts["knee"], pts["ankle"]), RADIUS["shank"]),
        "front_hip": (pts["hip"], RADIUS["pelvis"]),
        "lower_ribs": (_mid(pts["t12"], pts["scapula_tip"]), RADIUS["thorax"]),
    }
    return table[at]


def _prop_shapes(body: Body, kind: str, at: str) -> list[Shape]:
    (x, y), radius = _landmark(body, at)
    gap = max(0.0, y - radius)  # from the floor up to the body's surface there
    if kind == "bolster":
        height = max(gap, 8.0)
        return [Shape("rect", "prop", ((x, height / 2),), 16.0, height / 2, "bolster")]
    if kind == "block":
        height = max(gap, 5.0)
        return [Shape("rect", "prop", ((x, height / 2),), 11.0, height / 2, "block")]
    if kind == "pillow" and at == "between_knees":
        return [Shape("ellipse", "prop", ((x, y),), 9.0, 6.0, "pillow")]
    if kind == "pillow":
        height = max(gap, 6.0)
        return [Shape("ellipse", "prop", ((x, height / 2),), 16.0, height / 2, "pillow")]
    if kind == "foam-roller":
        size = max(gap, 12.0) / 2
        return [Shape("circle", "prop", ((x, size),), size, label="foam roller")]
    if kind == "lacrosse-ball":
        return [Shape("circle", "prop", ((x, 3.2),), 3.2, label="lacrosse ball")]
    if kind == "blanket":
        top = y + radius
        return [Shape("rect", "prop", ((x, top + 2.0),), 14.0, 2.0, "blanket")]
    if kind == "chair":
        seat = max(gap, 30.0)
        depth = 40.0
        ankle_x = body.points["ankle"][0]
        back_x = ankle_x + (12.0 if ankle_x > x else -12.0)
        front_x = back_x - (depth if ankle_x > x else -depth)
        return [
            Shape("rect", "prop", (((front_x + back_x) / 2, seat - 2.5),), depth / 2, 2.5, "chair"),
            Shape("polyline", "prop", ((front_x, 0.0), (front_x, seat - 5))),
            Shape("polyline", "prop", ((back_x, 0.0), (back_x, seat + 40))),
        ]
    raise ValueError(f"no drawing for prop {kind!r} at {at!r}")


def build_scene(figure: Figure, bolster_cm: float | None = None) -> Scene:
    """The figure's shapes; ``bolster_cm`` sets the bolster height where the figure fits one."""
    pose = figure.pose
    if figure.fit_bolster:
        pose = fit_to_support(
            pose, "scapula_tip", RADIUS["thorax"], bolster_cm or DEFAULT_BOLSTER_CM
        )
    body = pose_body(pose)
    shapes: list[Shape] = []
    for prop in figure.props:
        shapes += _prop_shapes(body, prop.kind, prop.at)
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
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        for px, py in shape.points:
            reach_x = shape.size
            reach_y = shape.size_y if shape.kind in ("rect", "ellipse") else shape.size
            xs += [px - reach_x, px + reach_x]
            ys += [py - reach_y, py + reach_y]
    left, right = min(xs) - 10, max(xs) + 10
    if figure.view == "above":  # a mattress seen from above instead of a floor line
        low, high = min(ys) - 8, max(ys) + 8
        bed = Shape(
            "rect",
            "prop",
            (((left + right) / 2, (low + high) / 2),),
            (right - left) / 2,
            (high - low) / 2,
            "mattress",
        )
        return Scene(shapes=(bed, *shapes), bounds=(left, low, right, high), body=body)
    floor = Shape("polyline", "floor", ((left, 0.0), (right, 0.0)))
    return Scene(
        shapes=(floor, *shapes),
        bounds=(left, min(0.0, min(ys)), right, max(ys)),
        body=body,
    )


__all__ = ["DEFAULT_BOLSTER_CM", "Scene", "Shape", "build_scene"]
