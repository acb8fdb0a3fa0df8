"""``psoas start`` and ``psoas resume``: guided sessions in the terminal."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from psoas.cli.assess_cmd import PLAN_CHOICES, ROUTINE_HELP, _minutes
from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context
    from psoas.cli.keys import KeyReader
    from psoas.core.assessment import Answers
    from psoas.core.nightly import Screen
    from psoas.core.planner import Plan, PlanStep
    from psoas.core.tonight import Tonight


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 10000:
        raise argparse.ArgumentTypeError(f"{text} must be above 0 and at most 10000")
    return value


def _session_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--speed", type=_speed, default=1.0, metavar="N", help="run the clock N times faster"
    )
    parser.add_argument("--quiet", action="store_true", help="no chimes")
    parser.add_argument(
        "--screen",
        metavar="FILE",
        help='tonight\'s screen as JSON ({"red_flags": [...], "pain": N}; \'-\' for '
        "stdin) instead of asking it",
    )


def register(commands: Any) -> None:
    """Add the ``start`` and ``resume`` sub-commands."""
    start = commands.add_parser(
        "start",
        help=summary("start"),
        description="Ask tonight's screen (red flags and pain, about 15 seconds), then run "
        "the routine step by step with a countdown, cues and chimes. Keys: p pause, s skip, "
        "+ one more minute, q end. Every finished step is saved at once.",
    )
    start.add_argument("routine", nargs="?", choices=PLAN_CHOICES, help=ROUTINE_HELP)
    start.add_argument("--minutes", type=_minutes, metavar="N", help="time budget in minutes")
    _session_options(start)
    start.set_defaults(run=run_start)

    resume = commands.add_parser(
        "resume",
        help=summary("resume"),
        description="Continue the latest unfinished session from its first unsaved step. "
        "After 12 hours it is another night: tonight's screen is asked again, and if the "
        "answers change the plan, a new session starts from tonight's plan instead.",
    )
    _session_options(resume)
    resume.set_defaults(run=run_resume)


def _tonight_screen(
    args: argparse.Namespace, ctx: Context, reader: KeyReader, standing: list[str]
) -> Screen | None:
    """Tonight's screen from --screen, or asked; None after a *get care now* answer.

    The questions are read through the session's own key reader, so answers piped in
    for the session are never swallowed by another buffer.
    """
    from psoas.cli.check_prompts import UrgentCare, ask_screen

    if args.screen:
        from psoas.cli.files import read_json_file
        from psoas.core.nightly import parse_screen

        return parse_screen(read_json_file(args.screen, "screen file"), ctx.catalog)

    def read(prompt: str) -> str:
        try:
            return reader.read_line(prompt)
        except EOFError:
            raise BadInput("input ended before tonight's screen was answered") from None

    try:
        return ask_screen(ctx.catalog, standing, read)
    except UrgentCare:
        print("\nNo session was started.")
        return None


def _plan_tonight(
    args: argparse.Namespace,
    ctx: Context,
    reader: KeyReader,
    routine: str | None,
    minutes: float | None,
    routine_uid: str | None = None,
) -> tuple[Plan, Tonight, Screen] | None:
    """Ask the screen and build tonight's plan; None when nothing may start."""
    from psoas.cli.assess_cmd import load_tonight_or_exit
    from psoas.core.nightly import standing_flags

    base = load_tonight_or_exit(ctx)
    screen = _tonight_screen(args, ctx, reader, list(standing_flags(base.answers, ctx.catalog)))
    if screen is None:
        return None
    # Only now, while the person has answered: the screen shows before SQLAlchemy loads.
    from psoas.store.repository import profile_id
    from psoas.usecases.sessions import plan_from_screen, refuse

    with ctx.db.session() as db:
        profile = profile_id(db)
        screened = plan_from_screen(db, profile, ctx.catalog, screen, routine, minutes, routine_uid)
    plan = screened.plan
    if plan.urgent:
        with ctx.db.session() as db:
            refuse(db, profile_id(db), screen)
        print(f"\n!! {plan.warnings[0]}\nNo session was started.")
        return None
    return plan, screened.tonight, screen


def run_start(args: argparse.Namespace, ctx: Context) -> int:
    """Ask tonight's screen, build the plan from it and the latest test, and run it."""
    from psoas.cli.assess_cmd import load_tonight_or_exit
    from psoas.cli.keys import KeyReader

    load_tonight_or_exit(ctx)  # no self-test yet: say so before asking anything
    with KeyReader() as reader:
        planned = _plan_tonight(args, ctx, reader, args.routine, args.minutes)
        if planned is None:
            return 1
        _begin(ctx, args, reader, *planned)
    return 0


def _begin(
    ctx: Context,
    args: argparse.Namespace,
    reader: KeyReader,
    plan: Plan,
    tonight: Tonight,
    screen: Screen,
) -> None:
    """Store the screen and the plan, open the session and run it."""
    from psoas.core.units import format_duration
    from psoas.store.repository import profile_id
    from psoas.usecases.sessions import start

    for warning in plan.warnings:
        print(f"!! {warning}")
    data = plan.to_data()
    with ctx.db.session() as db:
        profile = profile_id(db)
        started = start(db, profile, data, screen)
    for old in started.set_aside:
        kept = (
            f", with the {format_duration(old.kept_s)} held in its last step" if old.kept_s else ""
        )
        print(
            f"(The unfinished session of {old.started_at.astimezone():%a %d %b %H:%M} was "
            f"set aside; its finished steps are kept{kept}.)"
        )
    session_id = started.id
    print(
        f"{len(plan.steps)} steps, {round(plan.total_seconds / 60)} min. "
        "Keys: p pause, s skip, + one more minute, q end."
    )
    _run(
        ctx,
        args,
        reader,
        session_id,
        profile,
        list(plan.steps),
        {},
        tonight,
        screen.pain,
    )


def run_resume(args: argparse.Namespace, ctx: Context) -> int:
    """Continue the latest unfinished session (asking tonight's screen on another night)."""
    from psoas.core.planner import PlanStep
    from psoas.store.repository import profile_id
    from psoas.usecases.sessions import resumable

    with ctx.db.session() as db:
        profile = profile_id(db)
        found = resumable(db, profile)
    if found is None:
        raise BadInput("there is no unfinished session to resume; start one with `psoas start`")
    plan, finished, tests, progress = found.plan, found.finished, found.tests, found.hold
    session_id, started = found.id, found.started_at
    fields = PlanStep.__dataclass_fields__
    steps = [PlanStep(**{k: v for k, v in s.items() if k in fields}) for s in plan["steps"]]
    from psoas.cli.keys import KeyReader

    with KeyReader() as reader:
        return _resume(
            args, ctx, reader, profile, plan, steps, session_id, started, finished, tests, progress
        )


def _resume(
    args: argparse.Namespace,
    ctx: Context,
    reader: KeyReader,
    profile: int,
    plan: dict[str, Any],
    steps: list[PlanStep],
    session_id: int,
    started: datetime,
    finished: dict[int, str],
    tests: dict[str, dict[str, Any]],
    progress: dict[str, float] | None,
) -> int:
    """The resume itself, inside the key reader (see :func:`run_resume`)."""
    from psoas.core.assessment import parse_answers
    from psoas.core.nightly import needs_rescreen, plan_still_fits
    from psoas.usecases.sessions import rescreen
    from psoas.usecases.tonight import load_tonight

    pain_now = None
    if needs_rescreen(started, datetime.now(UTC)):
        print(
            f"Your {plan['routine']} session of {started.astimezone():%a %d %b %H:%M} is from "
            "another night, so tonight's screen comes first."
        )
        budget = plan.get("budget_seconds")
        minutes = budget / 60 if budget else None
        planned = _plan_tonight(
            args, ctx, reader, plan["routine"], minutes, plan.get("routine_uid")
        )
        if planned is None:
            return 1
        tonight_plan, tonight, screen = planned
        remaining = [s.id for i, s in enumerate(steps) if i not in finished]
        if not plan_still_fits(remaining, {s.id for s in tonight_plan.steps}):
            print("Tonight's answers change the plan, so a new session starts from it.")
            _begin(ctx, args, reader, tonight_plan, tonight, screen)
            return 0
        with ctx.db.session() as db:
            rescreen(db, profile, session_id, screen)
        pain_now = screen.pain
        progress = None  # another night: the hold starts afresh
    else:
        with ctx.db.session() as db:
            found = load_tonight(db, profile, ctx.catalog)
        assert found is not None
        tonight = found
    statuses = list(finished.values())
    skipped = statuses.count("skipped")
    print(
        f"Resuming the {plan['routine']} session of {started.astimezone():%a %d %b %H:%M}: "
        f"{statuses.count('done')} of {len(steps)} steps done"
        + (f", {skipped} skipped" if skipped else "")
        + "."
    )
    resume_hold = None
    if progress and int(progress["index"]) not in finished:
        resume_hold = (int(progress["index"]), progress["left_s"], progress["total_s"])
        from psoas.cli.bigdigits import clock_text

        print(f"The hold you were in goes on with {clock_text(progress['left_s'])} left.")
    earlier = {phase: parse_answers(answers) for phase, answers in tests.items()}
    _run(
        ctx,
        args,
        reader,
        session_id,
        profile,
        steps,
        finished,
        tonight,
        pain_now,
        earlier,
        resume_hold,
    )
    return 0


def _run(
    ctx: Context,
    args: argparse.Namespace,
    reader: KeyReader,
    session_id: int,
    profile: int,
    steps: list[PlanStep],
    finished: dict[int, str],
    tonight: Tonight,
    pain_now: int | None,
    tests: dict[str, Answers] | None = None,
    resume_hold: tuple[int, float, float] | None = None,
) -> None:
    from psoas.cli.chime import Chime
    from psoas.cli.session_runner import TerminalSession, scaled_clock
    from psoas.core.session import SessionEngine

    speed = args.speed
    engine = SessionEngine(
        steps, scaled_clock(speed), finished=set(finished), resume_hold=resume_hold
    )
    TerminalSession(
        catalog=ctx.catalog,
        db=ctx.db,
        session_id=session_id,
        profile=profile,
        engine=engine,
        reader=reader,
        chime=Chime(ctx.settings.cache_dir, quiet=args.quiet),
        red_flags=tonight.answers.red_flags,
        pain_now=pain_now,
        speed=speed,
        tests=dict(tests or {}),
        earlier=dict(finished),
    ).run()
