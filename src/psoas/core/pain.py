"""Pain as one fact: which ratings make the person's pain series, how it changed, and
whether it has risen lately.

Pain is asked on the 0–10 numeric rating scale at the self-test, at tonight's screen,
at the check-in before a release, at the re-test after it and, as discomfort, after
a session. Only the first three ask about *pain now, before practice*; the re-test
shows tonight's effect of the release and the discomfort after a session is another
question, so both are kept apart (charted and exported under their own names).
Every surface (plan, progress, week, coach pages, report, exports) reads the pain
series, its change and its rise from here, so they say the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from psoas.core.units import format_day

#: Where a rating was given: the full self-test, the check-in before a release,
#: tonight's screen, the re-test after the release, or discomfort after a session.
PainContext = Literal["test", "check_in", "screen", "retest", "after_session"]
#: The contexts that ask about pain now, before practice: the person's pain series.
STARTING: tuple[PainContext, ...] = ("test", "check_in", "screen")
#: A change of at least this many points counts as one that matters...
MEANINGFUL_PAIN_POINTS = 2
#: ...or of at least this share of the first rating. Both are the usual thresholds
#: for the 0–10 scale (about 2 points, or 30 %, is the smallest change people report
#: as meaningful); psoas says which one a change met.
MEANINGFUL_PAIN_SHARE = 0.30
#: A rise is looked for over this many days before the latest rating (the app's own
#: choice: three weeks, so a slow climb is seen, not only a jump from the last night).
RISE_WINDOW_DAYS = 21
#: A rise of this many points from the lowest rating in the window is named a rise,
#: and the pain rules treat it as they treat a jump (psoas.core.safety.PAIN_JUMP).
RISE_POINTS = 2


@dataclass(frozen=True)
class PainRating:
    """One rating: when, the value 0–10, where it was given, and its session if any."""

    at: datetime
    value: int
    context: PainContext
    session: str | None = None


def pain_series(ratings: Sequence[PainRating]) -> list[PainRating]:
    """The person's pain series, oldest first: the ratings of pain now, before practice
    (the self-test, tonight's screen, the check-in before a release). A check-in
    that carries over its session's screen rating (same session, same value: the player
    does not ask twice) is one answer, counted once."""
    screened = {(r.session, r.value) for r in ratings if r.context == "screen" and r.session}
    kept = [
        r
        for r in ratings
        if r.context in STARTING
        and not (r.context == "check_in" and (r.session, r.value) in screened)
    ]
    return sorted(kept, key=lambda r: r.at)


def rise_reference(series: Sequence[PainRating], at: datetime) -> PainRating | None:
    """The rating a rise at ``at`` is measured from: the lowest rating of the
    :data:`RISE_WINDOW_DAYS` before it (the newest of equals), else the last rating
    before the window; None before any rating."""
    before = [r for r in series if r.at < at]
    if not before:
        return None
    window = [r for r in before if r.at >= at - timedelta(days=RISE_WINDOW_DAYS)]
    if not window:
        return before[-1]
    lowest = min(r.value for r in window)
    return [r for r in window if r.value == lowest][-1]


@dataclass(frozen=True)
class PainNow:
    """Pain as the plan sees it: the rating that holds now, and the rating a rise is
    measured from (:func:`rise_reference`), with how a reason names it."""

    value: int
    reference: int | None = None
    reference_words: str | None = None


def pain_now(
    series: Sequence[PainRating], now: datetime, given: int | None = None
) -> PainNow | None:
    """The pain a plan goes by: ``given`` (tonight's screen, or the test being taken at
    ``now``) against the ratings before it, else the newest rating of the series against
    the ones before that; None without any rating."""
    if given is None:
        if not series:
            return None
        given, now = series[-1].value, series[-1].at
    reference = rise_reference(series, now)
    if reference is None:
        return PainNow(given)
    last = [r for r in series if r.at < now][-1]
    if reference is last:
        words = "at your last rating"
    else:
        day = format_day(reference.at)
        words = f"on {day}, your lowest in the last {RISE_WINDOW_DAYS // 7} weeks"
    return PainNow(given, reference.value, words)


@dataclass(frozen=True)
class PainRise:
    """A rise of :data:`RISE_POINTS` or more within the window, up to the latest rating."""

    low: int
    low_at: datetime
    latest: int
    latest_at: datetime

    @property
    def points(self) -> int:
        """How many points it rose."""
        return self.latest - self.low

    @property
    def words(self) -> str:
        """The rise in words: "risen 5 points in 19 days, from 2 on 12 Nov to 7"."""
        days = max(0, (self.latest_at.date() - self.low_at.date()).days)
        span = "the same day" if days == 0 else f"{days} day{'' if days == 1 else 's'}"
        when = format_day(self.low_at)
        return (
            f"risen {self.points} point{'' if self.points == 1 else 's'} in {span}, "
            f"from {self.low} on {when} to {self.latest}"
        )

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "low": self.low,
            "low_at": self.low_at.isoformat(timespec="seconds"),
            "latest": self.latest,
            "points": self.points,
            "words": self.words,
        }


def recent_rise(series: Sequence[PainRating]) -> PainRise | None:
    """The latest rating against :func:`rise_reference`: a :class:`PainRise` when it is
    :data:`RISE_POINTS` or more above it, else None."""
    if not series:
        return None
    latest = series[-1]
    low = rise_reference(series, latest.at)
    if low is None or latest.value - low.value < RISE_POINTS:
        return None
    return PainRise(low.value, low.at, latest.value, latest.at)


@dataclass(frozen=True)
class PainChange:
    """How pain moved from the first rating of the series to the latest, and whether it
    has risen lately."""

    first: int
    latest: int
    first_at: datetime
    latest_at: datetime
    #: The rule a change that matters met: ``points`` (2 or more) or ``share`` (30 %
    #: or more of the first rating); None when it met neither.
    rule: Literal["points", "share"] | None
    rise: PainRise | None = None

    @property
    def change(self) -> int:
        """Latest minus first, in points (down is better)."""
        return self.latest - self.first

    @property
    def percent(self) -> int | None:
        """The change as a whole per cent of the first rating (None from a first 0)."""
        return None if self.first == 0 else round(100 * self.change / self.first)

    @property
    def meaningful_improvement(self) -> bool:
        """Less pain by a change that matters."""
        return self.rule is not None and self.change < 0

    @property
    def meaningful_worsening(self) -> bool:
        """More pain by a change that matters."""
        return self.rule is not None and self.change > 0

    @property
    def amount(self) -> str:
        """The change in points and per cent: "1 point less (33 %)", "no change"."""
        if self.change == 0:
            return "no change"
        size = abs(self.change)
        way = "less" if self.change < 0 else "more"
        share = "" if self.percent is None else f" ({abs(self.percent)} %)"
        return f"{size} point{'' if size == 1 else 's'} {way}{share}"

    @property
    def verdict(self) -> str:
        """What the change means, with the rule it met; then a recent rise, if any."""
        if self.rule is None:
            said = "no change that matters yet (that takes 2 points, or 30 %)"
        else:
            rule = "2 points or more" if self.rule == "points" else "30 % or more"
            way = "improvement" if self.change < 0 else "worsening"
            said = f"a meaningful {way} ({rule})"
            if self.change > 0:
                said += ": consider seeing a healthcare provider"
        if self.rise is not None:
            said += f"; lately it has {self.rise.words}"
        return said

    @property
    def sentence(self) -> str:
        """The whole change in one sentence body: "6 → 2, 4 points less (67 %): a
        meaningful improvement (2 points or more)", or "2 → 2: no change"."""
        if self.change == 0 and self.rise is None:
            return f"{self.first} → {self.latest}: no change"
        return f"{self.first} → {self.latest}, {self.amount}: {self.verdict}"

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "first": self.first,
            "latest": self.latest,
            "first_at": self.first_at.isoformat(timespec="seconds"),
            "latest_at": self.latest_at.isoformat(timespec="seconds"),
            "change": self.change,
            "percent": self.percent,
            "rule": self.rule,
            "meaningful_improvement": self.meaningful_improvement,
            "meaningful_worsening": self.meaningful_worsening,
            "amount": self.amount,
            "verdict": self.verdict,
            "sentence": self.sentence,
            "rise": self.rise.to_data() if self.rise else None,
        }


def change_rule(first: int, latest: int) -> Literal["points", "share"] | None:
    """The rule a change from ``first`` to ``latest`` meets: 2 points or more first,
    else 30 % or more of the first rating; None when neither."""
    size = abs(latest - first)
    if size >= MEANINGFUL_PAIN_POINTS:
        return "points"
    if first > 0 and size > 0 and size / first >= MEANINGFUL_PAIN_SHARE:
        return "share"
    return None


def pain_change(series: Sequence[PainRating]) -> PainChange | None:
    """The first rating of the series against the latest, with a recent rise; None
    with fewer than two ratings."""
    if len(series) < 2:
        return None
    first, latest = series[0], series[-1]
    return PainChange(
        first.value,
        latest.value,
        first.at,
        latest.at,
        change_rule(first.value, latest.value),
        recent_rise(series),
    )


__all__ = [
    "MEANINGFUL_PAIN_POINTS",
    "MEANINGFUL_PAIN_SHARE",
    "RISE_POINTS",
    "RISE_WINDOW_DAYS",
    "STARTING",
    "PainChange",
    "PainContext",
    "PainNow",
    "PainRating",
    "PainRise",
    "change_rule",
    "pain_change",
    "pain_now",
    "pain_series",
    "recent_rise",
    "rise_reference",
]
