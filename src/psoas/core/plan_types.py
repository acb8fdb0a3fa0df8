"""A plan as data: what the person chose, the steps, what was left out, the plan.

Plain frozen dataclasses with their documented JSON forms; the rules that fill
them live in :mod:`psoas.core.planner`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from psoas.catalog.vocabulary import Tier
from psoas.core.assessment import Side
from psoas.core.fitting import Role
from psoas.core.progression import Progression
from psoas.core.routines import Routine
from psoas.core.safety import PainBand


@dataclass(frozen=True)
class PlanChoices:
    """What the person chose, and what their last session showed."""

    #: The person turned ball massage on (after its safety questions).
    massage: bool = False
    #: Why tonight steps back to releases and positions only (from the last
    #: session's flag), or None.
    step_back: str | None = None
    #: Tonight's dose from the nights so far (:mod:`.progression`); None when there is
    #: no record to go by, and the catalog's own holds are used.
    progression: Progression | None = None
    #: The props the person owns; None until they say (then every prop is assumed).
    owned: frozenset[str] | None = None
    #: What they cannot do: ``no_floor`` (get down to the floor), ``no_prone``.
    unable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlanStep:
    """One timed step of a plan; per-side practices appear once per side."""

    id: str
    kind: str
    name: str
    seconds: int
    side: Side | None
    role: Role
    why: str
    bolster_height_cm: float | None = None
    #: The practice this step stands in for (a safer version), if any.
    instead_of: str | None = None
    #: Strength as sets × reps: this step is set ``set_no`` of ``sets``, ``reps`` long,
    #: with ``rest_before_s`` of rest before it (from the second set on).
    set_no: int | None = None
    sets: int | None = None
    reps: int | None = None
    rest_before_s: int | None = None
    #: The routine author's few words for this step (a routine of one's own).
    note: str | None = None

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
        if self.instead_of is not None:
            data["instead_of"] = self.instead_of
        if self.sets is not None:
            data.update(set_no=self.set_no, sets=self.sets, reps=self.reps)
            data["rest_before_s"] = self.rest_before_s
        if self.reps is not None and self.sets is None:
            data["reps"] = self.reps
        if self.note is not None:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class LeftOut:
    """A practice the routine would hold that tonight's plan leaves out, and why."""

    id: str
    name: str
    reason: str

    def to_data(self) -> dict[str, str]:
        """JSON-ready."""
        return {"id": self.id, "name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class Plan:
    """A routine made personal: ordered steps, warnings first, notes last."""

    #: One of the app's routines, or ``own`` for a routine of the person's own.
    routine: Routine | Literal["own"]
    steps: tuple[PlanStep, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    see_provider: bool
    budget_seconds: int | None
    #: True when red flags replaced the routine with rest in gentle positions.
    rest_only: bool = False
    #: True when an answer means *get care now*: the plan has no steps.
    urgent: bool = False
    tier: Tier | None = None
    pain_band: PainBand = "mild"
    #: Why tonight steps back to releases and positions only, or None.
    step_back: str | None = None
    left_out: tuple[LeftOut, ...] = ()
    #: The name of a routine of the person's own (None for the app's routines).
    name: str | None = None
    #: Its id, so a session started from it can say which one it was.
    routine_uid: str | None = None
    #: The physiotherapist (coach) who wrote it, or None.
    author: str | None = None

    @property
    def title(self) -> str:
        """What the plan is called: the routine's title, or the person's own name for it."""
        from psoas.core.routines import SPECS

        return self.name if self.name is not None else SPECS[self.routine].title  # type: ignore[index]

    @property
    def hold_seconds(self) -> int:
        """The time in the steps themselves."""
        return sum(step.seconds for step in self.steps)

    @property
    def pause_seconds(self) -> int:
        """The get-ready, side-switch and rest pauses between the holds."""
        from psoas.core.pauses import pauses_total

        return pauses_total(self.steps)

    @property
    def total_seconds(self) -> int:
        """How long the plan runs: its steps and the pauses between them."""
        return self.hold_seconds + self.pause_seconds

    def to_data(self) -> dict[str, Any]:
        """The plan as the documented ``psoas plan --json`` object."""
        return {
            "routine": self.routine,
            "title": self.title,
            **({"routine_uid": self.routine_uid} if self.routine_uid else {}),
            **({"author": self.author} if self.author else {}),
            "total_seconds": self.total_seconds,
            "hold_seconds": self.hold_seconds,
            "pause_seconds": self.pause_seconds,
            "budget_seconds": self.budget_seconds,
            "see_provider": self.see_provider,
            "urgent": self.urgent,
            "rest_only": self.rest_only,
            "tier": self.tier,
            "pain_band": self.pain_band,
            "step_back": self.step_back,
            "warnings": list(self.warnings),
            "steps": [step.to_data() for step in self.steps],
            "left_out": [item.to_data() for item in self.left_out],
            "notes": list(self.notes),
        }


__all__ = ["LeftOut", "Plan", "PlanChoices", "PlanStep"]
