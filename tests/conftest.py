"""Shared fixtures: every test gets its own psoas home, so no test touches real user data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from psoas.catalog.loader import load_catalog
from psoas.catalog.model import Catalog
from psoas.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def psoas_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point PSOAS_HOME at a fresh folder for every test."""
    home = tmp_path_factory.mktemp("psoas-home")
    monkeypatch.setenv("PSOAS_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def catalog() -> Iterator[Catalog]:
    """The real catalog, validated from its files (no snapshot)."""
    return load_catalog()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One real PostgreSQL server for the whole run (skips when it cannot be had)."""
    from tests.postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'psoas.db'}"
        return
    import uuid

    from sqlalchemy import create_engine, text

    server = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@dataclass
class Result:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call ``psoas`` with arguments; argparse exits become exit codes."""

    def _run(*argv: str) -> Result:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


#: Set by .ci/run: in CI a skipped test is a failure, so no group of tests (PostgreSQL,
#: the browser, the vision extra, PDF rendering) can stop running unnoticed. The
#: exceptions: the copied-text check, which needs ../shared beside the clone, and the
#: full-disk and read-only tests where the machine does not let root mount a tmpfs.
NO_SKIPS = "PSOAS_NO_SKIPS"
ALLOWED_SKIPS = ("../shared", "the machine does not allow")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under PSOAS_NO_SKIPS, fail the run when anything skipped (see NO_SKIPS)."""
    import os

    if not os.environ.get(NO_SKIPS):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    named = [
        report
        for report in skipped
        if not any(allowed in str(report.longrepr) for allowed in ALLOWED_SKIPS)
    ]
    if named:
        for report in named:
            print(f"\n{NO_SKIPS}: skipped in CI: {report.nodeid}: {report.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
