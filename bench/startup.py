"""Start-up time of the command line, as ratios measured in one run.

Targets: commands that need no database (``--help``, ``show``) at most 5 times a bare
``python3 -c pass`` (issue 2); read commands on a year of nightly data on SQLite at
most 1.2 times ``python -c 'import sqlalchemy'`` in the same environment, the floor
our choice of ORM sets, and ``psoas start`` as fast to its first screen (issue 18).
Medians of interleaved runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_RATIO = 5.0
#: Read commands against the floor of importing SQLAlchemy (issue 18).
READ_RATIO = 1.2
RUNS = 15
READ_RUNS = 5
READS = ("plan --json", "history --json", "progress --json", "week", "export", "catalog --json")


def _psoas() -> str:
    script = Path(sys.executable).with_name("psoas")
    if not script.exists():
        sys.exit("bench: the psoas command is not installed; run `make sync` first")
    return str(script)


def _once(argv: list[str], env: dict[str, str] | None = None) -> float:
    if argv[-1] == FIRST_SCREEN:
        return _first_screen(argv[:-1], env)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - start


#: Put last in a command: time it to its first question on a terminal, then stop it.
FIRST_SCREEN = "<until its first question>"


def _first_screen(argv: list[str], env: dict[str, str] | None) -> float:
    """Seconds until ``argv``, run on a pseudo-terminal, asks its first question."""
    import os
    import pty
    import select

    leader, follower = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    try:
        while b"?" not in shown:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                raise RuntimeError(f"{argv}: no question within 30 s")
            shown += os.read(leader, 4096)
        return time.perf_counter() - start
    finally:
        process.kill()
        process.wait()
        os.close(leader)


def _interleaved(
    cases: dict[str, list[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, list[float]]:
    """Each case once to warm up, then ``runs`` rounds of every case in turn, so a noisy
    moment hits every case alike."""
    for argv in cases.values():
        _once(argv, env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, argv in cases.items():
            times[name].append(_once(argv, env))
    return times


def _ratios(times: dict[str, list[float]], floor_name: str, target: float) -> bool:
    """Print each case's median against the floor's; True if any misses ``target``."""
    floor = statistics.median(times[floor_name])
    missed = False
    for name, samples in times.items():
        if name == floor_name:
            continue
        ratio = statistics.median(samples) / floor
        missed |= ratio > target
        verdict = "ok" if ratio <= target else "MISSED"
        print(f"  {name:<36} {ratio:5.2f}x  (target <= {target:g}x)  {verdict}")
    return missed


def _reads(psoas: str) -> bool:
    """Read commands on a year of data against importing SQLAlchemy; True if missed."""
    import os
    import tempfile

    from history import fill

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PSOAS_HOME": home}
        fill(f"sqlite:///{home}/psoas.db", days=365)
        cases = {"import sqlalchemy": [sys.executable, "-c", "import sqlalchemy"]}
        cases |= {f"psoas {r}": [psoas, *r.split()] for r in READS}
        cases["psoas start (its first screen)"] = [psoas, "start", FIRST_SCREEN]
        times = _interleaved(cases, READ_RUNS, env)
    floor = statistics.median(times["import sqlalchemy"])
    print(f"  read commands, a year of data; python -c 'import sqlalchemy' = {floor * 1000:.0f} ms")
    return _ratios(times, "import sqlalchemy", READ_RATIO)


def main() -> int:
    """Measure, print one line per command, return 1 if a target is missed."""
    psoas = _psoas()
    cases = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        "psoas --help": [psoas, "--help"],
        "psoas show bolster-release --json": [psoas, "show", "bolster-release", "--json"],
    }
    times = _interleaved(cases, RUNS)  # the first round warms the catalog snapshot
    base = statistics.median(times["python3 -c pass"])
    print(f"startup: median of {RUNS} runs; python3 -c pass = {base * 1000:.1f} ms")
    missed = _ratios(times, "python3 -c pass", TARGET_RATIO)
    missed |= _reads(psoas)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
