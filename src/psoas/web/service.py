"""What the web app does, as plain functions: the API returns their results as JSON
and the pages render the same results, so there is one copy of each piece of logic.

Every function takes the viewer's profile id and reads or writes only that
profile's rows; a session id from another profile is "not found".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from psoas.core.assessment import assess, compare_tests, measured_lift_cm, parse_answers
from psoas.core.nightly import needs_rescreen, parse_screen, plan_still_fits, standing_flags
from psoas.core.own_routines import OWN
from psoas.core.planner import ROUTINES
from psoas.core.progress import summarize_history
from psoas.exceptions import BadInput
from psoas.store.reads import plan_data, session_row, session_view, unfinished_view
from psoas.store.repository import (
    add_test,
    begin_session,
    end_session,
    latest_test,
    log_step,
    logged_indexes,
    save_plan,
    session_summaries,
    session_test_answers,
    set_aside_unfinished,
    set_session_bolster,
)
from psoas.store.safety_records import add_screen, latest_screen
from psoas.store.tonight import tonight_fingerprint
from psoas.usecases.tonight import load_tonight, plan_for_tonight
from psoas.web.state import AppState

if TYPE_CHECKING:
    from psoas.core.nightly import Screen


class NotFound(BadInput):
    """The thing asked for does not exist for this person (HTTP 404)."""


class NeedsTest(BadInput):
    """There is no self-test yet, so there is no plan (HTTP 409)."""


class Refused(BadInput):
    """Well-formed, but safety says no (HTTP 409): a *get care now* answer starts nothing."""


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
    answers = parse_answers(data)
    with state.db.session() as db:
        tonight = load_tonight(db, profile, state.catalog, given=answers)
        assert tonight is not None
        findings = tonight.findings.to_data()
        add_test(db, profile, answers.to_data(), findings)
    return findings


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
        tonight = load_tonight(db, profile, state.catalog, screen=screen)
        if tonight is None:
            raise NeedsTest("take the self-test first: the plan is built from it")
        made = plan_for_tonight(db, state.catalog, profile, tonight, routine, minutes, routine_uid)
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
            add_screen(db, profile, screen)
        raise Refused(built["warnings"][0])
    return built, screen


def start_session(
    state: AppState, profile: int, routine: str | None, minutes: float | None, screen_data: Any
) -> dict[str, Any]:
    """Ask nothing of the person but check tonight's screen, then set aside any
    unfinished session, save the plan and the screen, and open a new session."""
    built, screen = tonight_plan(state, profile, routine, minutes, screen_data)
    with state.db.session() as db:
        set_aside_unfinished(db, profile)
        record = begin_session(db, profile, save_plan(db, profile, built))
        add_screen(db, profile, screen, session_id=record.id)
        return {
            "id": record.id,
            "uid": record.uid,
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
        record = _owned(db, profile, session_id)
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
        add_screen(db, profile, screen, session_id=session_id)
    return {"action": "continue", "session": session_detail(state, profile, session_id)}


def _mine(record: Any, profile: int) -> Any:
    """A session's row if there is one and it belongs to ``profile``; another person's
    is simply not found."""
    if record is None or record.profile_id != profile:
        raise NotFound("no such session")
    return record


def _owned(db: Any, profile: int, session_id: int) -> Any:
    """The person's session (its :func:`~psoas.store.reads.session_row`)."""
    return _mine(session_row(db, session_id), profile)


def _own_plan_id(state: AppState, db: Any, profile: int, session_id: int) -> int | None:
    """The plan id of the person's session (another person's is not found), from the
    app's cache after the first read: a session's person and plan never change."""
    owner_and_plan = state.session_plans.get(session_id)
    if owner_and_plan is None:
        record = _owned(db, profile, session_id)
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
    return _detail(_mine(record, profile))


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
    """Write one finished step; sending the same step twice is harmless."""
    if not isinstance(data, dict):
        raise BadInput("a step must be a JSON object")
    index, status, held = data.get("index"), data.get("status"), data.get("seconds_held")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise BadInput("field 'index' must be a step number")
    if status not in ("done", "skipped", "partial"):
        raise BadInput("field 'status' must be done, skipped or partial")
    if not isinstance(held, int) or isinstance(held, bool) or not 0 <= held <= 6 * 3600:
        raise BadInput("field 'seconds_held' must be whole seconds")
    # At most a lookup of the session (its person and plan never change) and one insert.
    with state.db.single_statements() as db:
        steps = _saved_steps(state, db, _own_plan_id(state, db, profile, session_id))
        if index >= len(steps):
            raise BadInput(f"the session has no step {index}")
        step = steps[index]
        saved = log_step(
            db,
            session_id,
            index=index,
            practice_id=step["id"],
            side=step.get("side"),
            role=step.get("role", "practice"),
            status=status,
            planned_seconds=int(step["seconds"]),
            seconds_held=held,
        )
    return {"saved": saved, "index": index}


def session_test(state: AppState, profile: int, session_id: int, data: Any) -> dict[str, Any]:
    """Store the test or re-test of a session (tonight's red flags carried over; the
    test's pain defaults to tonight's screen, so it is not asked twice)."""
    if not isinstance(data, dict) or data.get("phase") not in ("pre", "post"):
        raise BadInput("field 'phase' must be pre or post")
    answers_in = data.get("answers") or {}
    if not isinstance(answers_in, dict):
        raise BadInput("field 'answers' must be a JSON object")
    answers_in = dict(answers_in)
    with state.db.session() as db:
        record = _owned(db, profile, session_id)
        tonight = load_tonight(db, profile, state.catalog)
        earlier = session_test_answers(db, record.id).get("pre")
        screen = latest_screen(db, profile)
    flags = list(tonight.answers.red_flags) if tonight else []
    answers_in.setdefault("red_flags", flags)
    if answers_in.get("pain") is None and screen is not None and screen.session_id == session_id:
        answers_in["pain"] = screen.pain
    answers = parse_answers(answers_in)
    previous = earlier.get("pain") if data["phase"] == "post" and earlier else None
    findings = assess(answers, state.catalog, previous_pain=previous).to_data()
    # The check-in before the release sets tonight's bolster when it measured a height;
    # otherwise the plan's height stands (psoas.core.baseline.bolster_height).
    bolster = measured_lift_cm(answers) if data["phase"] == "pre" else None
    findings["session_bolster_cm"] = bolster
    with state.db.session() as db:
        record = _owned(db, profile, session_id)
        if bolster is not None:
            set_session_bolster(db, record.id, bolster)
        add_test(
            db,
            profile,
            answers.to_data(),
            findings,
            phase=data["phase"],
            source="session",
            session_id=record.id,
        )
    if data["phase"] == "post" and earlier is not None:
        findings["compared"] = compare_tests(parse_answers(earlier), answers)
    return findings


def finish_session(state: AppState, profile: int, session_id: int, data: Any) -> dict[str, Any]:
    """Close a session with its discomfort rating."""
    if not isinstance(data, dict):
        raise BadInput("expected a JSON object")
    status = data.get("status", "finished")
    if status not in ("finished", "ended_early"):
        raise BadInput("field 'status' must be finished or ended_early")
    rating = data.get("discomfort")
    if rating is not None and (not isinstance(rating, int) or not 0 <= rating <= 10):
        raise BadInput("field 'discomfort' must be 0 to 10 or null")
    with state.db.session() as db:
        record = _owned(db, profile, session_id)
        if record.status in ("finished", "ended_early"):
            return {"status": record.status}
        end_session(db, record.id, status=status, discomfort=rating)
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
    with state.db.single_statements() as db:
        sessions = session_summaries(db, profile)
    summary = summarize_history(sessions, date.today())
    shown, older = sessions, None
    if limit is not None:
        end = max(0, len(sessions) - offset)
        start = max(0, end - limit)
        shown = sessions[start:end]
        older = offset + limit if start > 0 else None
    return {
        "summary": summary.to_data(),
        "sessions": [s.to_data() for s in shown],
        "total": len(sessions),
        "older": older,
    }


def progress_data(state: AppState, profile: int) -> Any:
    """Trends of the test's own measures and of pain."""
    from psoas.usecases.record import progress_of

    with state.db.connect() as db:
        return progress_of(db, profile)


__all__ = [
    "NeedsTest",
    "NotFound",
    "Refused",
    "current_session",
    "finish_session",
    "history",
    "latest",
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
