"""Progress charts of the test itself, drawn with matplotlib (PNG or SVG bytes)."""

from __future__ import annotations

import io
from datetime import datetime

from psoas.core.progress import PHOTO_MEASURES, Progress

#: (series key, title, y-axis label, y limits or None)
PANELS = [
    ("bolster_height_cm", "Bolster height (where the thighs lift)", "cm", None),
    ("back_gap", "Back gap", "0 pencil · 1 fingers · 2 hand", (-0.2, 2.2)),
    ("thighs_flat", "Thighs flat on the floor", "1 yes · 0 no", (-0.1, 1.1)),
    ("ribs_stick_out", "Front ribs rising", "1 yes · 0 no", (-0.1, 1.1)),
    ("gap_even", "Left and right even", "1 yes · 0 no", (-0.1, 1.1)),
    ("pain_all", "Pain (0–10)", "NRS", (-0.3, 10.3)),
    ("measured_thigh", "Thigh angle from photos", "degrees", None),
]
#: Panels drawn as more than one line, each (series key, legend label): photo angles
#: get a line per side, since one side may be the tighter one; each test measure a
#: line where the night starts and one after the release (never mixed into one).
LINES = {
    "measured_thigh": tuple(PHOTO_MEASURES.items()),
    **{
        key: ((key, "at the start"), (f"after_{key}", "after the release"))
        for key in ("bolster_height_cm", "back_gap", "thighs_flat", "ribs_stick_out", "gap_even")
    },
}
#: Line colours, in the order of a panel's lines.
COLOURS = ("#b5651d", "#3b6ea5")


def progress_chart(progress: Progress, fmt: str = "png") -> bytes:
    """One figure, a panel per measure, each over time; ``fmt`` is ``png`` or ``svg``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    # Narrow and tall, so it reads on a phone held upright as well as on paper.
    fig, axes = plt.subplots(len(PANELS), 1, figsize=(5.5, 1.7 * len(PANELS)), sharex=True)
    for ax, (key, title, unit, limits) in zip(axes, PANELS, strict=True):
        lines = LINES.get(key, ((key, ""),))
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel(unit, fontsize=8)
        ax.tick_params(labelsize=8)
        if limits:
            ax.set_ylim(*limits)
        ax.grid(alpha=0.3)
        drawn = 0
        for (measure, label), colour in zip(lines, COLOURS, strict=False):
            points = [(datetime.fromisoformat(t), v) for t, v in progress.points(measure)]
            if points:
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, marker="o", markersize=3, linewidth=1.2, color=colour, label=label)
                drawn += 1
        if not drawn:
            ax.text(0.5, 0.5, "no data yet", transform=ax.transAxes, ha="center", color="grey")
        elif len(lines) > 1:
            ax.legend(fontsize=8, loc="best")
    axes[-1].xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))  # type: ignore[no-untyped-call]
    fig.autofmt_xdate()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=110)
    plt.close(fig)
    return buffer.getvalue()


__all__ = ["COLOURS", "LINES", "PANELS", "progress_chart"]
