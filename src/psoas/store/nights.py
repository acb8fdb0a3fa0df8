"""The record the progression rules read: recent ended sessions, as nights.

For each of the newest ended sessions: its day, whether the re-test after the
release showed it held (thighs flat, a pencil gap), the pain at its start (its
first test, else tonight's screen), and whether a strength step was done.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from psoas.core.progression import Night
from psoas.store.query import query, run

if TYPE_CHECKING:
    from psoas.store.database import Reader

#: How many ended sessions the rules read: the release rule replays the last 30
#: re-tests and the strength dose counts weeks from the first strength night, so two
#: months of nightly sessions is plenty.
NIGHTS_READ = 60


@query
def _ended() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import sessions

    return (
        select(sessions.c.id, sessions.c.started_at)
        .where(
            sessions.c.profile_id == bindparam("profile"),
            sessions.c.status.in_(("finished", "ended_early")),
        )
        .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
        .limit(NIGHTS_READ)
    )


@query
def _tests() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    return select(self_tests.c.session_id, self_tests.c.phase, self_tests.c.answers).where(
        self_tests.c.session_id.in_(bindparam("ids", expanding=True))
    )


@query
def _screens() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import nightly_screens

    return select(nightly_screens.c.session_id, nightly_screens.c.pain).where(
        nightly_screens.c.session_id.in_(bindparam("ids", expanding=True))
    )


@query
def _strong() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import step_logs

    return select(step_logs.c.session_id).where(
        step_logs.c.session_id.in_(bindparam("ids", expanding=True)),
        step_logs.c.practice_id.in_(bindparam("strength", expanding=True)),
        step_logs.c.status == "done",
    )


def recent_nights(db: Reader, profile: int, strength_ids: set[str], tz: Any = None) -> list[Night]:
    """The newest ended sessions as nights, oldest first (days in ``tz``, default local)."""
    ended = run(db, _ended, {"profile": profile}).all()
    if not ended:
        return []
    ids = {"ids": [sid for sid, _ in ended]}
    tests: dict[tuple[int, str], dict[str, Any]] = {}
    for sid, phase, answers in run(db, _tests, ids):
        tests[(sid, phase)] = answers
    screens = dict(run(db, _screens, ids).all())
    strong = set(run(db, _strong, {**ids, "strength": sorted(strength_ids)}).scalars())
    nights = []
    for sid, started in reversed(ended):
        after = tests.get((sid, "post"))
        before = tests.get((sid, "pre"))
        released = None
        if after is not None and after.get("thighs_flat") is not None:
            released = bool(after.get("thighs_flat")) and after.get("back_gap") == "pencil"
        pain = before.get("pain") if before else screens.get(sid)
        nights.append(Night(_day(started, tz), released, pain, sid in strong))
    return nights


@query
def _first_full_test() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    return (
        select(self_tests.c.taken_at, self_tests.c.answers)
        .where(self_tests.c.profile_id == bindparam("profile"), self_tests.c.phase == "check")
        .order_by(self_tests.c.taken_at, self_tests.c.id)
        .limit(1)
    )


def first_full_test(db: Reader, profile: int) -> tuple[datetime, dict[str, Any]] | None:
    """When the first full self-test was taken, and its answers."""
    row = run(db, _first_full_test, {"profile": profile}).first()
    return None if row is None else (row[0], row[1])


def _day(moment: datetime, tz: Any) -> date:
    return moment.astimezone(tz).date()


__all__ = ["NIGHTS_READ", "first_full_test", "recent_nights"]
