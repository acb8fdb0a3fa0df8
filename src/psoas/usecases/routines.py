"""Routines of one's own and a coach's prescriptions, for ``psoas routine``, the
Routines page, the coach's pages and ``/api/routines``: save, change, choose, accept or
decline, delete, prescribe, and import. The rules are in
:mod:`psoas.core.routine_lifecycle`; a coach's access to a client is checked by the
shell that knows who is signed in (psoas.web.auth.client_profile) before it calls."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from psoas.catalog.model import Catalog
from psoas.core.own_routines import OwnRoutine, parse_routine
from psoas.core.routine_lifecycle import (
    RUNNABLE,
    answer_of,
    change_of,
    check_may_run,
    check_may_withdraw,
    status_of_new,
)
from psoas.exceptions import RoutineNotFound
from psoas.store.routine_records import (
    Author,
    RoutineRecord,
    changes_of,
    chosen_id,
    find_routine,
    insert_routine,
    log_change,
    routine_records,
    routine_row,
    set_chosen,
    state_of,
    uid_taken,
    update_routine,
    written_by,
)
from psoas.store.safety_records import mark_safety_changed

if TYPE_CHECKING:
    from psoas.store.database import Reader


def detail(db: Reader, profile: int, key: str) -> dict[str, Any]:
    """One routine (by uid or name) with every change made to it, JSON-ready."""
    record = find_routine(db, profile, key)
    changes = changes_of(db, profile, record.uid)
    return {**record.to_data(), "changes": [change.to_data() for change in changes]}


def listed(db: Reader, profile: int) -> list[RoutineRecord]:
    """The person's routines, newest change first."""
    return routine_records(db, profile)


def save(
    db: Reader,
    profile: int,
    routine: OwnRoutine,
    *,
    key: str | None = None,
    author: Author = None,
    starts_on: date | None = None,
) -> str:
    """Store a new routine, or (with ``key``) a change to one, as the lifecycle rules
    say (a coach's change to an accepted routine waits for the person); its uid."""
    author_id = author[0] if author else None
    if key is None:
        made = insert_routine(
            db,
            profile,
            routine,
            status=status_of_new(author_id),
            author=author,
            starts_on=starts_on,
        )
        row = routine_row(db, profile, made)
        log_change(
            db, row.id, author, "created" if author is None else "offered", routine.to_data()
        )
        mark_safety_changed(db, profile)
        return made
    row = routine_row(db, profile, key)
    change = change_of(state_of(row), author_id)
    spec = routine.to_data()
    values: dict[str, Any] = {"starts_on": starts_on or row.starts_on, "status": change.status}
    if change.lands == "offer":
        values["offered_spec"] = spec  # the accepted version runs until this is accepted
    else:
        values.update(spec=spec, name=routine.name)
    update_routine(db, row.id, **values)
    log_change(db, row.id, author, "edited", spec)
    mark_safety_changed(db, profile)
    return str(row.uid)


def save_own(db: Reader, profile: int, routine: OwnRoutine) -> tuple[str, bool]:
    """Save a routine of the person's own: one of the same name (any case) is changed.
    Its uid, and True when it was a change."""
    try:
        found = find_routine(db, profile, routine.name).uid
    except RoutineNotFound:
        return save(db, profile, routine), False
    return save(db, profile, routine, key=found), True


def choose(db: Reader, profile: int, key: str | None) -> RoutineRecord | None:
    """Make a routine tonight's plan (None: back to the app's routines)."""
    current = chosen_id(db, profile)
    if key is None:
        if current is not None:
            log_change(db, current, None, "set_aside", None)
        set_chosen(db, profile, None)
        return None
    row = routine_row(db, profile, key)
    check_may_run(state_of(row))
    set_chosen(db, profile, row.id)
    log_change(db, row.id, None, "chosen", None)
    return find_routine(db, profile, row.uid)


def answer(db: Reader, profile: int, key: str, accept: bool) -> RoutineRecord:
    """Accept (it becomes tonight's plan) or decline a coach's routine or a change."""
    row = routine_row(db, profile, key)
    answered = answer_of(state_of(row), accept)
    values: dict[str, Any] = {"offered_spec": None, "status": answered.status}
    if answered.take_offer:
        values.update(spec=row.offered_spec, name=row.offered_spec["name"])
    update_routine(db, row.id, **values)
    log_change(db, row.id, None, "accepted" if accept else "declined", None)
    if answered.choose:
        set_chosen(db, profile, row.id)
    mark_safety_changed(db, profile)
    return find_routine(db, profile, row.uid)


def archive(db: Reader, profile: int, key: str, author: Author = None) -> str:
    """Delete a routine from the list (its changes are kept); a coach only their own.
    Tonight's plan goes back to the app's routines when it was this one. Its name."""
    row = routine_row(db, profile, key)
    check_may_withdraw(state_of(row), author[0] if author else None)
    update_routine(db, row.id, status="archived")
    if chosen_id(db, profile) == row.id:
        set_chosen(db, profile, None)
    log_change(db, row.id, author, "archived", None)
    mark_safety_changed(db, profile)
    return str(row.name)


def prescribed_by(db: Reader, profile: int, author_id: int | None) -> list[dict[str, Any]]:
    """The routines one coach wrote for a client (not deleted), each with its changes."""
    return [detail(db, profile, uid) for uid in written_by(db, profile, author_id)]


def import_routine(
    db: Reader, profile: int, catalog: Catalog, uid: str, data: Any, **kept: Any
) -> bool:
    """Add a routine from an export unless its uid is known; True when added. ``kept``
    holds its ``status``, ``author`` (a name), ``starts_on`` and whether it was
    ``chosen`` (which it becomes again only when nothing is chosen here)."""
    routine = parse_routine(data, catalog)
    if uid_taken(db, uid):
        return False
    author = kept.get("author")
    insert_routine(
        db,
        profile,
        routine,
        status=kept.get("status", "own"),
        starts_on=kept.get("starts_on"),
        uid=uid,
    )
    row = routine_row(db, profile, uid)
    if author:
        update_routine(db, row.id, author_name=author)
    log_change(db, row.id, None, "imported", routine.to_data())
    if kept.get("chosen") and row.status in RUNNABLE and chosen_id(db, profile) is None:
        set_chosen(db, profile, row.id)
    return True


__all__ = [
    "answer",
    "archive",
    "choose",
    "detail",
    "import_routine",
    "listed",
    "prescribed_by",
    "save",
    "save_own",
]
