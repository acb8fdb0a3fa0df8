"""A person's coaches, and a coach's access to a client: invited by the person, ended
by them at any time, and checked here, once, for every coach's page and API route (a
client who did not invite the coach is simply not found)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from psoas.exceptions import BadInput, NotFound
from psoas.store import coach_links

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def invite(db: Session, client_profile: int, client_user: int | None, coach: str) -> None:
    """Let the user ``coach`` read the client's plans and progress and write routines
    for them (once; inviting twice changes nothing)."""
    coach_id = coach_links.user_id_of(db, coach)
    if coach_id is None or coach_id == client_user:
        raise BadInput(f"no other user called {coach!r}")
    if coach_links.link_of(db, client_profile, coach_id) is None:
        coach_links.add_link(db, client_profile, coach_id)


def withdraw(db: Session, client_profile: int, coach: str) -> None:
    """End a coach's access at once (the routines they wrote stay the client's)."""
    coach_id = coach_links.user_id_of(db, coach)
    link = coach_links.link_of(db, client_profile, coach_id) if coach_id is not None else None
    if link is None:
        raise NotFound(f"{coach[:60]!r} is not one of your coaches")
    coach_links.drop_link(db, link)


def coaches(db: Session, client_profile: int) -> list[str]:
    """The coaches a person invited."""
    return coach_links.coach_names(db, client_profile)


def clients(db: Session, coach_user: int | None) -> list[tuple[str, int]]:
    """Every client who invited this coach: (username, profile id); none without an
    account."""
    return [] if coach_user is None else coach_links.clients(db, coach_user)


def client_profile(db: Session, coach_user: int | None, username: str) -> int:
    """The profile of a client who invited this coach; NotFound for anyone else."""
    for name, profile in clients(db, coach_user):
        if name == username:
            return profile
    raise NotFound("no such client")


__all__ = ["client_profile", "clients", "coaches", "invite", "withdraw"]
