"""Fitting a plan into a time budget: what is kept, at what length.

A plan is made of units (a practice in the plan, one part per side); this module
gives each part its seconds. It knows nothing of safety: by the time units reach
it, every rule has already chosen them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from psoas.catalog.model import Practice
from psoas.catalog.vocabulary import Kind
from psoas.core.pauses import FIRST_LEAD_IN_S, LEAD_IN_S, SWITCH_S
from psoas.core.psoas_length import practice_length
from psoas.core.units import format_duration
from psoas.exceptions import BadInput

Role = Literal["test", "retest", "practice"]
Side = Literal["left", "right"]
#: The tighter side gets this much more time than the other side (003: one side
#: can be tighter; giving it more time is the app's own choice).
TIGHTER_SIDE_FACTOR = 1.5


@dataclass
class Part:
    """One timed part of a unit: the whole practice, or one side of it."""

    side: Side | None
    min_s: int
    default_s: int
    seconds: int = 0
    #: For strength dosed as sets: which set this part is (1-based), else None.
    set_no: int | None = None


@dataclass
class Unit:
    """A practice in the plan: one part, or two for a per-side practice."""

    practice: Practice
    role: Role
    parts: list[Part]
    why: str
    #: The practice this one stands in for (a safer version), if any.
    instead_of: str | None = None
    #: Rest between sets, when the unit is dosed as sets.
    rest_s: int = 0

    @property
    def pause_s(self) -> int:
        """The pauses the unit brings (psoas.core.pauses): a lead-in before it, then a
        rest, a side switch or a lead-in between its parts. Tests have none."""
        if self.role != "practice":
            return 0
        total = LEAD_IN_S
        for before, part in zip(self.parts, self.parts[1:], strict=False):
            if self.rest_s and part.set_no != before.set_no:
                total += self.rest_s
            elif part.side != before.side:
                total += SWITCH_S
            else:
                total += LEAD_IN_S
        return round(total)

    @property
    def min_total(self) -> int:
        """The shortest the unit can run, all parts at their minimum, with its pauses."""
        return sum(p.min_s for p in self.parts) + self.pause_s


def make_unit(
    practice: Practice,
    role: Role,
    why: str,
    tighter_side: Side | None = None,
    *,
    shortest: bool = False,
    instead_of: str | None = None,
    hold_s: int | None = None,
    sets: int | None = None,
) -> Unit:
    """A unit for ``practice``: the tighter side longer; ``shortest`` holds at the minimum.

    ``hold_s`` replaces the catalog's hold (a progressed release: its minimum follows it
    down); ``sets`` makes one part per set (and side), each ``hold_s`` long.
    """
    hold = practice.hold
    default = hold.min_s if shortest and hold.min_s else hold.default_s
    minimum = hold.min_s
    if hold_s is not None:
        default, minimum = hold_s, min(hold.min_s, hold_s)
    sides: tuple[Side | None, ...] = ("left", "right") if practice.per_side else (None,)
    parts = []
    for set_no in range(1, (sets or 1) + 1):
        for side in sides:
            factor = TIGHTER_SIDE_FACTOR if side and side == tighter_side else 1.0
            if sets:
                parts.append(Part(side, default, default, set_no=set_no))
            elif side is None:
                parts.append(Part(None, minimum, default))
            else:
                parts.append(Part(side, _round5(minimum * factor), _round5(default * factor)))
    return Unit(practice, role, parts, why, instead_of)


def _round5(seconds: float) -> int:
    return int(math.ceil(seconds / 5) * 5)


def fit(units: list[Unit], budget: int | None, routine: str, keep_first: tuple[Kind, ...]) -> None:
    """Give each part its seconds within ``budget``, dropping what does not fit.

    Tests and the first release are required at their minimum; the others join
    in ``keep_first`` order at their minimum while they fit; then the time left
    grows each unit toward its default hold, in the same order. A release is
    never cut below its minimum: it is left out instead.
    """
    if budget is None:
        for unit in units:
            for part in unit.parts:
                part.seconds = part.default_s
        return
    releases = [u for u in units if u.role == "practice" and u.practice.kind == "release"]
    required = [u for u in units if u.role != "practice"] + releases[:1]
    # The longer get-ready at the start and after each test (psoas.core.pauses).
    settling = round(FIRST_LEAD_IN_S - LEAD_IN_S) * (1 + sum(u.role == "test" for u in units))
    need = sum(u.min_total for u in required) + settling
    if not units or need > budget or (not required and min(u.min_total for u in units) > budget):
        needed = need if required else min((u.min_total for u in units), default=0)
        what = " + ".join(f"{_label(u)} {format_duration(u.min_total)}" for u in required)
        raise BadInput(
            f"{format_duration(budget)} is too short for the {routine} routine: it needs at "
            f"least {format_duration(needed)}" + (f" ({what})" if what else "")
        )
    chosen = list(required)
    left = budget - need

    def keep_order(unit: Unit) -> tuple[int, float]:
        """Tests first, then by kind; among stretches, the most lengthening first."""
        if unit.role != "practice":
            return (-1, 0.0)
        stretch = (
            -practice_length(unit.practice).longest if unit.practice.kind == "stretch" else 0.0
        )
        kind = unit.practice.kind
        return (keep_first.index(kind) if kind in keep_first else len(keep_first), stretch)

    for unit in sorted(units, key=keep_order):
        if not any(c is unit for c in chosen) and unit.min_total <= left:
            chosen.append(unit)
            left -= unit.min_total
    for unit in chosen:
        for part in unit.parts:
            part.seconds = part.min_s
    for unit in sorted(chosen, key=keep_order):
        room = sum(p.default_s - p.min_s for p in unit.parts)
        if room <= 0 or left <= 0:
            continue
        share = min(1.0, left / room)
        for part in unit.parts:
            grow = int((part.default_s - part.min_s) * share) // 5 * 5
            part.seconds += grow
            left -= grow


def _label(unit: Unit) -> str:
    return {"test": "test", "retest": "re-test"}.get(unit.role, unit.practice.name.lower())


__all__ = ["TIGHTER_SIDE_FACTOR", "Part", "Role", "Unit", "fit", "make_unit"]
