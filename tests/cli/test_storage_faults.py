"""Storage faults: a truncated file, a full disk, a read-only folder and two programs
writing at once. Each gives one clear line and exit 2, and nothing stored is lost."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from psoas.store.database import open_database
from psoas.store.models import SelfTest
from tests.cli.test_session_process import env_for, psoas
from tests.core.answers import NEUTRAL
from tests.web.test_stuck_database import call
from tests.web.test_workers import served

#: Part of a skip's reason that CI accepts (see tests/conftest.py).
NOT_ALLOWED_HERE = "the machine does not allow"


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a refused command."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def saved_tests(database: Path) -> int:
    db = open_database(f"sqlite:///{database}")
    try:
        with db.session() as session:
            return session.scalar(select(func.count(SelfTest.id))) or 0
    finally:
        db.close()


def add_tests(env: dict[str, str], answers: Path, count: int) -> None:
    for _ in range(count):
        assert psoas(env, "check", "--answers", str(answers)).returncode == 0


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(NEUTRAL))
    return path


@pytest.fixture(scope="module")
def five_tests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole database file holding five self-tests."""
    home = tmp_path_factory.mktemp("five")
    answers = home / "answers.json"
    answers.write_text(json.dumps(NEUTRAL))
    add_tests(env_for(home, "sqlite"), answers, 5)
    return home / "psoas.db"


@contextmanager
def small_disk(size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on a fresh folder (needs root with CAP_SYS_ADMIN)."""
    where = Path(tempfile.mkdtemp(prefix="psoas-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip(f"{NOT_ALLOWED_HERE} mounting a small tmpfs: {mounted.stderr!r}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
        where.rmdir()


def fill(path: Path) -> None:
    """Write zeros to ``path`` until the disk has no space left."""
    stopped_by = 0
    with path.open("wb") as file:
        try:
            while True:
                file.write(b"\0" * 65536)
                file.flush()
        except OSError as error:
            stopped_by = error.errno or 0
    assert stopped_by == errno.ENOSPC
    assert shutil.disk_usage(path.parent).free < 65536


@pytest.mark.parametrize("keep", [100, 4096, 0.5, -4096])
def test_a_truncated_database_is_refused_and_left_as_it_was(
    tmp_path: Path, answers: Path, five_tests: Path, keep: float
) -> None:
    """Cut to its first 100 bytes, its first page, half, or all but its last page: reads
    and writes are refused with one line naming the damage, and the file is not
    changed by the attempt."""
    home = tmp_path / "home"
    env = env_for(home, "sqlite")
    home.mkdir()
    database = home / "psoas.db"
    shutil.copyfile(five_tests, database)
    size = database.stat().st_size
    cut = int(size * keep) if isinstance(keep, float) else keep if keep > 0 else size + keep
    with database.open("r+b") as file:
        file.truncate(cut)
    damaged = database.read_bytes()
    for argv in (["history"], ["check", "--answers", str(answers)], ["plan"]):
        assert "damaged" in one_line_error(psoas(env, *argv))
    assert database.read_bytes() == damaged
    assert not Path(f"{database}-wal").exists()


def test_a_full_disk_refuses_writes_and_keeps_what_was_saved(tmp_path: Path, answers: Path) -> None:
    """The disk fills up: each save is refused with a line saying the disk is full, and
    once space is freed the earlier tests are all there and saving works again."""
    with small_disk("2m") as disk:
        env = env_for(disk / "home", "sqlite")
        add_tests(env, answers, 3)
        filler = disk / "filler"
        fill(filler)
        for _ in range(3):
            line = one_line_error(psoas(env, "check", "--answers", str(answers)))
            assert "is full" in line
        filler.unlink()
        assert saved_tests(disk / "home" / "psoas.db") == 3
        add_tests(env, answers, 1)
        assert saved_tests(disk / "home" / "psoas.db") == 4


def test_a_read_only_folder_is_named_and_its_database_untouched(
    tmp_path: Path, answers: Path
) -> None:
    """The folder becomes read-only (a remounted disk: permissions do not bind root):
    saving says so in one line; reading, planning and exporting still work; and what
    was saved is still there afterwards, untouched."""
    with small_disk("4m") as disk:
        env = env_for(disk / "home", "sqlite")
        add_tests(env, answers, 2)
        exported = psoas(env, "export").stdout
        before = (disk / "home" / "psoas.db").read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert "read-only" in one_line_error(psoas(env, "check", "--answers", str(answers)))
        for argv in (["history"], ["progress", "--json"], ["plan"], ["week"], ["psfs"]):
            done = psoas(env, *argv)
            assert done.returncode == 0, (argv, done.stderr)
        for fmt in ("json", "csv", "fhir"):
            done = psoas(env, "export", "--format", fmt)
            assert done.returncode == 0, (fmt, done.stderr)
        again = json.loads(psoas(env, "export").stdout)
        assert again["tests"] == json.loads(exported)["tests"]
        assert (disk / "home" / "psoas.db").read_bytes() == before
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert saved_tests(disk / "home" / "psoas.db") == 2


def test_the_command_line_and_the_web_writing_at_once_lose_nothing(
    tmp_path: Path, answers: Path
) -> None:
    """`psoas check` in a loop while the web server takes tests too: every save that was
    acknowledged (exit 0, HTTP 201) is stored, and a refusal is only ever "busy"."""
    home = tmp_path / "home"
    env = env_for(home, "sqlite")
    add_tests(env, answers, 1)  # the database exists before the server starts
    with served(f"sqlite:///{home / 'psoas.db'}", home) as (base, _pid):

        def by_command_line() -> int:
            acknowledged = 0
            for _ in range(12):
                result = psoas(env, "check", "--answers", str(answers))
                if result.returncode == 0:
                    acknowledged += 1
                else:
                    assert "locked" in one_line_error(result)
            return acknowledged

        def by_web() -> int:
            statuses = [call(base + "/api/tests", "POST", NEUTRAL)[0] for _ in range(40)]
            assert set(statuses) <= {201, 503}
            return statuses.count(201)

        with ThreadPoolExecutor(2) as pool:
            command_line, web = pool.submit(by_command_line), pool.submit(by_web)
            acknowledged = 1 + command_line.result() + web.result()
    assert saved_tests(home / "psoas.db") == acknowledged
