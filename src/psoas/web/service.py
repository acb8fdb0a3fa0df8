"""What the web app does, as plain functions: the API returns their results as JSON
and the pages render the same results, so there is one copy of each piece of logic.

Every function takes the viewer's profile id and reads or writes only that
profile's rows; a session id from another profile is "not found".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from psoas.core.assessment import assess, compare_tests, parse_answers
from psoas.core.planner import ROUTINES, SPECS, build_plan
from psoas.core.progress import progress, summarize_history
from psoas.exceptions import BadInput
from psoas.store.models import SessionRecord
from psoas.store.repository import (
    add_test,
    begin_session,
    end_session,
    latest_test,
    log_step,
    logged_indexes,
    measured_thigh_angles,
    pain_ratings,
    plan_of,
    save_plan,
    self_test_points,
    session_summaries,
    session_test_answers,
    set_aside_unfinished,
    step_logged,
    unfinished_session,
)
from psoas.web.state import AppState


class NotFound(BadInput):
    """The thing asked for does not exist for this person (HTTP 404)."""


def latest(state: AppState, profile: int) -> dict[str, Any] | None:
    """The newest test: its uid, when, the answers and the findings."""
    with state.db.session() as db:
        test = latest_test(db, profile)
        if test is None:
            return None
        return {
            "uid": test.uid,
            "taken_at": test.taken_at.isoformat(timespec="seconds"),
            "answers": test.answers,
            "findings": test.findings,
        }


#: Plans already built, keyed by (test uid, routine, minutes): a stored test never
#: changes, so neither does its plan. Bounded; oldest entries go first.
_PLANS: dict[tuple[str, str, float | None], dict[str, Any]] = {}
_PLANS_MAX = 512


def take_test(state: AppState, profile: int, data: Any) -> dict[str, Any]:
    """Validate answers, store the test, return the findings."""
    answers = parse_answers(data)
    findings = assess(answers, state.catalog).to_data()
    with state.db.session() as db:
        add_test(db, profile, answers.to_data(), findings)
    return findings


def plan(state: AppState, profile: int, routine: str, minutes: float | None) -> dict[str, Any]:
    """The plan for a routine from the latest test, with each step's figure and cues."""
    if routine not in ROUTINES:
        raise BadInput(f"unknown routine {routine!r}; choose from {', '.join(ROUTINES)}")
    test = latest(state, profile)
    if test is None:
        raise BadInput("take the self-test first: the plan is built from it")
    key = (test["uid"], routine, minutes)
    if key in _PLANS:
        return _PLANS[key]
    findings = assess(parse_answers(test["answers"]), state.catalog)
    built = build_plan(state.catalog, findings, routine, minutes).to_data()
    built["title"] = SPECS[routine].title
    from psoas.core.measure import POSITION_RULES

    for step in built["steps"]:
        practice = state.catalog.require(step["id"])
        step["cues"] = list(practice.cues)
        step["props"] = list(practice.all_props)
        # The live camera can check these positions (needs the vision extra on the server).
        step["camera_check"] = POSITION_RULES.get(step["id"])
    built["findings"] = findings.to_data()
    if len(_PLANS) >= _PLANS_MAX:
        _PLANS.pop(next(iter(_PLANS)))
    _PLANS[key] = built
    return built


def start_session(
    state: AppState, profile: int, routine: str, minutes: float | None
) -> dict[str, Any]:
    """Set aside any unfinished session, save the plan, open a new session."""
    built = plan(state, profile, routine, minutes)
    with state.db.session() as db:
        set_aside_unfinished(db, profile)
        record = begin_session(db, profile, save_plan(db, profile, built))
        return {"id": record.id, "uid": record.uid, "plan": built, "finished": []}


def _owned(db: Any, profile: int, session_id: int) -> SessionRecord:
    """The session if it belongs to ``profile``; another person's is simply not found."""
    record = db.get(SessionRecord, session_id)
    if record is None or record.profile_id != profile:
        raise NotFound("no such session")
    return record  # type: ignore[no-any-return]


#: The steps of saved plans, by plan id: a saved plan never changes. Bounded.
_PLAN_STEPS: dict[int, list[dict[str, Any]]] = {}


def _plan_steps(db: Any, record: SessionRecord) -> list[dict[str, Any]]:
    plan_id = record.plan_id
    if plan_id is not None and plan_id in _PLAN_STEPS:
        return _PLAN_STEPS[plan_id]
    steps: list[dict[str, Any]] = (plan_of(db, record) or {}).get("steps", [])
    if plan_id is not None:
        if len(_PLAN_STEPS) >= _PLANS_MAX:
            _PLAN_STEPS.pop(next(iter(_PLAN_STEPS)))
        _PLAN_STEPS[plan_id] = steps
    return steps


def session_detail(state: AppState, profile: int, session_id: int) -> dict[str, Any]:
    """One session with its plan and the steps already saved."""
    with state.db.session() as db:
        record = _owned(db, profile, session_id)
        return {
            "id": record.id,
            "uid": record.uid,
            "routine": record.routine,
            "status": record.status,
            "started_at": record.started_at.isoformat(timespec="seconds"),
            "plan": plan_of(db, record),
            "finished": sorted(logged_indexes(db, record.id)),
        }


def current_session(state: AppState, profile: int) -> dict[str, Any] | None:
    """The unfinished session that can be resumed, if any."""
    with state.db.session() as db:
        record = unfinished_session(db, profile)
        session_id = None if record is None else record.id
    return None if session_id is None else session_detail(state, profile, session_id)


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
    with state.db.session() as db:
        record = _owned(db, profile, session_id)
        steps = _plan_steps(db, record)
        if index >= len(steps):
            raise BadInput(f"the session has no step {index}")
        if step_logged(db, record.id, index):
            return {"saved": False, "index": index}
        step = steps[index]
        log_step(
            db,
            record.id,
            index=index,
            practice_id=step["id"],
            side=step.get("side"),
            role=step.get("role", "practice"),
            status=status,
            planned_seconds=int(step["seconds"]),
            seconds_held=held,
        )
    return {"saved": True, "index": index}


def session_test(state: AppState, profile: int, session_id: int, data: Any) -> dict[str, Any]:
    """Store the test or re-test of a session (red flags carried over from the last check)."""
    if not isinstance(data, dict) or data.get("phase") not in ("pre", "post"):
        raise BadInput("field 'phase' must be pre or post")
    last = latest(state, profile)
    answers_in = dict(data.get("answers") or {})
    answers_in.setdefault("red_flags", (last or {}).get("answers", {}).get("red_flags", []))
    answers = parse_answers(answers_in)
    findings = assess(answers, state.catalog).to_data()
    with state.db.session() as db:
        record = _owned(db, profile, session_id)
        earlier = session_test_answers(db, record.id).get("pre")
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


def history(state: AppState, profile: int) -> dict[str, Any]:
    """Sessions (done vs skipped) and totals with the streak."""
    with state.db.session() as db:
        sessions = session_summaries(db, profile)
    summary = summarize_history(sessions, date.today())
    return {"summary": summary.to_data(), "sessions": [s.to_data() for s in sessions]}


def progress_data(state: AppState, profile: int) -> Any:
    """Trends of the test's own measures and of pain."""
    with state.db.session() as db:
        return progress(
            self_test_points(db, profile),
            pain_ratings(db, profile),
            measured_thigh_angles(db, profile),
        )


__all__ = [
    "NotFound",
    "current_session",
    "finish_session",
    "history",
    "latest",
    "plan",
    "progress_data",
    "save_step",
    "session_detail",
    "session_test",
    "start_session",
    "take_test",
]
