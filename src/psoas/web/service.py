"""What the web app does, as plain functions: the API returns their results as JSON
and the pages render the same results, so there is one copy of each piece of logic.

Every function takes the viewer's profile id and reads or writes only that
profile's rows; a session id from another profile is "not found".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from psoas.core.assessment import parse_answers
from psoas.core.nightly import needs_rescreen, parse_screen, plan_still_fits, standing_flags
from psoas.core.own_routines import OWN
from psoas.core.planner import ROUTINES
from psoas.exceptions import BadInput, NotFound, Refused
from psoas.store.reads import latest_test, logged_indexes, plan_data, session_view, unfinished_view
from psoas.store.safety_records import latest_screen
from psoas.store.tonight import tonight_fingerprint
from psoas.usecases import sessions
from psoas.usecases.tonight import load_tonight
from psoas.web.state import AppState

if TYPE_CHECKING:
    from psoas.core.nightly import Screen


def latest(state: AppState, profile: int) -> dict[str, Any] | None:
    """The newest test: its uid, when, the answers and the findings."""
    with state.db.connect() as db:
        test = latest_test(db, profile)
        if test is None:
            return None
        return {
            "uid": test.uid,
            "taken_at": test.taken_at.isoformat(timespec="seconds"),
            "answers": test.answers,
            "findings": test.findings,
        }


def take_test(state: AppState, profile: int, data: Any) -> dict[str, Any]:
    """Validate answers, store the test, return the findings."""
    from psoas.usecases.selftest import take_test as take

    answers = parse_answers(data)
    with state.db.session() as db:
        return take(db, profile, state.catalog, answers).to_data()


def plan(
    state: AppState,
    profile: int,
    routine: str | None,
    minutes: float | None,
    screen: Screen | None = None,
    routine_uid: str | None = None,
) -> dict[str, Any]:
    """Tonight's plan for a routine (with ``screen`` when one is being answered now),
    each step with its cues, props, feel and stop lines. ``routine`` is one of the app's,
    ``own`` (a routine of the person's own: ``routine_uid``, else the chosen one), or
    None: the chosen routine when there is one, else bedtime."""
    routine = routine or None
    if routine is not None and routine not in (*ROUTINES, OWN):
        choices = ", ".join((*ROUTINES, OWN))
        raise BadInput(f"unknown routine {routine!r}; choose from {choices}")
    screened = (screen.red_flags, screen.pain) if screen else None
    today = date.today()  # the dose follows the calendar (weeks of strength, breaks)
    with state.db.single_statements() as db:  # one statement: a cached plan needs no transaction
        fingerprint = tonight_fingerprint(db, profile)
    key = (profile, fingerprint, screened, routine, routine_uid, minutes, today)
    if key in state.plans:
        return state.plans[key]  # type: ignore[no-any-return]
    with state.db.connect() as db:
        # Read again with the data, so the plan is kept under what it was built from.
        fingerprint = tonight_fingerprint(db, profile)
        key = (profile, fingerprint, screened, routine, routine_uid, minutes, today)
        screened_plan = sessions.plan_from_screen(
            db, profile, state.catalog, screen, routine, minutes, routine_uid
        )
        tonight, made = screened_plan.tonight, screened_plan.plan
    findings = tonight.findings
    built = made.to_data()
    from psoas.core.measure import POSITION_RULES

    for step in built["steps"]:
        practice = state.catalog.require(step["id"])
        step["cues"] = list(practice.cues)
        step["props"] = list(practice.all_props)
        step["feel"] = practice.feel
        step["stop_if"] = practice.stop_if
        if step.get("instead_of"):
            step["instead_of_name"] = state.catalog.require(step["instead_of"]).name
        # The live camera can check these positions (needs the vision extra on the server).
        step["camera_check"] = POSITION_RULES.get(step["id"])
    built["findings"] = findings.to_data()
    built["standing_flags"] = list(standing_flags(tonight.answers, state.catalog))
    return state.plans.put(key, built)  # type: ignore[no-any-return]


def tonight_plan(
    state: AppState,
    profile: int,
    routine: str | None,
    minutes: float | None,
    screen_data: Any,
    routine_uid: str | None = None,
) -> tuple[dict[str, Any], Screen]:
    """Validate tonight's screen and build the plan from it; raises :class:`Refused`
    (storing the screen as a record) when an answer means *get care now*."""
    if screen_data is None:
        raise BadInput("tonight's screen is required: red_flags (a list) and pain (0-10)")
    screen = parse_screen(screen_data, state.catalog)
    built = plan(state, profile, routine, minutes, screen, routine_uid)
    if built["urgent"]:
        with state.db.session() as db:
            sessions.refuse(db, profile, screen)
        raise Refused(built["warnings"][0])
    return built, screen


def start_session(
    state: AppState, profile: int, routine: str | None, minutes: float | None, screen_data: Any
) -> dict[str, Any]:
    """Ask nothing of the person but check tonight's screen, then set aside any
    unfinished session, save the plan and the screen, and open a new session."""
    built, screen = tonight_plan(state, profile, routine, minutes, screen_data)
    with state.db.session() as db:
        started = sessions.start(db, profile, built, screen)
    return {
        "id": started.id,
        "uid": started.uid,
        "plan": built,
        "finished": [],
        "screen": screen.to_data(),
    }


def rescreen_session(
    state: AppState, profile: int, session_id: int, screen_data: Any
) -> dict[str, Any]:
    """Tonight's screen for a session being resumed on another night: it goes on when
    tonight's plan still holds every step left, else a new session starts from it."""
    with state.db.session() as db:
        record = sessions.owned(db, profile, session_id)
        stored = (plan_data(db, record.plan_id) if record.plan_id else None) or {}
        finished = logged_indexes(db, record.id)
    budget = stored.get("budget_seconds")
    built, screen = tonight_plan(
        state,
        profile,
        record.routine,
        budget / 60 if budget else None,
        screen_data,
        stored.get("routine_uid"),
    )
    left = [s["id"] for i, s in enumerate(stored.get("steps", [])) if i not in finished]
    if not plan_still_fits(left, {s["id"] for s in built["steps"]}):
        started = start_session(state, profile, record.routine, None, screen_data)
        return {"action": "restarted", "session": started}
    with state.db.session() as db:
        sessions.rescreen(db, profile, session_id, screen)
    return {"action": "continue", "session": session_detail(state, profile, session_id)}


def _own_plan_id(state: AppState, db: Any, profile: int, session_id: int) -> int | None:
    """The plan id of the person's session (another person's is not found), from the
    app's cache after the first read: a session's person and plan never change."""
    owner_and_plan = state.session_plans.get(session_id)
    if owner_and_plan is None:
        record = sessions.owned(db, profile, session_id)
        owner_and_plan = (record.profile_id, record.plan_id)
        state.session_plans.put(session_id, owner_and_plan)
    elif owner_and_plan[0] != profile:
        raise NotFound("no such session")
    plan_id: int | None = owner_and_plan[1]
    return plan_id


def _saved_steps(state: AppState, db: Any, plan_id: int | None) -> list[dict[str, Any]]:
    """The steps of a session's saved plan, for saving steps: from the app's cache after
    the first read. Safe in every worker: what saving reads of a step (its practice,
    side, role and length) never changes; only its bolster height may, which saving
    does not read and the player gets from :func:`_detail`, read fresh."""
    if plan_id is None:
        return []
    found: list[dict[str, Any]] | None = state.saved_steps.get(plan_id)
    if found is None:
        found = (plan_data(db, plan_id) or {}).get("steps", [])
        state.saved_steps.put(plan_id, found)
    return found


def session_detail(state: AppState, profile: int, session_id: int) -> dict[str, Any]:
    """One session with its plan and the steps already saved."""
    with state.db.single_statements() as db:
        record = session_view(db, session_id)
    return _detail(sessions.mine(record, profile))


def _detail(record: Any) -> dict[str, Any]:
    """What the player shows of a session (a :func:`~psoas.store.reads.session_view`)."""
    from datetime import UTC, datetime

    return {
        "id": record.id,
        "uid": record.uid,
        "routine": record.routine,
        "status": record.status,
        "started_at": record.started_at.isoformat(timespec="seconds"),
        "plan": record.plan,
        "finished": sorted(int(i) for i in record.finished.split(",")) if record.finished else [],
        # Another night: tonight's screen comes before it may go on.
        "needs_screen": needs_rescreen(record.started_at, datetime.now(UTC)),
    }


def current_session(state: AppState, profile: int) -> dict[str, Any] | None:
    """The unfinished session that can be resumed, if any: one query, for the player
    asks for it on every visit."""
    with state.db.single_statements() as db:
        record = unfinished_view(db, profile)
    return None if record is None else _detail(record)


def save_step(state: AppState, profile: int, session_id: int, data: Any) -> dict[str, Any]:
    """Write one finished step (psoas.usecases.sessions.save_step); sending the same
    step twice is harmless."""
    if not isinstance(data, dict):
        raise BadInput("a step must be a JSON object")
    index, status, held = data.get("index"), data.get("status"), data.get("seconds_held")
    # At most a lookup of the session (its person and plan never change) and one insert.
    with state.db.single_statements() as db:
        steps = _saved_steps(state, db, _own_plan_id(state, db, profile, session_id))
        saved = sessions.save_step(db, session_id, steps, index, status, held)
    return {"saved": saved, "index": index}


def session_test(state: AppState, profile: int, session_id: int, data: Any) -> dict[str, Any]:
    """Store the test or re-test of a session (psoas.usecases.sessions.session_test):
    the pain defaults to tonight's screen of this session, so it is not asked twice."""
    if not isinstance(data, dict):
        raise BadInput("field 'phase' must be pre or post")
    answers_in = data.get("answers") or {}
    if not isinstance(answers_in, dict):
        raise BadInput("field 'answers' must be a JSON object")
    with state.db.session() as db:
        screen = latest_screen(db, profile)
        pain = screen.pain if screen is not None and screen.session_id == session_id else None
        done = sessions.session_test(
            db,
            profile,
            state.catalog,
            session_id,
            str(data.get("phase")),
            answers_in,
            screen_pain=pain,
        )
    return done.findings


def finish_session(state: AppState, profile: int, session_id: int, data: Any) -> dict[str, Any]:
    """Close a session with its discomfort rating."""
    if not isinstance(data, dict):
        raise BadInput("expected a JSON object")
    with state.db.session() as db:
        status = sessions.finish(
            db, profile, session_id, data.get("status", "finished"), data.get("discomfort")
        )
    return {"status": status}


def standing(state: AppState, profile: int) -> list[str]:
    """The test's flags that stand from night to night (pregnancy, say); none before a test."""
    with state.db.connect() as db:
        tonight = load_tonight(db, profile, state.catalog)
    return list(standing_flags(tonight.answers, state.catalog)) if tonight else []


def week(state: AppState, profile: int) -> dict[str, Any]:
    """The week in review (sessions, how the tests moved, what changes next)."""
    from psoas.usecases.record import load_week

    with state.db.connect() as db:
        return load_week(db, profile, state.catalog).to_data()


def history(
    state: AppState, profile: int, limit: int | None = None, offset: int = 0
) -> dict[str, Any]:
    """Totals with the streak over every session, and the sessions (done vs skipped),
    oldest first: all of them, or a page of ``limit`` counted back from the newest,
    skipping the ``offset`` newest. ``older`` is the offset of the page before, if any."""
    from psoas.usecases.record import history_of

    with state.db.single_statements() as db:
        found, summary = history_of(db, profile)
    shown, older = found, None
    if limit is not None:
        end = max(0, len(found) - offset)
        start = max(0, end - limit)
        shown = found[start:end]
        older = offset + limit if start > 0 else None
    return {
        "summary": summary.to_data(),
        "sessions": [s.to_data() for s in shown],
        "total": len(found),
        "older": older,
    }


def facts(state: AppState, profile: int) -> dict[str, Any]:
    """The five facts every surface tells (psoas.usecases.record.facts_of)."""
    from psoas.usecases.record import facts_of

    with state.db.connect() as db:
        return facts_of(db, profile, state.catalog).to_data()


def overview(state: AppState, profile: int, weeks: int = 8) -> dict[str, Any]:
    """A client at a glance for their coach (psoas.usecases.record.overview_of)."""
    from psoas.usecases.record import overview_of

    with state.db.connect() as db:
        return overview_of(db, profile, state.catalog, date.today(), weeks).to_data()


def progress_data(state: AppState, profile: int) -> Any:
    """Trends of the test's own measures and of pain."""
    from psoas.usecases.record import progress_of

    with state.db.connect() as db:
        return progress_of(db, profile)


__all__ = [
    "current_session",
    "facts",
    "finish_session",
    "history",
    "latest",
    "overview",
    "plan",
    "progress_data",
    "rescreen_session",
    "save_step",
    "session_detail",
    "session_test",
    "standing",
    "start_session",
    "take_test",
    "tonight_plan",
    "week",
]
