"""Several server workers on one PostgreSQL database, as documented for a real deployment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from tests.browser.conftest import free_port
from tests.core.answers import NEUTRAL


def request(url: str, method: str = "GET", body: object = None, cookie: str = "") -> dict:  # type: ignore[type-arg]
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = f"psoas_csrf={cookie}"
        headers["X-CSRF-Token"] = cookie
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def python_children(pid: int) -> list[int]:
    """The Python processes whose parent is ``pid`` (uvicorn's workers), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        parent = int(text[text.rindex(")") + 2 :].split()[1])
        if parent == pid and name.startswith("python"):
            found.append(int(stat.parent.name))
    return found


class Served(NamedTuple):
    """A running server: its base URL and its process id."""

    base: str
    pid: int


@contextmanager
def served(database_url: str, home: Path, workers: int = 1) -> Iterator[Served]:
    """``psoas serve`` on loopback against ``database_url``, once /api/ping answers."""
    port = free_port()
    env = {**os.environ, "PSOAS_HOME": str(home), "PSOAS_DATABASE_URL": database_url}
    psoas = Path(sys.executable).with_name("psoas")
    with subprocess.Popen(
        [str(psoas), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as server:
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/api/ping", timeout=10).close()
                    break
                except OSError:
                    assert server.poll() is None, server.stdout.read() if server.stdout else ""
                    assert time.monotonic() < deadline, "server did not start"
                    time.sleep(0.2)
            yield Served(base, server.pid)
        finally:
            server.terminate()
            server.communicate(timeout=30)


def test_two_workers_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    """Two uvicorn workers share one PostgreSQL database: writes through one are read by all."""
    with served(postgres_url, tmp_path, workers=2) as (base, pid):
        # Two worker processes really serve (one would pass the reads below too).
        assert len(python_children(pid)) >= 2
        token = "t" * 43
        request(base + "/api/tests", "POST", {**NEUTRAL, "back_gap": "hand"}, token)
        for _ in range(20):  # requests spread over both workers all see the test
            plan = request(base + "/api/plan?routine=bedtime")
            assert plan["findings"]["patterns"] == ["rib_thrust"]
