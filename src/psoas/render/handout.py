"""A printable handout: a page per routine, each practice with its figure and words.

For a person to keep beside their mat, or for a physiotherapist to give a client:
who it is for, the date and what their test found at the top; then each practice
in a row of its own, the figure on the left and, beside it, how long and how often,
the steps, what to feel and when to stop, and where to see it moving. A4 or Letter.
Text is wrapped to its column by measuring it in the PDF's own font, so nothing runs
off the page. Drawn with matplotlib from the same scenes as the SVGs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from psoas.catalog.model import Catalog, Practice
from psoas.core.assessment import Findings
from psoas.core.planner import Plan
from psoas.core.progress import Progress
from psoas.core.psoas_length import practice_length
from psoas.core.units import format_duration, format_length
from psoas.render.figures import key_figure
from psoas.render.mpl import INK, draw_scene
from psoas.render.scene import build_scene
from psoas.render.svg import CANVAS_H, CANVAS_W

#: Paper sizes in inches.
PAPER = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
MARGIN = 0.6
GAP = 0.2
#: The figure's width beside each practice: larger when a routine has few practices,
#: so a short routine fills its page with bigger pictures rather than white space.
FIGURE_W = {True: 2.6, False: 2.0}
FEW = 4
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
            sided = {s.side for s in plan.steps if s.id == step.id}
            each = (
                " each side" if len(sided) > 1 else f", {step.side} side only" if step.side else ""
            )
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
            named = {side for side, _ in sides}
            if len(named) == 1:  # one side only (a routine of one's own may ask it)
                hold = f"{format_duration(sides[0][1])}, {sides[0][0]} side only"
            elif len(times) == 1:
                hold = f"{format_duration(sides[0][1])} each side"
            else:
                hold = " · ".join(f"{side} {format_duration(seconds)}" for side, seconds in sides)
        else:
            hold = format_duration(parts[0][1])
        if roles == {"test", "retest"}:
            hold = f"{hold}, before and after"
        found.append(Entry(practice_id, hold, bolster[practice_id]))
    return found


@dataclass(frozen=True)
class Reader:
    """Who the handout is for, and what it may say about them."""

    name: str = ""
    #: The findings of their latest self-test, shown at the top (None: no test yet).
    findings: Findings | None = None
    #: Where psoas is served (e.g. ``http://192.168.1.5:8000``), for a link per practice.
    link_base: str | None = None
    #: Their progress: with two tests or more, a last page shows it.
    progress: Progress | None = None


class Sheet:
    """One page being laid out, in inches from its top-left corner."""

    def __init__(self, plt: Any, paper: tuple[float, float]) -> None:
        self.width, self.height = paper
        self.fig = plt.figure(figsize=paper)
        self.y = MARGIN

    def text(self, x: float, text: str, size: float, **style: Any) -> float:
        """Write ``text`` (already wrapped) at ``x`` from the current line; its height."""
        self.fig.text(
            x / self.width,
            1 - self.y / self.height,
            text,
            fontsize=size,
            va="top",
            color=style.pop("color", INK),
            **style,
        )
        return lines_height(text, size)

    def axes(self, width: float, height: float) -> Any:
        """Axes ``width`` × ``height`` inches at the left margin, from the current line."""
        return self.fig.add_axes(
            (
                MARGIN / self.width,
                1 - (self.y + height) / self.height,
                width / self.width,
                height / self.height,
            )
        )

    def room(self) -> float:
        """Inches left above the footer."""
        return self.height - MARGIN - 0.55 - self.y


def lines_height(text: str, size: float) -> float:
    """The height of ``text`` in inches, at matplotlib's line spacing."""
    return (text.count("\n") + 1) * size * 1.2 / 72


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width in inches of ``text`` in the PDF's font (DejaVu Sans) at ``size``."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(weight="bold" if bold else "normal", size=size)
    width, _height, _descent = text_to_path.get_text_width_height_descent(text, prop, False)
    return float(width) / 72


def wrap(text: str, width_in: float, size: float, bold: bool = False) -> str:
    """``text`` wrapped, word by word, into lines measured to fit ``width_in``."""
    space = text_width(" ", size, bold)
    lines: list[tuple[str, float]] = []
    for word in text.split():
        width = text_width(word, size, bold)
        if lines and lines[-1][1] + space + width <= width_in:
            line, used = lines[-1]
            lines[-1] = (f"{line} {word}", used + space + width)
        else:
            lines.append((word, width))
    return "\n".join(line for line, _ in lines) or " "


def handout_pdf(
    catalog: Catalog, plans: list[Plan], reader: Reader | None = None, paper: str = "a4"
) -> bytes:
    """The PDF bytes: a page per plan (more when a plan does not fit one)."""
    reader = reader or Reader()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    size = PAPER[paper]
    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        for plan in plans:
            items = entries(plan)
            figure_w = FIGURE_W[len(items) <= FEW]
            sheet = _new_sheet(plt, size, plan, reader, catalog, continued=False)
            for entry in items:
                practice = catalog.require(entry.practice_id)
                block = _row_texts(practice, entry, reader, size[0] - 2 * MARGIN - figure_w - GAP)
                figure_h = figure_w * CANVAS_H / CANVAS_W
                needed = max(figure_h, sum(lines_height(t, z) + 0.04 for t, z, _ in block))
                if needed > sheet.room():
                    finish_page(pdf, plt, sheet)
                    sheet = _new_sheet(plt, size, plan, reader, catalog, continued=True)
                _row(sheet, practice, entry, block, figure_w)
                sheet.y += needed + 0.18
            finish_page(pdf, plt, sheet)
        if reader.progress is not None and reader.progress.tests >= 2:
            _progress_page(pdf, plt, size, reader)
    return buffer.getvalue()


def _progress_page(pdf: Any, plt: Any, paper: tuple[float, float], reader: Reader) -> None:
    """The person's own test over time: each measure in words, pain, and the chart."""
    import matplotlib.image as mpimg

    from psoas.charts import progress_chart

    progress = reader.progress
    assert progress is not None
    sheet = Sheet(plt, paper)
    column = sheet.width - 2 * MARGIN
    sheet.y += sheet.text(MARGIN, "psoas · Your progress", 16, weight="bold") + 0.06
    who = f"For {reader.name} · " if reader.name else ""
    line = f"{who}{date.today():%d %B %Y} · {progress.tests} tests"
    sheet.y += sheet.text(MARGIN, wrap(line, column, 9), 9) + 0.15
    for words in progress.words:
        sheet.y += sheet.text(MARGIN, wrap(f"• {words.text}", column, 8.5), 8.5) + 0.04
    if progress.pain is not None:
        pain = progress.pain
        said = f"• Pain (0–10): {pain.sentence}."
        sheet.y += sheet.text(MARGIN, wrap(said, column, 8.5), 8.5) + 0.04
    chart = mpimg.imread(io.BytesIO(progress_chart(progress, "png")), format="png")
    rows, cols = chart.shape[:2]
    sheet.y += 0.15
    chart_w = column
    chart_h = min(chart_w * rows / cols, sheet.room())
    chart_w = chart_h * cols / rows
    ax = sheet.axes(chart_w, chart_h)
    ax.imshow(chart)
    ax.axis("off")
    finish_page(pdf, plt, sheet)


def finish_page(pdf: Any, plt: Any, sheet: Sheet) -> None:
    """Write the safety footer at the page's foot and add the page to ``pdf``."""
    footer = wrap(FOOTER, sheet.width - 2 * MARGIN, 6.5)
    sheet.y = sheet.height - MARGIN - lines_height(footer, 6.5)
    sheet.text(MARGIN, footer, 6.5)
    pdf.savefig(sheet.fig)
    plt.close(sheet.fig)


def _new_sheet(
    plt: Any,
    paper: tuple[float, float],
    plan: Plan,
    reader: Reader,
    catalog: Catalog,
    continued: bool,
) -> Sheet:
    sheet = Sheet(plt, paper)
    column = sheet.width - 2 * MARGIN
    title = plan.title
    if plan.rest_only:
        title = f"Rest plan (instead of {title.lower()})"
    if continued:
        title += " (continued)"
    heading = wrap(f"psoas · {title}", sheet.width - 2 * MARGIN, 16, bold=True)
    sheet.y += sheet.text(MARGIN, heading, 16, weight="bold") + 0.06
    who = [f"For {reader.name}" if reader.name else "", f"{date.today():%d %B %Y}"]
    who.append(f"about {format_duration(plan.total_seconds)} in all")
    sheet.y += sheet.text(MARGIN, wrap(" · ".join(w for w in who if w), column, 9), 9) + 0.05
    if continued:
        return _spaced(sheet)
    found = wrap(_found_line(tested_findings(reader)), column, 8)
    sheet.y += sheet.text(MARGIN, found, 8) + 0.04
    cleared = _cleared_line(catalog, reader)
    if cleared:
        sheet.y += sheet.text(MARGIN, wrap(cleared, column, 7.5), 7.5) + 0.03
    for warning in plan.warnings[:2]:
        sheet.y += sheet.text(MARGIN, wrap("! " + warning, column, 7.5), 7.5, color="#a33") + 0.03
    return _spaced(sheet)


def _spaced(sheet: Sheet) -> Sheet:
    sheet.y += 0.2
    return sheet


def tested_findings(reader: Reader) -> Findings | None:
    """The reader's findings when they come from a real test (not a safety screen)."""
    found = reader.findings
    return found if found is not None and found.tested else None


PATTERN_WORDS = {
    "hip_flexion": "hip flexion (the thighs lift)",
    "rib_thrust": "rib thrust (a big arch under the back)",
    "one_side_tighter": "one side tighter",
    "subtle": "a subtle pattern (the front ribs rise)",
}


def _found_line(findings: Findings | None) -> str:
    """What the test found, in a line (the app's own words for its patterns)."""
    if findings is None:
        return "No self-test yet: a general routine. Take the self-test to make it yours."
    patterns = [PATTERN_WORDS.get(p, p.replace("_", " ")) for p in findings.patterns]
    if findings.tighter_side and "one_side_tighter" in findings.patterns:
        patterns[findings.patterns.index("one_side_tighter")] += f" ({findings.tighter_side})"
    said = ", ".join(patterns) if patterns else "no tight-psoas pattern"
    height = format_length(findings.bolster_height_cm)
    return f"Your test found: {said}. Bolster {height}. Pain {findings.pain}/10."


def _cleared_line(catalog: Catalog, reader: Reader) -> str:
    """ "Cleared: pregnancy by my midwife on 20 Nov 2026." (empty without clearances)."""
    findings = reader.findings
    if findings is None:
        return ""
    parts = []
    for c in findings.cleared:
        flag = catalog.red_flag(c.flag_id)
        name = flag.name.lower() if flag else c.flag_id
        parts.append(f"{name}{f' by {c.by}' if c.by else ''} on {c.cleared_on:%d %b %Y}")
    return f"Cleared: {'; '.join(parts)}." if parts else ""


def _row_texts(
    practice: Practice, entry: Entry, reader: Reader, width: float
) -> list[tuple[str, float, dict[str, Any]]]:
    """The text beside a practice's figure: (wrapped text, size, style), top to bottom."""
    block: list[tuple[str, float, dict[str, Any]]] = [
        (wrap(practice.name, width, 10, bold=True), 10, {"weight": "bold"})
    ]
    details = [entry.hold]
    if entry.bolster_cm is not None:
        details.append(f"bolster {format_length(entry.bolster_cm)}")
    if practice.kind == "stretch":
        details.append(f"psoas about {practice_length(practice).change_percent:+d} % vs standing")
    if practice.frequency:
        details.append(practice.frequency.rstrip("."))
    block.append((wrap(" · ".join(details), width, 8), 8, {}))
    steps = " ".join(f"{i}. {step}" for i, step in enumerate(practice.steps, 1))
    block.append((wrap(steps, width, 7.5), 7.5, {}))
    if practice.feel:
        block.append((wrap(f"Feel: {practice.feel}.", width, 7.5), 7.5, {"color": "#7a3b00"}))
    if practice.stop_if:
        block.append((wrap(f"{practice.stop_if}.", width, 7.5), 7.5, {"color": "#a33"}))
    link = f"{reader.link_base.rstrip('/')}/catalog/{practice.id}" if reader.link_base else None
    see = f"See it moving: {link}" if link else f"See it moving: psoas show {practice.id} --moving"
    block.append((wrap(see, width, 7), 7, {"style": "italic"}))
    return block


def _row(
    sheet: Sheet,
    practice: Practice,
    entry: Entry,
    block: list[tuple[str, float, dict[str, Any]]],
    figure_w: float,
) -> None:
    ax = sheet.axes(figure_w, figure_w * CANVAS_H / CANVAS_W)
    draw_scene(ax, build_scene(key_figure(practice), entry.bolster_cm))
    x, top = MARGIN + figure_w + GAP, sheet.y
    for text, size, style in block:
        sheet.y += sheet.text(x, text, size, **dict(style)) + 0.04
    sheet.y = top


__all__ = ["PAPER", "Entry", "Reader", "Sheet", "entries", "finish_page", "handout_pdf", "wrap"]
