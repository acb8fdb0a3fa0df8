"""The pauses between holds: the get-ready lead-in, the side switch, the rest between
sets. The session engine, the web player and every stated total use these same rules,
so a plan says how long it really runs.

The lengths are the app's own choice, because someone lying down needs a few seconds to
get into position (longer at the start and after a test, when they are getting up or
down) and to roll over for the other side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

FIRST_LEAD_IN_S = 10.0
LEAD_IN_S = 5.0
SWITCH_S = 5.0


class Timed(Protocol):
    """What the rules read from a plan step."""

    @property
    def id(self) -> str: ...
    @property
    def side(self) -> str | None: ...
    @property
    def role(self) -> str: ...
    @property
    def rest_before_s(self) -> int | None: ...


@dataclass(frozen=True)
class Pauses:
    """The three lengths, in seconds (tests may shorten them)."""

    first_lead_in_s: float = FIRST_LEAD_IN_S
    lead_in_s: float = LEAD_IN_S
    switch_s: float = SWITCH_S


def is_switch(previous: Timed | None, step: Timed) -> bool:
    """The same practice again on the other side."""
    return (
        previous is not None
        and previous.id == step.id
        and previous.side is not None
        and step.side is not None
        and previous.side != step.side
    )


def pause_before(
    previous: Timed | None, step: Timed, first: bool = False, pauses: Pauses = Pauses()
) -> tuple[str, float]:
    """The pause before ``step``'s hold and its kind: ``"rest"`` between sets,
    ``"switch"`` between sides, else ``"lead_in"`` (longer at the start and after a
    test). Tests and re-tests are answered at the person's pace: no pause."""
    if step.role in ("test", "retest"):
        return ("none", 0.0)
    if step.rest_before_s:
        return ("rest", float(step.rest_before_s))
    if is_switch(previous, step):
        return ("switch", pauses.switch_s)
    settling = first or previous is None or previous.role in ("test", "retest")
    return ("lead_in", pauses.first_lead_in_s if settling else pauses.lead_in_s)


def pauses_total(steps: Sequence[Timed], pauses: Pauses = Pauses()) -> int:
    """All the pauses of a plan run in order, in whole seconds."""
    total = 0.0
    previous: Timed | None = None
    for i, step in enumerate(steps):
        total += pause_before(previous, step, first=i == 0, pauses=pauses)[1]
        previous = step
    return round(total)


__all__ = [
    "FIRST_LEAD_IN_S",
    "LEAD_IN_S",
    "SWITCH_S",
    "Pauses",
    "Timed",
    "is_switch",
    "pause_before",
    "pauses_total",
]
