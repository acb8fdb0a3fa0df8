"""Build a personal plan from the catalog and a person's findings.

The rules come from the articles and are each a small named function:
test first and re-test last (000, 003); release before massage before stretching
before strength (002, 003); releases of at least 5 minutes (000, 003); the
bolster at the person's own height (003); strength only once pain has eased
(002); red flags change the plan and send the person to a provider (001).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from psoas.catalog.model import Catalog, Practice
from psoas.catalog.vocabulary import KINDS, Kind
from psoas.core.assessment import STRENGTH_PAIN_LIMIT, Findings, Side
from psoas.core.psoas_length import practice_length
from psoas.core.units import format_duration, format_length
from psoas.exceptions import BadInput

Routine = Literal["bedtime", "pre-walk", "desk-break", "full"]
ROUTINES: tuple[Routine, ...] = get_args(Routine)
Role = Literal["test", "retest", "practice"]

TEST_ID = "sit-to-lie-test"
#: The tighter side gets this much more time than the other side.
TIGHTER_SIDE_FACTOR = 1.5
#: Which kinds survive first when time is short (earlier = kept first).
KEEP_FIRST: tuple[Kind, ...] = ("release", "stretch", "massage", "position", "strength", "habit")


@dataclass(frozen=True)
class RoutineSpec:
    """What a routine is for, and which practices belong in it."""

    name: Routine
    title: str
    with_tests: bool
    includes: Callable[[Practice], bool]
    #: Habit ids whose purpose is shown as a note with this routine.
    note_ids: tuple[str, ...] = ()
    closing_note: str | None = None
    #: The order of kinds in the plan (releases before massage before stretch...).
    order: tuple[Kind, ...] = KINDS
    #: Which kinds are kept first when time is short.
    keep_first: tuple[Kind, ...] = KEEP_FIRST


def _bedtime(p: Practice) -> bool:
    """Calm floor releases only: nothing that wakes you up."""
    return p.kind == "release" and p.intensity == "calm"


def _pre_walk(p: Practice) -> bool:
    """Release, then a standing stretch on the way out of the door."""
    return p.kind == "release" or (p.kind == "stretch" and p.setting == "standing")


def _desk_break(p: Practice) -> bool:
    """Things to do at or beside a desk: no floor work, no equipment."""
    return p.setting in ("desk", "standing") and p.kind in ("habit", "stretch", "strength")


def _full(p: Practice) -> bool:
    """The whole program on the floor at home: release, massage, stretch, strengthen."""
    return p.kind in ("release", "massage", "stretch", "strength") and p.setting != "outdoors"


SPECS: dict[Routine, RoutineSpec] = {
    "bedtime": RoutineSpec(
        "bedtime",
        "Bedtime release",
        with_tests=True,
        includes=_bedtime,
        note_ids=("quiet-release", "bed-setup"),
        closing_note="In bed, a pillow under the knees or a side-lying curl with a pillow "
        "between the knees keeps the psoas at ease while you sleep.",
    ),
    "pre-walk": RoutineSpec(
        "pre-walk",
        "Before a walk",
        with_tests=False,
        includes=_pre_walk,
        note_ids=("quiet-release",),
        closing_note="Then go for your walk: a released psoas makes for an easier stride.",
    ),
    "desk-break": RoutineSpec(
        "desk-break",
        "Desk break",
        with_tests=False,
        includes=_desk_break,
        note_ids=("sitting-breaks",),
        order=("habit", "stretch", "strength"),
        keep_first=("habit", "stretch", "strength"),
    ),
    "full": RoutineSpec(
        "full",
        "Full program",
        with_tests=True,
        includes=_full,
        note_ids=("release-before-stretching", "quiet-release"),
    ),
}


@dataclass(frozen=True)
class PlanStep:
    """One timed step of a plan; per-side practices appear once per side."""

    id: str
    kind: Kind
    name: str
    seconds: int
    side: Side | None
    role: Role
    why: str
    bolster_height_cm: float | None = None

    def to_data(self) -> dict[str, Any]:
        """The step as the documented ``psoas plan --json`` object."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "seconds": self.seconds,
            "side": self.side,
            "role": self.role,
            "why": self.why,
        }
        if self.bolster_height_cm is not None:
            data["bolster_height_cm"] = self.bolster_height_cm
        return data


@dataclass(frozen=True)
class Plan:
    """A routine made personal: ordered steps, warnings first, notes last."""

    routine: Routine
    steps: tuple[PlanStep, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    see_provider: bool
    budget_seconds: int | None
    #: True when red flags replaced the routine with rest in gentle positions.
    rest_only: bool = False

    @property
    def total_seconds(self) -> int:
        """The plan's length, the sum of its steps."""
        return sum(step.seconds for step in self.steps)

    def to_data(self) -> dict[str, Any]:
        """The plan as the documented ``psoas plan --json`` object."""
        return {
            "routine": self.routine,
            "total_seconds": self.total_seconds,
            "budget_seconds": self.budget_seconds,
            "see_provider": self.see_provider,
            "rest_only": self.rest_only,
            "warnings": list(self.warnings),
            "steps": [step.to_data() for step in self.steps],
            "notes": list(self.notes),
        }


@dataclass
class _Part:
    side: Side | None
    min_s: int
    default_s: int
    seconds: int = 0


@dataclass
class _Unit:
    """A practice in the plan: one part, or two for a per-side practice."""

    practice: Practice
    role: Role
    parts: list[_Part]
    why: str

    @property
    def min_total(self) -> int:
        return sum(p.min_s for p in self.parts)


def build_plan(
    catalog: Catalog, findings: Findings, routine: Routine, minutes: float | None = None
) -> Plan:
    """The plan for ``routine``; raises :class:`BadInput` if ``minutes`` cannot hold it."""
    if routine not in SPECS:
        raise BadInput(f"unknown routine {routine!r}; choose from {', '.join(ROUTINES)}")
    if minutes is not None and not 0 < minutes <= 600:
        raise BadInput(f"--minutes must be between 1 and 600, not {minutes:g}")
    spec = SPECS[routine]
    budget = None if minutes is None else int(minutes * 60)
    warnings = _warnings(catalog, findings)
    keep_first = spec.keep_first
    rest_only = bool(_stop_flags(catalog, findings))
    if rest_only:
        keep_first = KEEP_FIRST
        units = _rest_units(catalog, findings)
        notes: list[str] = [
            "Rest plan: with these red flags psoas offers only rest in gentle positions "
            "until a healthcare provider has seen you."
        ]
    else:
        units = _routine_units(catalog, findings, spec)
        notes = _notes(catalog, findings, spec)
    _fit(units, budget, routine, keep_first)
    steps = tuple(
        _step(unit, part, findings) for unit in units for part in unit.parts if part.seconds
    )
    return Plan(
        routine=routine,
        steps=steps,
        warnings=tuple(warnings),
        notes=tuple(notes),
        see_provider=findings.see_provider,
        budget_seconds=budget,
        rest_only=rest_only,
    )


def _stop_flags(catalog: Catalog, findings: Findings) -> list[str]:
    flags = (catalog.red_flag(f) for f in findings.red_flags)
    return [f.id for f in flags if f is not None and f.level == "stop"]


def _warnings(catalog: Catalog, findings: Findings) -> list[str]:
    """Every red flag becomes a warning that sends the person to a provider first."""
    warnings = []
    for flag_id in findings.red_flags:
        flag = catalog.red_flag(flag_id)
        if flag is not None:
            warnings.append(f"See a healthcare provider first ({flag.name.lower()}). {flag.advice}")
    return warnings


def _allowed(practice: Practice, findings: Findings) -> bool:
    """The red-flag and pain rules that remove practices."""
    flags = set(findings.red_flags)
    if flags & set(practice.contraindications):
        return False
    if "pregnancy" in flags and (practice.prone or practice.kind == "massage"):
        return False
    return not (practice.kind == "strength" and findings.pain > STRENGTH_PAIN_LIMIT)


def _rest_units(catalog: Catalog, findings: Findings) -> list[_Unit]:
    """Stop flags: no test, no massage, stretch or strength; gentle positions only."""
    return [
        _unit(p, "practice", findings, "Rest in a gentle, supported position.")
        for p in catalog.of_kind("position")
        if p.intensity == "calm" and _allowed(p, findings)
    ]


def _routine_units(catalog: Catalog, findings: Findings, spec: RoutineSpec) -> list[_Unit]:
    chosen = [p for p in catalog.practices if spec.includes(p) and _allowed(p, findings)]
    chosen.sort(key=lambda p: spec.order.index(p.kind))  # stable: catalog order within a kind
    releasing = any(p.kind == "release" for p in chosen)
    units = [_unit(p, "practice", findings, _why(p, findings, releasing)) for p in chosen]
    if spec.with_tests:
        test = catalog.require(TEST_ID)
        units.insert(0, _unit(test, "test", findings, "Test first, to see where you start."))
        units.append(_unit(test, "retest", findings, "Re-test, and compare with how you started."))
    return units


def _unit(practice: Practice, role: Role, findings: Findings, why: str) -> _Unit:
    hold = practice.hold
    if not practice.per_side:
        return _Unit(practice, role, [_Part(None, hold.min_s, hold.default_s)], why)
    parts = []
    for side in ("left", "right"):
        factor = TIGHTER_SIDE_FACTOR if side == findings.tighter_side else 1.0
        parts.append(_Part(side, _round5(hold.min_s * factor), _round5(hold.default_s * factor)))
    return _Unit(practice, role, parts, why)


def _round5(seconds: float) -> int:
    return int(math.ceil(seconds / 5) * 5)


def _why(practice: Practice, findings: Findings, releasing: bool) -> str:
    """Why this step is in the plan, in a sentence."""
    patterns = set(findings.patterns)
    if practice.id == "bolster-release":
        height = format_length(findings.bolster_height_cm)
        source = "from your test" if findings.bolster_height_from_test else "a starting height"
        focus = " Let the front ribs drop." if {"rib_thrust", "subtle"} & patterns else ""
        return f"Release first, with the bolster at {height} ({source}).{focus}"
    if practice.kind == "release":
        return "A second release that lets the lower back settle."
    if practice.kind == "massage":
        return "Massage eases stiffness so the stretches that follow work better."
    if practice.kind == "stretch":
        side = findings.tighter_side
        extra = (
            f" Your {side} side is tighter, so it gets more time."
            if practice.per_side and side
            else ""
        )
        lead = "Stretch after releasing" if releasing else "Stretch"
        return f"{lead}, opening the hip past straight to undo sitting.{extra}"
    if practice.kind == "strength":
        return "Strength, now that pain has eased: start light and build slowly."
    return practice.purpose


def _notes(catalog: Catalog, findings: Findings, spec: RoutineSpec) -> list[str]:
    notes = [practice.purpose for i in spec.note_ids if (practice := catalog.get(i))]
    if findings.pain > STRENGTH_PAIN_LIMIT and spec.name in ("full", "desk-break"):
        notes.append(
            f"No strength work yet: your pain is {findings.pain}/10. It waits until the pain "
            f"has eased to {STRENGTH_PAIN_LIMIT} or less."
        )
    if "pregnancy" in findings.red_flags:
        notes.append("Left out in pregnancy: massage and anything done lying face down.")
    if "hip_or_spine_condition" in findings.red_flags:
        notes.append("Left out until a hip or spine problem is ruled out: ball massage.")
    if spec.closing_note:
        notes.append(spec.closing_note)
    return notes


def _fit(
    units: list[_Unit], budget: int | None, routine: str, keep_first: tuple[Kind, ...]
) -> None:
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
    need = sum(u.min_total for u in required)
    if not units or need > budget or (not required and min(u.min_total for u in units) > budget):
        needed = need if required else min((u.min_total for u in units), default=0)
        what = " + ".join(f"{_label(u)} {format_duration(u.min_total)}" for u in required)
        raise BadInput(
            f"{format_duration(budget)} is too short for the {routine} routine: it needs at "
            f"least {format_duration(needed)}" + (f" ({what})" if what else "")
        )
    chosen = list(required)
    left = budget - need

    def keep_order(unit: _Unit) -> tuple[int, float]:
        """Tests first, then by kind; among stretches, the most lengthening first."""
        if unit.role != "practice":
            return (-1, 0.0)
        stretch = (
            -practice_length(unit.practice).longest if unit.practice.kind == "stretch" else 0.0
        )
        return (keep_first.index(unit.practice.kind), stretch)

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


def _label(unit: _Unit) -> str:
    return {"test": "test", "retest": "re-test"}.get(unit.role, unit.practice.name.lower())


def _step(unit: _Unit, part: _Part, findings: Findings) -> PlanStep:
    height = findings.bolster_height_cm if unit.practice.bolster_height is not None else None
    return PlanStep(
        id=unit.practice.id,
        kind=unit.practice.kind,
        name=unit.practice.name,
        seconds=part.seconds,
        side=part.side,
        role=unit.role,
        why=unit.why,
        bolster_height_cm=height,
    )


__all__ = ["ROUTINES", "SPECS", "Plan", "PlanStep", "Routine", "RoutineSpec", "build_plan"]
