"""Routines of one's own and those a coach writes for a client, in storage: read,
listed, written and every change kept (who, when, what).

What may happen to a routine, and what a change makes of it, is decided by
:mod:`psoas.core.routine_lifecycle` through :mod:`psoas.usecases.routines`; these
functions store what they are told. The reads are named queries, like
:mod:`psoas.store.reads`; the writes import SQLAlchemy and the tables themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from psoas.core.own_routines import OwnRoutine, stored_routine
from psoas.core.routine_lifecycle import RoutineState, same_name
from psoas.exceptions import RoutineNotFound
from psoas.store.query import query, run, scalar
from psoas.store.safety_records import mark_safety_changed

if TYPE_CHECKING:
    from psoas.core.adherence import RoutineEvent
    from psoas.store.database import Reader

#: (user id, name) of the coach who writes, or None for the person themself.
Author = tuple[int, str] | None


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
    archived) likewise, or one ``by_uid``."""
    from sqlalchemy import bindparam, select

    from psoas.store.tables import routines

    r = routines.c
    chosen = select(routines).where(r.profile_id == bindparam("profile"))
    if by == "by_uid":
        return chosen.where(r.uid == bindparam("key"))
    if by == "live":
        chosen = chosen.where(r.status != "archived")
    return chosen.order_by(r.updated_at.desc(), r.id.desc())


_ROUTINES = {
    by: query(partial(_routines_statement, by), key=f"{__name__}.routines_{by}")
    for by in ("all", "live", "by_uid")
}


def routine_records(db: Reader, profile: int, *, archived: bool = False) -> list[RoutineRecord]:
    """The person's routines, newest change first (archived ones only if asked)."""
    chosen = _chosen_id(db, profile)
    rows = run(db, _ROUTINES["all" if archived else "live"], {"profile": profile})
    return [_record(row, chosen) for row in rows]


def routine_row(db: Reader, profile: int, key: str) -> Any:
    """The person's routine with this uid, or with this name as the core compares names
    (:func:`psoas.core.routine_lifecycle.same_name`; archived ones are not named); never
    another person's."""
    found = run(db, _ROUTINES["by_uid"], {"profile": profile, "key": key}).first()
    if found is None:
        live = run(db, _ROUTINES["live"], {"profile": profile})
        found = next((row for row in live if same_name(row.name, key)), None)
    if found is None:
        raise RoutineNotFound(f"no routine called {key[:60]!r}; `psoas routine list` names them")
    return found


def state_of(row: Any) -> RoutineState:
    """What the lifecycle rules read of a stored routine."""
    return RoutineState(
        row.name, row.status, row.author_user_id, row.author_name, row.offered_spec is not None
    )


def find_routine(db: Reader, profile: int, key: str) -> RoutineRecord:
    """The routine with this uid or name."""
    return _record(routine_row(db, profile, key), _chosen_id(db, profile))


def insert_routine(
    db: Reader,
    profile: int,
    routine: OwnRoutine,
    *,
    status: str,
    author: Author = None,
    starts_on: date | None = None,
    uid: str | None = None,
) -> str:
    """Store a new routine as given; its uid."""
    from sqlalchemy import insert

    from psoas.store.tables import new_uid, routines, utcnow

    made = uid or new_uid()
    now = utcnow()
    db.execute(
        insert(routines).values(
            uid=made,
            profile_id=profile,
            name=routine.name,
            spec=routine.to_data(),
            author_user_id=author[0] if author else None,
            author_name=author[1] if author else None,
            starts_on=starts_on,
            status=status,
            created_at=now,
            updated_at=now,
        )
    )
    return made


def update_routine(db: Reader, row_id: int, **values: Any) -> None:
    """Change the stored routine's columns as given (``updated_at`` set now)."""
    from sqlalchemy import update

    from psoas.store.tables import routines, utcnow

    db.execute(
        update(routines).where(routines.c.id == row_id).values(updated_at=utcnow(), **values)
    )


def set_chosen(db: Reader, profile: int, routine_id: int | None) -> None:
    """Make the routine ``routine_id`` tonight's (None: the app's routines)."""
    from sqlalchemy import update

    from psoas.store.tables import profiles

    db.execute(update(profiles).where(profiles.c.id == profile).values(routine_id=routine_id))
    mark_safety_changed(db, profile)


def chosen_id(db: Reader, profile: int) -> int | None:
    """The id of tonight's routine, or None."""
    return _chosen_id(db, profile)


def uid_taken(db: Reader, uid: str) -> bool:
    """True when any profile's routine has this uid."""
    from sqlalchemy import select

    from psoas.store.tables import routines

    return db.scalar(select(routines.c.id).where(routines.c.uid == uid)) is not None


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
    row = routine_row(db, profile, key)
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


def chosen_routine(db: Reader, profile: int) -> RoutineRecord | None:
    """The routine the person chose for tonight, whatever its state, or None."""
    chosen = _chosen_id(db, profile)
    if chosen is None:
        return None
    return _record(run(db, _routine_by_id, {"id": chosen}).one(), chosen)


@query
def _written_by() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import routines

    r = routines.c
    return (
        select(r.uid)
        .where(
            r.profile_id == bindparam("profile"),
            r.author_user_id == bindparam("author"),
            r.status != "archived",
        )
        .order_by(r.updated_at.desc(), r.id.desc())
    )


def written_by(db: Reader, profile: int, author_id: int | None) -> list[str]:
    """The uids of the routines one coach wrote for a client (not deleted), newest
    change first."""
    return [uid for (uid,) in run(db, _written_by, {"profile": profile, "author": author_id})]


def log_change(db: Reader, routine_id: int, author: Author, action: str, spec: Any) -> None:
    """Keep one change to a routine: when, by whom (None: the person), what, the spec."""
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
    "RoutineRecord",
    "changes_of",
    "chosen_id",
    "chosen_routine",
    "find_routine",
    "insert_routine",
    "log_change",
    "routine_events",
    "routine_records",
    "routine_row",
    "set_chosen",
    "state_of",
    "uid_taken",
    "update_routine",
    "written_by",
]
