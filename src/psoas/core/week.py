"""The week in review: what was done, how the tests moved, and what changes next.

Computed from the same records as history, progress and the progression rules, so
every sentence here matches what those show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from psoas.core.baseline import AFTER_RELEASE
from psoas.core.pain import PainRating, pain_series
from psoas.core.photo_statement import counts_as_release
from psoas.core.progress import SelfTestPoint, SessionSummary, photo_sentence
from psoas.core.progress_words import WORDS
from psoas.core.progression import Night, Progression, progression
from psoas.core.reliability import Readings, measurings, reliability_of
from psoas.core.session_record import tally

#: A week is the seven days ending today.
WEEK_DAYS = 7


@dataclass(frozen=True)
class Week:
    """Seven days in review."""

    start: date
    end: date
    sessions: int
    finished: int
    #: The sessions by how they count (psoas.core.session_record.session_outcome).
    done: int
    partly_done: int
    rest_nights: int
    steps_done: int
    steps_skipped: int
    minutes: float
    #: "Back gap: a whole hand → fingers", for each measure that changed this week.
    moved: tuple[str, ...]
    #: What changes in the plan from now on, and why.
    next_week: tuple[str, ...]

    @property
    def counted(self) -> str:
        """The week's sessions by how they count: "3 done, 1 partly done"."""
        return tally(f"{self.done} done", self.partly_done, self.rest_nights)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        data = {**self.__dict__, "counted": self.counted}
        data.update(start=self.start.isoformat(), end=self.end.isoformat())
        data.update(moved=list(self.moved), next_week=list(self.next_week))
        return data


def week_summary(
    sessions: Sequence[SessionSummary],
    points: Sequence[SelfTestPoint],
    nights: Sequence[Night],
    today: date,
    now: Progression,
    walk_start_min: int = 10,
    thigh_angles: Readings = (),
    pain: Sequence[PainRating] = (),
) -> Week:
    """The week ending ``today``: sessions, steps and minutes; each measure that moved
    between the last test before the week and the latest, and each side's photo angle
    measured again this week; and the dose now against the dose at the week's start
    (the same rules, on the nights before it)."""
    start = today - timedelta(days=WEEK_DAYS - 1)
    mine = [s for s in sessions if start <= s.day <= today]
    outcomes = [s.outcome for s in mine]
    return Week(
        start=start,
        end=today,
        sessions=len(mine),
        finished=sum(1 for s in mine if s.status == "finished"),
        done=outcomes.count("done"),
        partly_done=outcomes.count("partly"),
        rest_nights=outcomes.count("rest"),
        steps_done=sum(s.done for s in mine),
        steps_skipped=sum(s.skipped for s in mine),
        minutes=round(sum(s.seconds_held for s in mine) / 60, 1),
        moved=(
            *_moved(points, start),
            *_pain_moved(pain, start),
            *_photo_moved(thigh_angles, start),
        ),
        next_week=tuple(_changes(nights, start, now, walk_start_min)),
    )


def _moved(points: Sequence[SelfTestPoint], start: date) -> list[str]:
    """Each measure whose latest value this week differs from the last one before it."""
    starts = sorted((p for p in points if p.phase != AFTER_RELEASE), key=lambda p: p.taken_at)
    before = [p for p in starts if p.taken_at.astimezone().date() < start]
    during = [p for p in starts if p.taken_at.astimezone().date() >= start]
    lines = []
    for label, word in WORDS.values():
        was = next((w for p in reversed(before) if (w := word(p)) is not None), None)
        now = next((w for p in reversed(during) if (w := word(p)) is not None), None)
        if was is not None and now is not None and was != now:
            lines.append(f"{label}: {was} → {now}.")
    return lines


def _pain_moved(ratings: Sequence[PainRating], start: date) -> list[str]:
    """Pain (its series, psoas.core.pain): the last rating before the week against the
    latest in it, when they differ."""
    series = pain_series(ratings)
    before = [r.value for r in series if r.at.astimezone().date() < start]
    during = [r.value for r in series if r.at.astimezone().date() >= start]
    if before and during and before[-1] != during[-1]:
        return [f"Pain: {before[-1]}/10 → {during[-1]}/10."]
    return []


def _photo_moved(readings: Readings, start: date) -> list[str]:
    """Each side's photo angle: the last measuring before the week against the latest in
    it, to 0.1° as progress shows them, judged against the person's own MDC (from all
    their repeats). Measurings progress leaves out (an arched back) are left out here."""
    measured = measurings(readings)
    known = reliability_of(measured)
    lines = []
    for side in ("left", "right"):
        counted = [
            m for m in measured if m.side == side and counts_as_release(m.degrees, m.back_arched)
        ]
        before = [round(m.degrees, 1) for m in counted if m.when.astimezone().date() < start]
        during = [round(m.degrees, 1) for m in counted if m.when.astimezone().date() >= start]
        if before and during:
            lines.append(photo_sentence(side, before[-1], during[-1], known))
    return lines


def _changes(
    nights: Sequence[Night], start: date, now: Progression, walk_start_min: int
) -> list[str]:
    """The dose now against the dose the rules gave at the week's start."""
    then = progression([n for n in nights if n.day < start], start, walk_start_min=walk_start_min)
    lines = []
    if now.release_min != then.release_min:
        way = "down" if now.release_min < then.release_min else "up"
        reason = now.release_why.split(": ", 1)[-1]
        lines.append(
            f"Bolster release: {now.release_min} min, {way} from {then.release_min}. {reason}"
        )
    if now.strength_ready and not then.strength_ready:
        lines.append(f"Strength starts: {now.strength_why.split(': ', 1)[-1]}")
    elif then.strength_ready and not now.strength_ready:
        lines.append(f"Strength pauses. {now.strength_why}")
    elif now.strength_ready and now.dose != then.dose:
        lines.append(
            f"Strength: {now.dose.sets} × {now.dose.reps} a set "
            f"(was {then.dose.sets} × {then.dose.reps}), building slowly."
        )
    if now.walk_min != then.walk_min:
        lines.append(f"Walking: {now.walk_min} min (was {then.walk_min}).")
    lines += [n for n in (now.restart, now.review) if n]
    return lines or ["No change to the plan: the same doses carry on."]


__all__ = ["WEEK_DAYS", "Week", "week_summary"]
