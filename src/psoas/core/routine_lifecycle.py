"""What may happen to a routine, and what each change makes of it: the person's own,
a coach's prescription offered until accepted, a coach's change waiting beside the
accepted version, choosing tonight's routine, deleting one.

Small named rules over a routine's state; the use case (psoas.usecases.routines)
applies what they say, and storage stores it. They are the app's own choices: a
person's plan changes only with their consent, and a coach touches only what they
wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from psoas.exceptions import BadInput, RoutineNotFound
from psoas.validation import name_key

#: Routines that may be tonight's plan.
RUNNABLE = ("own", "accepted")
Status = Literal["own", "offered", "accepted", "declined", "archived"]


@dataclass(frozen=True)
class RoutineState:
    """What the rules read of a stored routine."""

    name: str
    status: str
    #: The coach who wrote it (user id), or None when it is the person's own.
    author_id: int | None
    author_name: str | None
    #: True when a coach's change waits beside the accepted version.
    has_offer: bool = False


def same_name(one: str, other: str) -> bool:
    """True when two routine names are the same name (psoas.validation.name_key)."""
    return name_key(one) == name_key(other)


def status_of_new(author_id: int | None) -> Status:
    """A new routine is the person's own, or a coach's offered until accepted."""
    return "own" if author_id is None else "offered"


def check_may_change(state: RoutineState, author_id: int | None) -> None:
    """The person changes their own routines only, a coach only those they wrote (any
    other is simply not found), and a deleted routine not at all."""
    _check_coach(state, author_id)
    if state.status == "archived":
        raise BadInput(f"{state.name!r} was deleted; save it again under a new name")
    if author_id is None and state.author_name is not None:
        raise BadInput(
            f"{state.name!r} is from your physiotherapist {state.author_name}: save a copy "
            "under a new name to change it"
        )


@dataclass(frozen=True)
class Change:
    """Where a change lands: in place (``spec``), or beside an accepted version as an
    offer waiting for the person (``offer``), and the status after it."""

    lands: Literal["spec", "offer"]
    status: str


def change_of(state: RoutineState, author_id: int | None) -> Change:
    """A coach's change to a routine the person accepted waits for their answer (the
    accepted version keeps running); a coach's change to a declined one is offered
    again; every other change lands in place."""
    check_may_change(state, author_id)
    if author_id is not None and state.status == "accepted":
        return Change("offer", state.status)
    if author_id is not None and state.status == "declined":
        return Change("spec", "offered")
    return Change("spec", state.status)


def runs_on(status: str, starts_on: date | None, day: date) -> bool:
    """Whether a chosen routine is ``day``'s plan: one of the person's own or an accepted
    one, its start date (a coach may set one) reached. The app's own choice, because a
    routine offered for next week should not start tonight."""
    return status in RUNNABLE and (starts_on is None or starts_on <= day)


def check_may_run(state: RoutineState) -> None:
    """Only the person's own and accepted routines may be tonight's plan."""
    if state.status not in RUNNABLE:
        verb = "accept it first" if state.status == "offered" else "it cannot run"
        raise BadInput(f"{state.name!r} is {state.status}: {verb}")


@dataclass(frozen=True)
class Answer:
    """What answering an offer does: the status after it, whether the waiting change
    replaces the routine, and whether the routine becomes tonight's plan."""

    status: str
    take_offer: bool
    choose: bool


def answer_of(state: RoutineState, accept: bool) -> Answer:
    """Accepting an offered routine (or a waiting change) makes it tonight's plan;
    declining leaves the plan as it was. Something must be waiting."""
    if not (state.status == "offered" or state.has_offer):
        raise BadInput(f"{state.name!r} has nothing waiting for your answer")
    status = state.status
    if state.status == "offered":
        status = "accepted" if accept else "declined"
    return Answer(status, accept and state.has_offer, accept)


def check_may_withdraw(state: RoutineState, author_id: int | None) -> None:
    """A coach takes back only the routines they wrote."""
    _check_coach(state, author_id)


def _check_coach(state: RoutineState, author_id: int | None) -> None:
    """A coach (``author_id``) reaches only the routines they wrote; any other is simply
    not found."""
    if author_id is not None and state.author_id != author_id:
        raise RoutineNotFound("no such routine among the ones you wrote for this client")


__all__ = [
    "RUNNABLE",
    "Answer",
    "Change",
    "RoutineState",
    "Status",
    "answer_of",
    "change_of",
    "check_may_change",
    "check_may_run",
    "check_may_withdraw",
    "runs_on",
    "same_name",
    "status_of_new",
]
