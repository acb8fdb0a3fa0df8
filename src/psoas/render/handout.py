"""A printable handout: one A4 page per routine, each step with its figure, hold, cues, cautions.

For a person to keep beside their mat, or for a physiotherapist to give a
client. Drawn with matplotlib into a PDF, from the same scenes as the SVGs.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

from psoas.catalog.model import Catalog
from psoas.core.planner import SPECS, Plan
from psoas.core.psoas_length import practice_length
from psoas.core.units import format_duration, format_length
from psoas.render.mpl import INK, draw_scene
from psoas.render.scene import build_scene

A4 = (8.27, 11.69)
COLUMNS = 2
ROWS = 8
FOOTER = (
    "Self-care from published articles, not medical advice. Stop and see a healthcare "
    "provider with bruising, swelling, a fresh strain, numbness, pregnancy, or severe or "
    "worsening pain."
)


@dataclass(frozen=True)
class Entry:
    """One practice on the page (both sides of a per-side practice together)."""

    practice_id: str
    hold: str
    bolster_cm: float | None


def entries(plan: Plan) -> list[Entry]:
    """The plan's steps merged: one entry per practice, sides and test/re-test together."""
    merged: dict[str, list[tuple[str | None, int, str]]] = {}
    bolster: dict[str, float | None] = {}
    for step in plan.steps:
        merged.setdefault(step.id, []).append((step.side, step.seconds, step.role))
        bolster[step.id] = step.bolster_height_cm
    found = []
    for practice_id, parts in merged.items():
        roles = {role for _, _, role in parts}
        sides = [(side, seconds) for side, seconds, _ in parts if side]
        if sides:
            times = {seconds for _, seconds in sides}
            hold = (
                f"{format_duration(sides[0][1])} each side"
                if len(times) == 1
                else " · ".join(f"{side} {format_duration(seconds)}" for side, seconds in sides)
            )
        else:
            hold = format_duration(parts[0][1])
        if roles == {"test", "retest"}:
            hold = f"{hold}, before and after"
        found.append(Entry(practice_id, hold, bolster[practice_id]))
    return found


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width))


def handout_pdf(catalog: Catalog, plans: list[Plan], made_for: str = "") -> bytes:
    """The PDF bytes: one page per plan (more only if a plan has over 16 practices)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": "psoas handout", "Creator": "psoas"}) as pdf:
        for plan in plans:
            items = entries(plan)
            for start in range(0, len(items), COLUMNS * ROWS):
                fig = plt.figure(figsize=A4)
                _header(fig, plan, made_for, continued=start > 0)
                for i, entry in enumerate(items[start : start + COLUMNS * ROWS]):
                    _cell(fig, catalog, entry, i)
                fig.text(0.06, 0.025, _wrap(FOOTER, 140), fontsize=6.5, color=INK, va="bottom")
                pdf.savefig(fig)
                plt.close(fig)
    return buffer.getvalue()


def _header(fig: Any, plan: Plan, made_for: str, continued: bool) -> None:
    title = SPECS[plan.routine].title
    if plan.rest_only:
        title = f"Rest plan (instead of {title.lower()})"
    if continued:
        title += " (continued)"
    line = f"{format_duration(plan.total_seconds)} · {date.today():%d %B %Y}"
    if made_for:
        line += f" · for {made_for}"
    fig.text(0.06, 0.955, f"psoas · {title}", fontsize=16, weight="bold", color=INK)
    fig.text(0.06, 0.935, line, fontsize=9, color=INK)
    y = 0.918
    for warning in plan.warnings[:2]:
        fig.text(0.06, y, _wrap("! " + warning, 120), fontsize=7, color="#a33", va="top")
        y -= 0.022


def _cell(fig: Any, catalog: Catalog, entry: Entry, index: int) -> None:
    practice = catalog.require(entry.practice_id)
    column, row = index % COLUMNS, index // COLUMNS
    left = 0.05 + column * 0.47
    top = 0.87 - row * 0.104
    ax = fig.add_axes((left, top - 0.09, 0.17, 0.085))
    draw_scene(ax, build_scene(practice.figures[0], entry.bolster_cm))
    x = left + 0.185
    fig.text(x, top, practice.name, fontsize=9, weight="bold", color=INK, va="top")
    details = [entry.hold]
    if entry.bolster_cm is not None:
        details.append(f"bolster {format_length(entry.bolster_cm)}")
    change = practice_length(practice).change_percent
    if practice.kind == "stretch":
        details.append(f"psoas about {change:+d} % vs standing")
    fig.text(x, top - 0.016, " · ".join(details), fontsize=7, color=INK, va="top")
    cues = _wrap(" · ".join(practice.cues[:3]), 52)
    fig.text(x, top - 0.031, cues, fontsize=7, color=INK, va="top", style="italic")
    if practice.cautions:
        caution = _wrap("Caution: " + practice.cautions[0], 58)
        fig.text(x, top - 0.058, caution, fontsize=6, color="#7a3b00", va="top")


__all__ = ["Entry", "entries", "handout_pdf"]
