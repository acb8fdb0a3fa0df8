"""The routines: what each is for and which practices belong in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from psoas.catalog.model import Practice
from psoas.catalog.vocabulary import KINDS, Kind

Routine = Literal["bedtime", "pre-walk", "desk-break", "full"]
ROUTINES: tuple[Routine, ...] = get_args(Routine)
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
    #: The closing note when lying flat on the back is ruled out (in pregnancy).
    closing_note_on_side: str | None = None
    #: The order of kinds in the plan (releases before massage before stretch...).
    order: tuple[Kind, ...] = KINDS
    #: Which kinds are kept first when time is short.
    keep_first: tuple[Kind, ...] = KEEP_FIRST
    #: What a reminder tells the person to do, in a few words.
    reminder: str = "Lie down near your phone, with screens and sound off."


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
        closing_note_on_side="In bed, a side-lying curl with a pillow between the knees keeps "
        "the psoas at ease while you sleep.",
    ),
    "pre-walk": RoutineSpec(
        "pre-walk",
        "Before a walk",
        with_tests=False,
        includes=_pre_walk,
        note_ids=("quiet-release",),
        closing_note="Then go for your walk: a released psoas makes for an easier stride.",
        reminder="Release on the floor, then a standing stretch, then out for your walk.",
    ),
    "desk-break": RoutineSpec(
        "desk-break",
        "Desk break",
        with_tests=False,
        includes=_desk_break,
        note_ids=("sitting-breaks",),
        order=("habit", "stretch", "strength"),
        keep_first=("habit", "stretch", "strength"),
        reminder="Stand up from your chair: a few steps and a standing stretch.",
    ),
    "full": RoutineSpec(
        "full",
        "Full program",
        with_tests=True,
        includes=_full,
        note_ids=("release-before-stretching", "quiet-release"),
    ),
}

__all__ = ["KEEP_FIRST", "ROUTINES", "SPECS", "Routine", "RoutineSpec"]
