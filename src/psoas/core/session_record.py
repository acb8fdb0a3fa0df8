"""One session as the record keeps it, and how it counts: done, partly done, a rest
night, or nothing done.

The rule lives here, once (:func:`session_outcome`), so the history, the week in
review, the coach's pages and the report count a session the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

#: Session states that ended: run to the end, or ended early.
ENDED = ("finished", "ended_early")
#: A session counts as done when it ended with more than this share of its planned
#: steps done (the app's own choice: "most of the routine", so a session ended after
#: 1 of 10 steps is partly done, and one ended early at 9 of 10 is done).
DONE_SHARE = 0.5

Outcome = Literal["done", "partly", "rest", "none"]
#: How each outcome is said.
OUTCOME_WORDS: dict[str, str] = {
    "done": "done",
    "partly": "partly done",
    "rest": "rest night",
    "none": "nothing done",
}


@dataclass(frozen=True)
class SessionSummary:
    """One session as history shows it."""

    uid: str
    started_at: datetime
    day: date
    routine: str
    status: str
    done: int
    skipped: int
    partial: int
    seconds_held: int
    discomfort: int | None = None
    #: Why the session is flagged (the pain rose during it, or high discomfort after).
    flag: str | None = None
    #: How many steps its plan had (None: the plan is lost).
    planned_steps: int | None = None
    #: True when its plan was rest only (a red flag said rest).
    rest_only: bool = False

    @property
    def outcome(self) -> Outcome:
        """How it counts (:func:`session_outcome`)."""
        return session_outcome(self)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "uid": self.uid,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "day": self.day.isoformat(),
            "routine": self.routine,
            "status": self.status,
            "done": self.done,
            "skipped": self.skipped,
            "partial": self.partial,
            "planned_steps": self.planned_steps,
            "outcome": self.outcome,
            "minutes": round(self.seconds_held / 60, 1),
            "discomfort": self.discomfort,
            "flag": self.flag,
        }


def tally(done: str, partly: int, rest: int) -> str:
    """Sessions by how they count, in words: ``done`` (already said: "3 done", "3 of 5
    done"), then the partly done ones and the rest nights when there are any: "3 done,
    1 partly done, 2 rest nights"."""
    parts = [done]
    if partly:
        parts.append(f"{partly} {OUTCOME_WORDS['partly']}")
    if rest:
        parts.append(f"{rest} {OUTCOME_WORDS['rest']}{'' if rest == 1 else 's'}")
    return ", ".join(parts)


def session_outcome(session: SessionSummary) -> Outcome:
    """How a session counts: ``rest`` when its plan was rest only (a red flag said rest:
    a rest night, not the routine done); ``done`` when it ended (finished or ended
    early) with more than half of its planned steps done (:data:`DONE_SHARE`);
    ``partly`` when at least one step was done or held in part; ``none`` otherwise. A
    session whose plan is lost counts the steps written as its plan."""
    if session.rest_only:
        return "rest"
    planned = session.planned_steps or (session.done + session.skipped + session.partial)
    if session.status in ENDED and planned and session.done > DONE_SHARE * planned:
        return "done"
    return "partly" if session.done or session.partial else "none"


__all__ = [
    "DONE_SHARE",
    "ENDED",
    "OUTCOME_WORDS",
    "Outcome",
    "SessionSummary",
    "session_outcome",
    "tally",
]
