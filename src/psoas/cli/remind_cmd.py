"""``psoas remind``: a calendar file with the bedtime routine and sitting breaks."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from psoas.cli.assess_cmd import ROUTINE_CHOICES
from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context


def register(commands: Any) -> None:
    """Add the ``remind`` sub-command."""
    remind = commands.add_parser(
        "remind",
        help=summary("remind"),
        description="Write an .ics calendar file with your routine repeating at a set time "
        "and, with --breaks, reminders to stand up during work hours. Open it in any "
        "calendar app.",
    )
    remind.add_argument("--at", required=True, metavar="HH:MM", help="time of the routine")
    remind.add_argument(
        "--days", default="daily", help="daily, weekdays, weekends or e.g. mon,wed,fri"
    )
    remind.add_argument("--ics", required=True, metavar="FILE", help="calendar file to write")
    remind.add_argument("--routine", choices=ROUTINE_CHOICES, default="bedtime")
    remind.add_argument(
        "--minutes",
        type=int,
        metavar="N",
        help="fit the routine into N minutes (default: the routine's own length)",
    )
    remind.add_argument(
        "--breaks", action="store_true", help="add stand-up reminders during work hours"
    )
    remind.add_argument(
        "--work-hours", default="09:00-17:00", metavar="HH:MM-HH:MM", help="for --breaks"
    )
    remind.add_argument(
        "--every", type=int, default=60, metavar="MIN", help="minutes between breaks"
    )
    remind.set_defaults(run=run_remind)


def run_remind(args: argparse.Namespace, ctx: Context) -> int:
    """Write the calendar file."""
    from datetime import date

    from psoas.reminders import (
        break_reminders,
        calendar_bytes,
        parse_days,
        parse_time,
        routine_reminder,
    )

    if args.minutes is not None and not 1 <= args.minutes <= 180:
        raise BadInput("--minutes must be between 1 and 180")
    at, days = parse_time(args.at), parse_days(args.days)
    plan = routine_plan(ctx, args.routine, args.minutes)
    reminders = [routine_reminder(at, days, plan)]
    if args.breaks:
        start_text, _, end_text = args.work_hours.partition("-")
        if not end_text:
            raise BadInput("--work-hours must look like 09:00-17:00")
        reminders += break_reminders(parse_time(start_text), parse_time(end_text), args.every)
    from psoas.cli.files import write_file

    write_file(args.ics, calendar_bytes(reminders, date.today()))
    breaks = len(reminders) - 1
    extra = f" and {breaks} stand-up breaks on weekdays" if breaks else ""
    print(
        f"Wrote {args.ics}: the {args.routine} routine ({reminders[0].minutes} min) at "
        f"{args.at} ({args.days}){extra}. Open it in your calendar app to add the reminders."
    )
    return 0


def routine_plan(ctx: Context, routine: str, minutes: float | None) -> Any:
    """The routine's plan from tonight's picture, or from general answers before any test."""
    from psoas.core.planner import build_plan
    from psoas.store.repository import profile_id
    from psoas.usecases.tonight import tonight_or_general

    with ctx.db.session() as db:
        tonight, _ = tonight_or_general(db, profile_id(db), ctx.catalog)
    return build_plan(ctx.catalog, tonight.findings, routine, minutes, tonight.choices)  # type: ignore[arg-type]
