"""Where one server saturates: 20 simulated people at rising rates, on loopback.

The soak's people (plan, history, a step) ask ever faster: 4, 8, 16, 32 and 64
requests a second each, 10 s a step, on one worker with SQLite and on two workers with
PostgreSQL. A rate is held when the server answers at least 90 % of what was asked
with no errors and a p99 under 500 ms; the saturation point is the first rate that is
not. Printed: offered and answered req/s and p99 per step, and the point found. The
simulated people run on the same machine, so on a small one they share its cores.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from soak import PEOPLE, TOKEN, person, start_session
from web import NEUTRAL, Server

RATES = (4.0, 8.0, 16.0, 32.0, 64.0)  # requests a second per person
STEP_S = 10.0
HELD_SHARE = 0.9
P99_MS = 500.0


def ramp(label: str, workers: int, database_url: str | None) -> None:
    """Print each step of the ramp and the first rate the server did not hold."""
    with tempfile.TemporaryDirectory() as home:
        server = Server(home, workers, database_url)
        try:
            server.call("POST", "/api/tests", NEUTRAL, TOKEN)
            sessions = [start_session(server.port) for _ in range(PEOPLE)]
            saturated = None
            for rate in RATES:
                results: list[tuple[float, int]] = []
                lock = threading.Lock()
                threads = [
                    threading.Thread(
                        target=person,
                        args=(server.port, session, STEP_S, results, lock, 1 / rate),
                    )
                    for session in sessions
                ]
                began = time.monotonic()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                answered = len(results) / (time.monotonic() - began)
                times = sorted(t * 1000 for t, _ in results)
                p99 = times[int(len(times) * 0.99) - 1]
                errors = sum(1 for _, status in results if not 200 <= status < 300)
                offered = rate * PEOPLE
                held = answered >= HELD_SHARE * offered and errors == 0 and p99 < P99_MS
                print(
                    f"  {label:<20} offered {offered:5.0f} req/s  answered {answered:6.1f}  "
                    f"p99 {p99:7.1f} ms  errors {errors}  {'held' if held else 'NOT held'}"
                )
                if not held:
                    saturated = offered
                    break
            found = (
                f"saturates at {saturated:.0f} req/s offered" if saturated else "held every rate"
            )
            print(f"  {label:<20} {found}")
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    """Ramp both set-ups; the figures are for the README (no pass or fail)."""
    del argv
    rates = ", ".join(f"{r:g}" for r in RATES)
    print(f"saturation: {PEOPLE} people, {STEP_S:g} s a step at {rates} req/s each")
    ramp("SQLite, 1 worker", 1, None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.postgres import postgres_server

    try:
        with postgres_server() as url:
            ramp("PostgreSQL, 2 workers", 2, url)
    except BaseException as exc:  # no PostgreSQL binaries: say so, do not fail the run
        if type(exc).__name__ != "Skipped":
            raise
        print("  PostgreSQL, 2 workers  skipped: the PostgreSQL server is not installed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
