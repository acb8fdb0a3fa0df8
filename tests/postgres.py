"""A real, throw-away PostgreSQL server for the tests, on a free loopback port.

Started once per test run from Debian's server binaries. As root, ``initdb`` and
the server run as the ``postgres`` user (PostgreSQL refuses to run as root).
Without the binaries the tests that need it skip, unless PSOAS_REQUIRE_POSTGRES
is set (as CI does), where they fail.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

MISSING = "PostgreSQL server binaries not found (Debian: apt-get install postgresql)"


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], as_postgres: bool) -> None:
    if as_postgres:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def unavailable() -> None:
    """Skip (or, when PostgreSQL is required, fail) the calling test."""
    if os.environ.get("PSOAS_REQUIRE_POSTGRES"):
        pytest.fail(f"PSOAS_REQUIRE_POSTGRES is set but {MISSING}")
    pytest.skip(MISSING)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yields the URL of its ``postgres`` database."""
    pg_bin = _pg_bin()
    if pg_bin is None:
        unavailable()
    root = os.geteuid() == 0
    base = tempfile.mkdtemp(prefix="psoas-pg-")
    if root:
        shutil.chown(base, "postgres")
    data, port = os.path.join(base, "data"), _free_port()
    _run([f"{pg_bin}/initdb", "-D", data, "-A", "trust", "-U", "postgres"], root)
    options = f"-k {base} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = os.path.join(base, "log")
    _run([f"{pg_bin}/pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start"], root)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _run([f"{pg_bin}/pg_ctl", "-D", data, "-m", "immediate", "stop"], root)
        shutil.rmtree(base, ignore_errors=True)
