"""Routines through their use cases, on SQLite and PostgreSQL: own and a coach's,
chosen, accepted, changed and deleted, with every change kept."""

from __future__ import annotations

from datetime import date

import pytest

from psoas.catalog.model import Catalog
from psoas.core.own_routines import parse_routine
from psoas.exceptions import BadInput, RoutineNotFound
from psoas.store.database import open_database
from psoas.store.reads import profile_id
from psoas.store.routine_records import changes_of, find_routine, routine_records
from psoas.store.tables import users
from psoas.usecases import routines
from psoas.usecases.tonight import tonight_routine

EVENING = {"name": "Evening", "items": [{"practice": "bolster-release", "hold_s": 420}]}
SAM = {"name": "From Sam", "items": [{"practice": "squats", "sets": 2, "reps": 8}]}
TODAY = date(2026, 11, 28)


def coach(db: object, name: str = "sam") -> tuple[int, str]:
    """A coach's account (the routine records only need its id and name)."""
    from sqlalchemy import insert

    from psoas.store.tables import utcnow

    user_profile = profile_id(db, f"profile-of-{name}")  # type: ignore[arg-type]
    made = db.execute(  # type: ignore[attr-defined]
        insert(users).values(
            username=name, password_hash="x", profile_id=user_profile, created_at=utcnow()
        )
    )
    return int(made.inserted_primary_key[0]), name


def test_own_routine_is_saved_chosen_changed_and_deleted(
    database_url: str, catalog: Catalog
) -> None:
    db = open_database(database_url)
    with db.connect() as c:
        me = profile_id(c)
        uid = routines.save(c, me, parse_routine(EVENING, catalog))
        assert tonight_routine(c, me, TODAY) is None  # saving is not choosing
        routines.choose(c, me, "evening")  # by name, any case
        found = tonight_routine(c, me, TODAY)
        assert found is not None
        assert (found.uid, found.status, found.author, found.chosen) == (uid, "own", None, True)
        changed = parse_routine({**EVENING, "items": [{"practice": "incline-release"}]}, catalog)
        assert routines.save(c, me, changed, key=uid) == uid
        assert find_routine(c, me, uid).routine.items[0].practice == "incline-release"
        routines.choose(c, me, None)  # back to the app's routines
        assert tonight_routine(c, me, TODAY) is None
        assert routines.archive(c, me, uid) == "Evening"
        assert routine_records(c, me) == []
        assert [x.action for x in changes_of(c, me, uid)] == [
            "created",
            "chosen",
            "edited",
            "set_aside",
            "archived",
        ]
    db.close()


def test_a_coach_routine_waits_for_the_person_and_changes_wait_too(
    database_url: str, catalog: Catalog
) -> None:
    """Offered, it does not run; accepted, it is tonight's plan; the coach's next change
    waits beside the accepted version, which keeps running until that is accepted."""
    db = open_database(database_url)
    with db.connect() as c:
        me = profile_id(c)
        sam = coach(c)
        uid = routines.save(c, me, parse_routine(SAM, catalog), author=sam, starts_on=TODAY)
        record = find_routine(c, me, uid)
        assert (record.status, record.author) == ("offered", "sam")
        with pytest.raises(BadInput, match="accept it first"):
            routines.choose(c, me, uid)
        routines.answer(c, me, uid, accept=True)
        tonight = tonight_routine(c, me, TODAY)
        assert tonight is not None
        assert tonight.uid == uid
        more = parse_routine({**SAM, "items": [{"practice": "deadlifts", "sets": 3}]}, catalog)
        routines.save(c, me, more, key=uid, author=sam)
        waiting = find_routine(c, me, uid)
        assert waiting.routine.items[0].practice == "squats"  # still running
        assert waiting.offered is not None
        assert waiting.offered.items[0].practice == "deadlifts"
        routines.answer(c, me, uid, accept=True)
        assert find_routine(c, me, uid).routine.items[0].practice == "deadlifts"
        actions = [(x.by, x.action) for x in changes_of(c, me, uid)]
        assert actions == [
            ("sam", "offered"),
            (None, "accepted"),
            ("sam", "edited"),
            (None, "accepted"),
        ]
    db.close()


def test_who_may_change_what(database_url: str, catalog: Catalog) -> None:
    """The person cannot edit a coach's routine; a coach cannot touch one they did not
    write, and is told no such routine exists; a future start date holds it back."""
    db = open_database(database_url)
    with db.connect() as c:
        me = profile_id(c)
        sam, kim = coach(c, "sam"), coach(c, "kim")
        mine = routines.save(c, me, parse_routine(EVENING, catalog))
        later = date(2026, 12, 5)
        theirs = routines.save(c, me, parse_routine(SAM, catalog), author=sam, starts_on=later)
        with pytest.raises(BadInput, match="from your physiotherapist sam"):
            routines.save(c, me, parse_routine(SAM, catalog), key=theirs)
        with pytest.raises(RoutineNotFound):
            routines.save(c, me, parse_routine(SAM, catalog), key=mine, author=sam)
        with pytest.raises(RoutineNotFound):
            routines.archive(c, me, theirs, author=kim)
        routines.answer(c, me, theirs, accept=True)
        assert tonight_routine(c, me, TODAY) is None  # starts on the 5th
        assert tonight_routine(c, me, later) is not None
        with pytest.raises(RoutineNotFound):
            find_routine(c, profile_id(c, "someone-else"), mine)
    db.close()
