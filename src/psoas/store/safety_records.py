"""Reading and writing the safety records and the person's choices: tonight's screens,
provider clearances, the ball-massage choice, the props they own and what they can
do, and the pain ratings the pain-jump rule compares.

Functions take an open SQLAlchemy ``Session`` and a profile id, like
:mod:`psoas.store.repository`, and return rows or the core's dataclasses.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from psoas.core.nightly import Screen
from psoas.core.safety import Clearance
from psoas.store.models import (
    ClearanceRecord,
    NightlyScreen,
    Profile,
    SelfTest,
    SessionRecord,
    utcnow,
)
from psoas.validation import plain_text


def add_screen(
    db: Session, profile: int, screen: Screen, *, session_id: int | None = None
) -> NightlyScreen:
    """Store tonight's screen (with its session once one has started)."""
    row = NightlyScreen(
        profile_id=profile,
        session_id=session_id,
        answered_at=utcnow(),
        red_flags=list(screen.red_flags),
        pain=screen.pain,
    )
    db.add(row)
    db.flush()
    return row


def attach_screen(db: Session, screen_id: int, session_id: int) -> None:
    """Tie a screen to the session it opened."""
    db.get_one(NightlyScreen, screen_id).session_id = session_id


_LATEST_SCREEN = (
    select(NightlyScreen)
    .where(NightlyScreen.profile_id == bindparam("profile"))
    .order_by(NightlyScreen.answered_at.desc(), NightlyScreen.id.desc())
    .limit(1)
)


def latest_screen(db: Session, profile: int) -> NightlyScreen | None:
    """The newest screen, or None."""
    return db.scalar(_LATEST_SCREEN, {"profile": profile})


def recent_pain(db: Session, profile: int, count: int = 2) -> list[tuple[datetime, int]]:
    """The ``count`` newest pain ratings given with a test or a screen, newest first."""
    tests = db.execute(
        select(SelfTest.taken_at, SelfTest.answers)
        .where(SelfTest.profile_id == profile)
        .order_by(SelfTest.taken_at.desc(), SelfTest.id.desc())
        .limit(count)
    )
    screens = db.execute(
        select(NightlyScreen.answered_at, NightlyScreen.pain)
        .where(NightlyScreen.profile_id == profile)
        .order_by(NightlyScreen.answered_at.desc(), NightlyScreen.id.desc())
        .limit(count)
    )
    found = [(t, int(a["pain"])) for t, a in tests if isinstance(a.get("pain"), int)]
    found += [(t, int(p)) for t, p in screens]
    return sorted(found, key=lambda item: item[0], reverse=True)[:count]


def clearances(db: Session, profile: int) -> list[Clearance]:
    """The person's clearances, oldest first."""
    rows = db.scalars(
        select(ClearanceRecord)
        .where(ClearanceRecord.profile_id == profile)
        .order_by(ClearanceRecord.cleared_on, ClearanceRecord.id)
    )
    return [Clearance(r.flag_id, r.cleared_on, r.cleared_by) for r in rows]


def set_clearance(
    db: Session, profile: int, flag_id: str, cleared_on: date, by: str | None = None
) -> ClearanceRecord:
    """Record (or replace) the clearance for one caution flag; ``by`` must be plain text."""
    by = plain_text(by, "who cleared you (by)")
    row = db.scalar(
        select(ClearanceRecord).where(
            ClearanceRecord.profile_id == profile, ClearanceRecord.flag_id == flag_id
        )
    )
    if row is None:
        row = ClearanceRecord(profile_id=profile, flag_id=flag_id, cleared_on=cleared_on)
        db.add(row)
    row.cleared_on, row.cleared_by, row.recorded_at = cleared_on, by, utcnow()
    mark_safety_changed(db, profile)
    db.flush()
    return row


def remove_clearance(db: Session, profile: int, flag_id: str) -> bool:
    """Take a clearance back; False when there was none."""
    result = db.execute(
        delete(ClearanceRecord).where(
            ClearanceRecord.profile_id == profile, ClearanceRecord.flag_id == flag_id
        )
    )
    removed = bool(result.rowcount)  # type: ignore[attr-defined]
    if removed:
        mark_safety_changed(db, profile)
    return removed


def massage_on_since(db: Session, profile: int) -> datetime | None:
    """When the person turned ball massage on, or None while it is off."""
    return db.get_one(Profile, profile).massage_on_at


def set_massage(db: Session, profile: int, on: bool) -> None:
    """Turn ball massage on (the caller has asked its safety questions) or off."""
    row = db.get_one(Profile, profile)
    row.massage_on_at = (row.massage_on_at or utcnow()) if on else None
    mark_safety_changed(db, profile)


#: Each ability asked, and the limit its "no" means.
ABILITY_LIMITS = {"floor": "no_floor", "face_down": "no_prone"}


def equipment(db: Session, profile: int) -> tuple[list[str] | None, dict[str, bool]]:
    """(props owned or None until said, the ability answers given so far)."""
    row = db.get_one(Profile, profile)
    return row.props_owned, dict(row.abilities or {})


def limits_of(abilities: dict[str, bool]) -> frozenset[str]:
    """The limits the "no" answers mean (``no_floor``, ``no_prone``)."""
    return frozenset(ABILITY_LIMITS[k] for k, can in abilities.items() if can is False)


def set_equipment(
    db: Session, profile: int, props: list[str] | None, abilities: dict[str, bool]
) -> None:
    """Keep the props owned (None: as they were) and these ability answers."""
    row = db.get_one(Profile, profile)
    if props is not None:
        row.props_owned = sorted(set(props))
    if abilities:
        row.abilities = {**(row.abilities or {}), **abilities}
    mark_safety_changed(db, profile)


def mark_safety_changed(db: Session, profile: int) -> None:
    """Note that a clearance, the massage choice, the props or the limits changed, for
    caches keyed on it."""
    db.get_one(Profile, profile).safety_changed_at = utcnow()


_LAST_ENDED = (
    select(SessionRecord.flag)
    .where(
        SessionRecord.profile_id == bindparam("profile"),
        SessionRecord.status.in_(("finished", "ended_early")),
    )
    .order_by(SessionRecord.started_at.desc(), SessionRecord.id.desc())
    .limit(1)
)


def last_session_flag(db: Session, profile: int) -> str | None:
    """The flag of the newest session that ended (finished or early), or None."""
    return db.scalar(_LAST_ENDED, {"profile": profile})


__all__ = [
    "ABILITY_LIMITS",
    "add_screen",
    "attach_screen",
    "clearances",
    "equipment",
    "last_session_flag",
    "latest_screen",
    "limits_of",
    "mark_safety_changed",
    "massage_on_since",
    "recent_pain",
    "remove_clearance",
    "set_clearance",
    "set_equipment",
    "set_massage",
]
