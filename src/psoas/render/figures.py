"""A practice's figures as SVG: each keyframe with its caption, side by side."""

from __future__ import annotations

import re
from html import escape

from psoas.catalog.model import Figure, Practice
from psoas.render.scene import build_scene
from psoas.render.svg import scene_svg

#: Gap between keyframes and the space for captions, in SVG units (cm of body).
GAP = 12.0
CAPTION = 14.0


def figure_svg(figure: Figure, title: str, id_prefix: str, bolster_cm: float | None = None) -> str:
    """One keyframe as a standalone, accessible SVG."""
    return scene_svg(build_scene(figure, bolster_cm), title, figure.caption, id_prefix)


def practice_svg(practice: Practice, bolster_cm: float | None = None) -> str:
    """Every keyframe of ``practice`` in one SVG, captions below, scaled to any width."""
    scenes = [build_scene(f, bolster_cm) for f in practice.figures]
    widths = [
        max(s.bounds[2] - s.bounds[0] + 12, len(f.caption) * 3.3)
        for s, f in zip(scenes, practice.figures, strict=True)
    ]
    heights = [s.bounds[3] - s.bounds[1] + 12 for s in scenes]
    total_w = sum(widths) + GAP * (len(scenes) - 1)
    total_h = max(heights) + CAPTION
    prefix = re.sub(r"[^a-z0-9-]", "", practice.id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w:.0f} {total_h:.0f}" '
        f'width="100%" role="img" class="psoas-figures" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{escape(practice.name)}</title>',
        f'<desc id="{prefix}-desc">'
        + escape(" Then: ".join(f.caption for f in practice.figures))
        + "</desc>",
    ]
    x = 0.0
    for index, (scene, figure) in enumerate(zip(scenes, practice.figures, strict=True)):
        inner = scene_svg(scene, practice.name, figure.caption, f"{prefix}-{index}")
        own_width = scene.bounds[2] - scene.bounds[0] + 12
        inner = inner.replace(
            '<svg xmlns="http://www.w3.org/2000/svg" ',
            f'<svg x="{x + (widths[index] - own_width) / 2:.0f}" '
            f'y="{max(heights) - heights[index]:.0f}" '
            f'width="{own_width:.0f}" height="{heights[index]:.0f}" ',
            1,
        ).replace('width="100%" ', "", 1)
        parts.append(inner.strip())
        parts.append(
            f'<text x="{x + widths[index] / 2:.0f}" y="{total_h - 3:.0f}" text-anchor="middle" '
            f'font-size="5.5" font-family="sans-serif" fill="currentColor">'
            f"{escape(figure.caption)}</text>"
        )
        x += widths[index] + GAP
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


__all__ = ["figure_svg", "practice_svg"]
