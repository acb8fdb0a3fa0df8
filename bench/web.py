"""The web app under a bounded load on loopback, and what a phone downloads.

1. Throughput and p99 latency of the main API calls (plan, history, catalog
   practice, saving a step), each as a ratio to the bare ``/api/ping`` endpoint of
   the same server in the same run. Target (issue 6): throughput ratio >= 0.5.
   Load: a fixed number of requests from a few keep-alive connections, loopback only.
2. Bytes for the home page and the session player with everything they load
   (HTML, CSS, JS, manifest; figures excluded). Target: <= 150 KB uncompressed.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REQUESTS = 600
CONNECTIONS = 4
TARGET_RATIO = 0.5
TARGET_BYTES = 150 * 1024
NEUTRAL = {
    "thighs_lift": True,
    "lift_height_cm": 20,
    "thighs_flat": False,
    "back_gap": "hand",
    "gap_even": True,
    "tighter_side": None,
    "ribs_stick_out": False,
    "pain": 2,
    "signs": [],
    "red_flags": [],
}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``psoas serve`` on a free loopback port with a fresh home."""

    def __init__(self, home: str, workers: int = 1, database_url: str | None = None) -> None:
        self.port = _free_port()
        env = {**os.environ, "PSOAS_HOME": home}
        if database_url:
            env["PSOAS_DATABASE_URL"] = database_url
        psoas = Path(sys.executable).with_name("psoas")
        self.process = subprocess.Popen(
            [str(psoas), "serve", "--port", str(self.port), "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.call("GET", "/api/ping")
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise SystemExit("bench: the server did not start") from None
                time.sleep(0.2)

    def call(
        self, method: str, path: str, body: object = None, token: str = ""
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Content-Type": "application/json"}
        if token:
            headers.update({"Cookie": f"psoas_csrf={token}", "X-CSRF-Token": token})
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def load(port: int, requests: list[tuple[str, str, object]], token: str) -> tuple[float, float]:
    """Send ``requests`` over CONNECTIONS keep-alive connections; (requests/s, p99 ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [requests[i::CONNECTIONS] for i in range(CONNECTIONS)]

    def worker(chunk: list[tuple[str, str, object]]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"psoas_csrf={token}",
            "X-CSRF-Token": token,
        }
        mine = []
        for method, path, body in chunk:
            start = time.perf_counter()
            connection.request(
                method, path, json.dumps(body) if body is not None else None, headers
            )
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise SystemExit(f"bench: {method} {path} answered {response.status}")
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return len(requests) / elapsed, statistics.quantiles(latencies, n=100)[98] * 1000


def page_bytes(server: Server, path: str) -> int:
    """The page and every same-origin script, stylesheet and manifest it links to."""
    _, html = server.call("GET", path)
    total = len(html)
    for asset in sorted(
        set(
            re.findall(
                rb'(?:src|href)="(/(?:static/[^"]+\.(?:js|css)|manifest\.webmanifest))"', html
            )
        )
    ):
        total += len(server.call("GET", asset.decode())[1])
    return total


def main() -> int:
    """Run both measurements and print ratios to the targets."""
    with tempfile.TemporaryDirectory() as home:
        server = Server(home)
        try:
            token = "b" * 43
            server.call("POST", "/api/tests", NEUTRAL, token)
            start = {"routine": "full", "screen": {"red_flags": [], "pain": 0}}
            _, body = server.call("POST", "/api/sessions", start, token)
            session = json.loads(body)
            steps = len(session["plan"]["steps"])
            cases = {
                "GET /api/ping (bare)": [("GET", "/api/ping", None)] * REQUESTS,
                "GET /api/plan": [("GET", "/api/plan?routine=bedtime", None)] * REQUESTS,
                "GET /api/history": [("GET", "/api/history", None)] * REQUESTS,
                "GET /api/catalog/{id}": [("GET", "/api/catalog/bolster-release", None)] * REQUESTS,
                "POST /api/sessions/{id}/steps": [
                    (
                        "POST",
                        f"/api/sessions/{session['id']}/steps",
                        {"index": i % steps, "status": "done", "seconds_held": 60},
                    )
                    for i in range(REQUESTS)
                ],
            }
            for _ in range(50):  # warm up
                server.call("GET", "/api/ping")
            results = {name: load(server.port, reqs, token) for name, reqs in cases.items()}
            bare, _ = results["GET /api/ping (bare)"]
            print(
                f"web: {REQUESTS} requests each over {CONNECTIONS} keep-alive connections, loopback"
            )
            missed = False
            for name, (rate, p99) in results.items():
                ratio = rate / bare
                verdict = (
                    "" if name.endswith("(bare)") else ("ok" if ratio >= TARGET_RATIO else "MISSED")
                )
                missed |= verdict == "MISSED"
                figures = f"{rate:7.0f} req/s  p99 {p99:6.1f} ms  ratio {ratio:4.2f}"
                print(f"  {name:<32} {figures}  {verdict}")
            size = page_bytes(server, "/") + page_bytes(server, "/session")
            verdict = "ok" if size <= TARGET_BYTES else "MISSED"
            missed |= size > TARGET_BYTES
            share = f"{size / TARGET_BYTES:.2f} of 150 KB"
            print(f"  home + session player download   {size / 1024:6.1f} KB  = {share}  {verdict}")
        finally:
            server.stop()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
