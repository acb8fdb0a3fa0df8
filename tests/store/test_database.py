"""The database on real SQLite and a real PostgreSQL server: migrations, rows, errors."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from psoas.exceptions import BadInput
from psoas.store import database as database_module
from psoas.store.database import (
    HEAD_REVISION,
    DatabaseError,
    alembic_config,
    current_revision,
    open_database,
)
from psoas.store.legacy_json import migrate_into
from psoas.store.models import SelfTest
from psoas.store.repository import (
    add_test,
    begin_session,
    end_session,
    latest_test,
    log_step,
    logged_indexes,
    logged_statuses,
    pain_ratings_of,
    plan_of,
    profile_id,
    save_plan,
    self_test_points,
    session_summaries,
    set_aside_unfinished,
    unfinished_session,
)

PLAN = {"routine": "bedtime", "steps": [{"id": "bolster-release", "seconds": 600}]}


def test_head_revision_matches_the_migrations() -> None:
    """HEAD_REVISION, used to skip Alembic at start-up, is the newest migration."""
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_migrations_run_on_first_use(database_url: str) -> None:
    """Opening an empty database creates the schema at the newest revision."""
    db = open_database(database_url)
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        open_database(database_url).close()  # a second open is a no-op
    finally:
        db.close()


def test_tests_round_trip_with_utc_times(database_url: str) -> None:
    """A stored test comes back with its answers, findings and an aware UTC time."""
    db = open_database(database_url)
    taken = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
    with db.session() as session:
        pid = profile_id(session)
        add_test(session, pid, {"pain": 3}, {"patterns": ["subtle"]}, taken_at=taken)
        add_test(session, pid, {"pain": 1}, {"patterns": []}, taken_at=taken + timedelta(days=1))
    with db.session() as session:
        newest = latest_test(session, profile_id(session))
        assert newest is not None
        assert newest.answers == {"pain": 1}
        assert newest.taken_at == taken + timedelta(days=1)
        assert newest.taken_at.tzinfo is not None
        points = self_test_points(session, profile_id(session))
        assert [p.pain for p in points] == [3, 1]
    db.close()


def test_session_steps_and_summaries(database_url: str) -> None:
    """Steps are written one by one; summaries count done, skipped and partial."""
    db = open_database(database_url)
    with db.session() as session:
        pid = profile_id(session)
        plan = save_plan(session, pid, PLAN)
        record = begin_session(session, pid, plan)
        sid = record.id
    for index, status, held in [(0, "done", 120), (1, "skipped", 30), (2, "partial", 200)]:
        with db.session() as session:
            log_step(
                session,
                sid,
                index=index,
                practice_id="bolster-release",
                side=None,
                role="practice",
                status=status,
                planned_seconds=600,
                seconds_held=held,
            )
    with db.session() as session:
        assert logged_indexes(session, sid) == {0, 1, 2}
        active = unfinished_session(session, profile_id(session))
        assert active is not None
        assert plan_of(session, active) == PLAN
        end_session(session, sid, status="finished", discomfort=2)
    with db.session() as session:
        pid = profile_id(session)
        assert unfinished_session(session, pid) is None
        [summary] = session_summaries(session, pid, UTC)
        assert (summary.done, summary.skipped, summary.partial) == (1, 1, 1)
        assert summary.seconds_held == 350
        assert summary.status == "finished"
        after = [r.value for r in pain_ratings_of(session, pid) if r.context == "after_session"]
        assert after == [2]
    db.close()


def test_a_step_is_written_once(database_url: str) -> None:
    """The same step of a session is written once: a second copy is simply not written
    (the phone's queue and a live request may both send it), and says so."""
    db = open_database(database_url)
    with db.session() as session:
        pid = profile_id(session)
        sid = begin_session(session, pid, save_plan(session, pid, PLAN)).id
    kwargs = {
        "index": 0,
        "practice_id": "x",
        "side": None,
        "role": "practice",
        "status": "done",
        "planned_seconds": 1,
        "seconds_held": 1,
    }
    with db.session() as session:
        assert log_step(session, sid, **kwargs) is True  # type: ignore[arg-type]
    with db.session() as session:
        assert log_step(session, sid, **{**kwargs, "status": "skipped"}) is False  # type: ignore[arg-type]
        assert log_step(session, sid, **{**kwargs, "index": 1}) is True  # type: ignore[arg-type]
    with db.session() as session:
        assert logged_statuses(session, sid) == {0: "done", 1: "done"}
    db.close()


def test_new_session_sets_old_active_ones_aside(database_url: str) -> None:
    """Starting afresh marks an unfinished session abandoned; its steps stay."""
    db = open_database(database_url)
    with db.session() as session:
        pid = profile_id(session)
        old = begin_session(session, pid, save_plan(session, pid, PLAN))
    with db.session() as session:
        assert [r.id for r in set_aside_unfinished(session, profile_id(session))] == [old.id]
        assert unfinished_session(session, profile_id(session)) is None
    db.close()


def test_old_json_store_moves_into_the_database(database_url: str, tmp_path: Path) -> None:
    """psoas 0.1's self-tests.json is copied in once and renamed."""
    old = tmp_path / "self-tests.json"
    tests = [
        {"taken_at": "2026-01-01T21:00:00+00:00", "answers": {"pain": 5}, "findings": {}},
        {"taken_at": "2026-01-02T21:00:00+00:00", "answers": {"pain": 4}, "findings": {}},
    ]
    old.write_text(json.dumps({"version": 1, "tests": tests}))
    db = open_database(database_url)
    assert migrate_into(db, tmp_path) == 2
    assert not old.exists()
    assert (tmp_path / "self-tests.json.migrated").exists()
    old.write_text(json.dumps({"version": 1, "tests": tests}))  # a copy put back by hand
    assert migrate_into(db, tmp_path) == 0
    with db.session() as session:
        rows = session.query(SelfTest).order_by(SelfTest.taken_at).all()
        assert [r.answers["pain"] for r in rows] == [5, 4]
        assert {r.source for r in rows} == {"file"}
    db.close()


def test_damaged_sqlite_file_is_a_clear_error_and_untouched(tmp_path: Path) -> None:
    """A file that is not a database: exit-2 error naming it; the file is left as it was."""
    path = tmp_path / "psoas.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{path}")
    assert caught.value.exit_code == 2
    assert "damaged" in str(caught.value)
    assert path.read_bytes() == before


def test_locked_sqlite_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holding the database: a one-line 'locked' error after the busy timeout."""
    path = tmp_path / "psoas.db"
    open_database(f"sqlite:///{path}").close()
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        db = open_database(f"sqlite:///{path}")
        with pytest.raises(DatabaseError, match="locked"), db.session() as session:
            profile_id(session)
        db.close()
    finally:
        holder.rollback()
        holder.close()


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    """SQLite runs in WAL mode so a reader never blocks the session writer."""
    path = tmp_path / "psoas.db"
    open_database(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y"])
def test_bad_database_url_is_bad_input(url: str) -> None:
    """A malformed or unknown URL is bad input with the problem named."""
    with pytest.raises(BadInput):
        open_database(url)


def test_unreachable_postgres_is_a_clear_error() -> None:
    """A server that is not there gives a one-line error with the password hidden."""
    with pytest.raises(DatabaseError) as caught:
        open_database("postgresql://me:secret@127.0.0.1:1/psoas")
    assert "secret" not in str(caught.value)
    assert "***" in str(caught.value)


def test_damage_in_the_middle_of_the_file_is_found_before_any_write(tmp_path: Path) -> None:
    """A page in the middle of a database with a year of data is overwritten: opening it
    is refused with a way out, and the file is left as it was."""
    path = tmp_path / "psoas.db"
    db = open_database(f"sqlite:///{path}")
    with db.session() as session:
        profile = profile_id(session)
        for day in range(365):
            session.add(
                SelfTest(
                    profile_id=profile,
                    taken_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day),
                    answers={"pain": day % 10, "note": "x" * 200},
                    findings={},
                )
            )
    db.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    # The first page past the middle that holds rows (a table leaf with cells).
    middle = next(
        n * 4096
        for n in range(pages // 2, pages)
        if data[n * 4096] == 0x0D and int.from_bytes(data[n * 4096 + 3 : n * 4096 + 5]) > 0
    )
    data[middle + 8 : middle + 4000] = b"\xa5" * (4000 - 8)
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{path}")
    assert "damaged" in str(caught.value)
    assert "psoas import" in str(caught.value)
    assert path.read_bytes() == before


def test_single_statements_are_each_their_own_transaction_on_postgresql(
    database_url: str,
) -> None:
    """On PostgreSQL a statement on ``single_statements`` is committed as it ends (no
    BEGIN and COMMIT round trips); SQLite keeps one transaction. Both keep the write."""
    from psoas.store.reads import profile_id as find_or_add

    look = "SELECT id FROM profiles WHERE name = 'once-only'"
    db = open_database(database_url)
    with db.single_statements() as connection:
        added = find_or_add(connection, "once-only")
        with db.engine.connect() as other:  # another connection, the block still open
            seen = other.exec_driver_sql(look).scalar()
        assert seen == (added if connection.dialect.name == "postgresql" else None)
    with db.engine.connect() as other:
        assert other.exec_driver_sql(look).scalar() == added
    db.close()
