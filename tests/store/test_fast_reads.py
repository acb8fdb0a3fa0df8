"""The fast SQLite reads (issue 18): every read gives what the SQLAlchemy path gives on
the same data, the read commands never import SQLAlchemy, and anything the fast path
cannot serve goes the SQLAlchemy way, with the same errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from psoas.catalog.model import Catalog
from psoas.core.nightly import Screen
from psoas.core.own_routines import parse_routine
from psoas.core.psfs import ActivityRating
from psoas.settings import Settings
from psoas.store import fast_reads
from psoas.store.compiled import QUERY_MODULES, compile_all
from psoas.store.database import DatabaseError, open_database
from psoas.store.exporting import export_data
from psoas.store.fast_reads import FastReader, open_fast_reader, snapshot_dirs
from psoas.store.nights import recent_nights
from psoas.store.pain_reads import pain_ratings_of
from psoas.store.psfs_records import add_psfs, psfs_of
from psoas.store.query import QUERIES
from psoas.store.reads import (
    hold_progress,
    latest_test,
    logged_statuses,
    profile_id,
    session_summaries,
    session_test_answers,
    session_view,
    unfinished_view,
)
from psoas.store.repository import (
    add_test,
    begin_session,
    keep_hold_progress,
    log_step,
    save_plan,
)
from psoas.store.routine_records import (
    changes_of,
    find_routine,
    routine_events,
    routine_records,
)
from psoas.store.safety_records import (
    add_screen,
    clearances,
    equipment,
    latest_screen,
    recent_pain,
    set_clearance,
    set_equipment,
    set_massage,
)
from psoas.store.tonight import tonight_fingerprint
from psoas.usecases import routines
from psoas.usecases.measuring import keep_measuring
from psoas.usecases.record import load_week, overview_of, progress_of
from psoas.usecases.sessions import finish
from psoas.usecases.tonight import load_tonight, plan_for_tonight
from tests.conftest import Run
from tests.core.answers import NEUTRAL

START = datetime(2026, 9, 1, 21, 0, tzinfo=UTC)


def fill(url: str) -> None:
    """Three weeks of nights with every kind of record psoas keeps."""
    db = open_database(url)
    with db.session() as s:
        me = profile_id(s)
        add_test(s, me, {**NEUTRAL, "thighs_flat": False, "pain": 3}, {}, taken_at=START)
        for night in range(21):
            at = START + timedelta(days=night, hours=1)
            plan = save_plan(s, me, {"routine": "bedtime", "steps": []})
            session = begin_session(s, me, plan, started_at=at)
            pre = {**NEUTRAL, "thighs_lift": None, "pain": night % 4}
            add_test(
                s, me, pre, {}, taken_at=at, phase="pre", source="session", session_id=session.id
            )
            for index, status in enumerate(("done", "skipped", "partial", "done")):
                practice = "glute-core-strength" if index == 3 else "bolster-release"
                log_step(
                    s,
                    session.id,
                    index=index,
                    practice_id=practice,
                    side=None,
                    role="practice",
                    status=status,
                    planned_seconds=300,
                    seconds_held=(0, 120, 200, 300)[index],
                )
            if night % 5 == 4:
                keep_hold_progress(s, session.id, {"index": 2.0, "elapsed": 41.5})
                continue
            post = {**NEUTRAL, "thighs_lift": None, "thighs_flat": night % 2 == 0}
            add_test(
                s,
                me,
                post,
                {},
                taken_at=at + timedelta(minutes=30),
                phase="post",
                source="session",
                session_id=session.id,
            )
            finish(s, me, session.id, "finished" if night % 3 else "ended_early", night % 8)
            if night % 7 == 0:
                add_screen(s, me, Screen(("night_pain",), 2), session_id=session.id)
        angles = {"hip_deg": 160.0, "knee_deg": 172.0, "trunk_to_floor_deg": 2.0}
        captures = [{**angles, "thigh_to_floor_deg": a} for a in (14.5, 15.25, 13.75)]
        keep_measuring(s, me, "lying", "left", captures)
        set_clearance(s, me, "pregnancy", date(2026, 9, 2), "my midwife")
        set_massage(s, me, True)
        set_equipment(s, me, ["bolster", "ball"], {"floor": True, "face_down": False})
        add_psfs(s, me, (ActivityRating("sitting an hour", 4),), taken_at=START)
    db.close()


def add_routines(url: str, catalog: Catalog) -> None:
    """A routine of one's own, chosen and changed, and one deleted."""
    db = open_database(url)
    with db.session() as s:
        me = profile_id(s)
        evening = {"name": "Evening", "items": [{"practice": "bolster-release", "hold_s": 420}]}
        uid = routines.save(s, me, parse_routine(evening, catalog))
        routines.choose(s, me, uid)
        longer = {**evening, "items": [{"practice": "bolster-release", "hold_s": 480}]}
        routines.save(s, me, parse_routine(longer, catalog), key=uid)
    db.close()


@pytest.fixture
def home(tmp_path: Path, catalog: Catalog) -> Settings:
    settings = Settings.from_env({"PSOAS_HOME": str(tmp_path)})
    fill(settings.database_url)
    add_routines(settings.database_url, catalog)
    return settings


def fast(settings: Settings) -> FastReader:
    reader = open_fast_reader(settings.database_url, settings.data_dir, settings.cache_dir)
    assert reader is not None, "the fast path refused a current database"
    return reader


READS: dict[str, Callable[[Any, Catalog], Any]] = {
    "summaries": lambda db, _c: session_summaries(db, profile_id(db)),
    "progress": lambda db, _c: progress_of(db, profile_id(db)),
    "week": lambda db, c: load_week(db, profile_id(db), c, date(2026, 9, 20)),
    "tonight": lambda db, c: load_tonight(db, profile_id(db), c),
    "plan": lambda db, c: plan_for_tonight(
        db, c, profile_id(db), load_tonight(db, profile_id(db), c)
    ).to_data(),
    "fingerprint": lambda db, _c: tonight_fingerprint(db, profile_id(db)),
    "nights": lambda db, _c: recent_nights(db, profile_id(db), {"glute-core-strength"}),
    "no strength ids": lambda db, _c: recent_nights(db, profile_id(db), set()),
    "export": lambda db, _c: {
        k: v for k, v in export_data(db, profile_id(db)).items() if k != "exported_at"
    },
    "routines": lambda db, _c: routine_records(db, profile_id(db), archived=True),
    "routine events": lambda db, _c: routine_events(db, profile_id(db)),
    "pain": lambda db, _c: pain_ratings_of(db, profile_id(db)),
    "overview": lambda db, c: overview_of(db, profile_id(db), c, date(2026, 9, 20)).to_data(),
    "routine by name": lambda db, _c: find_routine(db, profile_id(db), " EVENING "),
    "changes": lambda db, _c: changes_of(db, profile_id(db), "evening"),
    "psfs": lambda db, _c: psfs_of(db, profile_id(db)),
    "safety": lambda db, _c: (
        clearances(db, profile_id(db)),
        equipment(db, profile_id(db)),
        tuple(latest_screen(db, profile_id(db))),
        recent_pain(db, profile_id(db), 3),
    ),
    "latest test": lambda db, _c: tuple(latest_test(db, profile_id(db))),
    "a session": lambda db, _c: (
        session_test_answers(db, 5),
        logged_statuses(db, 5),
        hold_progress(db, 5),
        hold_progress(db, 6),
        tuple(session_view(db, 5)),
        tuple(unfinished_view(db, profile_id(db))),
    ),
}


@pytest.mark.parametrize("name", READS)
def test_every_read_is_the_same_both_ways(name: str, home: Settings, catalog: Catalog) -> None:
    """The same values, of the same types, from SQLAlchemy and from the compiled SQL."""
    read = READS[name]
    db = open_database(home.database_url)
    with db.connect() as connection:
        expected = read(connection, catalog)
    db.close()
    reader = fast(home)
    try:
        got = read(reader, catalog)
    finally:
        reader.close()
    assert got == expected
    assert repr(got) == repr(expected)  # the same types too: datetimes with UTC, dates, bools


def test_every_query_compiles_with_known_conversions() -> None:
    """Each named query compiles for SQLite, and each column's conversion is known."""
    compiled = compile_all()
    assert set(compiled) == set(QUERIES)
    # Only modules the snapshot's fingerprint covers (and `make` imports) hold queries.
    modules = {key.rsplit(".", 1)[0] for key in QUERIES}
    assert modules <= {f"psoas.store.{name}" for name in QUERY_MODULES}
    assert len(compiled) >= 40
    for key, query in compiled.items():
        assert query["sql"].lstrip().startswith("SELECT"), key
        assert query["sql"].count("?") + query["sql"].count("POSTCOMPILE") == len(query["binds"])
    summaries = compiled["psoas.store.reads._summaries"]["columns"]
    assert summaries[:2] == [None, "utc"]


def test_the_read_commands_never_import_sqlalchemy(home: Settings) -> None:
    """On a current SQLite file the read commands run without SQLAlchemy."""
    code = (
        "import sys\nfrom psoas.cli import main\n"
        "for argv in (['history', '--json'], ['plan', '--json'], ['progress', '--json'], "
        "['week'], ['export'], ['routine', 'list'], ['psfs']):\n"
        "    assert main(argv) == 0, argv\n"
        "print('sqlalchemy' in sys.modules, file=sys.stderr)\n"
    )
    env = {"PSOAS_HOME": str(home.data_dir), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_commands_print_the_same_both_ways(
    home: Settings, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each read command's output with the fast reads and with them refused."""
    monkeypatch.setenv("PSOAS_HOME", str(home.data_dir))
    commands = [
        ("history", "--json"),
        ("plan", "--json"),
        ("progress", "--json"),
        ("week",),
        ("export", "--format", "csv"),
        ("routine", "list"),
        ("psfs", "--json"),
    ]
    fast_out = [run(*argv) for argv in commands]
    monkeypatch.setattr(fast_reads, "open_fast_reader", lambda *_a: None)
    slow_out = [run(*argv) for argv in commands]
    for argv, quick, slow in zip(commands, fast_out, slow_out, strict=True):
        assert (quick.code, quick.out, quick.err) == (slow.code, slow.out, slow.err), argv
        assert quick.code == 0


def test_a_missing_snapshot_is_compiled_by_the_next_command(
    home: Settings, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a snapshot the command reads the SQLAlchemy way and keeps one for next time."""
    empty = tmp_path / "no-package-snapshot"
    monkeypatch.setattr(fast_reads, "PACKAGE_SNAPSHOT_DIR", empty)
    monkeypatch.setenv("PSOAS_HOME", str(home.data_dir))
    assert open_fast_reader(home.database_url, home.data_dir, home.cache_dir) is None
    assert json.loads(run("history", "--json").out)["summary"]["sessions"] == 21
    assert list(empty.glob("reads-*.json"))  # the first folder that could be written
    fast(home).close()


def test_what_needs_writing_goes_the_sqlalchemy_way(home: Settings, tmp_path: Path) -> None:
    """Not SQLite, not there yet, an old schema, no profile or the old self-test file:
    no fast reader (the SQLAlchemy path migrates or creates what is missing)."""
    refused = [
        "postgresql://me@localhost/psoas",
        "sqlite://",
        "sqlite:///:memory:",
        f"sqlite:///{tmp_path / 'none-yet.db'}",
        f"sqlite:///{home.data_dir / 'psoas.db'}?timeout=3",
    ]
    for url in refused:
        assert open_fast_reader(url, home.data_dir, None) is None, url
    path = home.data_dir / "psoas.db"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0009'")
    assert open_fast_reader(home.database_url, home.data_dir, None) is None
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE alembic_version SET version_num = ?", (fast_reads.HEAD_REVISION,)
        )
        connection.execute("UPDATE profiles SET name = 'someone'")
    assert open_fast_reader(home.database_url, home.data_dir, None) is None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE profiles SET name = 'default'")
    (home.data_dir / "self-tests.json").write_text('{"tests": []}')
    assert open_fast_reader(home.database_url, home.data_dir, None) is None


def test_a_damaged_file_is_the_same_clear_error(home: Settings) -> None:
    """A damaged file: the one-line 'damaged' error, exit 2, and the file untouched."""
    path = home.data_dir / "psoas.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\x07" * page  # a page in the middle
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="damaged") as caught:
        open_fast_reader(home.database_url, home.data_dir, None)
    assert caught.value.exit_code == 2
    assert path.read_bytes() == bytes(data)


def test_a_query_missing_from_the_snapshot_is_a_plain_error(home: Settings) -> None:
    """Code that asks for a query the snapshot lacks fails loudly, never silently."""
    reader = fast(home)
    reader._queries = {}
    with pytest.raises(LookupError, match="not in the compiled snapshot"):
        session_summaries(reader, 1)
    reader.close()


def test_snapshot_dirs_start_beside_the_package(tmp_path: Path) -> None:
    """The package's own folder first, then the cache folder."""
    assert list(snapshot_dirs(tmp_path)) == [fast_reads.PACKAGE_SNAPSHOT_DIR, tmp_path]
