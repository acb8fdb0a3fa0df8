"""A practice shown moving: its solved keyframes played as a short SVG loop.

Between two keyframes the joint angles (and the body's height off the floor) go
evenly from one solved pose to the next, so limbs keep their length and the figure
passes through real poses; each keyframe is held a moment. The loop is plain SVG
animation (a few KB, no script), drawn on the same fixed canvas and in the same
layers as the still figure, so it follows the theme. A page pauses it on the last
keyframe when the reader asks for reduced motion (``data-still`` gives the time).
"""

from __future__ import annotations

from dataclasses import fields, replace
from html import escape

from psoas.catalog.model import FigurePose, Practice
from psoas.core.body import pose_body
from psoas.core.posing import Solved, place_prop, solve
from psoas.render.figures import id_prefix
from psoas.render.scene import Scene, Shape, build_scene, scene_from
from psoas.render.svg import (
    CANVAS_H,
    CANVAS_W,
    LAYERS,
    Placement,
    layer_open,
    shape_element,
    svg_open,
)

#: Seconds each keyframe is held, and each move between two keyframes takes.
HOLD_S = 1.2
MOVE_S = 1.6
#: Poses drawn in each move (the animation runs straight between them).
STEPS = 5


def _mix(a: FigurePose, b: FigurePose, t: float) -> FigurePose:
    values = {}
    for f in fields(FigurePose):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x is None and y is None:
            continue
        if isinstance(x, bool):  # a way of drawing, not an angle: it switches halfway
            values[f.name] = x if t < 0.5 else y
            continue
        x = getattr(a, f.name.removesuffix("_far")) if x is None else x
        y = getattr(b, f.name.removesuffix("_far")) if y is None else y
        values[f.name] = x + (y - x) * t
    return replace(a, **values)


def _lift(solved: Solved) -> float:
    return solved.body.points["hip"][1] - pose_body(solved.pose).points["hip"][1]


def _between(practice: Practice, a: Solved, b: Solved, t: float, bolster_cm: float) -> Scene:
    """The scene a fraction ``t`` of the way from keyframe ``a`` to ``b``."""
    figure = practice.figures[0]
    body = pose_body(_mix(a.pose, b.pose, t)).shifted(0.0, _lift(a) + (_lift(b) - _lift(a)) * t)
    with_bolster = any(p.kind == "bolster" for p in figure.props)
    props = tuple(place_prop(body, p.kind, p.at, bolster_cm, with_bolster) for p in figure.props)
    return scene_from(figure, body, props)


def frames(practice: Practice, bolster_cm: float | None = None) -> tuple[list[Scene], list[float]]:
    """The scenes of one loop and the time (0–1) each is reached; keyframes repeat to
    be held, and the loop ends where it began."""
    height = bolster_cm or 15.0
    solved = [solve(f, bolster_cm) for f in practice.figures]
    scenes: list[Scene] = []
    times: list[float] = []
    total = len(solved) * (HOLD_S + MOVE_S)
    clock = 0.0
    for i, here in enumerate(solved):
        there = solved[(i + 1) % len(solved)]
        key = build_scene(practice.figures[i], bolster_cm)
        scenes += [key, key]
        times += [clock / total, (clock + HOLD_S) / total]
        clock += HOLD_S
        for step in range(1, STEPS):
            scenes.append(_between(practice, here, there, step / STEPS, height))
            times.append((clock + MOVE_S * step / STEPS) / total)
        clock += MOVE_S
    scenes.append(scenes[0])
    times.append(1.0)
    return scenes, times


def _union(scenes: list[Scene]) -> Scene:
    """A scene whose bounds hold every frame, so the loop is placed once."""
    left = min(s.bounds[0] for s in scenes)
    bottom = min(s.bounds[1] for s in scenes)
    right = max(s.bounds[2] for s in scenes)
    top = max(s.bounds[3] for s in scenes)
    return Scene(shapes=scenes[0].shapes, bounds=(left, bottom, right, top), body=scenes[0].body)


def _attributes(shape_kind: str, values: list[tuple[float, ...]]) -> list[tuple[str, list[str]]]:
    names = {"capsule": ("x1", "y1", "x2", "y2"), "circle": ("cx", "cy"), "rect": ("x", "y")}
    found = []
    for i, name in enumerate(names.get(shape_kind, ())):
        found.append((name, [f"{v[i]:.1f}" for v in values]))
    return found


def _coordinates(shape: Shape, place: Placement) -> tuple[float, ...]:
    """The numbers that move: a capsule's two ends, a circle's centre, a box's corner."""
    if shape.kind == "capsule":
        (x1, y1), (x2, y2) = (place.xy(p) for p in shape.points)
        return (x1, y1, x2, y2)
    cx, cy = place.xy(shape.points[0])
    if shape.kind == "rect":
        return (cx - place.size(shape.size), cy - place.size(shape.size_y))
    return (cx, cy)


def practice_motion_svg(practice: Practice, bolster_cm: float | None = None) -> str:
    """The practice's keyframes as a looping SVG animation (one keyframe: a still)."""
    scenes, times = frames(practice, bolster_cm)
    place = Placement(_union(scenes))
    duration = len(practice.figures) * (HOLD_S + MOVE_S)
    key_times = ";".join(f"{t:.3f}" for t in times)
    description = " Then: ".join(f.caption for f in practice.figures)
    prefix = id_prefix(practice) + "-moving"
    still = (len(practice.figures) - 1) * (HOLD_S + MOVE_S)
    parts = [
        svg_open(CANVAS_W, CANVAS_H, practice.name, description, prefix).replace(
            'class="psoas-figure"',
            f'class="psoas-figure psoas-moving" data-still="{still:.1f}"',
            1,
        )
    ]
    first = scenes[0]
    if any(s.role == "floor" for s in first.shapes):
        left, _ = place.xy((place.left, 0.0))
        parts.append(
            f'<line class="floor" x1="{left}" y1="{place.floor}" x2="{CANVAS_W - left:.1f}" '
            f'y2="{place.floor}" stroke="currentColor" stroke-width="1.5" opacity="0.5"/>'
        )
    for role in LAYERS:
        indexes = [i for i, s in enumerate(first.shapes) if s.role == role and role != "floor"]
        if not indexes:
            continue
        parts.append(layer_open(role))
        for i in indexes:
            shape = first.shapes[i]
            values = [_coordinates(scene.shapes[i], place) for scene in scenes]
            parts.append(_animated(shape, place, values, key_times, duration))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _animated(
    shape: Shape, place: Placement, values: list[tuple[float, ...]], key_times: str, seconds: float
) -> str:
    element = shape_element(shape, place)
    animations = "".join(
        f'<animate attributeName="{name}" values="{escape(";".join(series))}" '
        f'keyTimes="{key_times}" dur="{seconds:.1f}s" repeatCount="indefinite"/>'
        for name, series in _attributes(shape.kind, values)
        if len(set(series)) > 1
    )
    if not animations:
        return element
    return element.replace("/>", f">{animations}</{element[1 : element.index(' ')]}>", 1)


__all__ = ["HOLD_S", "MOVE_S", "frames", "practice_motion_svg"]
