"""What a coach sees of a client at a glance: sessions done against sessions planned,
week by week, and the flags that ask for a look.

Each rule is a small named function with where it comes from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from psoas.core.progress import SessionSummary
from psoas.core.safety import PAIN_JUMP

#: Sessions a week when nothing else is prescribed: the program is a nightly one.
NIGHTLY = 7
#: Days without a session before the coach is told (the issue's own choice).
QUIET_DAYS = 7
#: How far back a reported red flag is shown (the app's own choice: two weeks, the
#: PSFS's own interval, so a coach who looks in between sessions of care sees it).
RED_FLAG_DAYS = 14
#: Session states that count as done: it was run, to the end or ended early.
DONE = ("finished", "ended_early")


@dataclass(frozen=True)
class Week:
    """Seven days ending ``end``: sessions done, and how many were planned."""

    end: date
    done: int
    planned: int

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"end": self.end.isoformat(), "done": self.done, "planned": self.planned}


def weekly(
    sessions: Sequence[SessionSummary], per_week: int | None, today: date, weeks: int = 8
) -> list[Week]:
    """Done against planned for each of the ``weeks`` seven-day spans ending ``today``,
    oldest first; planned is the routine's times a week, else every night."""
    planned = per_week or NIGHTLY
    done_days = [s.day for s in sessions if s.status in DONE]
    spans = []
    for n in reversed(range(weeks)):
        end = today - timedelta(days=7 * n)
        start = end - timedelta(days=6)
        spans.append(Week(end, sum(1 for d in done_days if start <= d <= end), planned))
    return spans


def quiet_for(sessions: Sequence[SessionSummary], today: date) -> int | None:
    """Days since the last session that was done (None: none yet)."""
    days = [s.day for s in sessions if s.status in DONE]
    return (today - max(days)).days if days else None


def coach_flags(
    sessions: Sequence[SessionSummary],
    today: date,
    pain_newest_first: Sequence[int],
    red_flags_lately: Sequence[str],
) -> list[str]:
    """The flags for a coach, each in words:

    - no session in 7 days (the issue's rule; also when there has been none at all);
    - pain up 2 points or more since the rating before (the app's pain-jump rule,
      :data:`psoas.core.safety.PAIN_JUMP`);
    - a red flag reported in the last two weeks (001: red flags need a provider).
    """
    flags = []
    quiet = quiet_for(sessions, today)
    if quiet is None or quiet >= QUIET_DAYS:
        flags.append("no session in 7 days" if quiet is not None else "no session yet")
    if len(pain_newest_first) >= 2 and pain_newest_first[0] - pain_newest_first[1] >= PAIN_JUMP:
        flags.append(f"pain up {pain_newest_first[0] - pain_newest_first[1]} points")
    if red_flags_lately:
        names = ", ".join(sorted(set(red_flags_lately))).replace("_", " ")
        flags.append(f"red flag reported: {names}")
    return flags


__all__ = [
    "DONE",
    "NIGHTLY",
    "QUIET_DAYS",
    "RED_FLAG_DAYS",
    "Week",
    "coach_flags",
    "quiet_for",
    "weekly",
]
