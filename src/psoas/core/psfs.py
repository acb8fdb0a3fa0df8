"""The Patient-Specific Functional Scale (PSFS): a standard outcome measure.

Not from the source articles: the issue asks for a standard measure a physiotherapist
recognises. The person names up to three activities they find hard because of their
back or hip, and rates how well they can do each, 0 (cannot do it) to 10 (as well as
before the problem). The score is the mean rating. It is asked at the start, then
again when two weeks have passed. Published by Stratford, Gill, Westaway and Binkley
(Physiotherapy Canada 47:258-263, 1995), who give the smallest change that matters:
2 points on the mean score, 3 on one activity. The instructions shown are psoas's own
words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from psoas.exceptions import BadInput

#: Activities a person names at most.
MAX_ACTIVITIES = 3
ACTIVITY_CHARS = 80
#: How often it is asked again (the issue's choice: every two weeks).
EVERY = timedelta(days=14)
#: The smallest change that matters, from Stratford et al. (1995).
MEANINGFUL_MEAN_POINTS = 2.0
MEANINGFUL_ACTIVITY_POINTS = 3
#: The words shown with the scale (psoas's own).
SCALE_LOW = "0: I cannot do it"
SCALE_HIGH = "10: as well as before the problem"


@dataclass(frozen=True)
class ActivityRating:
    """One activity the person named, and how well they can do it now, 0-10."""

    activity: str
    score: int

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"activity": self.activity, "score": self.score}


@dataclass(frozen=True)
class PsfsResponse:
    """One answering of the scale."""

    taken_at: datetime
    ratings: tuple[ActivityRating, ...]

    @property
    def mean(self) -> float:
        """The PSFS score: the mean rating, to one decimal."""
        return round(sum(r.score for r in self.ratings) / len(self.ratings), 1)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "taken_at": self.taken_at.isoformat(timespec="seconds"),
            "ratings": [r.to_data() for r in self.ratings],
            "mean": self.mean,
        }


def parse_ratings(data: Any) -> tuple[ActivityRating, ...]:
    """Ratings from JSON-like data (``[{"activity": str, "score": 0-10}, ...]``), or
    :class:`BadInput` naming the first problem."""
    from psoas.validation import plain_text

    if not isinstance(data, list) or not 1 <= len(data) <= MAX_ACTIVITIES:
        raise BadInput(f"PSFS: rate 1 to {MAX_ACTIVITIES} activities")
    ratings = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or set(item) != {"activity", "score"}:
            raise BadInput(f"PSFS activity {n}: give 'activity' and 'score' only")
        name = plain_text(item["activity"], f"PSFS activity {n}", ACTIVITY_CHARS)
        score = item["score"]
        if name is None:
            raise BadInput(f"PSFS activity {n}: name the activity")
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
            raise BadInput(f"PSFS activity {n}: the score is a whole number 0 to 10")
        ratings.append(ActivityRating(name, score))
    names = [r.activity.lower() for r in ratings]
    if len(set(names)) != len(names):
        raise BadInput("PSFS: each activity once")
    return tuple(ratings)


def next_due(responses: list[PsfsResponse]) -> date | None:
    """When the scale is next due: None before the first answering (it is due now)."""
    if not responses:
        return None
    return (responses[-1].taken_at + EVERY).date()


def is_due(responses: list[PsfsResponse], today: date) -> bool:
    """Due at the start, then two weeks after the last answering."""
    due = next_due(responses)
    return due is None or today >= due


@dataclass(frozen=True)
class PsfsChange:
    """How the score moved from the first answering to the latest."""

    first: float
    latest: float
    #: Activities rated both times whose score moved 3 or more (name, first, latest).
    activities: tuple[tuple[str, int, int], ...]

    @property
    def change(self) -> float:
        """Latest minus first (up is better)."""
        return round(self.latest - self.first, 1)

    @property
    def meaningful(self) -> bool:
        """A change of at least the smallest one that matters (2 points on the mean)."""
        return abs(self.change) >= MEANINGFUL_MEAN_POINTS

    @property
    def verdict(self) -> str:
        """The change in words, from the same numbers."""
        if not self.meaningful:
            return f"within {MEANINGFUL_MEAN_POINTS:g} points: no change that matters yet"
        way = "better" if self.change > 0 else "worse"
        return f"{abs(self.change):g} points {way}: a change that matters"

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "first": self.first,
            "latest": self.latest,
            "change": self.change,
            "meaningful": self.meaningful,
            "verdict": self.verdict,
            "activities": [
                {"activity": a, "first": f, "latest": latest} for a, f, latest in self.activities
            ],
        }


def psfs_change(responses: list[PsfsResponse]) -> PsfsChange | None:
    """The change from the first answering to the latest (None with fewer than two)."""
    if len(responses) < 2:
        return None
    first, latest = responses[0], responses[-1]
    before = {r.activity.lower(): r.score for r in first.ratings}
    moved = tuple(
        (r.activity, before[r.activity.lower()], r.score)
        for r in latest.ratings
        if r.activity.lower() in before
        and abs(r.score - before[r.activity.lower()]) >= MEANINGFUL_ACTIVITY_POINTS
    )
    return PsfsChange(first.mean, latest.mean, moved)


def psfs_summary(responses: list[PsfsResponse], today: date) -> dict[str, Any]:
    """Every answering, the change, and whether (or when) it is due."""
    change = psfs_change(responses)
    due = next_due(responses)
    return {
        "responses": [r.to_data() for r in responses],
        "change": change.to_data() if change else None,
        "due": is_due(responses, today),
        "next_due": due.isoformat() if due else None,
        "meaningful_change_points": MEANINGFUL_MEAN_POINTS,
    }


__all__ = [
    "EVERY",
    "MAX_ACTIVITIES",
    "MEANINGFUL_ACTIVITY_POINTS",
    "MEANINGFUL_MEAN_POINTS",
    "ActivityRating",
    "PsfsChange",
    "PsfsResponse",
    "is_due",
    "next_due",
    "parse_ratings",
    "psfs_change",
    "psfs_summary",
]
