"""Reading and writing the safety records and the person's choices: tonight's screens,
provider clearances, the ball-massage choice, the props they own and what they can
do, and the pain ratings the pain-jump rule compares.

Functions take a :data:`~psoas.store.database.Reader` (a Core connection, an ORM
session or, for reading, a fast SQLite reader) and a profile id. The reads are named
queries (:mod:`psoas.store.query`), so planning from the command line on SQLite
imports neither the ORM nor SQLAlchemy; the writes import what they use.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from psoas.core.nightly import Screen
from psoas.core.safety import Clearance
from psoas.store.query import query, run, scalar
from psoas.validation import plain_text

if TYPE_CHECKING:
    from psoas.core.pain import PainRating
    from psoas.store.database import Reader


def add_screen(db: Reader, profile: int, screen: Screen, *, session_id: int | None = None) -> int:
    """Store tonight's screen (with its session once one has started); returns its id."""
    from sqlalchemy import insert

    from psoas.store.tables import nightly_screens as screens
    from psoas.store.tables import utcnow

    made = db.execute(
        insert(screens).values(
            profile_id=profile,
            session_id=session_id,
            answered_at=utcnow(),
            red_flags=list(screen.red_flags),
            pain=screen.pain,
        )
    )
    return int(made.inserted_primary_key[0])  # type: ignore[attr-defined]


def attach_screen(db: Reader, screen_id: int, session_id: int) -> None:
    """Tie a screen to the session it opened."""
    from sqlalchemy import update

    from psoas.store.tables import nightly_screens as screens

    db.execute(update(screens).where(screens.c.id == screen_id).values(session_id=session_id))


@query
def _latest_screen() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import nightly_screens as screens

    return (
        select(screens)
        .where(screens.c.profile_id == bindparam("profile"))
        .order_by(screens.c.answered_at.desc(), screens.c.id.desc())
        .limit(1)
    )


def latest_screen(db: Reader, profile: int) -> Any:
    """The newest screen (every column), or None."""
    return run(db, _latest_screen, {"profile": profile}).first()


@query
def _test_pain() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    t = self_tests.c
    return (
        select(t.taken_at, t.phase, t.answers, t.session_id)
        .where(t.profile_id == bindparam("profile"))
        .order_by(t.taken_at.desc(), t.id.desc())
        .limit(bindparam("count"))
    )


@query
def _screen_pain() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import nightly_screens as screens

    n = screens.c
    return (
        select(n.answered_at, n.pain, n.session_id)
        .where(n.profile_id == bindparam("profile"))
        .order_by(n.answered_at.desc(), n.id.desc())
        .limit(bindparam("count"))
    )


def recent_pain(db: Reader, profile: int, count: int = 2) -> list[PainRating]:
    """The ``count`` newest pain ratings given with a test or a screen (every context
    but the discomfort after sessions), newest first."""
    from psoas.core.pain import PainRating
    from psoas.store.pain_reads import pain_of_test, session_key

    params = {"profile": profile, "count": count}
    found = [r for row in run(db, _test_pain, params) if (r := pain_of_test(*row)) is not None]
    found += [
        PainRating(when, int(pain), "screen", session_key(session))
        for when, pain, session in run(db, _screen_pain, params)
    ]
    return sorted(found, key=lambda r: r.at, reverse=True)[:count]


@query
def _clearances() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import clearances as cleared

    c = cleared.c
    return (
        select(c.flag_id, c.cleared_on, c.cleared_by)
        .where(c.profile_id == bindparam("profile"))
        .order_by(c.cleared_on, c.id)
    )


def clearances(db: Reader, profile: int) -> list[Clearance]:
    """The person's clearances, oldest first."""
    rows = run(db, _clearances, {"profile": profile})
    return [Clearance(flag, on, by) for flag, on, by in rows]


def set_clearance(
    db: Reader, profile: int, flag_id: str, cleared_on: date, by: str | None = None
) -> None:
    """Record (or replace) the clearance for one caution flag; ``by`` must be plain text."""
    from sqlalchemy import insert, update

    from psoas.store.tables import clearances as cleared
    from psoas.store.tables import utcnow

    by = plain_text(by, "who cleared you (by)")
    mine = (cleared.c.profile_id == profile) & (cleared.c.flag_id == flag_id)
    values = {"cleared_on": cleared_on, "cleared_by": by, "recorded_at": utcnow()}
    changed = db.execute(update(cleared).where(mine).values(**values))
    if not changed.rowcount:  # type: ignore[attr-defined]
        db.execute(insert(cleared).values(profile_id=profile, flag_id=flag_id, **values))
    mark_safety_changed(db, profile)


def remove_clearance(db: Reader, profile: int, flag_id: str) -> bool:
    """Take a clearance back; False when there was none."""
    from sqlalchemy import delete

    from psoas.store.tables import clearances as cleared

    result = db.execute(
        delete(cleared).where(cleared.c.profile_id == profile, cleared.c.flag_id == flag_id)
    )
    removed = bool(result.rowcount)  # type: ignore[attr-defined]
    if removed:
        mark_safety_changed(db, profile)
    return removed


@query
def _choices() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import profiles

    p = profiles.c
    return select(p.massage_on_at, p.props_owned, p.abilities).where(p.id == bindparam("profile"))


def _set_profile(db: Reader, profile: int, **values: Any) -> None:
    from sqlalchemy import update

    from psoas.store.tables import profiles

    db.execute(update(profiles).where(profiles.c.id == profile).values(**values))


def massage_on_since(db: Reader, profile: int) -> datetime | None:
    """When the person turned ball massage on, or None while it is off."""
    found: datetime | None = run(db, _choices, {"profile": profile}).one().massage_on_at
    return found


def set_massage(db: Reader, profile: int, on: bool) -> None:
    """Turn ball massage on (the caller has asked its safety questions) or off; turning
    it on again keeps the time it was first turned on."""
    from sqlalchemy import func

    from psoas.store.tables import profiles, utcnow

    since = func.coalesce(profiles.c.massage_on_at, utcnow()) if on else None
    _set_profile(db, profile, massage_on_at=since, safety_changed_at=utcnow())


def equipment(db: Reader, profile: int) -> tuple[list[str] | None, dict[str, bool]]:
    """(props owned or None until said, the ability answers given so far)."""
    row = run(db, _choices, {"profile": profile}).one()
    return row.props_owned, dict(row.abilities or {})


def set_equipment(
    db: Reader, profile: int, props: list[str] | None, abilities: dict[str, bool]
) -> None:
    """Keep the props owned (None: as they were) and these ability answers."""
    from psoas.store.tables import utcnow

    values: dict[str, Any] = {"safety_changed_at": utcnow()}
    if props is not None:
        values["props_owned"] = sorted(set(props))
    if abilities:
        given = equipment(db, profile)[1]
        values["abilities"] = {**given, **abilities}
    _set_profile(db, profile, **values)


def mark_safety_changed(db: Reader, profile: int) -> None:
    """Note that a clearance, the massage choice, the props or the limits changed, for
    caches keyed on it."""
    from psoas.store.tables import utcnow

    _set_profile(db, profile, safety_changed_at=utcnow())


@query
def _last_ended() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import sessions

    return (
        select(sessions.c.flag)
        .where(
            sessions.c.profile_id == bindparam("profile"),
            sessions.c.status.in_(("finished", "ended_early")),
        )
        .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
        .limit(1)
    )


@query
def _screen_flags() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import nightly_screens

    n = nightly_screens.c
    return select(n.red_flags).where(
        n.profile_id == bindparam("profile"), n.answered_at >= bindparam("since")
    )


@query
def _test_flags() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    t = self_tests.c
    return select(t.answers).where(
        t.profile_id == bindparam("profile"), t.taken_at >= bindparam("since")
    )


def red_flags_since(db: Reader, profile: int, since: datetime) -> list[str]:
    """Every red flag reported in a screen or a test since ``since``."""
    params = {"profile": profile, "since": since}
    found = [flag for (flags,) in run(db, _screen_flags, params) for flag in flags]
    found += [
        flag for (answers,) in run(db, _test_flags, params) for flag in answers.get("red_flags", [])
    ]
    return found


def last_session_flag(db: Reader, profile: int) -> str | None:
    """The flag of the newest session that ended (finished or early), or None."""
    flag: str | None = scalar(db, _last_ended, {"profile": profile})
    return flag


__all__ = [
    "add_screen",
    "attach_screen",
    "clearances",
    "equipment",
    "last_session_flag",
    "latest_screen",
    "mark_safety_changed",
    "massage_on_since",
    "recent_pain",
    "red_flags_since",
    "remove_clearance",
    "set_clearance",
    "set_equipment",
    "set_massage",
]
