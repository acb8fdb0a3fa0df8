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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from psoas.exceptions import BadInput
from psoas.validation import name_key

#: Activities a person names at most.
MAX_ACTIVITIES = 3
ACTIVITY_CHARS = 80
#: How often it is asked again (the app's own choice: every two weeks).
EVERY = timedelta(days=14)
#: An answering within this long of the one before replaces it instead of making a
#: change (the app's own choice: a day, so a corrected answer is never a "change").
REPLACES_WITHIN = timedelta(days=1)
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
    #: Its stored id (None before it is stored).
    uid: str | None = None

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
    names = [name_key(r.activity) for r in ratings]
    if len(set(names)) != len(names):
        raise BadInput("PSFS: each activity once")
    return tuple(ratings)


def next_due(responses: Sequence[PsfsResponse]) -> date | None:
    """When the scale is next due: None before the first answering (it is due now)."""
    if not responses:
        return None
    return (responses[-1].taken_at + EVERY).date()


def is_due(responses: Sequence[PsfsResponse], today: date) -> bool:
    """Due at the start, then two weeks after the last answering."""
    due = next_due(responses)
    return due is None or today >= due


def replaces_last(responses: Sequence[PsfsResponse], at: datetime) -> PsfsResponse | None:
    """The answering an answering at ``at`` replaces: the newest one, when it is less
    than :data:`REPLACES_WITHIN` older; else None."""
    if responses and timedelta(0) <= at - responses[-1].taken_at < REPLACES_WITHIN:
        return responses[-1]
    return None


def answerings(responses: Sequence[PsfsResponse]) -> list[PsfsResponse]:
    """The answerings that count, oldest first: one answered within a day after another
    replaces it (:func:`replaces_last`), as storing it would have."""
    kept: list[PsfsResponse] = []
    for response in sorted(responses, key=lambda r: r.taken_at):
        if replaces_last(kept, response.taken_at) is not None:
            kept.pop()
        kept.append(response)
    return kept


def same_activity(one: str, other: str) -> bool:
    """True when two names name the same activity (psoas.validation.name_key)."""
    return name_key(one) == name_key(other)


@dataclass(frozen=True)
class PsfsChange:
    """How the score moved from the first answering to the latest, judged only on the
    activities both rated (Stratford et al.: the scale follows the same activities)."""

    #: The activities both answerings rated, as the latest names them.
    shared: tuple[str, ...]
    #: The mean of those activities at the first and the latest answering (None when
    #: none is shared).
    first: float | None
    latest: float | None
    #: Shared activities whose score moved 3 or more (name, first, latest).
    activities: tuple[tuple[str, int, int], ...]
    #: The two answerings' own scores (every activity each rated), as the table shows.
    first_score: float = 0.0
    latest_score: float = 0.0

    @property
    def change(self) -> float | None:
        """Latest minus first on the shared activities (up is better); None without any."""
        if self.first is None or self.latest is None:
            return None
        return round(self.latest - self.first, 1)

    @property
    def threshold(self) -> float:
        """The smallest change that matters: 2 points on the mean, 3 when only one
        activity is shared (Stratford et al. 1995)."""
        return MEANINGFUL_ACTIVITY_POINTS if len(self.shared) == 1 else MEANINGFUL_MEAN_POINTS

    @property
    def meaningful(self) -> bool:
        """A change of at least :attr:`threshold` on the shared activities."""
        return self.change is not None and abs(self.change) >= self.threshold

    @property
    def basis(self) -> str:
        """Which activities the change is judged on, in words."""
        if not self.shared:
            return "no activity was rated both times"
        count = len(self.shared)
        which = "the activity" if count == 1 else f"the {count} activities"
        return f"{which} rated both times ({', '.join(self.shared)})"

    @property
    def verdict(self) -> str:
        """The change in words, from the same numbers."""
        if self.change is None:
            return "no change can be judged: no activity was rated both times"
        if not self.meaningful:
            return f"within {self.threshold:g} points: no change that matters yet"
        way = "better" if self.change > 0 else "worse"
        return f"{abs(self.change):g} points {way}: a change that matters"

    @property
    def sentence(self) -> str:
        """The whole change: "On the 2 activities rated both times (walking, sitting):
        3 → 5.5, 2.5 points better: a change that matters"."""
        if self.first is None or self.latest is None:
            return f"No change can be judged: {self.basis}"
        return f"On {self.basis}: {self.first:g} → {self.latest:g}, {self.verdict}"

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "shared": list(self.shared),
            "first": self.first,
            "latest": self.latest,
            "change": self.change,
            "threshold": self.threshold,
            "meaningful": self.meaningful,
            "verdict": self.verdict,
            "sentence": self.sentence,
            "first_score": self.first_score,
            "latest_score": self.latest_score,
            "activities": [
                {"activity": a, "first": f, "latest": latest} for a, f, latest in self.activities
            ],
        }


def psfs_change(responses: Sequence[PsfsResponse]) -> PsfsChange | None:
    """The change from the first answering that counts (:func:`answerings`) to the
    latest, on the activities both rated; None with fewer than two answerings."""
    counted = answerings(responses)
    if len(counted) < 2:
        return None
    first, latest = counted[0], counted[-1]
    before = {name_key(r.activity): r.score for r in first.ratings}
    both = [
        (r.activity, before[name_key(r.activity)], r.score)
        for r in latest.ratings
        if name_key(r.activity) in before
    ]
    moved = tuple(t for t in both if abs(t[2] - t[1]) >= MEANINGFUL_ACTIVITY_POINTS)
    return PsfsChange(
        shared=tuple(name for name, _, _ in both),
        first=_mean([f for _, f, _ in both]),
        latest=_mean([n for _, _, n in both]),
        activities=moved,
        first_score=first.mean,
        latest_score=latest.mean,
    )


def _mean(values: Sequence[int]) -> float | None:
    """The mean to one decimal, as the scale's score is given; None of nothing."""
    return round(sum(values) / len(values), 1) if values else None


def psfs_summary(responses: list[PsfsResponse], today: date) -> dict[str, Any]:
    """Every answering that counts (:func:`answerings`), the change, and whether (or
    when) it is due."""
    counted = answerings(responses)
    change = psfs_change(counted)
    due = next_due(counted)
    return {
        "responses": [r.to_data() for r in counted],
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
    "REPLACES_WITHIN",
    "ActivityRating",
    "PsfsChange",
    "PsfsResponse",
    "answerings",
    "is_due",
    "next_due",
    "parse_ratings",
    "psfs_change",
    "psfs_summary",
    "replaces_last",
    "same_activity",
]
