"""Coach links in storage: who invited whom. The rules of access are in
:mod:`psoas.usecases.coaching`; these functions read and write rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.store.models import CoachLink, User


def user_id_of(db: Session, username: str) -> int | None:
    """The id of the user with this name, or None."""
    found = db.scalar(select(User.id).where(User.username == username))
    return None if found is None else int(found)


def link_of(db: Session, client_profile: int, coach_user: int | None) -> CoachLink | None:
    """The link from a client's profile to a coach, or None."""
    return db.scalar(
        select(CoachLink).where(
            CoachLink.client_profile_id == client_profile,
            CoachLink.coach_user_id == coach_user,
        )
    )


def add_link(db: Session, client_profile: int, coach_user: int) -> None:
    """Link a client's profile to a coach."""
    db.add(CoachLink(client_profile_id=client_profile, coach_user_id=coach_user))


def drop_link(db: Session, link: CoachLink) -> None:
    """Remove a link."""
    db.delete(link)


def coach_names(db: Session, client_profile: int) -> list[str]:
    """The usernames of the coaches a client invited, in order."""
    rows = db.scalars(
        select(User.username)
        .join(CoachLink, CoachLink.coach_user_id == User.id)
        .where(CoachLink.client_profile_id == client_profile)
        .order_by(User.username)
    )
    return list(rows)


def clients(db: Session, coach_user: int) -> list[tuple[str, int]]:
    """(username, profile id) of every client who invited this coach, in order."""
    rows = db.execute(
        select(User.username, CoachLink.client_profile_id)
        .join(User, User.profile_id == CoachLink.client_profile_id)
        .where(CoachLink.coach_user_id == coach_user)
        .order_by(User.username)
    )
    return [(name, pid) for name, pid in rows]


__all__ = ["add_link", "clients", "coach_names", "drop_link", "link_of", "user_id_of"]
