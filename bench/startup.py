"""Start-up time of the command line, as a ratio to a bare ``python3 -c pass``.

Target (issue 2): ``psoas --help`` and ``psoas show bolster-release --json`` each at
most 5 times the bare interpreter's start-up, median of interleaved runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_RATIO = 5.0
RUNS = 15


def _psoas() -> str:
    script = Path(sys.executable).with_name("psoas")
    if not script.exists():
        sys.exit("bench: the psoas command is not installed; run `make sync` first")
    return str(script)


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    """Measure, print one line per command, return 1 if a target is missed."""
    psoas = _psoas()
    cases = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        "psoas --help": [psoas, "--help"],
        "psoas show bolster-release --json": [psoas, "show", "bolster-release", "--json"],
    }
    for argv in cases.values():  # warm the file cache and the catalog snapshot
        _once(argv)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(RUNS):  # interleaved, so a noisy moment hits every case alike
        for name, argv in cases.items():
            times[name].append(_once(argv))
    base = statistics.median(times["python3 -c pass"])
    print(f"startup: median of {RUNS} runs; python3 -c pass = {base * 1000:.1f} ms")
    missed = False
    for name, samples in times.items():
        if name == "python3 -c pass":
            continue
        ratio = statistics.median(samples) / base
        verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
        missed |= ratio > TARGET_RATIO
        print(f"  {name:<36} {ratio:5.2f}x  (target <= {TARGET_RATIO:g}x)  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
