"""A practice's figures as SVG: its keyframes side by side, each on the same canvas.

Captions are not drawn inside the picture, where a phone would shrink them to a few
pixels: a multi-step figure numbers its keyframes and the page lists the captions
(:func:`keyframe_captions`); every caption is also in the SVG's description.
"""

from __future__ import annotations

import re

from psoas.catalog.model import Figure, Practice
from psoas.render.scene import build_scene
from psoas.render.svg import CANVAS_H, CANVAS_W, Placement, scene_layers, scene_svg, svg_open

#: Gap between keyframes, in canvas units.
GAP = 10.0
NUMBER_SIZE = 16


def figure_svg(figure: Figure, title: str, id_prefix: str, bolster_cm: float | None = None) -> str:
    """One keyframe as a standalone, accessible SVG."""
    return scene_svg(build_scene(figure, bolster_cm), title, figure.caption, id_prefix)


def key_figure(practice: Practice) -> Figure:
    """The keyframe that shows a practice's position on its own (a handout, a PNG): the
    last, where its movement ends; for a test, the first, where it starts."""
    return practice.figures[0] if practice.kind == "test" else practice.figures[-1]


def keyframe_captions(practice: Practice) -> list[str]:
    """The captions of a practice's keyframes, in order, for the page to list."""
    return [figure.caption for figure in practice.figures]


def id_prefix(practice: Practice) -> str:
    """A safe prefix for the ids inside a practice's SVG."""
    return re.sub(r"[^a-z0-9-]", "", practice.id)


def practice_svg(practice: Practice, bolster_cm: float | None = None) -> str:
    """Every keyframe of ``practice`` in one SVG, numbered when there are several."""
    scenes = [build_scene(f, bolster_cm) for f in practice.figures]
    count = len(scenes)
    width = count * CANVAS_W + (count - 1) * GAP
    description = " Then: ".join(f.caption for f in practice.figures)
    parts = [svg_open(width, CANVAS_H, practice.name, description, id_prefix(practice))]
    for index, scene in enumerate(scenes):
        x0 = index * (CANVAS_W + GAP)
        parts += scene_layers(scene, Placement(scene, x0))
        if count > 1:
            parts.append(
                f'<text x="{x0 + 6:.0f}" y="{NUMBER_SIZE + 2}" font-size="{NUMBER_SIZE}" '
                f'font-family="sans-serif" font-weight="bold" fill="currentColor" '
                f'aria-hidden="true">{index + 1}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


__all__ = ["figure_svg", "id_prefix", "key_figure", "keyframe_captions", "practice_svg"]
