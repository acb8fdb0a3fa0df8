"""Each person's own measurement error, from their repeated photo readings.

A photo reading of the thigh's angle to the floor varies from capture to capture (how
the person lay down, where the camera stood). Readings of one side taken close together
are repeats of one measuring; their spread, pooled over every measuring, is the
person's standard error of measurement (SEM), and from it the smallest change that is
more than that noise: MDC95 = 1.96 × √2 × SEM (the minimal detectable change at 95 %
confidence, a standard formula of measurement science). A change in the photo angle is
called real only when it is larger than the person's own MDC.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

#: Readings of one side within this time of each other are repeats of one measuring:
#: the app's own choice (lying down, getting up and lying down again takes minutes).
REPEAT_WINDOW = timedelta(minutes=15)
#: z for 95 % (two-sided), times √2 for the difference of two readings.
MDC_FACTOR = 1.96 * math.sqrt(2)


class PhotoAngle(NamedTuple):
    """One photo reading of the thigh's angle to the floor."""

    when: datetime
    side: str
    degrees: float
    #: Whether the self-test it belongs to found the low back arched (None: not checked).
    back_arched: bool | None = None
    #: The self-test it belongs to (None: none); readings of different tests never
    #: make one measuring.
    test: int | None = None


Readings = Sequence[PhotoAngle | tuple[datetime, str, float]]


@dataclass(frozen=True)
class Measuring:
    """The captures of one side taken together (the wizard asks for three)."""

    when: datetime
    side: str
    values: tuple[float, ...]
    back_arched: bool | None

    @property
    def degrees(self) -> float:
        """The measuring's angle: the mean of its captures."""
        return sum(self.values) / len(self.values)

    @property
    def spread(self) -> float:
        """The largest capture less the smallest, degrees."""
        return max(self.values) - min(self.values)


def measurings(readings: Readings) -> list[Measuring]:
    """The readings grouped into measurings: one side and one self-test, each within the
    window of the last, oldest first. A measuring's low back is arched when any
    capture's was."""
    groups: list[list[PhotoAngle]] = []
    last: dict[str, list[PhotoAngle]] = {}
    # By time only: captures stored in the same instant keep their stored order.
    for reading in sorted((PhotoAngle(*r) for r in readings), key=lambda r: r.when):
        found = last.get(reading.side)
        if (
            found is not None
            and reading.when - found[-1].when <= REPEAT_WINDOW
            and reading.test == found[-1].test
        ):
            found.append(reading)
        else:
            last[reading.side] = [reading]
            groups.append(last[reading.side])
    return [
        Measuring(
            group[0].when,
            group[0].side,
            tuple(r.degrees for r in group),
            _arched(group),
        )
        for group in groups
    ]


def _arched(group: Sequence[PhotoAngle]) -> bool | None:
    if all(r.back_arched is None for r in group):
        return None
    return any(r.back_arched for r in group)


def repeat_sets(readings: Readings) -> list[list[float]]:
    """The readings' values, grouped into measurings."""
    return [list(m.values) for m in measurings(readings)]


def sem(sets: Sequence[Sequence[float]]) -> float | None:
    """The pooled within-measuring standard deviation; None without any repeat.

    A measuring whose readings are all the same is left out: one picture read again
    (or a still clip) gives the same number each time, while a person lying down again
    never lands to the same 0.1°; counting it would claim an error of 0° (the app's own
    choice, because a zero MDC would call every later change real)."""
    repeated = _repeated(sets)
    freedom = sum(len(s) - 1 for s in repeated)
    if freedom == 0:
        return None
    squares = 0.0
    for values in repeated:
        mean = sum(values) / len(values)
        squares += sum((x - mean) ** 2 for x in values)
    return math.sqrt(squares / freedom)


def _repeated(sets: Sequence[Sequence[float]]) -> list[Sequence[float]]:
    """The measurings that are repeats: two readings or more, not all the same."""
    return [s for s in sets if len(s) >= 2 and max(s) > min(s)]


@dataclass(frozen=True)
class Reliability:
    """A person's own error on the photo angle, and how much of it a change must beat."""

    sem: float
    #: Repeats the SEM rests on (readings beyond the first of each measuring).
    repeats: int

    @property
    def mdc(self) -> float:
        """The minimal detectable change (95 %), in degrees."""
        return MDC_FACTOR * self.sem

    @property
    def shown_mdc(self) -> float:
        """The MDC as the words and the chart show it, to 0.1°."""
        return round(self.mdc, 1)

    def real(self, change: float) -> bool:
        """A change larger than the person's own MDC as shown (to 0.1°), so the words
        never call a change real that is no larger than the number they give."""
        return abs(change) > self.shown_mdc

    def words(self, change: float) -> str:
        """The change against the person's own variation, in words from the same numbers."""
        spread = f"your readings vary by about {self.sem:.1f}°"
        size = f"{abs(change):.1f}°"
        if self.real(change):
            return f"{spread}; this {size} change is real (more than {self.shown_mdc:.1f}°)"
        return f"{spread}; this {size} change is within your own variation ({self.shown_mdc:.1f}°)"

    def ahead(self) -> str:
        """Before a second measuring: how large a change will have to be, in words."""
        return (
            f"your readings vary by about {self.sem:.1f}°, so a later change of more than "
            f"{self.shown_mdc:.1f}° will be real"
        )

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"sem": round(self.sem, 2), "mdc": round(self.mdc, 2), "repeats": self.repeats}


def reliability(readings: Readings) -> Reliability | None:
    """The person's reliability from every photo reading; None until they repeat one."""
    return reliability_of(measurings(readings))


def reliability_of(measured: Sequence[Measuring]) -> Reliability | None:
    """The reliability from readings already grouped into measurings."""
    found = sem([m.values for m in measured])
    if found is None:
        return None
    return Reliability(found, sum(len(v) - 1 for v in _repeated([m.values for m in measured])))


__all__ = [
    "MDC_FACTOR",
    "REPEAT_WINDOW",
    "Measuring",
    "PhotoAngle",
    "Reliability",
    "measurings",
    "reliability",
    "reliability_of",
    "repeat_sets",
    "sem",
]
