"""Tonight's plan from a routine of the person's own, through the app's safety rules.

The routine's author (the person, or the physiotherapist they invited) chose the
practices and their doses; tonight's findings still decide what may be done. Each rule
is the one the app's own routines follow (:mod:`psoas.core.planner`): a *get care now*
answer starts nothing; the stop tier gives rest in gentle positions; a red flag, the
pain band, a sign, a missing prop or what the person cannot do leaves a practice out
and the catalog's safer version takes its place where there is one; after a flagged
session the plan steps back to releases and positions; the test comes first and last.
"""

from __future__ import annotations

from dataclasses import replace

from psoas.catalog.model import Catalog
from psoas.core.assessment import Findings
from psoas.core.fitting import Unit, fit, make_unit
from psoas.core.own_routines import OWN, OwnRoutine, RoutineItem
from psoas.core.plan_reasons import left_out_notes
from psoas.core.plan_types import LeftOut, Plan, PlanChoices, PlanStep
from psoas.core.planner import (
    allowed_safer_version,
    left_out_because,
    limits_for,
    plan_fields,
    plan_of_units,
    rest_units,
    urgent_plan,
    with_tests,
)
from psoas.core.routines import KEEP_FIRST
from psoas.core.safety import Limits, lightened

#: Why a step is in the plan, when the routine's author chose it.
CHOSEN = "In your routine {name}."
#: Why each practice waits under the stop tier's red flags (001: see a provider first).
REST_ONLY = "rest only, until a healthcare provider has seen you"
#: What the plan says when tonight's rules leave nothing of the routine: the app's own
#: choice, because a gap helps nobody on the floor while gentle positions are safe.
NOTHING_LEFT = (
    "Nothing in {name} suits tonight (see what was left out, and why): rest in gentle "
    "positions instead."
)


def build_own_plan(
    catalog: Catalog,
    findings: Findings,
    routine: OwnRoutine,
    choices: PlanChoices | None = None,
    routine_uid: str | None = None,
    author: str | None = None,
) -> Plan:
    """The plan for the person's ``routine`` tonight (``author``: the physiotherapist who
    wrote it, if one did)."""
    choices = choices or PlanChoices()
    common = plan_fields(
        findings,
        routine=OWN,
        name=routine.name,
        routine_uid=routine_uid,
        author=author,
        budget_seconds=None,
    )
    if findings.urgent:
        return urgent_plan(catalog, findings, common)
    limits = limits_for(findings, choices)
    notes = [routine.note] if routine.note else []
    left: list[LeftOut] = []
    chosen: list[tuple[Unit, RoutineItem | None]] = []
    for item in routine.items:
        if findings.tier == "stop":
            name = practice.name if (practice := catalog.get(item.practice)) else item.practice
            left.append(LeftOut(item.practice, name, REST_ONLY))
            continue
        unit = _unit(item, catalog, findings, limits, choices.step_back, routine.name, left)
        if unit is not None:
            chosen.append((unit, item))
    rest = findings.tier == "stop" or not chosen
    if rest:
        chosen = [(unit, None) for unit in rest_units(catalog, limits)]
        notes.insert(0, NOTHING_LEFT.format(name=routine.name))
    notes += left_out_notes(left)
    units = [unit for unit, _ in chosen]
    if routine.with_tests and not rest:
        units = with_tests(catalog, findings, limits, units)
    fit(units, None, routine.name, KEEP_FIRST)
    items = {id(unit): item for unit, item in chosen}
    base = Plan(steps=(), warnings=(), notes=tuple(notes), left_out=tuple(left), **common)
    return plan_of_units(
        catalog,
        findings,
        units,
        base,
        rest_only=rest,
        step_back=choices.step_back,
        dosed=lambda unit, step: _dosed(step, items.get(id(unit))),
    )


def _unit(
    item: RoutineItem,
    catalog: Catalog,
    findings: Findings,
    limits: Limits,
    step_back: str | None,
    name: str,
    left: list[LeftOut],
) -> Unit | None:
    """The item as a unit for tonight (its safer version when a rule leaves it out), or
    None with the reason added to ``left``."""
    practice = catalog.get(item.practice)
    if practice is None:  # a routine saved before the catalog changed
        left.append(LeftOut(item.practice, item.practice, "no longer in the catalog"))
        return None
    why = CHOSEN.format(name=name)
    reason = left_out_because(practice, limits, catalog, step_back)
    original = None
    if reason is not None:
        safer = allowed_safer_version(practice, limits, catalog, step_back)
        if safer is None:
            left.append(LeftOut(practice.id, practice.name, reason))
            return None
        original, practice = practice, safer
        why = f"Instead of the {original.name.lower()} ({reason}). {why}"
    light = lightened(practice, limits)
    if light:
        why += f" Lighter tonight, because you are {light}: less weight, shortest hold."
    own_dose = original is None and light is None
    sets = (item.sets or (1 if item.reps else None)) if own_dose else None
    unit = make_unit(
        practice,
        "practice",
        why,
        findings.tighter_side if item.hold_s is None else None,
        shortest=light is not None,
        instead_of=original.id if original else None,
        hold_s=item.hold_s if own_dose else None,
        sets=sets,
    )
    if item.side != "both" and practice.per_side:
        unit.parts = [part for part in unit.parts if part.side == item.side]
    return unit


def _dosed(step: PlanStep, item: RoutineItem | None) -> PlanStep:
    """The step with the author's reps and note; a safer version in its place, or a
    lighter dose tonight, keeps neither (they were written for the other dose)."""
    if item is None or step.instead_of is not None or step.role != "practice":
        return step
    return replace(step, reps=item.reps if step.sets else None, note=item.note)


__all__ = ["CHOSEN", "NOTHING_LEFT", "REST_ONLY", "build_own_plan"]
