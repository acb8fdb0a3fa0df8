"""The progress chart over ten years of nightly sessions.

3,650 nights, each with a test where the night starts and a re-test after the
release, plus a discomfort rating: the SVG chart the web progress page shows and
the PNG ``psoas progress --png`` writes are each drawn, median of 9 runs after one
warm-up (matplotlib's import is start-up cost, not drawing). Target (issues 14 and
18): under 300 ms each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from psoas.charts import progress_chart
from psoas.core.progress import Progress, SelfTestPoint, progress

TARGET_MS = 300.0
NIGHTS = 3650
RUNS = 9


def ten_years() -> Progress:
    """Ten years of tests, re-tests and ratings with every measure changing."""
    start = datetime(2016, 1, 1, 21, 30, tzinfo=UTC)
    points, ratings = [], []
    for n in range(NIGHTS):
        night = start + timedelta(days=n)
        opening = {
            "pain": n % 5,
            "thighs_lift": True,
            "lift_height_cm": 12 + n % 8,
            "thighs_flat": n % 3 == 0,
            "back_gap": ("pencil", "fingers", "hand")[n % 3],
            "gap_even": n % 2 == 0,
            "ribs_stick_out": n % 2 == 1,
        }
        after = {**opening, "thighs_flat": True, "back_gap": "pencil", "pain": n % 4}
        points.append(SelfTestPoint.from_answers(night, "pre", opening))
        points.append(SelfTestPoint.from_answers(night + timedelta(minutes=20), "post", after))
        ratings.append((night + timedelta(minutes=21), n % 3))
    return progress(points, ratings)


def _median_ms(data: Progress, kind: str) -> tuple[float, int]:
    """Median drawing time of one kind of chart, and its size in bytes."""
    progress_chart(data, kind)  # warm-up: fonts and the renderer
    times = []
    for _ in range(RUNS):
        begun = time.perf_counter()
        drawn = progress_chart(data, kind, "night")
        times.append((time.perf_counter() - begun) * 1000)
    return statistics.median(times), len(drawn)


def main(argv: list[str] | None = None) -> int:
    """Time the web's SVG and the command line's PNG; exit 1 if a median misses the target."""
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    data = ten_years()
    print(f"chart: {NIGHTS} nights (tests, re-tests, ratings)")
    missed = False
    for kind in ("svg", "png"):
        median, size = _median_ms(data, kind)
        verdict = "ok" if median <= TARGET_MS else "MISSED"
        missed |= median > TARGET_MS
        print(
            f"  progress chart ({kind}, {size // 1024} KB) {median:6.1f} ms  = "
            f"{median / TARGET_MS:.2f} of the {TARGET_MS:.0f} ms target  {verdict}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
