"""Calendar files (iCalendar, RFC 5545) with a recurring bedtime routine and sitting breaks.

Times are "floating" local times, so the routine stays at 21:30 wherever the
calendar app is and across daylight-saving changes.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.core.planner import Plan

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
_FULL = dict(
    zip(
        DAYS,
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        strict=True,
    )
)
_NAMESPACE = uuid.UUID("7d6c1a52-8c1f-4c5e-9e0f-1f3f7d4f5a10")


def parse_time(text: str) -> time:
    """``21:30`` or ``9:05`` as a time; BadInput otherwise."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise BadInput(f"{text!r} is not a time of day; use HH:MM, e.g. 21:30") from None


def parse_days(text: str) -> tuple[str, ...]:
    """``daily``, ``weekdays``, ``weekends`` or a list such as ``mon,wed,fri``."""
    cleaned = text.strip().lower()
    named = {"daily": DAYS, "weekdays": DAYS[:5], "weekends": DAYS[5:]}
    if cleaned in named:
        return named[cleaned]
    days = []
    for part in cleaned.replace(" ", ",").split(","):
        if not part:
            continue
        code = next(
            (c for c, full in _FULL.items() if len(part) >= 2 and full.startswith(part)), None
        )
        if code is None:
            raise BadInput(f"{part!r} is not a day; use mon,tue,... or daily, weekdays, weekends")
        days.append(code)
    if not days:
        raise BadInput("no days given; use mon,tue,... or daily, weekdays, weekends")
    return tuple(sorted(set(days), key=DAYS.index))


@dataclass(frozen=True)
class Reminder:
    """One recurring calendar event."""

    summary: str
    description: str
    at: time
    minutes: int
    days: tuple[str, ...]


def how_to_start(routine: str, shell: str) -> str:
    """How to begin, in the words of the shell that made the calendar: a command for the
    terminal, a tap for the web app (which never tells a person to run a command)."""
    if shell == "web":
        return "Open psoas and tap Start."
    return f"Start it with: psoas start {routine}"


def routine_reminder(
    at: time, days: tuple[str, ...], plan: Plan, shell: str = "terminal"
) -> Reminder:
    """The routine's own event: as long as its plan, worded for what it asks."""
    from psoas.core.routines import SPECS

    spec = SPECS[plan.routine]  # type: ignore[index]  # reminders are for the app's routines
    minutes = max(1, math.ceil(plan.total_seconds / 60))
    return Reminder(
        summary=f"psoas: {spec.title.lower()} ({minutes} min)",
        description=(
            f"Time for your psoas {spec.title.lower()}, about {minutes} min. {spec.reminder} "
            f"Tonight's check comes first. {how_to_start(plan.routine, shell)}"
        ),
        at=at,
        minutes=minutes,
        days=days,
    )


def break_reminders(
    start: time, end: time, every_minutes: int, shell: str = "terminal"
) -> list[Reminder]:
    """Stand-up breaks from ``start`` to ``end`` on weekdays, every ``every_minutes``."""
    if not 15 <= every_minutes <= 240:
        raise BadInput("--every must be between 15 and 240 minutes")
    if end <= start:
        raise BadInput("the work hours must end after they start, e.g. 09:00-17:00")
    reminders = []
    moment = datetime.combine(date.today(), start) + timedelta(minutes=every_minutes)
    last = datetime.combine(date.today(), end)
    while moment <= last:
        reminders.append(
            Reminder(
                summary="psoas: stand up and move",
                description=(
                    "Long sitting keeps the psoas short. Stand up, walk a few steps, "
                    "or do a standing lunge stretch. " + how_to_start("desk-break", shell)
                ),
                at=moment.time(),
                minutes=2,
                days=DAYS[:5],
            )
        )
        moment += timedelta(minutes=every_minutes)
    return reminders


def first_occurrence(day: date, days: tuple[str, ...]) -> date:
    """The first date on or after ``day`` that falls on one of ``days``."""
    while DAYS[day.weekday()] not in days:
        day += timedelta(days=1)
    return day


def calendar_bytes(reminders: list[Reminder], first_day: date) -> bytes:
    """An iCalendar file holding every reminder, each repeating weekly on its days."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//psoas//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "psoas")
    for reminder in reminders:
        start = datetime.combine(first_occurrence(first_day, reminder.days), reminder.at)
        event = Event()
        key = f"{reminder.summary}|{reminder.at.isoformat()}|{','.join(reminder.days)}"
        event.add("uid", f"{uuid.uuid5(_NAMESPACE, key)}@psoas")
        event.add("summary", reminder.summary)
        event.add("description", reminder.description)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=reminder.minutes))
        event.add("dtstamp", datetime.now().astimezone())
        event.add("rrule", {"freq": "weekly", "byday": [d.upper() for d in reminder.days]})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.summary)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


__all__ = [
    "DAYS",
    "Reminder",
    "break_reminders",
    "calendar_bytes",
    "first_occurrence",
    "how_to_start",
    "parse_days",
    "parse_time",
    "routine_reminder",
]
