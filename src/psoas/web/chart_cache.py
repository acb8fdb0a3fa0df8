"""Progress charts drawn once per state of the data, then served from memory.

Drawing a chart takes far longer than reading the data it shows, so each drawing is
kept under a key made from the numbers it draws (and the palette): the same data gives
the same key, an ETag, so a browser that has the chart is answered 304 and a new test
or rating gives a new chart. The app's own choice: a small bounded cache per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from psoas.charts import chart_key
from psoas.core.progress import Progress

#: Charts kept per server process (a few per person using it at a time).
KEPT = 64
_charts: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def chart_svg(progress: Progress, theme: str) -> tuple[str, bytes]:
    """(key, SVG) for ``progress``: drawn once, then served from memory."""
    key = chart_key(progress, theme)
    with _lock:
        found = _charts.get(key)
        if found is not None:
            _charts.move_to_end(key)
            return key, found
    from psoas.charts import progress_chart

    svg = progress_chart(progress, "svg", theme)
    with _lock:
        _charts[key] = svg
        while len(_charts) > KEPT:
            _charts.popitem(last=False)
    return key, svg


__all__ = ["KEPT", "chart_svg"]
