"""The psoas export file: its format, as dataclasses that pydantic validates.

An export is a JSON object; every row a person may import again carries a
``uid``. Fields added in later releases have defaults, so older exports still
import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from psoas.catalog.vocabulary import Ability, Prop, RedFlagId
from psoas.core.assessment import Answers

_NO_EXTRA = {"extra": "forbid"}


@dataclass(frozen=True)
class SelfTestIn:
    """A self-test in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    taken_at: datetime
    answers: Answers
    phase: Literal["check", "pre", "post"] = "check"
    source: str = "import"
    session_uid: str | None = None
    findings: dict[str, Any] | None = None


@dataclass(frozen=True)
class StepIn:
    """A step log in an export file."""

    __pydantic_config__ = _NO_EXTRA

    index: int
    practice_id: str
    role: Literal["test", "retest", "practice"]
    status: Literal["done", "skipped", "partial"]
    planned_seconds: int
    seconds_held: int
    ended_at: datetime
    side: Literal["left", "right"] | None = None


@dataclass(frozen=True)
class SessionIn:
    """A session in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    routine: str
    started_at: datetime
    status: Literal["active", "finished", "ended_early", "abandoned"]
    ended_at: datetime | None = None
    discomfort: int | None = None
    plan: dict[str, Any] | None = None
    steps: tuple[StepIn, ...] = ()
    #: Why the session was flagged (the pain rose during it, or high discomfort).
    flag: str | None = None


@dataclass(frozen=True)
class PainIn:
    """A pain rating in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    rated_at: datetime
    value: int
    context: Literal["test", "after_session"]
    session_uid: str | None = None


@dataclass(frozen=True)
class AnglesIn:
    """A measurement's angles in an export file, in degrees."""

    __pydantic_config__ = _NO_EXTRA

    thigh_to_floor_deg: float
    hip_deg: float
    knee_deg: float
    trunk_to_floor_deg: float


@dataclass(frozen=True)
class MeasurementIn:
    """Angles measured from a photo or clip, in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    measured_at: datetime
    position: Literal["lying", "descent", "any"]
    side: Literal["left", "right"]
    angles: AnglesIn
    test_uid: str | None = None
    back_arched: bool | None = None


@dataclass(frozen=True)
class ScreenIn:
    """Tonight's screen in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    answered_at: datetime
    red_flags: tuple[RedFlagId, ...]
    pain: int
    session_uid: str | None = None


@dataclass(frozen=True)
class ClearanceIn:
    """A provider's clearance for a caution flag, in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    flag: Literal["pregnancy", "hip_or_spine_condition"]
    cleared_on: date
    by: str | None = None


@dataclass(frozen=True)
class ChoicesIn:
    """The person's choices, in an export file."""

    __pydantic_config__ = _NO_EXTRA

    #: When ball massage was turned on (after its safety questions), or None.
    massage_on_at: datetime | None = None
    #: The props owned (None: not said), and the ability answers given.
    props_owned: tuple[Prop, ...] | None = None
    abilities: dict[Ability, bool] | None = None


@dataclass(frozen=True)
class RoutineIn:
    """A routine of the person's own (or a physiotherapist's) in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    #: The routine itself, checked against the catalog when it is imported.
    routine: dict[str, Any]
    status: Literal["own", "offered", "accepted", "declined", "archived"] = "own"
    author: str | None = None
    starts_on: date | None = None
    chosen: bool = False


@dataclass(frozen=True)
class PsfsIn:
    """One answering of the Patient-Specific Functional Scale in an export file."""

    __pydantic_config__ = _NO_EXTRA

    uid: str
    taken_at: datetime
    #: [{"activity": str, "score": 0-10}], checked when it is imported.
    ratings: list[dict[str, Any]]


@dataclass(frozen=True)
class ExportFile:
    """A whole export file."""

    __pydantic_config__ = _NO_EXTRA

    format: Literal["psoas-export"]
    version: Literal[1]
    exported_at: datetime | None = None
    tests: tuple[SelfTestIn, ...] = ()
    sessions: tuple[SessionIn, ...] = ()
    pain_ratings: tuple[PainIn, ...] = ()
    measurements: tuple[MeasurementIn, ...] = ()
    screens: tuple[ScreenIn, ...] = ()
    clearances: tuple[ClearanceIn, ...] = ()
    choices: ChoicesIn | None = None
    routines: tuple[RoutineIn, ...] = ()
    psfs: tuple[PsfsIn, ...] = ()
    #: The facts the export told (psoas.core.facts): a summary for the reader, worked
    #: out again from the records after an import, never stored from the file.
    facts: dict[str, Any] | None = None


__all__ = [
    "AnglesIn",
    "ChoicesIn",
    "ClearanceIn",
    "ExportFile",
    "MeasurementIn",
    "PainIn",
    "PsfsIn",
    "RoutineIn",
    "ScreenIn",
    "SelfTestIn",
    "SessionIn",
    "StepIn",
]
