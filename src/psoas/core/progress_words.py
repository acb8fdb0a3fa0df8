"""Progress in plain words: each measure of the test as a person would say it, with
dates, told from the same series (and so the same numbers) as the trend table.

"Back gap: a whole hand on 3 Nov (self-test); fingers since 21 Nov (check-in)."
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psoas.core.baseline import AFTER_RELEASE
from psoas.core.progress import SelfTestPoint
from psoas.core.units import format_length

#: What a value of each measure is called. The keys are the trend table's measures
#: of the test itself; pain is told from its own series (psoas.core.pain).
WORDS: dict[str, tuple[str, Callable[[SelfTestPoint], str | None]]] = {
    "bolster_height_cm": (
        "Bolster height",
        lambda p: format_length(p.bolster_height_cm) if p.bolster_height_cm else None,
    ),
    "thighs_flat": (
        "Thighs",
        lambda p: (
            None
            if p.thighs_flat is None
            else ("resting on the floor" if p.thighs_flat else "off the floor")
        ),
    ),
    "back_gap": (
        "Back gap",
        lambda p: {"pencil": "a pencil", "fingers": "fingers", "hand": "a whole hand"}.get(
            p.back_gap or ""
        ),
    ),
    "gap_even": (
        "Left and right",
        lambda p: (
            None
            if p.gap_even is None
            else (
                "even"
                if p.gap_even
                else (f"the {p.tighter_side} side arching more" if p.tighter_side else "uneven")
            )
        ),
    ),
    "ribs_stick_out": (
        "Front ribs",
        lambda p: (
            None if p.ribs_stick_out is None else ("rising" if p.ribs_stick_out else "resting down")
        ),
    ),
}


@dataclass(frozen=True)
class MeasureWords:
    """One measure told in words: where it started, where it is now, since when."""

    measure: str
    label: str
    #: The first and the latest value in words (None when never measured).
    first: str | None
    latest: str | None
    text: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return dict(self.__dict__)


def _when(point: SelfTestPoint) -> str:
    which = "self-test" if point.phase == "check" else "check-in"
    return f"{_day(point.taken_at)} ({which})"


def _day(moment: datetime) -> str:
    return f"{moment.astimezone().day} {moment.astimezone():%b %Y}"


def describe(points: Sequence[SelfTestPoint]) -> list[MeasureWords]:
    """Every measure in words, from where the nights start (not the re-tests after the
    release, as in the trend table)."""
    starts = sorted((p for p in points if p.phase != AFTER_RELEASE), key=lambda p: p.taken_at)
    told = []
    for measure, (label, word) in WORDS.items():
        said = [(p, w) for p in starts if (w := word(p)) is not None]
        if not said:
            told.append(MeasureWords(measure, label, None, None, f"{label}: not measured yet."))
            continue
        first_point, first = said[0]
        latest = said[-1][1]
        run_start = len(said) - 1
        while run_start > 0 and said[run_start - 1][1] == latest:
            run_start -= 1
        since = said[run_start][0]
        if len(said) == 1:
            text = f"{label}: {first} on {_when(first_point)}."
        elif run_start == 0:
            text = f"{label}: {first} at every test since {_when(first_point)}."
        else:
            between = list(dict.fromkeys(w for _, w in said[1:run_start] if w != latest))
            again = f" again, after {' and '.join(between)}," if latest == first else ""
            text = (
                f"{label}: {first} on {_when(first_point)}; {latest}{again} since {_when(since)}."
            )
        told.append(MeasureWords(measure, label, first, latest, text))
    return told


__all__ = ["WORDS", "MeasureWords", "describe"]
