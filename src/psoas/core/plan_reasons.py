"""What a plan says: why each step is there, at what dose, and the notes after it.

Every sentence comes from the same facts the planner used (the findings, the
rules that left practices out, the progression), so the words and the plan agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from psoas.catalog.model import Catalog, Practice
from psoas.core.assessment import Findings
from psoas.core.bolster import STEP_WORDS
from psoas.core.plan_types import LeftOut
from psoas.core.progression import Progression
from psoas.core.routines import RoutineSpec
from psoas.core.safety import SQUAT_PAIN, Clearance, Limits, ruled_out
from psoas.core.units import format_length, format_list

#: The release whose length follows the record (003's "about 2 minutes" once trained).
PROGRESSING_RELEASE = "bolster-release"


def dose_for(
    practice: Practice, why: str, progressed: Progression | None
) -> tuple[int | None, int | None, str]:
    """Tonight's hold or sets for a practice by the record: (hold seconds, sets, why).

    The bolster release shortens as it holds night after night (003); strength is
    sets × reps that build week by week (002); walking builds in minutes (002).
    """
    if progressed is None:
        return None, None, why
    if practice.id == PROGRESSING_RELEASE:
        return progressed.release_min * 60, None, f"{why} {progressed.release_why}"
    if "strength_load" in practice.demands and practice.dosed_in == "reps":
        dose = progressed.dose
        return dose.set_seconds, dose.sets, f"{why} {progressed.dose_why}"
    if practice.id == "walking":
        return progressed.walk_min * 60, None, why
    return None, None, why


def step_why(practice: Practice, findings: Findings, releasing: bool, first_release: bool) -> str:
    """Why this step is in the plan, in a sentence."""
    patterns = set(findings.patterns)
    if practice.id == "bolster-release":
        height = format_length(findings.bolster_height_cm)
        source = STEP_WORDS[findings.bolster_height_source]
        focus = " Let the front ribs drop." if {"rib_thrust", "subtle"} & patterns else ""
        return f"Release first, with the bolster at {height} ({source}).{focus}"
    if practice.kind == "release":
        return "Release first." if first_release else "A second release to let the body settle."
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


def plan_notes(
    catalog: Catalog,
    findings: Findings,
    spec: RoutineSpec,
    limits: Limits,
    left: list[LeftOut],
    step_back: str | None,
    walk_min: int | None = None,
    chosen: Sequence[tuple[Practice, Practice | None]] = (),
) -> list[str]:
    """The plan's notes after its steps; ``chosen`` are its practices, each with the
    practice it stands in for (a safer version), if any."""
    notes = []
    if step_back:
        notes.append(
            f"Stepping back tonight to releases and positions only, because at your last "
            f"session {step_back}."
        )
    notes += [practice.purpose for i in spec.note_ids if (practice := catalog.get(i))]
    notes += left_out_notes(left)
    if any(item.reason == SQUAT_PAIN.reason for item in left):
        notes.append(
            "Because squatting hurts, squats and deadlifts wait until it is comfortable; "
            "glute and core work and walking carry on. Squat pain can point to weak hip "
            "flexors (001)."
        )
    if spec.name in ("full", "desk-break") and not step_back:
        walk = f" of about {walk_min} min" if walk_min else ""
        notes.append(
            f"Walking is movement, not strength work: an easy walk{walk} is fine at any pain "
            "rating unless a red flag says rest (002: walking more is something you can "
            "always do)."
        )
    for clearance in findings.cleared:
        note = clearance_note(catalog, clearance, limits, chosen)
        if note:
            notes.append(note)
    closing = spec.closing_note
    flat_ruled_out = any(
        "flat_on_back" in flag.avoid
        for flag in (catalog.red_flag(f) for f in limits.flags)
        if flag is not None
    )
    if flat_ruled_out and spec.closing_note_on_side:
        closing = spec.closing_note_on_side
    if closing:
        notes.append(closing)
    return notes


def clearance_note(
    catalog: Catalog,
    clearance: Clearance,
    limits: Limits,
    chosen: Sequence[tuple[Practice, Practice | None]],
) -> str | None:
    """What a clearance does to this plan, in its own words: the practices in it that
    only the clearance lets in, and the safer versions in it that stay for the same flag
    (the rules of :func:`psoas.core.safety.ruled_out`, with and without the clearance)."""
    flag = catalog.red_flag(clearance.flag_id)
    if flag is None:
        return None
    without = replace(limits, cleared=limits.cleared - {flag.id})
    back = list(
        dict.fromkeys(
            practice.name.lower()
            for practice, original in chosen
            if original is None
            and ruled_out(practice, without, catalog) is not None
            and ruled_out(practice, limits, catalog) is None
        )
    )
    safer = list(
        dict.fromkeys(
            f"the {practice.name.lower()} for the {original.name.lower()}"
            for practice, original in chosen
            if original is not None and original.safer_version_for({flag.id}) == practice.id
        )
    )
    by = f" by {clearance.by}" if clearance.by else ""
    said = (
        f"{format_list(back)} {'is' if len(back) == 1 else 'are'} in tonight's plan again"
        if back
        else "nothing in tonight's plan waited for it"
    )
    if safer:
        said += f"; the safer versions stay while it stands: {format_list(safer)}"
    return f"Cleared{by} on {clearance.cleared_on:%d %b %Y} ({flag.name.lower()}): {said}."


def left_out_notes(left: Iterable[LeftOut]) -> list[str]:
    """One note per reason: "Left out (reason): name, name."."""
    grouped: dict[str, list[str]] = {}
    for item in left:
        grouped.setdefault(item.reason, []).append(item.name)
    return [f"Left out ({reason}): {', '.join(names)}." for reason, names in grouped.items()]


__all__ = [
    "PROGRESSING_RELEASE",
    "clearance_note",
    "dose_for",
    "left_out_notes",
    "plan_notes",
    "step_why",
]
