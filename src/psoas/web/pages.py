"""The HTML pages: rendered from the same service functions as the API."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from psoas import __version__
from psoas.core.assessment import (
    CONFIRM_LIFT_ABOVE_CM,
    MAX_LIFT_HEIGHT_CM,
    USUAL_LIFT_HEIGHT_CM,
)
from psoas.core.bolster import SOURCE_WORDS
from psoas.core.safety import URGENT_ADVICE
from psoas.core.session_record import OUTCOME_WORDS
from psoas.core.units import format_duration, format_length
from psoas.web import choices, service
from psoas.web.auth import app_state, client_profile, clients_of, coaches_of, current_viewer
from psoas.web.outcomes_api import psfs_state
from psoas.web.routines_api import routines_of, written_by
from psoas.web.security import local_path
from psoas.web.state import AppState, Viewer

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
templates.env.filters["duration"] = format_duration
templates.env.filters["cm"] = format_length


def _short_day(iso: str) -> str:
    """An ISO day as a phone's table shows it: "Mon 7 Dec"."""
    day = date.fromisoformat(iso)
    return f"{day:%a} {day.day} {day:%b}"


templates.env.filters["short_day"] = _short_day


def _bolster_words(source: Any) -> str:
    """Where a bolster height comes from, in the words every surface uses
    (psoas.core.bolster); findings stored before sources were kept say none."""
    return SOURCE_WORDS.get(source, SOURCE_WORDS["starting"])


templates.env.filters["bolster_words"] = _bolster_words
# The first letter in capitals, the rest as it is ("cm" stays "cm").
templates.env.filters["first_upper"] = lambda text: text[:1].upper() + text[1:]


def _figure(practice: Any, bolster_cm: float | None = None) -> Markup:
    """A practice's figures as inline SVG (built by us, captions escaped)."""
    from psoas.render.figures import practice_svg

    return Markup(practice_svg(practice, bolster_cm))


def _moving_figure(practice: Any) -> Markup:
    """A practice as a loop of its keyframes (a still when it has one), inline SVG."""
    from psoas.render.motion import practice_motion_svg

    return Markup(practice_motion_svg(practice))


def _single_figure(figure: Any, title: str, id_prefix: str) -> Markup:
    """One keyframe as inline SVG."""
    from psoas.render.figures import figure_svg

    return Markup(figure_svg(figure, title, id_prefix))


def _keyframe_list(practice: Any) -> Markup:
    """The captions of a practice's keyframes: numbered when the figure numbers them."""
    from markupsafe import escape

    captions = [escape(figure.caption) for figure in practice.figures]
    if len(captions) == 1:
        return Markup(f'<figcaption class="keyframes">{captions[0]}</figcaption>')
    items = "".join(f"<li>{caption}</li>" for caption in captions)
    return Markup(f'<figcaption><ol class="keyframes">{items}</ol></figcaption>')


templates.env.globals["figure"] = _figure
templates.env.globals["keyframe_list"] = _keyframe_list
templates.env.globals["moving_figure"] = _moving_figure
templates.env.globals["urgent_advice"] = f"Get medical care today. {URGENT_ADVICE}"
templates.env.globals["single_figure"] = _single_figure
templates.env.globals["outcome_words"] = OUTCOME_WORDS
State = Annotated[AppState, Depends(app_state)]
Who = Annotated[Viewer, Depends(current_viewer)]

NAV = [
    ("/", "Home"),
    ("/check", "Test"),
    ("/plan", "Plan"),
    ("/routines", "Routines"),
    ("/catalog", "Practices"),
    ("/progress", "Progress"),
    ("/settings", "Settings"),
]


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the shared layout."""
    state: AppState = request.app.state.psoas
    context.update(
        nav=NAV,
        path=request.url.path,
        version=__version__,
        accounts=state.accounts_required,
        # Where the in-browser pose model is served ("" when set-up did not build it).
        pose_url=request.app.state.pose_url,
    )
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, message: str, status: int) -> Response:
    """A friendly page for a 4xx."""
    return render(request, "error.html", status=status, message=message, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, state: State, who: Who) -> Response:
    """Tonight's routine, the streak, the last test at a glance."""
    latest = service.latest(state, who.profile_id)
    tonight = service.plan(state, who.profile_id, None, None) if latest else None
    return render(
        request,
        "home.html",
        latest=latest,
        tonight=tonight,
        history=service.history(state, who.profile_id)["summary"],
        unfinished=service.current_session(state, who.profile_id),
        offers=[r for r in routines_of(state, who.profile_id) if _waiting(r)],
        psfs_due=bool(latest) and psfs_state(state, who.profile_id)["due"],
        week=service.week(state, who.profile_id) if latest else None,
        who=who,
    )


def _waiting(record: dict[str, Any]) -> bool:
    """A routine (or a change) from a physiotherapist that waits for the person's answer."""
    return record["status"] == "offered" or record["offered_change"] is not None


@router.get("/check", response_class=HTMLResponse)
def check(request: Request, state: State, who: Who) -> Response:
    """The self-test wizard: one check per screen."""
    test = state.catalog.require("sit-to-lie-test")
    roll_down = state.catalog.require("roll-down-test")
    return render(
        request,
        "check.html",
        test=test,
        roll_down=roll_down,
        catalog=state.catalog,
        max_lift_cm=MAX_LIFT_HEIGHT_CM,
        usual_lift_cm=USUAL_LIFT_HEIGHT_CM,
        confirm_above_cm=CONFIRM_LIFT_ABOVE_CM,
    )


@router.get("/plan", response_class=HTMLResponse)
def plan(
    request: Request,
    state: State,
    who: Who,
    routine: str | None = None,
    minutes: float | None = None,
) -> Response:
    """Findings and plan: warnings first, why each step is there."""
    if service.latest(state, who.profile_id) is None:
        return render(request, "need_test.html")
    built = service.plan(state, who.profile_id, routine, minutes)
    return render(
        request,
        "plan.html",
        plan=built,
        routine=built["routine"],
        minutes=minutes,
        catalog=state.catalog,
        own=routines_of(state, who.profile_id),
    )


def builder_practices(state: AppState) -> list[dict[str, Any]]:
    """What the routine builder offers: every practice but the tests (the safer versions
    too: a physiotherapist may prescribe one directly), with its hold."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "per_side": p.per_side,
            "hold_s": p.hold.default_s,
            "min_s": p.hold.min_s,
            "dosed_in": p.dosed_in,
        }
        for p in state.catalog.practices
        if p.kind != "test"
    ]


@router.get("/routines", response_class=HTMLResponse)
def routines(request: Request, state: State, who: Who) -> Response:
    """Routines of your own: compose, change, choose; answer your physiotherapist's."""
    return render(
        request,
        "routines.html",
        routines=routines_of(state, who.profile_id),
        practices=builder_practices(state),
        names={p.id: p.name for p in state.catalog.practices},
    )


@router.get("/session", response_class=HTMLResponse)
def session(request: Request, state: State, who: Who, routine: str = "") -> Response:
    """The session player: tonight's screen, then a big countdown, chimes, voice, wake
    lock, resume."""
    return render(
        request,
        "session.html",
        routine=routine,
        catalog=state.catalog,
        standing=service.standing(state, who.profile_id),
        max_lift_cm=MAX_LIFT_HEIGHT_CM,
    )


@router.get("/catalog", response_class=HTMLResponse)
def catalog(request: Request, state: State) -> Response:
    """Every practice with its figure."""
    return render(request, "catalog.html", catalog=state.catalog)


@router.get("/catalog/{practice_id}", response_class=HTMLResponse)
def practice(request: Request, practice_id: str, state: State) -> Response:
    """One practice: figure, steps, cues, cautions, sources, psoas length."""
    from psoas.core.psoas_length import practice_length, sitting_change_percent
    from psoas.core.safety import when_left_out

    found = state.catalog.require(practice_id)
    return render(
        request,
        "practice.html",
        practice=found,
        catalog=state.catalog,
        change=practice_length(found).change_percent,
        sitting=sitting_change_percent(),
        left_out=when_left_out(found, state.catalog),
    )


#: Sessions per page of the progress page's table (the app's own choice: a month and
#: a bit of nightly sessions, short enough to scroll on a phone).
SESSIONS_PER_PAGE = 40


@router.get("/progress", response_class=HTMLResponse)
def progress(
    request: Request,
    state: State,
    who: Who,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="sessions skipped")] = 0,
) -> Response:
    """History (done vs skipped, a page at a time) and the charts of the test's own measures."""
    return render(
        request,
        "progress.html",
        history=service.history(state, who.profile_id, SESSIONS_PER_PAGE, offset),
        offset=offset,
        per_page=SESSIONS_PER_PAGE,
        progress=service.progress_data(state, who.profile_id).to_data(),
        facts=service.facts(state, who.profile_id),
        chart_url="/api/progress/chart.svg",
        psfs=psfs_state(state, who.profile_id),
    )


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request, state: State, who: Who) -> Response:
    """Units, theme, sound, voice, ball massage, clearances, reminders, data, coach."""
    return render(
        request,
        "settings.html",
        who=who,
        clients=clients_of(state, who),
        coaches=coaches_of(state, who) if who.user_id is not None else [],
        massage=choices.massage_state(state, who.profile_id),
        kit=choices.props_state(state, who.profile_id),
        clearances=choices.clearance_list(state, who.profile_id),
        clearable=[f for f in state.catalog.red_flags if f.cleared_by],
        today=date.today().isoformat(),
    )


@router.get("/offline", response_class=HTMLResponse)
def offline(request: Request) -> Response:
    """What still works with no network; the service worker shows it for a page this
    phone has never opened."""
    return render(request, "offline.html")


@router.get("/login", response_class=HTMLResponse)
def login(request: Request, next: str = "/") -> Response:
    """Sign in (only when psoas is served beyond this computer)."""
    return render(request, "login.html", next=local_path(next))


#: Weeks of adherence on the clients page (the client's own page shows eight).
CLIENT_WEEKS = 4


@router.get("/clients", response_class=HTMLResponse)
def clients(request: Request, state: State, who: Who) -> Response:
    """Every client who invited you: adherence, the last test, pain, the PSFS, flags."""
    found = [
        (name, service.overview(state, pid, CLIENT_WEEKS)) for name, pid in clients_of(state, who)
    ]
    return render(request, "clients.html", clients=found, weeks=CLIENT_WEEKS)


@router.get("/clients/{username}/report.pdf", response_class=Response)
def client_report(
    username: str,
    state: State,
    who: Who,
    start: date | None = None,
    end: date | None = None,
    paper: str = "a4",
) -> Response:
    """A printable progress report of a client over a period (default: the last 4 weeks)."""
    from psoas.exceptions import BadInput
    from psoas.render.report import report_pdf
    from psoas.usecases.record import report_input

    if paper not in ("a4", "letter"):
        raise BadInput("paper must be a4 or letter")
    profile = client_profile(state, who, username)
    end = end or date.today()
    start = start or end - timedelta(days=27)
    with state.db.connect() as db:
        report = report_input(db, profile, state.catalog, username, start, end)
    name = f"psoas-{username}-{start}-{end}.pdf"
    return Response(
        report_pdf(report, paper),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/clients/{username}", response_class=HTMLResponse)
def client(request: Request, username: str, state: State, who: Who) -> Response:
    """A client's progress, for the coach they invited."""
    profile = client_profile(state, who, username)
    return render(
        request,
        "client.html",
        username=username,
        history=service.history(state, profile, limit=0),
        progress=service.progress_data(state, profile).to_data(),
        facts=service.facts(state, profile),
        latest=service.latest(state, profile),
        routines=written_by(state, profile, who.user_id),
        psfs=psfs_state(state, profile),
        overview=service.overview(state, profile),
        report_end=date.today().isoformat(),
        report_start=(date.today() - timedelta(days=27)).isoformat(),
        practices=builder_practices(state),
        names={p.id: p.name for p in state.catalog.practices},
    )
