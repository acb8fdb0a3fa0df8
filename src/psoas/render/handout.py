"""A printable handout: one A4 page per routine, each step with its figure, hold, cues, cautions.

For a person to keep beside their mat, or for a physiotherapist to give a
client. Drawn with matplotlib into a PDF, from the same scenes as the SVGs.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from psoas.catalog.model import Catalog
from psoas.core.planner import SPECS, Plan
from psoas.core.psoas_length import practice_length
from psoas.core.safety import Clearance
from psoas.core.units import format_duration, format_length
from psoas.render.figures import key_figure
from psoas.render.mpl import INK, draw_scene
from psoas.render.scene import build_scene

A4 = (8.27, 11.69)
COLUMNS = 2
ROWS = 8
FOOTER = (
    "Self-care from published articles, not medical advice; stop lines are general safety "
    "advice. Get medical care today with new numbness in the groin or saddle area, new "
    "bladder or bowel trouble, or a leg getting weaker. See a healthcare provider first with "
    "bruising, swelling, a fresh strain or fall, fever, numbness, or severe or worsening pain."
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
    dosed: dict[str, str] = {}
    for step in plan.steps:
        merged.setdefault(step.id, []).append((step.side, step.seconds, step.role))
        bolster[step.id] = step.bolster_height_cm
        if step.sets:
            each = " each side" if step.side else ""
            dosed[step.id] = f"{step.sets} × {step.reps}{each}, rest between sets"
    found = []
    for practice_id, parts in merged.items():
        if practice_id in dosed:
            found.append(Entry(practice_id, dosed[practice_id], bolster[practice_id]))
            continue
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


def handout_pdf(
    catalog: Catalog,
    plans: list[Plan],
    made_for: str = "",
    cleared: Iterable[Clearance] = (),
) -> bytes:
    """The PDF bytes: one page per plan (more only if a plan has over 16 practices).

    ``cleared`` are the person's provider clearances, shown under each page's title.
    """
    cleared_line = _cleared_line(catalog, cleared)
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
                _header(fig, plan, made_for, cleared_line, continued=start > 0)
                for i, entry in enumerate(items[start : start + COLUMNS * ROWS]):
                    _cell(fig, catalog, entry, i)
                fig.text(0.06, 0.025, _wrap(FOOTER, 140), fontsize=6.5, color=INK, va="bottom")
                pdf.savefig(fig)
                plt.close(fig)
    return buffer.getvalue()


def _cleared_line(catalog: Catalog, cleared: Iterable[Clearance]) -> str:
    """ "Cleared: pregnancy by my midwife on 20 Nov 2026." (empty without clearances)."""
    parts = []
    for c in cleared:
        flag = catalog.red_flag(c.flag_id)
        name = flag.name.lower() if flag else c.flag_id
        parts.append(f"{name}{f' by {c.by}' if c.by else ''} on {c.cleared_on:%d %b %Y}")
    return f"Cleared: {'; '.join(parts)}." if parts else ""


def _header(fig: Any, plan: Plan, made_for: str, cleared: str, continued: bool) -> None:
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
    if cleared:
        fig.text(0.06, y, _wrap(cleared, 120), fontsize=7, color=INK, va="top")
        y -= 0.014
    for warning in plan.warnings[:2]:
        fig.text(0.06, y, _wrap("! " + warning, 120), fontsize=7, color="#a33", va="top")
        y -= 0.022


def _cell(fig: Any, catalog: Catalog, entry: Entry, index: int) -> None:
    practice = catalog.require(entry.practice_id)
    column, row = index % COLUMNS, index // COLUMNS
    left = 0.05 + column * 0.47
    top = 0.87 - row * 0.104
    ax = fig.add_axes((left, top - 0.09, 0.17, 0.085))
    draw_scene(ax, build_scene(key_figure(practice), entry.bolster_cm))
    x = left + 0.185
    fig.text(x, top, practice.name, fontsize=9, weight="bold", color=INK, va="top")
    details = [entry.hold]
    if entry.bolster_cm is not None:
        details.append(f"bolster {format_length(entry.bolster_cm)}")
    change = practice_length(practice).change_percent
    if practice.kind == "stretch":
        details.append(f"psoas about {change:+d} % vs standing")
    # A column's text is about 2.4 in wide: some 44 characters at 7 pt, 52 at 6 pt.
    detail = textwrap.shorten(" · ".join(details), 46, placeholder="…")
    fig.text(x, top - 0.016, detail, fontsize=7, color=INK, va="top")
    cues = textwrap.shorten(" · ".join(practice.cues[:3]), 44, placeholder="…")
    fig.text(x, top - 0.031, cues, fontsize=7, color=INK, va="top", style="italic")
    lines = []
    if practice.feel:
        lines += textwrap.wrap(f"Feel: {practice.feel}", 52)
    if practice.stop_if:
        lines += textwrap.wrap(practice.stop_if, 52)
    if lines:
        fig.text(x, top - 0.045, "\n".join(lines), fontsize=6, color="#7a3b00", va="top")


__all__ = ["Entry", "entries", "handout_pdf"]
