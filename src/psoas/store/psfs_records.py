"""The Patient-Specific Functional Scale in storage: each answering, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from psoas.core.psfs import ActivityRating, PsfsResponse
from psoas.store.tables import new_uid, psfs_responses, utcnow

if TYPE_CHECKING:
    from psoas.store.database import Reader


def add_psfs(
    db: Reader,
    profile: int,
    ratings: tuple[ActivityRating, ...],
    *,
    taken_at: datetime | None = None,
    uid: str | None = None,
) -> PsfsResponse:
    """Store one answering (ratings checked by :func:`psoas.core.psfs.parse_ratings`)."""
    when = taken_at or utcnow()
    db.execute(
        insert(psfs_responses).values(
            uid=uid or new_uid(),
            profile_id=profile,
            taken_at=when,
            ratings=[r.to_data() for r in ratings],
        )
    )
    return PsfsResponse(when, ratings)


def psfs_of(db: Reader, profile: int) -> list[PsfsResponse]:
    """Every answering, oldest first."""
    t = psfs_responses.c
    rows = db.execute(
        select(t.taken_at, t.ratings).where(t.profile_id == profile).order_by(t.taken_at, t.id)
    )
    return [
        PsfsResponse(when, tuple(ActivityRating(r["activity"], int(r["score"])) for r in ratings))
        for when, ratings in rows
    ]


def psfs_uids(db: Reader) -> set[str]:
    """The uids already stored (an import skips them)."""
    return set(db.execute(select(psfs_responses.c.uid)).scalars())


__all__ = ["add_psfs", "psfs_of", "psfs_uids"]
