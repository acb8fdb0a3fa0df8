"""Progress charts of the test itself, drawn with matplotlib (PNG or SVG bytes).

One panel per measure, over time. Yes/no and three-level measures are drawn as
steps between labelled states (no, yes; a pencil, fingers, a whole hand), the pain
panel shades the 2-point band around the first rating inside which a change is
not yet meaningful, the photo panel shades the person's own smallest real change
around each side's first measuring and shows each measuring's captures as an error
bar, and each test measure has a line where the nights start and one after the
release. Long records are thinned to a few points a month, so ten
years draw as fast as ten weeks.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from psoas.core.progress import MEANINGFUL_PAIN_POINTS, PHOTO_MEASURES, Progress

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: (series key, title, unit, y limits or None, state labels or None)
PANELS: list[tuple[str, str, str, tuple[float, float] | None, tuple[str, ...] | None]] = [
    ("bolster_height_cm", "Bolster height (where the thighs lift)", "cm", None, None),
    ("back_gap", "Back gap", "", (-0.3, 2.3), ("a pencil", "fingers", "a hand")),
    ("thighs_flat", "Thighs resting on the floor", "", (-0.2, 1.2), ("no", "yes")),
    ("ribs_stick_out", "Front ribs rising", "", (-0.2, 1.2), ("no", "yes")),
    ("gap_even", "Left and right even", "", (-0.2, 1.2), ("no", "yes")),
    ("pain", "Pain (0–10)", "", (-0.3, 10.3), None),
    ("measured_thigh", "Thigh angle from photos", "degrees", None, None),
    ("psfs", "Activities you find hard (PSFS, 0–10)", "", (-0.3, 10.3), None),
]
#: Panels drawn as more than one line, each (series key, legend label): photo angles
#: get a line per side, since one side may be the tighter one; each test measure a
#: line where the night starts and one after the release (never mixed into one).
LINES = {
    "measured_thigh": tuple(PHOTO_MEASURES.items()),
    # The pain series (before practice) and the discomfort after sessions, never mixed.
    "pain": (("pain", "pain"), ("discomfort", "discomfort after")),
    **{
        key: ((key, "at the start"), (f"after_{key}", "after the release"))
        for key in ("bolster_height_cm", "back_gap", "thighs_flat", "ribs_stick_out", "gap_even")
    },
}
#: Panels whose lines are named in a legend of their own, beside the title (the others
#: share the figure's "where the night starts" / "after the release").
OWN_LEGEND = ("measured_thigh", "pain")
#: Panels drawn as steps between states rather than as slopes.
STATES = {key for key, *_, states in PANELS if states}
#: Colours per theme: background, text, grid, then the lines in order.
THEMES = {
    "day": ("#ffffff", "#2b231d", "#e6ddd2", ("#b5651d", "#3b6ea5")),
    "night": ("#16120f", "#e9cfb0", "#3a2e25", ("#d08b4f", "#7fa7d6")),
}
#: At most this many points a line: longer records keep the last value of each span.
MAX_POINTS = 120
#: Markers are drawn only on lines this short (they add nothing to a long line).
MARKERS_UP_TO = 60


def thin(
    points: Sequence[tuple[datetime, float]], most: int = MAX_POINTS
) -> list[tuple[datetime, float]]:
    """At most ``most`` points, the last of each equal span of time (states stay true:
    each kept point is a value the person actually had)."""
    if len(points) <= most:
        return list(points)
    start, end = points[0][0], points[-1][0]
    span = (end - start) / most
    kept: dict[int, tuple[datetime, float]] = {}
    for moment, value in points:
        bucket = min(most - 1, int((moment - start) / span)) if span else 0
        kept[bucket] = (moment, value)
    return [kept[b] for b in sorted(kept)]


def progress_chart(progress: Progress, fmt: str = "png", theme: str = "day") -> bytes:
    """One figure, a panel per measure with data, each over time; ``fmt`` is ``png`` or
    ``svg``, ``theme`` is ``day`` or ``night``. Measures with no data yet are named in
    one line at the bottom instead of drawing empty panels."""
    from matplotlib import rc_context

    fig = progress_figure(progress, theme)
    buffer = io.BytesIO()
    # SVG text stays text (not glyph outlines): smaller, faster, and still readable.
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(
            buffer, format=fmt, dpi=110, facecolor=fig.get_facecolor(), metadata=_metadata(fmt)
        )
    return buffer.getvalue()


def progress_figure(progress: Progress, theme: str = "day") -> Figure:
    """The matplotlib figure :func:`progress_chart` saves."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.transforms import offset_copy

    background, ink, grid, colours = THEMES.get(theme, THEMES["day"])
    series = {
        key: [
            (label, thin([(datetime.fromisoformat(t), v) for t, v in progress.points(measure)]))
            for measure, label in LINES.get(key, ((key, ""),))
        ]
        for key, *_ in PANELS
    }
    shown = [panel for panel in PANELS if any(points for _, points in series[panel[0]])]
    empty = [title for key, title, *_ in PANELS if not any(p for _, p in series[key])]
    rows = max(1, len(shown))
    # Narrow and tall, so it reads on a phone held upright as well as on paper.
    # Drawn at a phone's width (3.6 in at 110 dpi is about 400 px), so the text reads
    # there at its own size; the SVG scales up cleanly on wider screens.
    height = 0.9 + 1.5 * rows
    fig = Figure(figsize=(3.6, height), facecolor=background)
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    fig.subplots_adjust(
        left=0.22, right=0.96, top=1 - 0.5 / height, bottom=0.55 / height, hspace=0.7
    )
    for ax, (key, title, unit, limits, states) in zip(axes, shown, strict=False):
        above = offset_copy(ax.transAxes, fig=fig, y=4, units="points")
        ax.set_facecolor(background)
        for spine in ax.spines.values():
            spine.set_color(grid)
        # Title and unit at fixed places: matplotlib's own placement measures every tick
        # label of every panel first, over half the drawing time of a long record.
        ax.text(0, 1, title, transform=above, fontsize=9.5, color=ink, va="bottom")
        ax.set_ylabel(unit, fontsize=8, color=ink)
        ax.yaxis.set_label_coords(-0.17, 0.5)
        ax.tick_params(labelsize=8, colors=ink)
        ax.grid(color=grid, linewidth=0.6)
        if limits:
            ax.set_ylim(*limits)
        if states:
            ax.set_yticks(range(len(states)), states)
        for (label, points), colour in zip(series[key], colours, strict=False):
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            marker = "o" if len(points) <= MARKERS_UP_TO else None
            style = "steps-post" if key in STATES else "default"
            ax.plot(
                xs,
                ys,
                marker=marker,
                markersize=3,
                linewidth=1.4,
                color=colour,
                drawstyle=style,
                label=label,
            )
        drawn = [p for _, p in series[key] if p]
        if key == "measured_thigh" or (key in OWN_LEGEND and len(drawn) > 1):
            # A line per side (or per question): say which is which, beside the title
            # (above the panel, so it never covers the band's note or a point).
            legend = ax.legend(
                fontsize=7,
                loc="lower right",
                bbox_to_anchor=(1, 1),
                ncols=2,
                frameon=False,
                borderaxespad=0.1,
                handlelength=0.9,
                handletextpad=0.3,
                columnspacing=0.7,
            )
            for text in legend.get_texts():
                text.set_color(ink)
        if key == "pain" and progress.pain is not None:
            first = progress.pain.first
            _band(ax, first, MEANINGFUL_PAIN_POINTS, colours[0], ink, "the first rating")
        psfs = progress.psfs
        if key == "psfs" and psfs is not None and psfs.first == psfs.first_score:
            # Only when the change is judged on the very score charted first (the same
            # activities both times); else the band would be around another number.
            _band(ax, psfs.first_score, psfs.threshold, colours[0], ink, "the first score")
        if key == "measured_thigh":
            _photo_bands(ax, progress, colours, ink)
            _capture_ranges(ax, progress, colours)
    if shown:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
        axes[-1].xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        # The corner names what the ticks leave out ("Nov 2026" under days), not "2026-Nov".
        formatter.offset_formats = ["", "%Y", "%b %Y", "%d %b %Y", "%d %b %Y", "%d %b %Y"]
        axes[-1].xaxis.set_major_formatter(formatter)
        keys = [key for key, *_ in shown]
        after = any(points for k in keys if k not in OWN_LEGEND for _, points in series[k][1:])
        if after:  # two kinds of line: say which is which, once for the whole figure
            handles = [Line2D([], [], color=c, linewidth=1.4) for c in colours]
            legend = fig.legend(
                handles,
                ["where the night starts", "after the release"],
                loc="upper center",
                ncols=2,
                fontsize=7.5,
                frameon=False,
            )
            for text in legend.get_texts():
                text.set_color(ink)
    else:
        axes[0].set_axis_off()
        axes[0].text(0.5, 0.5, "no tests yet", ha="center", color=ink, transform=axes[0].transAxes)
    if empty and shown:
        fig.text(
            0.02,
            0.01,
            "No data yet: " + ", ".join(t[0].lower() + t[1:] for t in empty) + ".",
            fontsize=7,
            color=ink,
            va="bottom",
        )
    return fig


def _band(ax: Any, first: float, points: float, colour: str, ink: str, what: str) -> None:
    """Shade the band around ``first`` inside which a change is not yet one that matters."""
    ax.axhspan(max(0, first - points), min(10, first + points), color=colour, alpha=0.12, lw=0)
    _band_note(ax, f"band: within {points:g} points of {what}", ink)


def _photo_bands(ax: Any, progress: Progress, colours: Sequence[str], ink: str) -> None:
    """Shade, for each side, the person's own smallest real change (MDC) either side of
    its first measuring: a later point outside it is a change the words call real."""
    known = progress.photo_reliability
    if known is None:
        return
    mdc = known.shown_mdc
    firsts = {t.measure: t.first for t in progress.trends if t.first is not None}
    for (measure, _side), colour in zip(PHOTO_MEASURES.items(), colours, strict=False):
        if measure in firsts:
            first = firsts[measure]
            ax.axhspan(first - mdc, first + mdc, color=colour, alpha=0.12, lw=0)
    _band_note(ax, f"band: ±{mdc:.1f}°, your own smallest real change", ink)


def _capture_ranges(ax: Any, progress: Progress, colours: Sequence[str]) -> None:
    """An error bar on each photo measuring of more than one capture: from its lowest
    capture to its highest, so the person sees their own spread at every point."""
    series = progress.series
    columns = zip(
        series.get("measured_times", []),
        series.get("measured_sides", []),
        series.get("measured_range_deg", []),
        series.get("measured_counted", []),
        strict=True,
    )
    shown = [(t, side, low, high) for t, side, (low, high), c in columns if c and high > low]
    if len(shown) > MARKERS_UP_TO:  # a long record: the bars would only blur the line
        return
    for side, colour in zip(PHOTO_MEASURES.values(), colours, strict=False):
        mine = [(datetime.fromisoformat(t), low, high) for t, s, low, high in shown if s == side]
        if mine:
            times, lows, highs = zip(*mine, strict=True)
            ax.vlines(times, lows, highs, color=colour, linewidth=1.0, alpha=0.8)


def _band_note(ax: Any, words: str, ink: str) -> None:
    ax.text(0.01, 0.88, words, transform=ax.transAxes, fontsize=7, color=ink)


def chart_key(progress: Progress, theme: str) -> str:
    """A short digest of everything a chart draws, with its palette: the same data gives
    the same key, so a drawing can be kept until a new test or rating changes it."""
    import hashlib
    import json

    data = json.dumps(progress.to_data(), sort_keys=True, default=str)
    return hashlib.sha256(f"{theme}\n{data}".encode()).hexdigest()[:20]


def _metadata(fmt: str) -> dict[str, str | None]:
    """No creation date in the file, so the same data always gives the same bytes."""
    return {"Date": None} if fmt == "svg" else {}


__all__ = [
    "COLOURS",
    "LINES",
    "MAX_POINTS",
    "PANELS",
    "THEMES",
    "chart_key",
    "progress_chart",
    "progress_figure",
    "thin",
]

#: The day theme's line colours (kept for callers that name them).
COLOURS = THEMES["day"][3]
