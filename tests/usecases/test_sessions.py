"""The session use cases the terminal and the web player share, on a real database:
setting a session aside keeps the time held, a hold is bounded by its step, and a
session of another person is not found."""

from __future__ import annotations

from pathlib import Path

import pytest

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.nightly import Screen
from psoas.core.planner import build_plan
from psoas.exceptions import BadInput, NotFound
from psoas.store.database import open_database
from psoas.store.reads import profile_id, session_summaries
from psoas.usecases import sessions
from tests.core.answers import answers

NO_FLAGS = Screen((), 0)


def started(db: object, catalog: Catalog, who: str = "default") -> tuple[int, int, list[dict]]:  # type: ignore[type-arg]
    """A bedtime session started for the profile ``who``: (profile, session id, steps)."""
    plan = build_plan(catalog, assess(answers(), catalog), "bedtime").to_data()
    profile = profile_id(db, who)  # type: ignore[arg-type]
    made = sessions.start(db, profile, plan, NO_FLAGS)  # type: ignore[arg-type]
    return profile, made.id, plan["steps"]


def test_setting_a_session_aside_keeps_the_time_held(tmp_path: Path, catalog: Catalog) -> None:
    """Eight minutes into a ten-minute release the session is left; a new one sets it
    aside: the eight minutes are kept as a partial step, and history counts them."""
    db = open_database(f"sqlite:///{tmp_path / 'psoas.db'}")
    with db.session() as s:
        profile, first, steps = started(s, catalog)
        release = next(i for i, step in enumerate(steps) if step["id"] == "bolster-release")
        sessions.save_step(s, first, steps, 0, "done", 0)  # the test, answered
        sessions.keep_hold(s, first, {"index": release, "left_s": 120.0, "total_s": 600.0})
    with db.session() as s:
        plan = build_plan(catalog, assess(answers(), catalog), "bedtime").to_data()
        second = sessions.start(s, profile, plan, NO_FLAGS)
    assert [(a.kept_s) for a in second.set_aside] == [480]
    with db.session() as s:
        aside, new = session_summaries(s, profile)
    assert (aside.status, aside.partial, aside.seconds_held) == ("abandoned", 1, 480)
    assert aside.to_data()["minutes"] == 8.0
    assert new.status == "active"
    db.close()


def test_a_hold_is_bounded_by_its_step(tmp_path: Path, catalog: Catalog) -> None:
    """A step takes its planned length and an hour more at most; past that, a negative
    index, or one past the plan, is refused in words."""
    db = open_database(f"sqlite:///{tmp_path / 'psoas.db'}")
    with db.session() as s:
        _, session_id, steps = started(s, catalog)
        longest = steps[1]["seconds"] + 3600
        assert sessions.save_step(s, session_id, steps, 1, "done", longest)
        with pytest.raises(BadInput, match=f"0 to {longest} for this step"):
            sessions.save_step(s, session_id, steps, 1, "done", longest + 1)
        with pytest.raises(BadInput, match="'index' must be a step number"):
            sessions.save_step(s, session_id, steps, -1, "done", 1)
        with pytest.raises(BadInput, match=f"no step {len(steps)}"):
            sessions.save_step(s, session_id, steps, len(steps), "done", 1)
    db.close()


def test_another_persons_session_is_not_found(tmp_path: Path, catalog: Catalog) -> None:
    """Ann's session id, sent by Bob with a valid body, is not found: not finished, not
    tested, not rescreened, and left as it was."""
    db = open_database(f"sqlite:///{tmp_path / 'psoas.db'}")
    with db.session() as s:
        _, anns, _ = started(s, catalog, "ann")
        bob = profile_id(s, "bob")
    for attempt in (
        lambda s: sessions.finish(s, bob, anns, "finished", 2),
        lambda s: sessions.session_test(s, bob, catalog, anns, "pre", {"pain": 1}),
        lambda s: sessions.rescreen(s, bob, anns, NO_FLAGS),
    ):
        with db.session() as s, pytest.raises(NotFound):
            attempt(s)
    with db.session() as s:
        assert sessions.owned(s, profile_id(s, "ann"), anns).status == "active"
    db.close()
