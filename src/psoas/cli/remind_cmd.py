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
    remind.add_argument("--minutes", type=int, default=20, metavar="N", help="event length")
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
        bedtime_reminder,
        break_reminders,
        calendar_bytes,
        parse_days,
        parse_time,
    )

    if not 5 <= args.minutes <= 180:
        raise BadInput("--minutes must be between 5 and 180")
    reminders = [
        bedtime_reminder(parse_time(args.at), parse_days(args.days), args.minutes, args.routine)
    ]
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
        f"Wrote {args.ics}: the {args.routine} routine at {args.at} ({args.days}){extra}. "
        "Open it in your calendar app to add the reminders."
    )
    return 0
