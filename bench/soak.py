"""A soak: 20 simulated people using the web app at a fixed rate, on loopback.

Each person starts a session (before the clock runs), then, in a thread with its own
keep-alive connection, asks for tonight's plan and their history, saves a step and
asks for the current session, one request every PERIOD_S seconds, for SECONDS seconds
(``--seconds``). Run twice: one worker on SQLite, and two workers on
PostgreSQL (a throwaway server from Debian's binaries, as the tests start one).
Printed: requests per second, error rate, p50 and p99 latency, and the server's
memory (all its processes) at the start and the end. Targets (issue 16): no errors,
and memory at the end within 10 % of the start once warmed up.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

from web import NEUTRAL, Server

PEOPLE = 20
#: The routes each person asks for, in turn (the last is the bare endpoint).
ROUTES = ("plan", "history", "step save", "current session", "ping (bare)")
#: Hot routes at most this many times the bare endpoint's p99 (issue 18).
HOT_RATIO = 2.0
PERIOD_S = 0.5
TOKEN = "s" * 43
MEMORY_GROWTH = 0.10


def rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and its children, from /proc."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        mine = int(status.parent.name) == pid or int(fields.get("PPid", "0")) == pid
        if mine and "VmRSS" in fields:
            total += int(fields["VmRSS"].split()[0])
    return total


def call(
    connection: http.client.HTTPConnection, method: str, path: str, body: object = None
) -> int:
    headers = {"Content-Type": "application/json", "Cookie": f"psoas_csrf={TOKEN}",
               "X-CSRF-Token": TOKEN}  # fmt: skip
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    response.read()
    return response.status


def start_session(port: int) -> int:
    """Start a session (tonight's screen: no flags, pain 1); its id."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = {"routine": "full", "screen": {"red_flags": [], "pain": 1}}
    connection.request("POST", "/api/sessions", json.dumps(start),
                       {"Content-Type": "application/json", "Cookie": f"psoas_csrf={TOKEN}",
                        "X-CSRF-Token": TOKEN})  # fmt: skip
    session: int = json.loads(connection.getresponse().read())["id"]
    connection.close()
    return session


def person(
    port: int,
    session: int,
    seconds: float,
    out: list[tuple[float, int]],
    lock: threading.Lock,
    period_s: float = PERIOD_S,
    by_route: dict[str, list[float]] | None = None,
) -> None:
    """One person in their session: plan, history, a step, the current session and the
    bare ping in turn, one every ``period_s``; each latency also by route if asked."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    calls = [
        ("GET", "/api/plan?routine=bedtime", None),
        ("GET", "/api/history?limit=50", None),
        (
            "POST",
            f"/api/sessions/{session}/steps",
            {"index": 0, "status": "done", "seconds_held": 60},
        ),
        ("GET", "/api/sessions/current", None),
        ("GET", "/api/ping", None),
    ]
    # People are not in step: each begins at a random point of the period (a fixed seed
    # per session), so the load is spread as real requests are, not sent in bursts.
    time.sleep(random.Random(session).uniform(0, period_s))
    began, n = time.monotonic(), 0
    while time.monotonic() - began < seconds:
        method, path, body = calls[n % len(calls)]
        t = time.perf_counter()
        try:
            status = call(connection, method, path, body)
        except OSError:
            status = 0
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        took = time.perf_counter() - t
        with lock:
            out.append((took, status))
            if by_route is not None:
                by_route.setdefault(ROUTES[n % len(calls)], []).append(took)
        n += 1
        time.sleep(max(0.0, began + n * period_s - time.monotonic()))  # a fixed rate


def soak(label: str, workers: int, database_url: str | None, seconds: float) -> bool:
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        server = Server(home, workers, database_url)
        process, port = server.process, server.port
        try:
            server.call("POST", "/api/tests", NEUTRAL, TOKEN)
            # Each person starts their session before the clock runs, as a person does
            # once a night; the soak measures the requests made during a session.
            sessions = [start_session(port) for _ in range(PEOPLE)]
            warm: list[tuple[float, int]] = []
            lock = threading.Lock()
            threads = [
                threading.Thread(target=person, args=(port, session, 5, warm, lock))
                for session in sessions
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            before = rss_kb(process.pid)
            results: list[tuple[float, int]] = []
            by_route: dict[str, list[float]] = {}
            began = time.monotonic()
            threads = [threading.Thread(target=person, args=(port, session, seconds, results,
                                                             lock, PERIOD_S, by_route))
                       for session in sessions]  # fmt: skip
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - began
            after = rss_kb(process.pid)
        finally:
            server.stop()
    times = sorted(t * 1000 for t, _ in results)
    errors = sum(1 for _, status in results if not 200 <= status < 300)
    p99 = times[int(len(times) * 0.99) - 1]
    growth = (after - before) / before
    ok = errors == 0 and growth <= MEMORY_GROWTH
    print(
        f"  {label:<26} {len(results) / elapsed:6.1f} req/s  errors {errors / len(results):.2%}  "
        f"p50 {statistics.median(times):6.1f} ms  p99 {p99:7.1f} ms  "
        f"memory {before // 1024} -> {after // 1024} MB ({growth:+.1%})  {'ok' if ok else 'MISSED'}"
    )
    return _hot_routes(by_route) and ok


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000


def _hot_routes(by_route: dict[str, list[float]]) -> bool:
    """Print each route's p99 against the bare endpoint's; True when within HOT_RATIO."""
    bare = _p99(by_route[ROUTES[-1]])
    ok = True
    for route in ROUTES[:-1]:
        ratio = _p99(by_route[route]) / bare
        ok &= ratio <= HOT_RATIO
        verdict = "ok" if ratio <= HOT_RATIO else "MISSED"
        print(
            f"      {route:<16} p99 {_p99(by_route[route]):7.1f} ms = {ratio:5.2f}x the bare "
            f"endpoint's {bare:.1f} ms  (target <= {HOT_RATIO:g}x)  {verdict}"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Soak the web app at a fixed rate.")
    parser.add_argument("--seconds", type=float, default=120.0, help="length of each soak")
    args = parser.parse_args(argv)
    print(f"soak: {PEOPLE} people, one request each every {PERIOD_S} s, {args.seconds:g} s each")
    ok = soak("SQLite, 1 worker", 1, None, args.seconds)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.postgres import postgres_server

    try:
        with postgres_server() as url:
            ok &= soak("PostgreSQL, 2 workers", 2, url, args.seconds)
    except BaseException as exc:  # no PostgreSQL binaries: say so, do not fail the run
        if type(exc).__name__ != "Skipped":
            raise
        print("  PostgreSQL, 2 workers      skipped: the PostgreSQL server is not installed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
