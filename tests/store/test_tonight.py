"""Tonight's picture from storage, and the fingerprint that keys cached plans."""

from __future__ import annotations

from datetime import date

from psoas.core.nightly import Screen
from psoas.store.database import open_database
from psoas.store.repository import add_test, begin_session, profile_id, save_plan
from psoas.store.safety_records import add_screen, remove_clearance, set_clearance, set_massage
from psoas.store.tonight import tonight_fingerprint
from psoas.usecases.sessions import finish
from tests.core.answers import NEUTRAL


def test_the_fingerprint_moves_with_everything_tonight_reads(database_url: str) -> None:
    """A test, a screen, a clearance (added, replaced, taken back), the massage choice and
    an ended session each change it; reading changes nothing."""
    database = open_database(database_url)
    try:
        _each_change_moves_it(database)
    finally:
        database.close()


def _each_change_moves_it(database) -> None:  # type: ignore[no-untyped-def]
    seen = []

    def step(change) -> None:  # type: ignore[no-untyped-def]
        with database.session() as db:
            change(db, profile_id(db))
        with database.session() as db:
            first = tonight_fingerprint(db, profile_id(db))
            assert tonight_fingerprint(db, profile_id(db)) == first
        assert first not in seen
        seen.append(first)

    step(lambda db, p: add_test(db, p, dict(NEUTRAL), {}))
    step(lambda db, p: add_screen(db, p, Screen((), 2)))
    step(lambda db, p: set_clearance(db, p, "pregnancy", date(2026, 11, 1)))
    step(lambda db, p: set_clearance(db, p, "pregnancy", date(2026, 11, 2), "Dr Ruiz"))
    step(lambda db, p: remove_clearance(db, p, "pregnancy"))
    step(lambda db, p: set_massage(db, p, True))
    step(lambda db, p: set_massage(db, p, False))

    def ended(db, p) -> None:  # type: ignore[no-untyped-def]
        session = begin_session(db, p, save_plan(db, p, {"routine": "bedtime", "steps": []}))
        finish(db, p, session.id, "finished", 8)

    step(ended)


def test_recent_nights_read_the_record(database_url: str) -> None:
    """Each ended session becomes a night: released from its re-test, pain from its
    first test (or else tonight's screen), strength from its done steps."""
    from psoas.store.nights import recent_nights
    from psoas.store.repository import log_step

    database = open_database(database_url)
    try:
        with database.session() as db:
            profile = profile_id(db)
            add_test(db, profile, dict(NEUTRAL), {})

            def session(post: dict[str, object] | None, pre_pain: int | None, squats: bool) -> None:
                record = begin_session(db, profile, save_plan(db, profile, {"routine": "full"}))
                if pre_pain is None:
                    add_screen(db, profile, Screen((), 4), session_id=record.id)
                else:
                    pre = {**NEUTRAL, "pain": pre_pain}
                    add_test(db, profile, pre, {}, phase="pre", session_id=record.id)
                if post is not None:
                    add_test(
                        db, profile, {**NEUTRAL, **post}, {}, phase="post", session_id=record.id
                    )
                status = "done" if squats else "skipped"
                log_step(
                    db,
                    record.id,
                    index=0,
                    practice_id="squats",
                    side=None,
                    role="practice",
                    status=status,
                    planned_seconds=30,
                    seconds_held=30,
                )
                finish(db, profile, record.id, "finished", None)

            session({"thighs_flat": True, "back_gap": "pencil"}, 2, True)
            session({"thighs_flat": True, "back_gap": "fingers"}, None, False)
            session(None, 1, False)
            begin_session(db, profile, save_plan(db, profile, {"routine": "full"}))  # still open
        with database.session() as db:
            nights = recent_nights(db, profile_id(db), {"squats"})
    finally:
        database.close()
    assert [(n.released, n.pain, n.strength_done) for n in nights] == [
        (True, 2, True),
        (False, 4, False),
        (None, 1, False),
    ]
