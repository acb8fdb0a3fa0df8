"""The terminal session, driven in-process by a fake clock and scripted keys and answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from psoas.catalog.model import Catalog
from psoas.cli.session_runner import TerminalSession
from psoas.core.assessment import assess
from psoas.core.planner import build_plan
from psoas.core.session import SessionEngine
from psoas.store.database import Database, open_database
from psoas.store.models import SelfTest, SessionRecord, StepLog
from psoas.store.repository import begin_session, profile_id, save_plan
from tests.core.answers import answers
from tests.core.test_session import FakeClock

TEST_LINES = ["", "n", "y", "pencil", "y", "n", "3"]  # Enter, then the checks, then pain
RETEST_LINES = ["", "n", "y", "pencil", "y", "n", "1"]


class ScriptedReader:
    """Keys pressed at given session times, and answer lines in order."""

    def __init__(self, clock: FakeClock, keys: list[tuple[float, str]], lines: list[str]) -> None:
        self.clock, self.keys, self.lines = clock, sorted(keys), list(lines)
        self.start = clock.now

    def poll(self, timeout: float) -> str | None:
        self.clock.advance(1.0)
        if self.keys and self.keys[0][0] <= self.clock.now - self.start:
            return self.keys.pop(0)[1]
        return None

    def read_line(self, prompt: str) -> str:
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'psoas.db'}")
    yield database
    database.close()


def run_session(
    catalog: Catalog,
    db: Database,
    keys: list[tuple[float, str]],
    lines: list[str],
    routine: str = "bedtime",
) -> TerminalSession:
    plan = build_plan(catalog, assess(answers(), catalog), routine)  # type: ignore[arg-type]
    with db.session() as session:
        profile = profile_id(session)
        session_id = begin_session(session, profile, save_plan(session, profile, plan.to_data())).id
    clock = FakeClock()
    runner = TerminalSession(
        catalog=catalog,
        db=db,
        session_id=session_id,
        profile=profile,
        engine=SessionEngine(list(plan.steps), clock),
        reader=ScriptedReader(clock, keys, lines),
        chime=lambda kind: rung.append(kind),
        live=False,
    )
    rung: list[str] = []
    runner.rung = rung  # type: ignore[attr-defined]
    runner.run()
    return runner


def logs(db: Database) -> list[tuple[int, str, str, int]]:
    with db.session() as session:
        rows = session.scalars(select(StepLog).order_by(StepLog.step_index))
        return [(r.step_index, r.practice_id, r.status, r.seconds_held) for r in rows]


def test_bedtime_session_saves_every_step_and_both_tests(catalog: Catalog, db: Database) -> None:
    """A whole bedtime session: tests stored as pre and post, every step logged, chimes rung."""
    runner = run_session(catalog, db, [], [*TEST_LINES, *RETEST_LINES, "2"])
    assert logs(db) == [
        (0, "sit-to-lie-test", "done", 0),
        (1, "bolster-release", "done", 600),
        (2, "pelvis-block-release", "done", 300),
        (3, "sit-to-lie-test", "done", 0),
    ]
    with db.session() as session:
        record = session.scalars(select(SessionRecord)).one()
        assert (record.status, record.discomfort) == ("finished", 2)
        tests = session.scalars(select(SelfTest).order_by(SelfTest.id)).all()
        assert [(t.phase, t.answers["pain"]) for t in tests] == [("pre", 3), ("post", 1)]
        assert {t.session_id for t in tests} == {record.id}
    assert runner.rung.count("start") == 2  # type: ignore[attr-defined]
    assert runner.rung[-1] == "end"  # type: ignore[attr-defined]


def test_keys_pause_skip_extend_and_end(catalog: Catalog, db: Database) -> None:
    """+ adds a minute, p pauses, s skips, q ends: each shows in what is saved."""
    keys = [
        (20, "+"),  # bolster release (10 s lead-in, then 600 s): one more minute
        (100, "p"),  # pause for 50 s
        (150, "p"),
        (800, "s"),  # the block release holds from 725 s: skip it 75 s in
    ]
    run_session(catalog, db, keys, [*TEST_LINES, "s", ""])
    saved = logs(db)
    assert saved[1][:3] == (1, "bolster-release", "done")
    assert saved[1][3] == 660  # the extra minute counts, the pause does not
    assert saved[2][:3] == (2, "pelvis-block-release", "skipped")
    assert saved[2][3] == pytest.approx(75, abs=2)
    assert saved[3][:3] == (3, "sit-to-lie-test", "skipped")


def test_quit_mid_hold_keeps_a_partial_step(catalog: Catalog, db: Database) -> None:
    """q during a hold asks first; y ends the session early, keeping the hold as
    partial, and the time spent answering is not held."""
    run_session(catalog, db, [(200, "q"), (260, "y")], TEST_LINES)
    last = logs(db)[-1]
    assert last[:3] == (1, "bolster-release", "partial")
    assert last[3] == pytest.approx(200 - 10, abs=2)  # from the lead-in to q, not to y
    with db.session() as session:
        assert session.scalars(select(SessionRecord)).one().status == "ended_early"


def test_q_then_another_key_goes_on(catalog: Catalog, db: Database) -> None:
    """q asks; any other key goes on from where the clock stood, so a stray q (in a
    paste, say) never ends a session."""
    runner = run_session(catalog, db, [(200, "q"), (260, "x")], [*TEST_LINES, "s", ""])
    assert runner.engine.ended_early is False
    saved = logs(db)
    assert saved[1][:3] == (1, "bolster-release", "done")
    with db.session() as session:
        assert session.scalars(select(SessionRecord)).one().status == "finished"


def test_input_ending_mid_session_leaves_it_resumable(catalog: Catalog, db: Database) -> None:
    """Answers running out at the re-test: a clear error, the session stays active."""
    from psoas.cli.session_runner import InputEnded

    with pytest.raises(InputEnded, match="psoas resume"):
        run_session(catalog, db, [], TEST_LINES)
    assert [row[0] for row in logs(db)] == [0, 1, 2]
    with db.session() as session:
        assert session.scalars(select(SessionRecord)).one().status == "active"


def test_per_side_steps_chime_at_the_switch(catalog: Catalog, db: Database) -> None:
    """A per-side stretch rings the switch chime between its sides."""
    runner = run_session(catalog, db, [], [], routine="desk-break")
    assert "switch" in runner.rung  # type: ignore[attr-defined]
    sides = [s for s in logs(db) if s[1] == "lunge-hip-flexor-stretch"]
    assert len(sides) == 2
