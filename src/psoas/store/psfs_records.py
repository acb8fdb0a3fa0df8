"""The Patient-Specific Functional Scale in storage: each answering, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from psoas.core.psfs import ActivityRating, PsfsResponse
from psoas.store.query import query, run

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
    from sqlalchemy import insert

    from psoas.store.tables import new_uid, psfs_responses, utcnow

    when = taken_at or utcnow()
    made = uid or new_uid()
    db.execute(
        insert(psfs_responses).values(
            uid=made,
            profile_id=profile,
            taken_at=when,
            ratings=[r.to_data() for r in ratings],
        )
    )
    return PsfsResponse(when, ratings, made)


def replace_psfs(
    db: Reader, profile: int, uid: str, ratings: tuple[ActivityRating, ...], taken_at: datetime
) -> PsfsResponse:
    """Put ``ratings`` (answered at ``taken_at``) in place of the answering ``uid``."""
    from sqlalchemy import update

    from psoas.store.tables import psfs_responses as t

    db.execute(
        update(t)
        .where(t.c.profile_id == profile, t.c.uid == uid)
        .values(taken_at=taken_at, ratings=[r.to_data() for r in ratings])
    )
    return PsfsResponse(taken_at, ratings, uid)


@query
def _answerings() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import psfs_responses

    t = psfs_responses.c
    return (
        select(t.taken_at, t.ratings, t.uid)
        .where(t.profile_id == bindparam("profile"))
        .order_by(t.taken_at, t.id)
    )


def psfs_of(db: Reader, profile: int) -> list[PsfsResponse]:
    """Every answering, oldest first."""
    rows = run(db, _answerings, {"profile": profile})
    return [
        PsfsResponse(
            when, tuple(ActivityRating(r["activity"], int(r["score"])) for r in ratings), uid
        )
        for when, ratings, uid in rows
    ]


def psfs_uids(db: Reader) -> set[str]:
    """The uids already stored (an import skips them)."""
    from sqlalchemy import select

    from psoas.store.tables import psfs_responses

    return set(db.execute(select(psfs_responses.c.uid)).scalars())


__all__ = ["add_psfs", "psfs_of", "psfs_uids", "replace_psfs"]
