"""Progress maths: streaks, done-versus-skipped, and trends of the test itself.

Pure functions over small dataclasses; the store fills them, the shells show them.
Pain is its own fact (:mod:`psoas.core.pain`): its series, change and rise are read
from there, so the trend table, the words, the chart and the verdict agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from psoas.core.baseline import AFTER_RELEASE
from psoas.core.pain import (
    MEANINGFUL_PAIN_POINTS,
    MEANINGFUL_PAIN_SHARE,
    PainChange,
    PainRating,
    pain_change,
    pain_series,
)
from psoas.core.photo_statement import counts_as_release
from psoas.core.psfs import PsfsChange, PsfsResponse, answerings, psfs_change
from psoas.core.reliability import Readings, Reliability, measurings, reliability_of
from psoas.core.session_record import SessionSummary, tally

#: A streak survives this many days in a row without a session (rest days).
REST_DAYS_ALLOWED = 1
#: Back gap as a number, so it can be charted: smaller is better.
BACK_GAP_SCORE = {"pencil": 0, "fingers": 1, "hand": 2}


@dataclass(frozen=True)
class SelfTestPoint:
    """The measures of one self-test, for trends."""

    taken_at: datetime
    phase: str
    pain: int
    bolster_height_cm: float | None
    thighs_lift: bool | None
    thighs_flat: bool | None
    back_gap: str | None
    gap_even: bool | None
    tighter_side: str | None
    ribs_stick_out: bool | None

    @classmethod
    def from_answers(cls, taken_at: datetime, phase: str, answers: dict[str, Any]) -> SelfTestPoint:
        """Build from stored answers; the bolster height counts only when it was measured."""
        get = answers.get
        return cls(
            taken_at=taken_at,
            phase=phase,
            pain=int(get("pain", 0)),
            bolster_height_cm=get("lift_height_cm") if get("thighs_lift") else None,
            thighs_lift=get("thighs_lift"),
            thighs_flat=get("thighs_flat"),
            back_gap=get("back_gap"),
            gap_even=get("gap_even"),
            tighter_side=get("tighter_side"),
            ribs_stick_out=get("ribs_stick_out"),
        )


@dataclass(frozen=True)
class HistorySummary:
    """Totals over all sessions."""

    sessions: int
    finished: int
    #: Sessions by how they count (psoas.core.session_record.session_outcome).
    done: int
    partly_done: int
    rest_nights: int
    steps_done: int
    steps_skipped: int
    steps_partial: int
    minutes: float
    current_streak_days: int
    longest_streak_days: int
    rest_days_allowed: int = REST_DAYS_ALLOWED

    @property
    def words(self) -> str:
        """The sessions by how they count: "12 in all: 9 done, 2 partly done, 1 rest
        night" (psoas.core.session_record.session_outcome)."""
        counted = tally(f"{self.done} done", self.partly_done, self.rest_nights)
        return f"{self.sessions} in all: {counted}"

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {**self.__dict__, "words": self.words}


def streaks(days: Sequence[date], today: date) -> tuple[int, int]:
    """(current, longest) streak in practice days; gaps of up to REST_DAYS_ALLOWED are kept.

    The current streak is zero when the last practice day is further back than
    the allowed rest days.
    """
    unique = sorted(set(days))
    if not unique:
        return 0, 0
    longest = run = 1
    for before, after in pairwise(unique):
        run = run + 1 if (after - before).days <= REST_DAYS_ALLOWED + 1 else 1
        longest = max(longest, run)
    current = run if (today - unique[-1]).days <= REST_DAYS_ALLOWED + 1 else 0
    return current, longest


def summarize_history(sessions: Sequence[SessionSummary], today: date) -> HistorySummary:
    """Totals and streaks over ``sessions``."""
    current, longest = streaks([s.day for s in sessions if s.done or s.partial], today)
    outcomes = Counter(s.outcome for s in sessions)
    return HistorySummary(
        sessions=len(sessions),
        finished=sum(1 for s in sessions if s.status == "finished"),
        done=outcomes["done"],
        partly_done=outcomes["partly"],
        rest_nights=outcomes["rest"],
        steps_done=sum(s.done for s in sessions),
        steps_skipped=sum(s.skipped for s in sessions),
        steps_partial=sum(s.partial for s in sessions),
        minutes=round(sum(s.seconds_held for s in sessions) / 60, 1),
        current_streak_days=current,
        longest_streak_days=longest,
    )


@dataclass(frozen=True)
class Trend:
    """A measure of the test from its first value to its latest."""

    measure: str
    first: float | None
    latest: float | None
    count: int
    #: ``better``, ``worse``, ``same`` or ``unknown``.
    direction: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Progress:
    """Trends of the test's measures and of pain."""

    tests: int
    trends: tuple[Trend, ...]
    pain: PainChange | None
    #: Columns for charts: ``times`` (and ``phases``) of the tests where a night starts,
    #: one value list per measure (None where not measured), ``after_times`` and
    #: ``after_<measure>`` for the re-tests after the release, ``pain_times`` /
    #: ``pain_values`` for the pain series (psoas.core.pain), ``discomfort_times`` /
    #: ``discomfort_values`` for the discomfort after sessions, and ``measured_times`` /
    #: ``measured_sides`` / ``measured_thigh_deg`` for photo measurements.
    series: dict[str, list[Any]] = field(default_factory=dict)
    #: Each measure in plain words with dates (:mod:`psoas.core.progress_words`).
    words: tuple[Any, ...] = ()
    #: How many of the tests were full self-tests (the rest are session check-ins).
    full_tests: int = 0
    #: How the PSFS score moved (psoas.core.psfs), with two answerings or more.
    psfs: PsfsChange | None = None
    #: The person's own error on the photo angle (psoas.core.reliability), once repeated.
    photo_reliability: Reliability | None = None

    def photo_changes(self) -> dict[str, dict[str, Any]]:
        """Each side's photo-angle change (the trend's first to latest), against the
        person's own MDC: whether it is real, in words."""
        found: dict[str, dict[str, Any]] = {}
        known = self.photo_reliability
        for trend in self.trends:
            side = PHOTO_MEASURES.get(trend.measure)
            if side is None or trend.first is None or trend.latest is None or trend.count < 2:
                continue
            change = round(trend.latest - trend.first, 1)
            found[side] = {
                "change": change,
                "real": None if known is None else known.real(change),
                "words": None if known is None else known.words(change),
            }
        return found

    def photo_words(self, only: str | None = None) -> list[str]:
        """The photo angle in sentences (:func:`photo_sentence`), one per side, then what
        the trend leaves out. The numbers are the chart's and the trend's. With ``only``
        (a side), that side's sentence alone."""
        found = [
            photo_sentence(
                side,
                trend.first,
                trend.latest if trend.count >= 2 else None,
                self.photo_reliability,
            )
            for trend in self.trends
            if (side := PHOTO_MEASURES.get(trend.measure)) is not None
            and (only is None or side == only)
            and trend.first is not None
            and trend.latest is not None
        ]
        left_out = None if only else self.photo_left_out()
        return [*found, f"{left_out}."] if left_out else found

    def photo_left_out(self) -> str | None:
        """How many photo measurings the trend leaves out because the thigh lay flat only
        with the low back arched, in words; None when there are none."""
        left_out = self.series.get("measured_counted", []).count(False)
        if not left_out:
            return None
        which = "measuring is" if left_out == 1 else "measurings are"
        return (
            f"{left_out} photo {which} not counted: the thigh lay flat only because the low "
            "back arched (a whole hand under it in that night's test)"
        )

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "tests": self.tests,
            "full_tests": self.full_tests,
            "trends": [t.to_data() for t in self.trends],
            "pain": self.pain.to_data() if self.pain else None,
            "words": [w.to_data() for w in self.words],
            "series": self.series,
            "psfs": self.psfs.to_data() if self.psfs else None,
            "photo_reliability": (
                self.photo_reliability.to_data() if self.photo_reliability else None
            ),
            "photo_changes": self.photo_changes(),
            "photo_left_out": self.photo_left_out(),
            "photo_words": self.photo_words(),
        }

    def points(self, measure: str) -> list[tuple[str, float]]:
        """(time, value) pairs of one measure, skipping gaps."""
        if measure in ("pain", "discomfort"):
            times, values = self.series[f"{measure}_times"], self.series[f"{measure}_values"]
        elif measure in PHOTO_MEASURES:
            side = PHOTO_MEASURES[measure]
            # Only measurings that count as a release: a flat thigh bought with an arched
            # back is left out of the chart as it is out of the trend.
            counted = self.series.get("measured_counted") or [True] * len(
                self.series["measured_times"]
            )
            times, values = (
                self.series["measured_times"],
                [
                    v if s == side and c else None
                    for s, v, c in zip(
                        self.series["measured_sides"],
                        self.series["measured_thigh_deg"],
                        counted,
                        strict=True,
                    )
                ],
            )
        elif measure == "psfs":
            times, values = self.series.get("psfs_times", []), self.series.get("psfs", [])
        elif measure.startswith("after_"):
            times, values = self.series["after_times"], self.series[measure]
        else:
            times, values = self.series["times"], self.series[measure]
        return [(t, v) for t, v in zip(times, values, strict=True) if v is not None]


def _as_number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        return BACK_GAP_SCORE.get(value)
    return float(value)


#: Each measure: how to read it off a test, and whether lower numbers are better.
MEASURES: dict[str, tuple[str, bool]] = {
    "bolster_height_cm": ("bolster_height_cm", True),
    "thighs_flat": ("thighs_flat", False),
    "back_gap": ("back_gap", True),
    "gap_even": ("gap_even", False),
    "ribs_stick_out": ("ribs_stick_out", True),
}


#: What to do before psoas can tell a real photo-angle change from the person's own noise.
LEARN_OWN_VARIATION = (
    "measure three times in a row (lie down, get up, lie down again) to learn how much "
    "your own readings vary"
)


def photo_sentence(side: str, first: float, latest: float | None, known: Reliability | None) -> str:
    """One side's photo angle in a sentence: its first and latest measuring and whether
    the change beats the person's own variation; after one measuring (``latest`` None),
    how large a later change must be; without repeats, how to learn one's variation."""
    if latest is None:
        numbers = f"{first:.1f}°, one measuring so far"
        judged = known.ahead() if known else LEARN_OWN_VARIATION
    else:
        numbers = f"{first:.1f}° → {latest:.1f}°"
        judged = known.words(round(latest - first, 1)) if known else LEARN_OWN_VARIATION
    return f"Thigh angle from photos, {side}: {numbers}; {judged}."


#: The photo thigh angle of each side, as its own measure (one side may be the tighter).
PHOTO_MEASURES = {"measured_thigh_left_deg": "left", "measured_thigh_right_deg": "right"}


def _direction(first: float | None, latest: float | None, lower_is_better: bool) -> str:
    if first is None or latest is None:
        return "unknown"
    if latest == first:
        return "same"
    return "better" if (latest < first) == lower_is_better else "worse"


def progress(
    points: Sequence[SelfTestPoint],
    pain: Sequence[PainRating] = (),
    thigh_angles: Readings = (),
    psfs: Sequence[PsfsResponse] = (),
) -> Progress:
    """Trends of every test measure, and whether pain changed meaningfully.

    ``pain`` holds every pain rating, of every context: the pain series (psoas.core.pain)
    gives the pain trend, its chart line and the verdict; the discomfort after sessions
    is charted and trended on its own, and never part of the pain verdict.
    ``thigh_angles`` are photo readings (time, side, degrees, and whether the low back
    was arched), grouped into measurings (psoas.core.reliability): each side has a trend
    of its own, since one side may be the tighter one, over the measurings that count as
    a release (psoas.core.photo_statement).
    """
    everything = sorted(points, key=lambda p: p.taken_at)
    # Where each night starts (full tests and the check-in that opens a session) is the
    # trend; the re-test after the release is another state, kept as its own series.
    ordered = [p for p in everything if p.phase != AFTER_RELEASE]
    afters = [p for p in everything if p.phase == AFTER_RELEASE]
    times = [p.taken_at.isoformat(timespec="seconds") for p in ordered]
    series: dict[str, list[Any]] = {
        "times": times,
        "phases": [p.phase for p in ordered],
        "after_times": [p.taken_at.isoformat(timespec="seconds") for p in afters],
    }
    trends = []
    for measure, (attr, lower_is_better) in MEASURES.items():
        values = [_as_number(getattr(p, attr)) for p in ordered]
        series[measure] = values
        series[f"after_{measure}"] = [_as_number(getattr(p, attr)) for p in afters]
        known = [v for v in values if v is not None]
        first = known[0] if known else None
        latest = known[-1] if known else None
        trends.append(
            Trend(measure, first, latest, len(known), _direction(first, latest, lower_is_better))
        )
    series_of_pain = pain_series(pain)
    series["pain_times"] = [r.at.isoformat(timespec="seconds") for r in series_of_pain]
    series["pain_values"] = [r.value for r in series_of_pain]
    if series_of_pain:
        first, latest = series_of_pain[0].value, series_of_pain[-1].value
        trends.append(
            Trend("pain", first, latest, len(series_of_pain), _direction(first, latest, True))
        )
    after = sorted((r for r in pain if r.context == "after_session"), key=lambda r: r.at)
    series["discomfort_times"] = [r.at.isoformat(timespec="seconds") for r in after]
    series["discomfort_values"] = [r.value for r in after]
    measured = measurings(thigh_angles)
    counted = [counts_as_release(m.degrees, m.back_arched) for m in measured]
    series["measured_times"] = [m.when.isoformat(timespec="seconds") for m in measured]
    series["measured_sides"] = [m.side for m in measured]
    series["measured_thigh_deg"] = [round(m.degrees, 1) for m in measured]
    series["measured_captures"] = [len(m.values) for m in measured]
    series["measured_spread_deg"] = [round(m.spread, 1) for m in measured]
    series["measured_range_deg"] = [
        [round(min(m.values), 1), round(max(m.values), 1)] for m in measured
    ]
    series["measured_back_arched"] = [m.back_arched for m in measured]
    series["measured_counted"] = counted
    for measure, side in PHOTO_MEASURES.items():
        # The chart's own numbers (to 0.1°), so the trend and its words match the table.
        values = [
            shown
            for m, c, shown in zip(measured, counted, series["measured_thigh_deg"], strict=True)
            if m.side == side and c
        ]
        if values:
            first, latest = values[0], values[-1]
            trends.append(
                Trend(measure, first, latest, len(values), _direction(first, latest, True))
            )
    if after:
        first, latest = after[0].value, after[-1].value
        trends.append(
            Trend("discomfort_after", first, latest, len(after), _direction(first, latest, True))
        )
    answered = answerings(psfs)
    series["psfs_times"] = [r.taken_at.isoformat(timespec="seconds") for r in answered]
    series["psfs"] = [r.mean for r in answered]
    if answered:
        first, latest = answered[0].mean, answered[-1].mean
        trends.append(Trend("psfs", first, latest, len(answered), _direction(first, latest, False)))
    # The verdict about pain uses exactly the numbers of the table's pain row and the
    # chart's pain line (the pain series), never the discomfort after sessions.
    from psoas.core.progress_words import describe

    return Progress(
        tests=len(everything),
        trends=tuple(trends),
        pain=pain_change(series_of_pain),
        series=series,
        words=tuple(describe(everything)),
        full_tests=sum(1 for p in everything if p.phase == "check"),
        psfs=psfs_change(answered),
        photo_reliability=reliability_of(measured),
    )


__all__ = [
    "MEANINGFUL_PAIN_POINTS",
    "MEANINGFUL_PAIN_SHARE",
    "PHOTO_MEASURES",
    "REST_DAYS_ALLOWED",
    "HistorySummary",
    "PainChange",
    "Progress",
    "SelfTestPoint",
    "SessionSummary",
    "Trend",
    "photo_sentence",
    "progress",
    "streaks",
    "summarize_history",
]
