"""Build a personal plan from the catalog, a person's findings and their choices.

The rules come from the articles and are each a small named function:
test first and re-test last (000, 003); release before massage before stretching
before strength (002, 003); releases of at least 5 minutes (000, 003); the
bolster at the person's own height (003); strength only once pain has eased
(002); red flags change the plan and send the person to a provider (001). The
safety rules themselves (tiers, pain bands, signs) live in :mod:`.safety`; where
a rule leaves a practice out and the catalog names a safer version, the safer
version takes its place, and the plan says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from psoas.catalog.model import Catalog, Practice
from psoas.core.assessment import Findings
from psoas.core.fitting import Part, Unit, fit, make_unit
from psoas.core.plan_reasons import dose_for, plan_notes, step_why
from psoas.core.plan_types import LeftOut, Plan, PlanChoices, PlanStep
from psoas.core.progression import Progression
from psoas.core.routines import KEEP_FIRST, ROUTINES, SPECS, Routine, RoutineSpec
from psoas.core.safety import (
    REST_PLAN_AVOIDS,
    Limits,
    lightened,
    ruled_out,
    stand_ins,
    urgent_message,
)
from psoas.exceptions import BadInput

TEST_ID = "sit-to-lie-test"
#: Why strength is left out while the record says it is not time yet.
STRENGTH_WAITS = "strength waits for 3 calm sessions in a row"
#: Why practices are left out when the last session stepped the plan back.
STEP_BACK_REASON = "stepping back after your last session"


def build_plan(
    catalog: Catalog,
    findings: Findings,
    routine: Routine,
    minutes: float | None = None,
    choices: PlanChoices | None = None,
) -> Plan:
    """The plan for ``routine``; raises :class:`BadInput` if ``minutes`` cannot hold it."""
    if routine not in SPECS:
        raise BadInput(f"unknown routine {routine!r}; choose from {', '.join(ROUTINES)}")
    if minutes is not None and not 0 < minutes <= 600:
        raise BadInput(f"--minutes must be between 1 and 600, not {minutes:g}")
    choices = choices or PlanChoices()
    spec = SPECS[routine]
    budget = None if minutes is None else int(minutes * 60)
    common = plan_fields(findings, routine=routine, budget_seconds=budget)
    if findings.urgent:
        return urgent_plan(catalog, findings, common)
    limits = limits_for(findings, choices)
    if findings.tier == "stop":
        units = rest_units(catalog, limits)
        notes = [
            "Rest plan: with these red flags psoas offers only rest in gentle positions "
            "until a healthcare provider has seen you."
        ]
        left: list[LeftOut] = []
        keep_first = KEEP_FIRST
        step_back = None
    else:
        step_back = choices.step_back
        units, left = _routine_units(
            catalog, findings, spec, limits, step_back, choices.progression
        )
        keep_first = KEEP_FIRST if step_back else spec.keep_first
    fit(units, budget, routine, keep_first)
    if findings.tier != "stop":
        # The notes speak of the plan as fitted: what a clearance let in is what runs.
        progressed = choices.progression
        walk_min = progressed.walk_min if progressed else None
        running = [
            (u.practice, catalog.get(u.instead_of) if u.instead_of else None)
            for u in units
            if any(part.seconds for part in u.parts)
        ]
        notes = plan_notes(catalog, findings, spec, limits, left, step_back, walk_min, running)
        if progressed is not None:
            notes = [n for n in (progressed.restart, progressed.review) if n] + notes
    progressed = None if findings.tier == "stop" else choices.progression
    return plan_of_units(
        catalog,
        findings,
        units,
        Plan(steps=(), warnings=(), notes=tuple(notes), left_out=tuple(left), **common),
        rest_only=findings.tier == "stop",
        step_back=step_back,
        progressed=progressed,
    )


def plan_fields(findings: Findings, **more: Any) -> dict[str, Any]:
    """The fields every plan takes from tonight's findings, with ``more`` of its own."""
    return {
        "see_provider": findings.see_provider,
        "tier": findings.tier,
        "pain_band": findings.pain_band,
        **more,
    }


def urgent_plan(catalog: Catalog, findings: Findings, fields: dict[str, Any]) -> Plan:
    """The plan after a *get care now* answer, whatever the routine: nothing starts, only
    the message to get care (each red flag names its source article in the catalog)."""
    message = urgent_message(findings.red_flags, catalog)
    return Plan(steps=(), warnings=(message,), notes=(), urgent=True, **fields)


def plan_of_units(
    catalog: Catalog,
    findings: Findings,
    units: list[Unit],
    base: Plan,
    *,
    rest_only: bool,
    step_back: str | None,
    progressed: Progression | None = None,
    dosed: Callable[[Unit, PlanStep], PlanStep] | None = None,
) -> Plan:
    """The finished plan: ``base`` (routine, notes, what was left out) with a step per
    timed part of each fitted unit (``dosed`` may adjust each), and the flags' warnings."""
    steps = tuple(
        dosed(unit, step) if dosed else step
        for unit in units
        for part in unit.parts
        if part.seconds
        for step in (plan_step(unit, part, findings, progressed),)
    )
    warnings = tuple(flag_warnings(catalog, findings))
    return replace(base, steps=steps, warnings=warnings, rest_only=rest_only, step_back=step_back)


def limits_for(findings: Findings, choices: PlanChoices) -> Limits:
    """What tonight's safety rules go by: the flags, pain, signs and the person's choices."""
    return Limits(
        flags=frozenset(findings.red_flags),
        cleared=findings.cleared_ids,
        band=findings.pain_band,
        pain=findings.pain,
        signs=frozenset(findings.signs),
        massage_on=choices.massage,
        unable=choices.unable,
        owned=choices.owned,
    )


def flag_warnings(catalog: Catalog, findings: Findings) -> list[str]:
    """Every standing red flag becomes a warning that sends the person to a provider."""
    warnings = []
    for flag_id in findings.red_flags:
        flag = catalog.red_flag(flag_id)
        if flag is None or flag_id in findings.cleared_ids:
            continue
        verb = "Check with" if flag.tier == "caution" else "See"
        warnings.append(
            f"{verb} a healthcare provider first ({flag.name.lower()}). {flag.labelled_advice}"
        )
    return warnings


def rest_units(catalog: Catalog, limits: Limits) -> list[Unit]:
    """Stop tier: no test, massage, stretch or strength; gentle positions only."""
    return [
        make_unit(p, "practice", "Rest in a gentle, supported position.")
        for p in catalog.of_kind("position")
        if p.intensity == "calm"
        and not REST_PLAN_AVOIDS & set(p.demands)
        and ruled_out(p, limits, catalog) is None
    ]


def _routine_units(
    catalog: Catalog,
    findings: Findings,
    spec: RoutineSpec,
    limits: Limits,
    step_back: str | None,
    choices_progression: Progression | None = None,
) -> tuple[list[Unit], list[LeftOut]]:
    """The routine's practices that tonight's rules allow, safer versions in place."""
    candidates = [p for p in catalog.practices if spec.includes(p) and not p.safer_version_only]
    if step_back and spec.with_tests:
        positions = [p for p in catalog.of_kind("position") if p.intensity == "calm"]
        candidates += [p for p in positions if p not in candidates]
    order = KEEP_FIRST if step_back else spec.order
    candidates.sort(key=lambda p: order.index(p.kind))
    progressed = None if step_back else choices_progression
    reasons = {
        p.id: left_out_because(p, limits, catalog, step_back, progressed) for p in candidates
    }
    taken = {pid for pid, reason in reasons.items() if reason is None}
    chosen: list[tuple[Practice, Practice | None, str]] = []
    left: list[LeftOut] = []
    for practice in candidates:
        reason = reasons[practice.id]
        if reason is None:
            chosen.append((practice, None, ""))
            continue
        safer = allowed_safer_version(practice, limits, catalog, step_back, progressed)
        if safer is not None and safer.id not in taken:
            chosen.append((safer, practice, reason))
            taken.add(safer.id)
        elif safer is not None:
            left.append(LeftOut(practice.id, practice.name, f"{reason}; {safer.name} stays"))
        else:
            left.append(LeftOut(practice.id, practice.name, reason))
    releasing = any(p.kind == "release" for p, _, _ in chosen)
    units = []
    first_release = True
    for practice, original, reason in chosen:
        why = step_why(practice, findings, releasing, first_release)
        first_release = first_release and practice.kind != "release"
        light = lightened(practice, limits)
        if light:
            why += f" Lighter tonight, because you are {light}: less weight, shortest hold."
        if original is not None:
            why = f"Instead of the {original.name.lower()} ({reason}). {why}"
        hold_s, sets, why = dose_for(practice, why, progressed)
        for line in stand_ins(practice, limits.owned, catalog):
            why += f" {line}"
        unit = make_unit(
            practice,
            "practice",
            why,
            findings.tighter_side,
            shortest=light is not None,
            instead_of=original.id if original else None,
            hold_s=hold_s,
            sets=sets,
        )
        if sets and progressed is not None and progressed.dose is not None:
            unit.rest_s = progressed.dose.rest_s
        units.append(unit)
    if spec.with_tests:
        units = with_tests(catalog, findings, limits, units)
    return units, left


def left_out_because(
    practice: Practice,
    limits: Limits,
    catalog: Catalog,
    step_back: str | None,
    progressed: Progression | None = None,
) -> str | None:
    """Why the practice is left out tonight: a safety rule, the step back, or strength
    not yet ready by the record (:func:`.progression.strength_readiness`)."""
    if step_back and practice.kind not in ("release", "position", "habit"):
        return STEP_BACK_REASON
    reason = ruled_out(practice, limits, catalog)
    waiting = progressed is not None and not progressed.strength_ready
    if reason is None and waiting and "strength_load" in practice.demands:
        return STRENGTH_WAITS
    return reason


def allowed_safer_version(
    practice: Practice,
    limits: Limits,
    catalog: Catalog,
    step_back: str | None,
    progressed: Progression | None = None,
) -> Practice | None:
    """The catalog's safer version for tonight's flags, if it is itself allowed."""
    safer_id = practice.safer_version_for(limits.conditions)
    safer = catalog.get(safer_id) if safer_id else None
    if safer is None or left_out_because(safer, limits, catalog, step_back, progressed) is not None:
        return None
    return safer


def with_tests(
    catalog: Catalog, findings: Findings, limits: Limits, units: list[Unit]
) -> list[Unit]:
    """The test first and the re-test last, in its safer version when one applies."""
    test = catalog.require(TEST_ID)
    reason = ruled_out(test, limits, catalog)
    instead_of = None
    if reason is not None:
        safer = allowed_safer_version(test, limits, catalog, None)
        if safer is None:
            return units
        test, instead_of = safer, TEST_ID
    side = findings.tighter_side
    first = "Test first, to see where you start."
    last = "Re-test, and compare with how you started."
    if instead_of:
        first = f"{first} The {test.name.lower()} instead ({reason})."
    return [
        make_unit(test, "test", first, side, instead_of=instead_of),
        *units,
        make_unit(test, "retest", last, side, instead_of=instead_of),
    ]


def plan_step(
    unit: Unit, part: Part, findings: Findings, progressed: Progression | None
) -> PlanStep:
    height = findings.bolster_height_cm if unit.practice.bolster_height is not None else None
    sets = {p.set_no for p in unit.parts if p.set_no}
    dosed = progressed.dose if progressed and part.set_no else None
    # Rest comes before each set after the first (before its first side).
    rests = dosed is not None and (part.set_no or 0) > 1 and part.side in (None, "left")
    return PlanStep(
        id=unit.practice.id,
        kind=unit.practice.kind,
        name=unit.practice.name,
        seconds=part.seconds,
        side=part.side,
        role=unit.role,
        why=unit.why,
        bolster_height_cm=height,
        instead_of=unit.instead_of,
        set_no=part.set_no,
        sets=len(sets) if part.set_no else None,
        reps=dosed.reps if dosed else None,
        rest_before_s=dosed.rest_s if dosed and rests else None,
    )


__all__ = [
    "ROUTINES",
    "SPECS",
    "STEP_BACK_REASON",
    "TEST_ID",
    "LeftOut",
    "Plan",
    "PlanChoices",
    "PlanStep",
    "Routine",
    "RoutineSpec",
    "allowed_safer_version",
    "build_plan",
    "flag_warnings",
    "left_out_because",
    "limits_for",
    "plan_fields",
    "plan_of_units",
    "plan_step",
    "rest_units",
    "urgent_plan",
    "with_tests",
]
