"""A contact sheet: every practice's keyframes, its loop and every check's figure on
one HTML page, light and dark side by side, so a person can review them at a glance."""

from __future__ import annotations

from html import escape

from psoas.catalog.model import Catalog, Practice
from psoas.render.figures import figure_svg, practice_svg
from psoas.render.motion import practice_motion_svg

STYLE = """
body { font: 14px/1.4 sans-serif; margin: 1rem; background: #eee; color: #222; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; margin-bottom: 1rem; }
.theme { padding: .5rem; border-radius: 6px; }
.day { background: #faf7f2; color: #2b231d; }
.night { background: #16120f; color: #e9cfb0; }
.cells { display: flex; gap: .5rem; align-items: flex-end; flex-wrap: wrap; }
.cells > div { flex: 1 1 12rem; max-width: 24rem; }
h2 { margin: .2rem 0; font-size: 1rem; } ol, p { margin: .2rem 0; font-size: 12px; }
@media (prefers-reduced-motion: reduce) { svg.psoas-moving { display: none; } }
"""


def _cell(title: str, svg: str, note: str = "") -> str:
    caption = f"<p>{escape(note)}</p>" if note else ""
    return f"<div><p><b>{escape(title)}</b></p>{svg}{caption}</div>"


def _practice_row(practice: Practice) -> str:
    captions = "".join(f"<li>{escape(f.caption)}</li>" for f in practice.figures)
    cells = [_cell("keyframes", practice_svg(practice))]
    if len(practice.figures) > 1:
        cells.append(_cell("moving", practice_motion_svg(practice)))
    for check in practice.checks:
        if check.figure is not None:
            svg = figure_svg(check.figure, check.question, f"{practice.id}-{check.id}")
            cells.append(_cell(check.id, svg, check.figure.caption))
    inner = f"<div class='cells'>{''.join(cells)}</div><ol>{captions}</ol>"
    themes = "".join(
        f"<div class='theme {theme}'><h2>{escape(practice.name)} "
        f"<small>({escape(practice.id)})</small></h2>{inner}</div>"
        for theme in ("day", "night")
    )
    return f"<section class='row' id='{escape(practice.id)}'>{themes}</section>"


def contact_sheet(catalog: Catalog) -> str:
    """The whole sheet as one self-contained HTML page."""
    rows = [_practice_row(p) for p in catalog.practices if p.figures]
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>psoas figures</title>"
        f"<style>{STYLE}</style></head><body><h1>psoas figures</h1>"
        f"<p>{len(rows)} practices, every keyframe solved from its contacts; the loops play "
        "where a practice has several keyframes.</p>" + "".join(rows) + "</body></html>\n"
    )


__all__ = ["contact_sheet"]
