"""The record the progression rules read: recent ended sessions, as nights.

For each of the newest ended sessions: its day, whether the re-test after the
release showed it held (thighs flat, a pencil gap), the pain at its start (its
first test, else tonight's screen), and whether a strength step was done.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.core.progression import Night
from psoas.store.models import NightlyScreen, SelfTest, SessionRecord, StepLog

#: How many ended sessions the rules read: the release rule replays the last 30
#: re-tests and the strength dose counts weeks from the first strength night, so two
#: months of nightly sessions is plenty.
NIGHTS_READ = 60


def recent_nights(db: Session, profile: int, strength_ids: set[str], tz: Any = None) -> list[Night]:
    """The newest ended sessions as nights, oldest first (days in ``tz``, default local)."""
    sessions = db.execute(
        select(SessionRecord.id, SessionRecord.started_at)
        .where(
            SessionRecord.profile_id == profile,
            SessionRecord.status.in_(("finished", "ended_early")),
        )
        .order_by(SessionRecord.started_at.desc(), SessionRecord.id.desc())
        .limit(NIGHTS_READ)
    ).all()
    if not sessions:
        return []
    ids = [sid for sid, _ in sessions]
    tests: dict[tuple[int, str], dict[str, Any]] = {}
    for sid, phase, answers in db.execute(
        select(SelfTest.session_id, SelfTest.phase, SelfTest.answers).where(
            SelfTest.session_id.in_(ids)
        )
    ):
        tests[(sid, phase)] = answers
    screens = dict(
        db.execute(
            select(NightlyScreen.session_id, NightlyScreen.pain).where(
                NightlyScreen.session_id.in_(ids)
            )
        ).all()
    )
    strong = set(
        db.scalars(
            select(StepLog.session_id).where(
                StepLog.session_id.in_(ids),
                StepLog.practice_id.in_(strength_ids),
                StepLog.status == "done",
            )
        )
    )
    nights = []
    for sid, started in reversed(sessions):
        after = tests.get((sid, "post"))
        before = tests.get((sid, "pre"))
        released = None
        if after is not None and after.get("thighs_flat") is not None:
            released = bool(after.get("thighs_flat")) and after.get("back_gap") == "pencil"
        pain = before.get("pain") if before else screens.get(sid)
        nights.append(Night(_day(started, tz), released, pain, sid in strong))
    return nights


def first_full_test(db: Session, profile: int) -> tuple[datetime, dict[str, Any]] | None:
    """When the first full self-test was taken, and its answers."""
    row = db.execute(
        select(SelfTest.taken_at, SelfTest.answers)
        .where(SelfTest.profile_id == profile, SelfTest.phase == "check")
        .order_by(SelfTest.taken_at, SelfTest.id)
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def _day(moment: datetime, tz: Any) -> date:
    return moment.astimezone(tz).date()


__all__ = ["NIGHTS_READ", "first_full_test", "recent_nights"]
