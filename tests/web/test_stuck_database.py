"""A database that stops answering: requests that need it fail fast with a 503, while
everything else answers, and nothing is lost when it comes back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.core.answers import NEUTRAL
from tests.postgres import postgres_server
from tests.web.test_security import lan, login
from tests.web.test_workers import served

__all__ = ["lan"]  # the fixture, used by name

TOKEN = "t" * 43


def call(url: str, method: str = "GET", body: object = None) -> tuple[int, float]:
    """(status, seconds taken) of one request; a refused or hung one raises."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"psoas_csrf={TOKEN}",
        "X-CSRF-Token": TOKEN,
    }
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started


def postgres_processes(port: int) -> list[int]:
    """The server listening on ``port`` and all its children (one per connection)."""
    table: dict[int, tuple[int, str]] = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            stat = (proc / "stat").read_text()
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        table[int(proc.name)] = (int(stat[stat.rindex(")") + 2 :].split()[1]), command)
    roots = [pid for pid, (_, cmd) in table.items() if "postgres" in cmd and f"-p {port}" in cmd]
    assert len(roots) == 1, roots
    return roots + [pid for pid, (parent, _) in table.items() if parent == roots[0]]


def cli(database_url: str, home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``psoas`` on ``database_url``; it must finish within a minute."""
    env = {**os.environ, "PSOAS_HOME": str(home), "PSOAS_DATABASE_URL": database_url}
    psoas = str(Path(sys.executable).with_name("psoas"))
    return subprocess.run(
        [psoas, *argv], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_a_frozen_postgresql_gives_fast_503s_and_loses_nothing(tmp_path: Path) -> None:
    """PostgreSQL is paused (SIGSTOP) with requests in flight: each request that needs it
    gets a 503 within seconds, /api/ping and static files answer at once, a command
    exits 2 with one line, and after the server resumes the same data is served again."""
    with postgres_server() as url, served(url, tmp_path) as (base, _pid):
        assert call(base + "/api/tests", "POST", {**NEUTRAL, "back_gap": "hand"})[0] == 201
        assert call(base + "/api/plan?routine=bedtime")[0] == 200
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        frozen = postgres_processes(port)
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        try:
            with ThreadPoolExecutor(8) as pool:
                stuck = [pool.submit(call, base + "/api/plan?routine=bedtime") for _ in range(6)]
                stuck.append(pool.submit(call, base + "/api/tests", "POST", NEUTRAL))
                command = pool.submit(cli, url, tmp_path, "history")
                time.sleep(0.5)  # let them reach the database first
                assert call(base + "/api/ping")[1] < 2
                status, seconds = call(base + "/static/app.css")
                assert status == 200
                assert seconds < 2
                answers = [future.result() for future in stuck]
                finished = command.result()
            assert finished.returncode == 2
            assert "Traceback" not in finished.stderr
            assert len(finished.stderr.strip().splitlines()) == 1
            assert {status for status, _ in answers} == {503}
            assert max(seconds for _, seconds in answers) < 25
        finally:
            for pid in frozen:
                os.kill(pid, signal.SIGCONT)
        deadline = time.monotonic() + 30
        while call(base + "/api/plan?routine=bedtime")[0] != 200:
            assert time.monotonic() < deadline, "psoas did not recover after PostgreSQL resumed"
        assert call(base + "/api/tests", "POST", NEUTRAL)[0] == 201
        with urllib.request.urlopen(base + "/api/export", timeout=30) as response:
            exported = json.loads(response.read())
        assert len(exported["tests"]) == 2, "the test from before the freeze and one after"


def test_a_signed_in_request_waiting_on_a_slow_database_does_not_hold_up_others(
    lan: Callable[[], TestClient],
) -> None:
    """With accounts, every request checks its sign-in in the database. When that
    lookup is slow (here the real database, slowed by 2 s per look at the users), it
    waits in a worker thread, so /api/ping answers at once instead of after the wait."""
    client = lan()
    login(client, "ann")
    slow = threading.Event()

    def slowly(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if slow.is_set() and "FROM users" in statement:
            time.sleep(2)

    engine = client.app.state.psoas.db.engine  # type: ignore[attr-defined]
    event.listen(engine, "before_cursor_execute", slowly)
    slow.set()
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(client.get, "/api/history")
        time.sleep(0.5)  # the history request is now in its sign-in lookup
        started = time.monotonic()
        assert client.get("/api/ping").status_code == 200
        assert time.monotonic() - started < 1
        assert not waiting.done()
        assert waiting.result().status_code == 200
