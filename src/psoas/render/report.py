"""A printable progress report for one person over a period, for their physiotherapist.

Page one: who, the period, the routine and how often it was done against the plan week
by week, the test's measures in words, pain and the PSFS with the change that matters,
and the flags. Page two: the chart of the same period. Every sentence is built from the
same numbers the report's tables show. A4 or Letter, like the handout.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from psoas.core.facts import PersonFacts
from psoas.core.overview import ClientOverview
from psoas.core.progress import Progress
from psoas.render.handout import MARGIN, PAPER, Sheet, finish_page, wrap


@dataclass(frozen=True)
class ReportInput:
    """What the report shows: the person, the period and their numbers for it."""

    name: str
    start: date
    end: date
    #: The client at a glance for the period (weeks ending ``end``).
    overview: ClientOverview
    progress: Progress
    #: The facts of the period, as every surface tells them (psoas.core.facts).
    facts: PersonFacts


#: How the report counts a session, in one line under its table.
ADHERENCE_RULE = (
    "A session counts as done when it ended with more than half of its planned steps done; "
    "rest nights (a red flag said rest) and partly done sessions are counted apart."
)


def report_pdf(report: ReportInput, paper: str = "a4") -> bytes:
    """The PDF bytes: a summary page, then the chart."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    size = PAPER[paper]
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": f"psoas progress report: {report.name}"}) as pdf:
        finish_page(pdf, plt, _summary(plt, size, report))
        if report.progress.tests or report.progress.psfs:
            finish_page(pdf, plt, _chart(plt, size, report))
    return buffer.getvalue()


def _summary(plt: Any, size: tuple[float, float], report: ReportInput) -> Sheet:
    sheet = Sheet(plt, size)
    column = sheet.width - 2 * MARGIN
    view = report.overview

    def say(text: str, points: float = 9.5, **style: Any) -> None:
        sheet.y += sheet.text(MARGIN, wrap(text, column, points), points, **style) + 0.06

    sheet.y += sheet.text(MARGIN, "psoas · Progress report", 16, weight="bold") + 0.08
    say(f"{report.name} · {report.start:%d %b %Y} to {report.end:%d %b %Y}")
    if view.routine:
        say(f"Routine: {view.routine}, planned {view.per_week} times a week.")
    else:
        say("Routine: none prescribed, so no sessions are planned; the done ones are counted.")
    sheet.y += 0.1
    say("In this period", 11, weight="bold")
    for line in report.facts.lines():
        say(f"• {line}", 9)
    for sentence in report.progress.photo_words():
        say(f"• {sentence}", 9)
    answered = report.progress.series.get("psfs", [])
    if report.facts.psfs is None and answered:
        say(f"• PSFS (0–10, higher is better): {answered[-1]:g}, answered once in this period.", 9)
    sheet.y += 0.1
    say("Sessions done against planned, week by week", 11, weight="bold")
    for week in view.adherence.weeks:
        say(f"Week to {week.end:%d %b}: {week.words}")
    say(ADHERENCE_RULE, 8, color="#555")
    sheet.y += 0.1
    say("The self-test", 11, weight="bold")
    if report.progress.tests:
        for words in report.progress.words:
            say(f"• {words.text}", 9)
    else:
        say("No self-test in this period.", 9)
    flags = view.flags
    sheet.y += 0.1
    say("Flags", 11, weight="bold")
    say("; ".join(flags) + "." if flags else "None.", 9.5, color="#a33" if flags else None)
    return sheet


def _chart(plt: Any, size: tuple[float, float], report: ReportInput) -> Sheet:
    import matplotlib.image as mpimg

    from psoas.charts import progress_chart

    sheet = Sheet(plt, size)
    title = f"{report.name} · {report.start:%d %b %Y} to {report.end:%d %b %Y}"
    sheet.y += sheet.text(MARGIN, title, 12, weight="bold") + 0.15
    chart = mpimg.imread(io.BytesIO(progress_chart(report.progress, "png")), format="png")
    rows, cols = chart.shape[:2]
    height = min((sheet.width - 2 * MARGIN) * rows / cols, sheet.room())
    ax = sheet.axes(height * cols / rows, height)
    ax.imshow(chart)
    ax.axis("off")
    return sheet


__all__ = ["ReportInput", "report_pdf"]
