"""The PSFS for every shell (``psoas psfs``, the Progress page, ``/api/psfs``, the
coach's pages): its record, the change, whether it is due, and answering it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from psoas.core.psfs import ActivityRating, PsfsResponse, psfs_summary, replaces_last
from psoas.store.psfs_records import add_psfs, psfs_of, replace_psfs

if TYPE_CHECKING:
    from psoas.store.database import Reader


def psfs_state(db: Reader, profile: int, today: date | None = None) -> dict[str, Any]:
    """Every answering that counts, the change, and whether (or when) it is due."""
    return psfs_summary(psfs_of(db, profile), today or date.today())


def answer_psfs(
    db: Reader, profile: int, ratings: tuple[ActivityRating, ...], now: datetime | None = None
) -> tuple[PsfsResponse, bool]:
    """Store an answering, in place of the last one when that was less than a day ago
    (psoas.core.psfs.replaces_last); the stored answering and whether it replaced one."""
    when = now or datetime.now(UTC)
    last = replaces_last(psfs_of(db, profile), when)
    if last is not None and last.uid is not None:
        return replace_psfs(db, profile, last.uid, ratings, when), True
    return add_psfs(db, profile, ratings, taken_at=when), False


__all__ = ["answer_psfs", "psfs_state"]
