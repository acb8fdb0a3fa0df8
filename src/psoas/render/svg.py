"""Scenes as clean, accessible SVG that scales to any width and follows the text colour.

Everything is drawn in ``currentColor``, so the same SVG works on a light page, in
the night theme and on paper. Each limb group is one solid layer with its own
opacity (the far limbs faint, the body strong, the near leg of a one-sided practice
strongest), so joints show no seams and near and far limbs are told apart. Every
keyframe sits on the same fixed canvas, floor at the bottom, scaled down only when it
would not fit.
"""

from __future__ import annotations

from html import escape

from psoas.render.scene import Scene, Shape

#: Every keyframe's canvas, in centimetres of body at full scale.
CANVAS_W, CANVAS_H = 240.0, 150.0
PAD = 6.0
FLOOR_BAND = 5.0
#: Layer opacities; the matplotlib drawing uses the same.
OPACITY = {"body": 0.82, "body-near": 1.0, "body-far": 0.35, "prop": 0.75, "floor": 0.5}
LAYERS = ("floor", "prop", "body-far", "body", "body-near")

Point = tuple[float, float]


class Placement:
    """Where a scene goes on the canvas: a uniform scale and a shift, y flipped."""

    def __init__(self, scene: Scene, x0: float = 0.0) -> None:
        left, bottom, right, top = scene.bounds
        room_w, room_h = CANVAS_W - 2 * PAD, CANVAS_H - 2 * PAD - FLOOR_BAND
        self.scale = min(1.0, room_w / max(right - left, 1.0), room_h / max(top - bottom, 1.0))
        self.left = left - (room_w / self.scale - (right - left)) / 2  # centred across
        self.floor = CANVAS_H - PAD - FLOOR_BAND  # the floor line, near the bottom
        self.bottom = bottom
        self.x0 = x0

    def xy(self, point: Point) -> tuple[float, float]:
        """A scene point in canvas units."""
        x = self.x0 + PAD + (point[0] - self.left) * self.scale
        y = self.floor - (point[1] - min(self.bottom, 0.0)) * self.scale
        return round(x, 1), round(y, 1)

    def size(self, value: float) -> float:
        """A length in canvas units."""
        return round(value * self.scale, 1)


def shape_element(shape: Shape, place: Placement) -> str:
    """One shape as an SVG element, without opacity (its layer carries it)."""
    if shape.kind == "capsule":
        (x1, y1), (x2, y2) = (place.xy(p) for p in shape.points)
        return (
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
            f'stroke-width="{2 * place.size(shape.size):.1f}"/>'
        )
    if shape.kind == "circle":
        cx, cy = place.xy(shape.points[0])
        return f'<circle cx="{cx}" cy="{cy}" r="{place.size(shape.size)}"/>'
    if shape.kind in ("rect", "ellipse"):
        cx, cy = place.xy(shape.points[0])
        w, h = place.size(shape.size), place.size(shape.size_y)
        if shape.kind == "ellipse":
            return f'<ellipse cx="{cx}" cy="{cy}" rx="{w}" ry="{h}"/>'
        return (
            f'<rect x="{cx - w:.1f}" y="{cy - h:.1f}" width="{2 * w:.1f}" '
            f'height="{2 * h:.1f}" rx="{min(3.0, h):.1f}"/>'
        )
    points = " ".join(f"{x},{y}" for x, y in (place.xy(p) for p in shape.points))
    return f'<polyline points="{points}" fill="none"/>'


def layer_open(role: str) -> str:
    """The opening ``<g>`` of a layer, which carries the colour and opacity."""
    opacity = OPACITY[role]
    if role == "floor":
        return f'<g class="floor" stroke="currentColor" stroke-width="1.5" opacity="{opacity}">'
    if role == "prop":
        return (
            f'<g class="prop" fill="currentColor" fill-opacity="0.3" stroke="currentColor" '
            f'stroke-width="1.5" stroke-linejoin="round" opacity="{opacity}">'
        )
    return (
        f'<g class="{role}" fill="currentColor" stroke="currentColor" '
        f'stroke-linecap="round" opacity="{opacity}">'
    )


def scene_layers(scene: Scene, place: Placement) -> list[str]:
    """The scene's shapes, grouped into layers from back to front."""
    parts: list[str] = []
    if any(s.role == "floor" for s in scene.shapes):
        left, _ = place.xy((scene.bounds[0], 0.0))
        right, _ = place.xy((scene.bounds[2], 0.0))
        parts.append(
            f'<rect class="floor-band" x="{left}" y="{place.floor}" width="{right - left:.1f}" '
            f'height="{FLOOR_BAND}" fill="currentColor" opacity="0.08"/>'
        )
    for role in LAYERS:
        shapes = [s for s in scene.shapes if s.role == role]
        if shapes:
            parts.append(layer_open(role))
            parts += [shape_element(s, place) for s in shapes]
            parts.append("</g>")
    return parts


def svg_open(width: float, height: float, title: str, description: str, prefix: str) -> str:
    """The opening of an accessible ``<svg>`` with its title and description."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" class="psoas-figure" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
    )


def scene_svg(scene: Scene, title: str, description: str, id_prefix: str = "fig") -> str:
    """An ``<svg>`` element for ``scene`` on the fixed canvas, with a title and a
    description for screen readers."""
    parts = [svg_open(CANVAS_W, CANVAS_H, title, description, id_prefix)]
    parts += scene_layers(scene, Placement(scene))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


__all__ = [
    "CANVAS_H",
    "CANVAS_W",
    "OPACITY",
    "Placement",
    "layer_open",
    "scene_layers",
    "scene_svg",
    "shape_element",
    "svg_open",
]
