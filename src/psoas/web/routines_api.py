"""Routines of one's own, and those a coach writes for a client, under ``/api``.

The person composes, changes, chooses, accepts or declines and deletes their routines;
a coach the person invited writes and changes routines *for* them (offered until the
person accepts) and sees only the routines they wrote. Every change is kept.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, Field

from psoas.exceptions import BadInput
from psoas.usecases import routines
from psoas.web.api import ERRORS, ok
from psoas.web.auth import app_state, client_profile, current_viewer
from psoas.web.state import AppState, Viewer

router = APIRouter(prefix="/api", responses=ERRORS)
State = Annotated[AppState, Depends(app_state)]
Who = Annotated[Viewer, Depends(current_viewer)]
RoutineBody = Annotated[dict[str, Any], Body(description="A routine, as GET gives it")]


class Chosen(BaseModel):
    """The routine to make tonight's plan (its id or name); null: the app's routines."""

    routine: str | None = Field(default=None, max_length=100)


class Prescription(BaseModel):
    """A routine a coach writes for a client, and the first day it is meant for."""

    routine: dict[str, Any]
    starts_on: date | None = None


def routines_of(state: AppState, profile: int) -> list[dict[str, Any]]:
    """The person's routines as JSON-ready records (for the API and the pages)."""
    with state.db.connect() as db:
        return [record.to_data() for record in routines.listed(db, profile)]


def _detail(state: AppState, profile: int, key: str) -> dict[str, Any]:
    with state.db.connect() as db:
        return routines.detail(db, profile, key)


def _save(
    state: AppState,
    profile: int,
    data: Any,
    key: str | None = None,
    author: tuple[int, str] | None = None,
    starts_on: date | None = None,
) -> dict[str, Any]:
    from psoas.core.own_routines import parse_routine

    routine = parse_routine(data, state.catalog)
    with state.db.session() as db:
        made = routines.save(db, profile, routine, key=key, author=author, starts_on=starts_on)
    return _detail(state, profile, made)


@router.get("/routines", tags=["routines"])
def list_routines(state: State, who: Who) -> Any:
    """Your routines (newest change first); ``chosen`` marks tonight's plan."""
    return ok(routines_of(state, who.profile_id))


@router.post("/routines", tags=["routines"], status_code=201)
def new_routine(body: RoutineBody, state: State, who: Who) -> Any:
    """Save a routine of your own: ``name``, ``items`` (each ``practice`` with optional
    ``hold_s``, ``sets``, ``reps``, ``side`` and ``note``), ``with_tests`` and ``note``."""
    return ok(_save(state, who.profile_id, body), 201)


@router.put("/routines/chosen", tags=["routines"])
def choose(body: Chosen, state: State, who: Who) -> Any:
    """Make one of your routines tonight's plan, or (null) go back to the app's."""
    with state.db.session() as db:
        chosen = routines.choose(db, who.profile_id, body.routine)
    return ok({"chosen": chosen.uid if chosen else None})


@router.get("/routines/{key}", tags=["routines"])
def get_routine(key: str, state: State, who: Who) -> Any:
    """One routine (by id or name), with every change made to it."""
    return ok(_detail(state, who.profile_id, key))


@router.put("/routines/{key}", tags=["routines"])
def change_routine(key: str, body: RoutineBody, state: State, who: Who) -> Any:
    """Change a routine of your own (a physiotherapist's: save a copy instead)."""
    return ok(_save(state, who.profile_id, body, key))


@router.delete("/routines/{key}", tags=["routines"])
def delete_routine(key: str, state: State, who: Who) -> Any:
    """Take a routine off your list; its changes are kept."""
    with state.db.session() as db:
        return ok({"deleted": routines.archive(db, who.profile_id, key)})


@router.post("/routines/{key}/accept", tags=["routines"])
def accept(key: str, state: State, who: Who) -> Any:
    """Accept a routine (or a change to one) your physiotherapist wrote: it becomes
    tonight's plan."""
    with state.db.session() as db:
        return ok(routines.answer(db, who.profile_id, key, True).to_data())


@router.post("/routines/{key}/decline", tags=["routines"])
def decline(key: str, state: State, who: Who) -> Any:
    """Decline a routine (or a change to one) your physiotherapist wrote."""
    with state.db.session() as db:
        return ok(routines.answer(db, who.profile_id, key, False).to_data())


def _author(who: Viewer) -> tuple[int, str]:
    if who.user_id is None or who.username is None:  # only accounts have clients
        raise BadInput("coaching needs an account")
    return who.user_id, who.username


def written_by(state: AppState, profile: int, user_id: int | None) -> list[dict[str, Any]]:
    """The routines one coach wrote for a client (not deleted), each with its changes."""
    with state.db.connect() as db:
        return routines.prescribed_by(db, profile, user_id)


@router.get("/clients/{username}/routines", tags=["coach"])
def client_routines(username: str, state: State, who: Who) -> Any:
    """The routines you wrote for a client who invited you (only yours), with changes."""
    return ok(written_by(state, client_profile(state, who, username), who.user_id))


@router.post("/clients/{username}/routines", tags=["coach"], status_code=201)
def prescribe(username: str, body: Prescription, state: State, who: Who) -> Any:
    """Write a routine for a client who invited you: offered until they accept it."""
    profile = client_profile(state, who, username)
    made = _save(state, profile, body.routine, None, _author(who), body.starts_on)
    return ok(made, 201)


@router.put("/clients/{username}/routines/{key}", tags=["coach"])
def adjust(username: str, key: str, body: Prescription, state: State, who: Who) -> Any:
    """Change a routine you wrote for a client; once accepted, the change waits for them."""
    profile = client_profile(state, who, username)
    return ok(_save(state, profile, body.routine, key, _author(who), body.starts_on))


@router.delete("/clients/{username}/routines/{key}", tags=["coach"])
def withdraw(username: str, key: str, state: State, who: Who) -> Any:
    """Take back a routine you wrote for a client."""
    profile = client_profile(state, who, username)
    with state.db.session() as db:
        return ok({"deleted": routines.archive(db, profile, key, _author(who))})


__all__ = ["router", "routines_of", "written_by"]
