"""The JSON API under ``/api/``: everything the pages do, described by OpenAPI at /api/docs."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import AwareDatetime, BaseModel, Field

from psoas.exceptions import BadInput, NotFound
from psoas.web import choices, logins, offline, service
from psoas.web.auth import (
    app_state,
    authenticate,
    client_profile,
    clients_of,
    coaches_of,
    current_viewer,
    invite_coach,
    withdraw_coach,
)
from psoas.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_DAYS,
    csrf_for,
    read_session,
    session_token,
)
from psoas.web.state import AppState, Viewer


class ErrorBody(BaseModel):
    """What every refusal says: ``detail`` in words (a list of fields for a 422), and a
    ``code`` where the player acts on it (``urgent``, ``needs_test``)."""

    detail: str | list[dict[str, Any]]
    code: str | None = None


#: The refusals any route may give, described once for the API docs.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Bad input, said in words"),
        (401, "Sign in first (only when served beyond this computer)"),
        (403, "Missing or wrong CSRF token, or not allowed"),
        (404, "Not found (another person's records are not found either)"),
        (409, "Refused for safety (get care now) or no self-test yet"),
        (413, "The request body is too large"),
        (422, "A field has a value that cannot be used"),
        (429, "Too many login attempts: wait a few minutes"),
        (503, "The database is busy or not answering"),
    )
}

router = APIRouter(prefix="/api", responses=ERRORS)
State = Annotated[AppState, Depends(app_state)]
Who = Annotated[Viewer, Depends(current_viewer)]
JsonBody = Annotated[dict[str, Any], Body()]
#: The import's body, described for the API docs (the route reads it itself).
IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "description": "A psoas export, as GET /api/export gives it.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}
#: Weeks of adherence a coach's overview covers.
Weeks = Annotated[int, Query(ge=1, le=52)]
#: A routine's time budget in minutes, as a query parameter (none: its own length).
Minutes = Annotated[float | None, Query(gt=0, le=600)]
#: A session id as every database stores it (PostgreSQL's 32-bit INTEGER): larger is a
#: 422, not a 500.
SessionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def ok(data: Any, status: int = 200) -> JSONResponse:
    """JSON straight from our own plain data (skips FastAPI's slower generic encoder)."""
    return JSONResponse(data, status_code=status)


class Screen(BaseModel):
    """Tonight's screen: the red flags that apply tonight (ids) and pain now, 0–10."""

    red_flags: list[str] = Field(max_length=40)
    pain: int = Field(ge=0, le=10)


class OfflineStart(BaseModel):
    """A session the phone started with no network, from a plan of the offline pack."""

    #: The id the phone gave the session (a UUID), so sending it twice opens it once.
    uid: UUID
    #: When the phone started it, with its time zone.
    started_at: AwareDatetime
    #: The ``seal`` of the packed plan that was run.
    seal: str = Field(max_length=200_000)


class StartSession(BaseModel):
    """Which routine to start, with an optional time budget, and tonight's screen."""

    #: One of the app's routines, or ``own``; None: the chosen routine, else bedtime.
    routine: str | None = None
    minutes: float | None = Field(default=None, gt=0, le=600)
    screen: Screen
    #: Set by the player when the session was started offline (see /api/plan/offline).
    offline: OfflineStart | None = None


class Rescreen(BaseModel):
    """Tonight's screen, for a session resumed on another night."""

    screen: Screen


class Login(BaseModel):
    """A username and password."""

    username: str = Field(max_length=60)
    password: str = Field(max_length=200)


class Invite(BaseModel):
    """The username of a coach to share plans and progress with."""

    username: str = Field(max_length=60)


@router.get("/catalog", tags=["catalog"])
def catalog(state: State) -> Any:
    """Every practice (with its psoas length), the red flags and the background facts."""
    return ok(state.catalog_data)


@router.get("/catalog/{practice_id}", tags=["catalog"])
def practice(practice_id: str, state: State) -> Any:
    """One practice; 404 with close matches for an unknown id."""
    state.catalog.require(practice_id)
    return ok(next(p for p in state.catalog_data["practices"] if p["id"] == practice_id))


@router.get("/catalog/{practice_id}/figure.svg", tags=["catalog"], response_class=Response)
def figure(
    practice_id: str,
    state: State,
    bolster_cm: Annotated[float | None, Query(ge=5, le=60)] = None,
    moving: Annotated[bool, Query(description="one canvas, its keyframes as a loop")] = False,
) -> Response:
    """The practice's figures as SVG (the bolster at ``bolster_cm``): its keyframes side
    by side, or with ``moving`` played as a loop on one canvas."""
    practice = state.catalog.require(practice_id)
    if moving:
        from psoas.render.motion import practice_motion_svg

        svg = practice_motion_svg(practice, bolster_cm)
    else:
        from psoas.render.figures import practice_svg

        svg = practice_svg(practice, bolster_cm)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


@router.get("/tests/latest", tags=["self-test"])
def latest_test(state: State, who: Who) -> Any:
    """The newest self-test, or 404."""
    found = service.latest(state, who.profile_id)
    if found is None:
        raise NotFound("no self-test yet")
    return ok(found)


@router.post("/tests", tags=["self-test"], status_code=201)
def take_test(body: JsonBody, state: State, who: Who) -> Any:
    """Store a self-test's answers and return the findings."""
    return ok(service.take_test(state, who.profile_id, body), 201)


@router.get("/plan", tags=["plan"])
def plan(
    state: State,
    who: Who,
    routine: str | None = None,
    minutes: Minutes = None,
) -> Any:
    """The personal plan for a routine, from the latest test: one of the app's routines,
    or ``own``; without one, the routine you chose, else bedtime."""
    return ok(service.plan(state, who.profile_id, routine, minutes))


@router.get("/plan/offline", tags=["plan"])
def offline_plans(
    state: State,
    who: Who,
    routine: str | None = None,
    minutes: Minutes = None,
) -> Any:
    """Tonight's plans for the phone to keep, by ``"flags|pain"``: every pain rating,
    with and without each caution flag not already standing, each with a ``seal`` to
    send back in ``offline`` when a session started offline reaches the server."""
    return ok(offline.offline_pack(state, who.profile_id, routine, minutes))


@router.post("/sessions", tags=["sessions"], status_code=201)
def start(body: StartSession, state: State, who: Who) -> Any:
    """Start a session from tonight's ``screen`` (an unfinished one is set aside, its steps
    kept). A *get care now* answer starts nothing: 409 with ``"code": "urgent"``."""
    screen = body.screen.model_dump()
    if body.offline is not None:
        given = body.offline
        found, new = offline.start_offline_session(
            state, who.profile_id, screen, str(given.uid), given.started_at, given.seal
        )
        return ok(found, 201 if new else 200)
    return ok(service.start_session(state, who.profile_id, body.routine, body.minutes, screen), 201)


@router.post("/sessions/{session_id}/screen", tags=["sessions"])
def rescreen(session_id: SessionId, body: Rescreen, state: State, who: Who) -> Any:
    """Tonight's screen for a session resumed on another night (``needs_screen``):
    ``"action": "continue"``, or ``"restarted"`` with a new session from tonight's plan."""
    return ok(service.rescreen_session(state, who.profile_id, session_id, body.screen.model_dump()))


@router.get("/sessions/current", tags=["sessions"])
def current(state: State, who: Who) -> Any:
    """The unfinished session to resume, or 404."""
    found = service.current_session(state, who.profile_id)
    if found is None:
        raise NotFound("no unfinished session")
    return ok(found)


@router.get("/sessions/{session_id}", tags=["sessions"])
def session(session_id: SessionId, state: State, who: Who) -> Any:
    """One of your sessions."""
    return ok(service.session_detail(state, who.profile_id, session_id))


@router.post("/sessions/{session_id}/steps", tags=["sessions"], status_code=201)
def step(session_id: SessionId, body: JsonBody, state: State, who: Who) -> Any:
    """Save one finished step: ``index``, ``status`` (done, skipped, partial), ``seconds_held``.

    The player's hot path. It runs in the thread pool like every route that touches
    the database, so a slow or locked database never holds up the event loop.
    """
    return ok(service.save_step(state, who.profile_id, session_id, body), 201)


@router.post("/sessions/{session_id}/tests", tags=["sessions"], status_code=201)
def session_test(session_id: SessionId, body: JsonBody, state: State, who: Who) -> Any:
    """Save the session's test (``phase`` pre) or re-test (``phase`` post)."""
    return ok(service.session_test(state, who.profile_id, session_id, body), 201)


@router.post("/sessions/{session_id}/finish", tags=["sessions"])
def finish(session_id: SessionId, body: JsonBody, state: State, who: Who) -> Any:
    """Close the session with ``status`` and the ``discomfort`` rating (0–10)."""
    return ok(service.finish_session(state, who.profile_id, session_id, body))


@router.get("/massage", tags=["safety"])
def massage(state: State, who: Who) -> Any:
    """Whether ball massage is on, and the questions asked before it may be."""
    return ok(choices.massage_state(state, who.profile_id))


@router.post("/massage", tags=["safety"])
def set_massage(body: JsonBody, state: State, who: Who) -> Any:
    """``{"on": false}``, or ``{"on": true, "answers": {question id: true/false}}``; an
    answer that rules massage out is a 409 and it stays off."""
    return ok(choices.set_massage_choice(state, who.profile_id, body))


@router.get("/props", tags=["settings"])
def props(state: State, who: Who) -> Any:
    """The props you own (null until said) and whether you can use the floor and lie
    face down (null until said): plans use only these."""
    return ok(choices.props_state(state, who.profile_id))


@router.post("/props", tags=["settings"])
def set_props(body: JsonBody, state: State, who: Who) -> Any:
    """``{"props_owned": [...], "floor": true/false, "face_down": true/false, "kneel":
    true/false}`` (null or left out: not said)."""
    return ok(choices.set_props(state, who.profile_id, body))


@router.get("/clearances", tags=["safety"])
def clearance_list(state: State, who: Who) -> Any:
    """Your provider clearances (pregnancy, hip or spine)."""
    return ok(choices.clearance_list(state, who.profile_id))


@router.post("/clearances", tags=["safety"], status_code=201)
def add_clearance(body: JsonBody, state: State, who: Who) -> Any:
    """Record that a provider cleared you: ``flag``, ``cleared_on`` (YYYY-MM-DD), ``by``."""
    return ok(choices.add_clearance(state, who.profile_id, body), 201)


@router.delete("/clearances/{flag_id}", tags=["safety"])
def drop_clearance(flag_id: str, state: State, who: Who) -> Any:
    """Take a clearance back."""
    return ok(choices.drop_clearance(state, who.profile_id, flag_id))


@router.get("/history", tags=["progress"])
def history(
    state: State,
    who: Who,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Any:
    """Totals and the streak over all sessions, and a page of sessions (done vs
    skipped), oldest first: the ``limit`` newest after skipping ``offset``. ``older``
    is the ``offset`` of the page before, or null at the first session."""
    return ok(service.history(state, who.profile_id, limit, offset))


@router.get("/week", tags=["progress"])
def week(state: State, who: Who) -> Any:
    """The seven days ending today: done, how the tests moved, what changes next."""
    return ok(service.week(state, who.profile_id))


@router.get("/progress", tags=["progress"])
def progress(state: State, who: Who) -> Any:
    """Trends of the test's own measures and of pain, and ``facts``: the bolster height,
    tighter side, pain change, adherence and PSFS change every page and export tells."""
    data = service.progress_data(state, who.profile_id).to_data()
    return ok({**data, "facts": service.facts(state, who.profile_id)})


@router.get("/progress/chart.svg", tags=["progress"], response_class=Response)
def progress_chart(
    request: Request,
    state: State,
    who: Who,
    theme: Annotated[str, Query(pattern="^(day|night)$")] = "day",
) -> Response:
    """The progress chart as SVG, in the ``day`` or ``night`` palette. Its ETag names the
    data it draws: ask again with If-None-Match and, until the data changes, the answer
    is 304 with no body."""
    from psoas.web.chart_cache import chart_svg

    key, svg = chart_svg(service.progress_data(state, who.profile_id), theme)
    etag = f'"{key}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(svg, media_type="image/svg+xml", headers=headers)


@router.get("/export", tags=["data"])
def export(state: State, who: Who, format: str = "json") -> Response:
    """Everything stored for you, as JSON (re-importable), CSV, or a FHIR R4B Bundle
    (tests, pain, sessions, routines and PSFS; importable too)."""
    from psoas.usecases.transfer import export_text

    with state.db.session() as db:
        text, _ = export_text(db, who.profile_id, state.catalog, format, who.username)
    if format == "fhir":
        return Response(
            text,
            media_type="application/fhir+json",
            headers={"Content-Disposition": 'attachment; filename="psoas-fhir.json"'},
        )
    if format == "csv":
        return PlainTextResponse(
            text,
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="psoas.csv"'},
        )
    return Response(
        text,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="psoas.json"'},
    )


@router.post("/import", tags=["data"], openapi_extra=IMPORT_BODY)
async def import_file(request: Request, state: State, who: Who) -> Any:
    """Add a psoas export (the JSON body): validated whole, all or nothing, duplicates
    skipped. The body is read only after the sign-in check, and parsed in a worker."""
    raw = await request.body()
    return await run_in_threadpool(_import, raw, state, who.profile_id)


def _import(raw: bytes, state: AppState, profile: int) -> dict[str, Any]:
    from psoas.store.database import check_integrity
    from psoas.usecases.import_checks import parse_any_export
    from psoas.usecases.transfer import import_file
    from psoas.validation import parse_json

    parsed = parse_any_export(parse_json(raw, "the import", BadInput))
    check_integrity(state.db)  # never add to a damaged file
    with state.db.session() as db:
        result = import_file(db, profile, parsed, state.catalog)
    return {"added": result.added, "skipped": result.skipped}


@router.get("/reminders.ics", tags=["data"], response_class=Response)
def reminders(
    state: State,
    who: Who,
    at: str = "21:30",
    days: str = "daily",
    routine: str = "bedtime",
    breaks: bool = False,
) -> Response:
    """A calendar file with the routine repeating at ``at`` on ``days``."""
    from datetime import date

    from psoas.core.planner import ROUTINES, build_plan
    from psoas.exceptions import BadInput
    from psoas.reminders import (
        break_reminders,
        calendar_bytes,
        parse_days,
        parse_time,
        routine_reminder,
    )
    from psoas.usecases.tonight import tonight_or_general

    if routine not in ROUTINES:
        raise BadInput(f"unknown routine {routine!r}; choose from {', '.join(ROUTINES)}")
    with state.db.session() as db:
        tonight, _ = tonight_or_general(db, who.profile_id, state.catalog)
    plan = build_plan(state.catalog, tonight.findings, routine, None, tonight.choices)
    items = [routine_reminder(parse_time(at), parse_days(days), plan, shell="web")]
    if breaks:
        items += break_reminders(parse_time("09:00"), parse_time("17:00"), 60, shell="web")
    return Response(
        calendar_bytes(items, date.today()),
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="psoas.ics"'},
    )


@router.post("/login", tags=["accounts"])
def login(body: Login, request: Request, state: State) -> Any:
    """Sign in. Five wrong tries at one name from one address (or twenty from one
    address) mean a five-minute wait for that address, and for nobody else."""
    name = body.username.strip().lower()
    address = request.client.host if request.client else "unknown"
    if not logins.reserve_attempt(state.db, name, address):
        return JSONResponse(
            {"detail": "too many attempts; wait a few minutes"},
            status_code=429,
            headers={"Retry-After": str(int(logins.WINDOW.total_seconds()))},
        )
    found = authenticate(state, body.username, body.password)
    if found is None:
        return JSONResponse({"detail": "wrong username or password"}, status_code=401)
    logins.forget_attempts(state.db, name, address)
    response = JSONResponse({"ok": True})
    _sign_in(response, state, *found)
    return response


def _sign_in(response: Response, state: AppState, user_id: int, hashed: str, version: int) -> None:
    """Set a new session cookie, and the CSRF token that belongs to it."""
    token = session_token(state.secret, user_id, hashed, version)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_DAYS * 86400,
        httponly=True,
        samesite="strict",
        secure=state.secure_cookies,
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        csrf_for(state.secret, token),
        samesite="strict",
        secure=state.secure_cookies,
        path="/",
    )


@router.post("/logout", tags=["accounts"])
def logout(request: Request, state: State) -> Any:
    """Sign out: every session of this account ends, on every device."""
    found = read_session(state.secret, request.cookies.get(SESSION_COOKIE, ""))
    if found is not None:
        logins.end_sessions(state.db, found[0])
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


class NewPassword(BaseModel):
    """The password now, and the new one (at least 10 characters)."""

    current: str = Field(max_length=200)
    new: str = Field(max_length=200)


@router.post("/password", tags=["accounts"])
def password(body: NewPassword, state: State, who: Who) -> Any:
    """Change your password: every other session of the account ends; this device
    stays signed in with a new session."""
    if who.username is None:
        raise BadInput("psoas on this computer has no accounts, so no password")
    if authenticate(state, who.username, body.current) is None:
        return JSONResponse({"detail": "the current password is wrong"}, status_code=403)
    logins.change_password(state.db, who.username, body.new)
    found = authenticate(state, who.username, body.new)
    assert found is not None  # just set
    response = JSONResponse({"ok": True})
    _sign_in(response, state, *found)
    return response


@router.post("/coaches", tags=["coach"], status_code=201)
def add_coach(body: Invite, state: State, who: Who) -> Any:
    """Invite a coach (another user) to see your plans and progress."""
    invite_coach(state, who, body.username)
    return {"ok": True}


@router.get("/coaches", tags=["coach"])
def coaches(state: State, who: Who) -> Any:
    """The coaches you invited."""
    return ok([{"username": name} for name in coaches_of(state, who)])


@router.delete("/coaches/{username}", tags=["coach"])
def remove_coach(username: str, state: State, who: Who) -> Any:
    """Withdraw a coach's access to your plans, progress and routines, at once."""
    withdraw_coach(state, who, username)
    return ok({"ok": True})


@router.get("/clients", tags=["coach"])
def clients(state: State, who: Who) -> Any:
    """The clients who invited you as their coach."""
    return [{"username": name} for name, _ in clients_of(state, who)]


@router.get("/clients/{username}/progress", tags=["coach"])
def client_progress(username: str, state: State, who: Who) -> Any:
    """A client's progress and history (only for a coach they invited)."""
    profile = client_profile(state, who, username)
    return {
        "progress": service.progress_data(state, profile).to_data(),
        "history": service.history(state, profile),
        "latest_test": service.latest(state, profile),
        "facts": service.facts(state, profile),
    }


@router.get("/clients/{username}/overview", tags=["coach"])
def client_overview(username: str, state: State, who: Who, weeks: Weeks = 8) -> Any:
    """A client at a glance (only for a coach they invited): adherence week by week, the
    baseline the plan uses, pain and its recent rise, the PSFS and the flags."""
    return ok(service.overview(state, client_profile(state, who, username), weeks))


@router.get("/clients/{username}/plan", tags=["coach"])
def client_plan(username: str, state: State, who: Who, routine: str = "bedtime") -> Any:
    """A client's plan for a routine (only for a coach they invited)."""
    return service.plan(state, client_profile(state, who, username), routine, None)
