"""When a record may say it happened: never more than a day ahead of now, and not
before this century.

A record from another device or an import carries its own time. A time up to a day
ahead is a clock or a time zone off by some hours; further ahead, the record says
something that has not happened, and psoas refuses it rather than trust it. A time
before 2000 cannot be a record psoas or anyone following its source articles made
(the app's own choices, both).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

#: How far ahead of now a record's time may be.
FUTURE_SLACK = timedelta(days=1)
#: The earliest day a record may be dated.
EARLIEST = date(2000, 1, 1)


def too_far_ahead(moment: datetime, now: datetime) -> bool:
    """True when ``moment`` is more than :data:`FUTURE_SLACK` after ``now``."""
    return moment > now + FUTURE_SLACK


def too_early(moment: datetime | date) -> bool:
    """True when ``moment`` falls before :data:`EARLIEST`."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return day < EARLIEST


def day_too_far_ahead(day: date, now: datetime) -> bool:
    """True when the calendar ``day`` starts after ``now`` plus :data:`FUTURE_SLACK`."""
    return day > (now + FUTURE_SLACK).date()


__all__ = ["EARLIEST", "FUTURE_SLACK", "day_too_far_ahead", "too_early", "too_far_ahead"]
