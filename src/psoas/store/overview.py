"""A client at a glance for their coach: adherence, the last test, pain, the PSFS and
the flags (:mod:`psoas.core.adherence`), read in one unit of work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from psoas.core.adherence import RED_FLAG_DAYS, coach_flags, quiet_for, weekly
from psoas.core.psfs import psfs_summary
from psoas.store.psfs_records import psfs_of
from psoas.store.reads import latest_test, session_summaries
from psoas.store.routine_records import tonight_routine
from psoas.store.safety_records import recent_pain
from psoas.store.tables import nightly_screens, self_tests

if TYPE_CHECKING:
    from psoas.store.database import Reader


def red_flags_since(db: Reader, profile: int, since: datetime) -> list[str]:
    """Every red flag reported in a screen or a test since ``since``."""
    n, t = nightly_screens.c, self_tests.c
    screens = db.execute(
        select(n.red_flags).where(n.profile_id == profile, n.answered_at >= since)
    ).scalars()
    tests = db.execute(
        select(t.answers).where(t.profile_id == profile, t.taken_at >= since)
    ).scalars()
    found = [flag for flags in screens for flag in flags]
    found += [flag for answers in tests for flag in answers.get("red_flags", [])]
    return found


def client_overview(db: Reader, profile: int, today: date, weeks: int = 8) -> dict[str, Any]:
    """Adherence by week, the last test, pain, the PSFS, and the flags."""
    sessions = session_summaries(db, profile)
    routine = tonight_routine(db, profile, today)
    per_week = routine.routine.per_week if routine else None
    spans = weekly(sessions, per_week, today, weeks)
    pain = [value for _, value in recent_pain(db, profile, 2)]
    since = datetime.now(UTC) - timedelta(days=RED_FLAG_DAYS)
    test = latest_test(db, profile)
    return {
        "routine": routine.name if routine else None,
        "per_week": per_week,
        "this_week": spans[-1].to_data(),
        "weeks": [w.to_data() for w in spans],
        "done_in_weeks": sum(w.done for w in spans),
        "planned_in_weeks": sum(w.planned for w in spans),
        "days_since_session": quiet_for(sessions, today),
        "last_test": None
        if test is None
        else {
            "taken_at": test.taken_at.isoformat(timespec="seconds"),
            "patterns": (test.findings or {}).get("patterns", []),
        },
        "pain": pain[0] if pain else None,
        "psfs": psfs_summary(psfs_of(db, profile), today),
        "flags": coach_flags(sessions, today, pain, red_flags_since(db, profile, since)),
    }


__all__ = ["client_overview", "red_flags_since"]
