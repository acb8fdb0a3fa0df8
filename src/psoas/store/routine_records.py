"""Routines of one's own and those a coach writes for a client: stored, listed, chosen
as tonight's plan, accepted or declined, and every change kept (who, when, what).

A routine the person writes is theirs (``own``). A coach's routine arrives ``offered``
and runs only once the person accepts it; a coach's later change to it waits, beside
the accepted version that keeps running, until the person accepts that too. The person
never edits a coach's routine (they save a copy under a new name), and a coach only
ever touches routines they wrote. The reads are named queries, like
:mod:`psoas.store.reads`; the writes import SQLAlchemy and the tables themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from psoas.core.own_routines import OwnRoutine, stored_routine
from psoas.exceptions import BadInput
from psoas.store.query import query, run, scalar
from psoas.store.safety_records import mark_safety_changed

if TYPE_CHECKING:
    from psoas.core.adherence import RoutineEvent
    from psoas.store.database import Reader

#: (user id, name) of the coach who writes, or None for the person themself.
Author = tuple[int, str] | None
#: Routines that may be tonight's plan.
RUNNABLE = ("own", "accepted")


class RoutineNotFound(BadInput):
    """No such routine for this person (a coach asking for another's is told the same)."""


@dataclass(frozen=True)
class RoutineRecord:
    """A stored routine, as the person (or their coach) sees it."""

    uid: str
    routine: OwnRoutine
    status: str
    #: The coach who wrote it, or None when it is the person's own.
    author: str | None
    starts_on: date | None
    updated_at: datetime
    #: True when it is tonight's plan.
    chosen: bool
    #: A coach's change waiting for the person to accept it, or None.
    offered: OwnRoutine | None = None

    @property
    def name(self) -> str:
        """The routine's name."""
        return self.routine.name

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "uid": self.uid,
            "name": self.name,
            "status": self.status,
            "author": self.author,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
            "chosen": self.chosen,
            "routine": self.routine.to_data(),
            "offered_change": self.offered.to_data() if self.offered else None,
        }


@dataclass(frozen=True)
class RoutineChange:
    """One change to a routine: when, by whom (None: the person), what, and the result."""

    at: datetime
    by: str | None
    action: str
    spec: dict[str, Any] | None

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "by": self.by,
            "action": self.action,
            "routine": self.spec,
        }


def _record(row: Any, chosen_id: int | None) -> RoutineRecord:
    return RoutineRecord(
        uid=row.uid,
        routine=stored_routine(row.spec),
        status=row.status,
        author=row.author_name,
        starts_on=row.starts_on,
        updated_at=row.updated_at,
        chosen=row.id == chosen_id,
        offered=stored_routine(row.offered_spec) if row.offered_spec else None,
    )


@query
def _chosen() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import profiles

    return select(profiles.c.routine_id).where(profiles.c.id == bindparam("profile"))


def _chosen_id(db: Reader, profile: int) -> int | None:
    found = scalar(db, _chosen, {"profile": profile})
    return None if found is None else int(found)


def _routines_statement(by: str) -> Any:
    """Routines of one profile: ``all`` of them newest change first, ``live`` ones (not
    archived) likewise, one ``by_uid``, or ``by_name`` (any case, not archived)."""
    from sqlalchemy import bindparam, func, select

    from psoas.store.tables import routines

    r = routines.c
    chosen = select(routines).where(r.profile_id == bindparam("profile"))
    if by == "by_uid":
        return chosen.where(r.uid == bindparam("key"))
    if by == "by_name":
        chosen = chosen.where(func.lower(r.name) == bindparam("key"))
    if by in ("by_name", "live"):
        chosen = chosen.where(r.status != "archived")
    return chosen.order_by(r.updated_at.desc(), r.id.desc())


_ROUTINES = {
    by: query(partial(_routines_statement, by), key=f"{__name__}.routines_{by}")
    for by in ("all", "live", "by_uid", "by_name")
}


def routine_records(db: Reader, profile: int, *, archived: bool = False) -> list[RoutineRecord]:
    """The person's routines, newest change first (archived ones only if asked)."""
    chosen = _chosen_id(db, profile)
    rows = run(db, _ROUTINES["all" if archived else "live"], {"profile": profile})
    return [_record(row, chosen) for row in rows]


def _row(db: Reader, profile: int, key: str) -> Any:
    """The routine with this uid, or this name (any case); never another person's."""
    found = run(db, _ROUTINES["by_uid"], {"profile": profile, "key": key}).first()
    if found is None:
        by_name = {"profile": profile, "key": key.strip().lower()}
        found = run(db, _ROUTINES["by_name"], by_name).first()
    if found is None:
        raise RoutineNotFound(f"no routine called {key[:60]!r}; `psoas routine list` names them")
    return found


def find_routine(db: Reader, profile: int, key: str) -> RoutineRecord:
    """The routine with this uid or name."""
    return _record(_row(db, profile, key), _chosen_id(db, profile))


def save_routine(
    db: Reader,
    profile: int,
    routine: OwnRoutine,
    *,
    uid: str | None = None,
    author: Author = None,
    starts_on: date | None = None,
) -> str:
    """Store a new routine, or (with ``uid``) a change to one; returns its uid.

    The person's routines are ``own``; a coach's new routine is ``offered``, and a
    coach's change to one the person accepted waits as an offered change."""
    from sqlalchemy import insert, update

    from psoas.store.tables import new_uid, routines, utcnow

    spec = routine.to_data()
    now = utcnow()
    if uid is None:
        status = "own" if author is None else "offered"
        made = new_uid()
        db.execute(
            insert(routines).values(
                uid=made,
                profile_id=profile,
                name=routine.name,
                spec=spec,
                author_user_id=author[0] if author else None,
                author_name=author[1] if author else None,
                starts_on=starts_on,
                status=status,
                created_at=now,
                updated_at=now,
            )
        )
        row = _row(db, profile, made)
        _log(db, row.id, author, "created" if author is None else "offered", spec)
        mark_safety_changed(db, profile)
        return made
    row = _row(db, profile, uid)
    _may_change(row, author)
    values: dict[str, Any] = {"updated_at": now, "starts_on": starts_on or row.starts_on}
    if author is not None and row.status == "accepted":
        values["offered_spec"] = spec  # the accepted version runs until this is accepted
    else:
        values.update(spec=spec, name=routine.name)
        if author is not None and row.status == "declined":
            values["status"] = "offered"
    db.execute(update(routines).where(routines.c.id == row.id).values(**values))
    _log(db, row.id, author, "edited", spec)
    mark_safety_changed(db, profile)
    return str(row.uid)


def _may_change(row: Any, author: Author) -> None:
    """The person changes their own routines only; a coach only those they wrote (any
    other is simply not found, deleted or not)."""
    if author is not None and row.author_user_id != author[0]:
        raise RoutineNotFound("no such routine among the ones you wrote for this client")
    if row.status == "archived":
        raise BadInput(f"{row.name!r} was deleted; save it again under a new name")
    if author is None and row.author_name is not None:
        raise BadInput(
            f"{row.name!r} is from your physiotherapist {row.author_name}: save a copy "
            "under a new name to change it"
        )


def choose_routine(db: Reader, profile: int, key: str | None) -> RoutineRecord | None:
    """Make a routine tonight's plan (None: back to the app's routines)."""
    from sqlalchemy import update

    from psoas.store.tables import profiles

    chosen = _chosen_id(db, profile)
    if key is None:
        if chosen is not None:
            _log(db, chosen, None, "set_aside", None)
        db.execute(update(profiles).where(profiles.c.id == profile).values(routine_id=None))
        mark_safety_changed(db, profile)
        return None
    row = _row(db, profile, key)
    if row.status not in RUNNABLE:
        verb = "accept it first" if row.status == "offered" else "it cannot run"
        raise BadInput(f"{row.name!r} is {row.status}: {verb}")
    db.execute(update(profiles).where(profiles.c.id == profile).values(routine_id=row.id))
    _log(db, row.id, None, "chosen", None)
    mark_safety_changed(db, profile)
    return _record(row, row.id)


def answer_offer(db: Reader, profile: int, key: str, accept: bool) -> RoutineRecord:
    """Accept (it becomes tonight's plan) or decline a coach's routine or change to one."""
    from sqlalchemy import update

    from psoas.store.tables import profiles, routines, utcnow

    row = _row(db, profile, key)
    pending = row.status == "offered" or row.offered_spec is not None
    if not pending:
        raise BadInput(f"{row.name!r} has nothing waiting for your answer")
    values: dict[str, Any] = {"offered_spec": None, "updated_at": utcnow()}
    if accept and row.offered_spec is not None:
        values.update(spec=row.offered_spec, name=row.offered_spec["name"])
    if row.status == "offered":
        values["status"] = "accepted" if accept else "declined"
    db.execute(update(routines).where(routines.c.id == row.id).values(**values))
    _log(db, row.id, None, "accepted" if accept else "declined", None)
    if accept:
        db.execute(update(profiles).where(profiles.c.id == profile).values(routine_id=row.id))
    mark_safety_changed(db, profile)
    return find_routine(db, profile, row.uid)


def archive_routine(db: Reader, profile: int, key: str, author: Author = None) -> str:
    """Delete a routine from the list (its changes are kept); a coach only their own."""
    from sqlalchemy import update

    from psoas.store.tables import profiles, routines

    row = _row(db, profile, key)
    if author is not None and row.author_user_id != author[0]:
        raise RoutineNotFound("no such routine among the ones you wrote for this client")
    db.execute(update(routines).where(routines.c.id == row.id).values(status="archived"))
    chosen = profiles.c.routine_id == row.id
    db.execute(update(profiles).where(profiles.c.id == profile, chosen).values(routine_id=None))
    _log(db, row.id, author, "archived", None)
    mark_safety_changed(db, profile)
    return str(row.name)


@query
def _changes() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import routine_changes

    c = routine_changes.c
    return (
        select(c.at, c.by_name, c.action, c.spec)
        .where(c.routine_id == bindparam("routine"))
        .order_by(c.id)
    )


@query
def _routine_by_id() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import routines

    return select(routines).where(routines.c.id == bindparam("id"))


def changes_of(db: Reader, profile: int, key: str) -> list[RoutineChange]:
    """Every change to a routine, oldest first."""
    row = _row(db, profile, key)
    rows = run(db, _changes, {"routine": row.id})
    return [RoutineChange(at, by, action, spec) for at, by, action, spec in rows]


@query
def _routine_events() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import routine_changes, routines

    c, r = routine_changes.c, routines.c
    return (
        select(
            c.at,
            c.action,
            r.uid,
            r.name,
            r.spec["per_week"].as_integer(),
            r.starts_on,
        )
        .join(routines, r.id == c.routine_id)
        .where(r.profile_id == bindparam("profile"))
        .order_by(c.at, c.id)
    )


def routine_events(db: Reader, profile: int, tz: Any = None) -> list[RoutineEvent]:
    """Every change to the person's routines, oldest first, as the adherence rules read
    them (days in ``tz``, default local)."""
    from psoas.core.adherence import RoutineEvent

    rows = run(db, _routine_events, {"profile": profile})
    return [
        RoutineEvent(at.astimezone(tz).date(), action, uid, name, per_week, starts_on)
        for at, action, uid, name, per_week, starts_on in rows
    ]


def tonight_routine(db: Reader, profile: int, today: date) -> RoutineRecord | None:
    """The chosen routine when it may run tonight (its start date reached), else None."""
    chosen = _chosen_id(db, profile)
    if chosen is None:
        return None
    row = run(db, _routine_by_id, {"id": chosen}).one()
    if row.status not in RUNNABLE or (row.starts_on and row.starts_on > today):
        return None
    return _record(row, chosen)


def import_routine(db: Reader, profile: int, uid: str, routine: OwnRoutine, **kept: Any) -> bool:
    """Add a routine from an export unless its uid is known; True when added. ``kept``
    holds its ``status``, ``author``, ``starts_on`` and whether it was ``chosen`` (which
    it becomes again only when nothing is chosen here)."""
    from sqlalchemy import insert, select, update

    from psoas.store.tables import profiles, routines, utcnow

    if db.scalar(select(routines.c.id).where(routines.c.uid == uid)) is not None:
        return False
    now = utcnow()
    db.execute(
        insert(routines).values(
            uid=uid,
            profile_id=profile,
            name=routine.name,
            spec=routine.to_data(),
            author_name=kept.get("author"),
            starts_on=kept.get("starts_on"),
            status=kept.get("status", "own"),
            created_at=now,
            updated_at=now,
        )
    )
    made = _row(db, profile, uid)
    _log(db, made.id, None, "imported", routine.to_data())
    if kept.get("chosen") and made.status in RUNNABLE and _chosen_id(db, profile) is None:
        db.execute(update(profiles).where(profiles.c.id == profile).values(routine_id=made.id))
    return True


def _log(db: Reader, routine_id: int, author: Author, action: str, spec: Any) -> None:
    from sqlalchemy import insert

    from psoas.store.tables import routine_changes, utcnow

    db.execute(
        insert(routine_changes).values(
            routine_id=routine_id,
            at=utcnow(),
            by_user_id=author[0] if author else None,
            by_name=author[1] if author else None,
            action=action,
            spec=spec,
        )
    )


__all__ = [
    "Author",
    "RoutineChange",
    "RoutineNotFound",
    "RoutineRecord",
    "answer_offer",
    "archive_routine",
    "changes_of",
    "choose_routine",
    "find_routine",
    "import_routine",
    "routine_events",
    "routine_records",
    "save_routine",
    "tonight_routine",
]
