"""A routine a person composes from catalog practices, or their physiotherapist for them.

The person chooses the practices, their order, holds, sets and reps, a side, a note per
step and a name; :func:`psoas.core.own_plan.build_own_plan` turns it into tonight's plan
through the same safety rules as the app's own routines. Limits here are the app's own
choice, so a routine stays something a person can do on the floor in one evening.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from psoas.catalog.model import Catalog, Practice
from psoas.exceptions import BadInput, UnknownPractice
from psoas.validation import plain_text

#: The plan's ``routine`` for a routine of the person's own.
OWN = "own"
MAX_ITEMS = 30
MAX_HOLD_S = 60 * 60
#: The shortest hold the player times: a countdown shorter than this is over before
#: the person has settled.
MIN_HOLD_S = 5
MAX_SETS = 10
#: Twice a day at most.
MAX_PER_WEEK = 14
MAX_REPS = 50
NAME_CHARS = 60
NOTE_CHARS = 300
Sides = Literal["both", "left", "right"]


@dataclass(frozen=True)
class RoutineItem:
    """One practice of a routine, with its dose."""

    __pydantic_config__ = {"extra": "forbid"}  # noqa: RUF012 - pydantic reads it as is

    practice: str
    #: Seconds per hold (per side); None keeps the catalog's hold.
    hold_s: int | None = None
    #: Strength only: sets of ``reps``, each set held ``hold_s`` (or the catalog's hold).
    sets: int | None = None
    reps: int | None = None
    #: For a practice done on each side: both (the default), or one side only.
    side: Sides = "both"
    #: A few words shown with the step ("keep the knee soft").
    note: str | None = None

    def to_data(self) -> dict[str, Any]:
        """JSON-ready, without the fields left at their defaults."""
        data: dict[str, Any] = {"practice": self.practice}
        for name in ("hold_s", "sets", "reps", "note"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.side != "both":
            data["side"] = self.side
        return data


@dataclass(frozen=True)
class OwnRoutine:
    """A named list of practices; the self-test comes first and last unless left out."""

    __pydantic_config__ = {"extra": "forbid"}  # noqa: RUF012 - pydantic reads it as is

    name: str
    items: tuple[RoutineItem, ...]
    with_tests: bool = True
    note: str | None = None
    #: How many times a week it is meant to be done (a physiotherapist's prescription);
    #: None: every night, as the app's program is.
    per_week: int | None = None

    def to_data(self) -> dict[str, Any]:
        """The documented JSON form (what ``psoas routine save`` reads)."""
        data: dict[str, Any] = {
            "name": self.name,
            "with_tests": self.with_tests,
            "items": [item.to_data() for item in self.items],
        }
        if self.note:
            data["note"] = self.note
        if self.per_week is not None:
            data["per_week"] = self.per_week
        return data


def parse_routine(data: Any, catalog: Catalog) -> OwnRoutine:
    """A routine from JSON-like data, checked against the catalog; :class:`BadInput`
    naming the first problem otherwise."""
    from psoas.validation import validate_as

    routine = validate_as(OwnRoutine, data, "routine", BadInput)
    name = plain_text(routine.name, "routine name", NAME_CHARS)
    if name is None:
        raise BadInput("routine: give it a name")
    if not 1 <= len(routine.items) <= MAX_ITEMS:
        raise BadInput(f"routine: give it 1 to {MAX_ITEMS} practices")
    items = tuple(
        _checked(item, catalog, f"routine item {n}") for n, item in enumerate(routine.items, 1)
    )
    note = plain_text(routine.note, "routine note", NOTE_CHARS)
    if routine.per_week is not None and not 1 <= routine.per_week <= MAX_PER_WEEK:
        raise BadInput(f"routine: per_week must be 1 to {MAX_PER_WEEK}")
    return OwnRoutine(name, items, routine.with_tests, note, routine.per_week)


def stored_routine(data: dict[str, Any]) -> OwnRoutine:
    """A routine as psoas stored it (checked when it was saved), built without the
    validator, so planning from it starts fast."""
    items = tuple(
        RoutineItem(
            item["practice"],
            item.get("hold_s"),
            item.get("sets"),
            item.get("reps"),
            item.get("side", "both"),
            item.get("note"),
        )
        for item in data["items"]
    )
    return OwnRoutine(
        data["name"],
        items,
        bool(data.get("with_tests", True)),
        data.get("note"),
        data.get("per_week"),
    )


def _checked(item: RoutineItem, catalog: Catalog, where: str) -> RoutineItem:
    """The item if its practice exists and its dose fits the practice."""
    try:
        practice = catalog.require(item.practice)
    except UnknownPractice as exc:  # in a routine, a wrong id is bad input, not a lookup
        raise BadInput(f"{where}: {exc}") from None
    if practice.kind == "test":
        raise BadInput(f"{where}: the self-test is added first and last by itself (with_tests)")
    check_hold(practice, item.hold_s, where)
    if (item.sets is not None or item.reps is not None) and practice.dosed_in != "reps":
        raise BadInput(
            f"{where}: sets and reps are for strength practices done in repetitions; "
            f"{practice.name.lower()} is done for a time (give hold_s)"
        )
    if item.sets is not None and not 1 <= item.sets <= MAX_SETS:
        raise BadInput(f"{where}: sets must be 1 to {MAX_SETS}")
    if item.reps is not None and not 1 <= item.reps <= MAX_REPS:
        raise BadInput(f"{where}: reps must be 1 to {MAX_REPS}")
    if item.side != "both" and not practice.per_side:
        raise BadInput(f"{where}: {practice.name} is not done on one side at a time")
    note = plain_text(item.note, f"{where} note", NOTE_CHARS)
    return RoutineItem(item.practice, item.hold_s, item.sets, item.reps, item.side, note)


def check_hold(practice: Practice, hold_s: int | None, where: str) -> None:
    """A hold fits in an evening (at most an hour), and a release is held at least its
    minimum: a release needs its 5 minutes to work (articles 000 and 003), so a routine
    cannot ask for less."""
    if hold_s is None:
        return
    if not MIN_HOLD_S <= hold_s <= MAX_HOLD_S:
        raise BadInput(f"{where}: hold_s must be {MIN_HOLD_S} to {MAX_HOLD_S} seconds")
    if practice.kind == "release" and hold_s < practice.hold.min_s:
        raise BadInput(
            f"{where}: {practice.name} needs at least {practice.hold.min_s} s a hold "
            f"to work, not {hold_s}"
        )


__all__ = [
    "MAX_ITEMS",
    "OWN",
    "OwnRoutine",
    "RoutineItem",
    "check_hold",
    "parse_routine",
    "stored_routine",
]
