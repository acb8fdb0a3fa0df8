"""Scenes as clean, accessible SVG that scales to any width and follows the text colour.

Everything is drawn in ``currentColor`` at different opacities, so the same SVG
works on a light page, in the night theme and on paper.
"""

from __future__ import annotations

from html import escape

from psoas.render.scene import Scene

PAD = 6.0
OPACITY = {"body": 0.85, "body-near": 0.95, "body-far": 0.4, "prop": 0.5, "floor": 0.45}


def scene_svg(scene: Scene, title: str, description: str, id_prefix: str = "fig") -> str:
    """An ``<svg>`` element for ``scene`` with a title and a description for screen readers."""
    left, bottom, right, top = scene.bounds
    width = right - left + 2 * PAD
    height = top - bottom + 2 * PAD

    def xy(point: tuple[float, float]) -> tuple[float, float]:
        return (round(point[0] - left + PAD, 1), round(top - point[1] + PAD, 1))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" class="psoas-figure" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
    ]
    for shape in scene.shapes:
        opacity = OPACITY.get(shape.role, 0.8)
        cls = f' class="{shape.role}"'
        if shape.kind == "capsule":
            (x1, y1), (x2, y2) = (xy(p) for p in shape.points)
            parts.append(
                f'<line{cls} x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="currentColor" '
                f'stroke-opacity="{opacity}" stroke-width="{2 * shape.size:.1f}" '
                'stroke-linecap="round"/>'
            )
        elif shape.kind == "circle":
            cx, cy = xy(shape.points[0])
            fill = "currentColor" if shape.role.startswith("body") else "none"
            parts.append(
                f'<circle{cls} cx="{cx}" cy="{cy}" r="{shape.size:.1f}" fill="{fill}" '
                f'fill-opacity="{opacity}" stroke="currentColor" stroke-opacity="{opacity}" '
                'stroke-width="1.5"/>'
            )
        elif shape.kind in ("rect", "ellipse"):
            cx, cy = xy(shape.points[0])
            w, h = shape.size, shape.size_y
            common = (
                f'fill="currentColor" fill-opacity="0.15" stroke="currentColor" '
                f'stroke-opacity="{opacity}" stroke-width="1.5"'
            )
            if shape.kind == "rect":
                parts.append(
                    f'<rect{cls} x="{cx - w:.1f}" y="{cy - h:.1f}" width="{2 * w:.1f}" '
                    f'height="{2 * h:.1f}" rx="2" {common}/>'
                )
            else:
                parts.append(
                    f'<ellipse{cls} cx="{cx}" cy="{cy}" rx="{w:.1f}" ry="{h:.1f}" {common}/>'
                )
        elif shape.kind == "polyline":
            points = " ".join(f"{x},{y}" for x, y in (xy(p) for p in shape.points))
            parts.append(
                f'<polyline{cls} points="{points}" fill="none" stroke="currentColor" '
                f'stroke-opacity="{opacity}" stroke-width="2" stroke-linecap="round"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


__all__ = ["scene_svg"]
