"""``psoas start`` and ``psoas resume``: guided sessions in the terminal."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from psoas.cli.assess_cmd import ROUTINE_CHOICES, _minutes
from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context
    from psoas.core.assessment import Answers
    from psoas.core.planner import PlanStep


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


def register(commands: Any) -> None:
    """Add the ``start`` and ``resume`` sub-commands."""
    start = commands.add_parser(
        "start",
        help=summary("start"),
        description="Run a routine step by step with a countdown, cues and chimes. Keys: "
        "p pause, s skip, + one more minute, q end. Every finished step is saved at once.",
    )
    start.add_argument(
        "routine", nargs="?", default="bedtime", choices=ROUTINE_CHOICES, help="default: bedtime"
    )
    start.add_argument("--minutes", type=_minutes, metavar="N", help="time budget in minutes")
    _session_options(start)
    start.set_defaults(run=run_start)

    resume = commands.add_parser(
        "resume",
        help=summary("resume"),
        description="Continue the latest unfinished session from its first unsaved step.",
    )
    _session_options(resume)
    resume.set_defaults(run=run_resume)


def run_start(args: argparse.Namespace, ctx: Context) -> int:
    """Build the plan from the latest test and run it."""
    from psoas.cli.assess_cmd import latest_answers
    from psoas.core.assessment import assess
    from psoas.core.planner import build_plan
    from psoas.store.repository import begin_session, profile_id, save_plan, set_aside_unfinished

    answers = latest_answers(ctx)
    plan = build_plan(ctx.catalog, assess(answers, ctx.catalog), args.routine, args.minutes)
    for warning in plan.warnings:
        print(f"!! {warning}")
    with ctx.db.session() as db:
        profile = profile_id(db)
        for old in set_aside_unfinished(db, profile):
            print(
                f"(The unfinished session of {old.started_at.astimezone():%a %d %b %H:%M} was "
                "set aside; its finished steps are kept.)"
            )
        record = save_plan(db, profile, plan.to_data())
        session_id = begin_session(db, profile, record).id
    print(
        f"{len(plan.steps)} steps, {round(plan.total_seconds / 60)} min. "
        "Keys: p pause, s skip, + one more minute, q end."
    )
    _run(ctx, args, session_id, profile, list(plan.steps), set(), answers.red_flags)
    return 0


def run_resume(args: argparse.Namespace, ctx: Context) -> int:
    """Continue the latest unfinished session."""
    from psoas.core.assessment import parse_answers
    from psoas.core.planner import PlanStep
    from psoas.store.repository import (
        logged_indexes,
        plan_of,
        profile_id,
        session_test_answers,
        unfinished_session,
    )

    with ctx.db.session() as db:
        profile = profile_id(db)
        record = unfinished_session(db, profile)
        if record is None:
            raise BadInput("there is no unfinished session to resume; start one with `psoas start`")
        plan = plan_of(db, record)
        finished = logged_indexes(db, record.id)
        tests = session_test_answers(db, record.id)
        session_id, started = record.id, record.started_at
    if plan is None:
        raise BadInput(
            "the unfinished session has lost its plan; start a new one with `psoas start`"
        )
    fields = PlanStep.__dataclass_fields__
    steps = [PlanStep(**{k: v for k, v in s.items() if k in fields}) for s in plan["steps"]]
    print(
        f"Resuming the {plan['routine']} session of {started.astimezone():%a %d %b %H:%M}: "
        f"{len(finished)} of {len(steps)} steps already done."
    )
    from psoas.cli.assess_cmd import latest_answers

    red_flags = latest_answers(ctx).red_flags
    earlier = {phase: parse_answers(answers) for phase, answers in tests.items()}
    _run(ctx, args, session_id, profile, steps, finished, red_flags, earlier)
    return 0


def _run(
    ctx: Context,
    args: argparse.Namespace,
    session_id: int,
    profile: int,
    steps: list[PlanStep],
    finished: set[int],
    red_flags: tuple[str, ...],
    tests: dict[str, Answers] | None = None,
) -> None:
    from psoas.cli.chime import Chime
    from psoas.cli.keys import KeyReader
    from psoas.cli.session_runner import TerminalSession, scaled_clock
    from psoas.core.session import SessionEngine

    speed = args.speed
    engine = SessionEngine(
        steps,
        scaled_clock(speed),
        finished=finished,
    )
    with KeyReader() as reader:
        TerminalSession(
            catalog=ctx.catalog,
            db=ctx.db,
            session_id=session_id,
            profile=profile,
            engine=engine,
            reader=reader,
            chime=Chime(ctx.settings.cache_dir, quiet=args.quiet),
            red_flags=red_flags,
            speed=speed,
            tests=dict(tests or {}),
        ).run()
