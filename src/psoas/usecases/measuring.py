"""Keeping a measuring from a photo or clip (``psoas measure --attach``, the wizard's
*Keep*): attached to the newest self-test, with whether that test found the low back
arched (psoas.core.photo_statement.back_arched: a whole hand under it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from psoas.core.photo_statement import back_arched
from psoas.store.reads import latest_test
from psoas.store.repository import add_measuring

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def keep_measuring(
    db: Session,
    profile: int,
    position: str,
    side: str,
    captures: Sequence[dict[str, float]],
) -> bool | None:
    """Store one measuring's captures; whether the low back was arched (None: no test)."""
    test = latest_test(db, profile)
    arched = None if test is None else back_arched(test.answers)
    add_measuring(
        db,
        profile,
        position=position,
        side=side,
        captures=captures,
        test_id=None if test is None else test.id,
        back_arched=arched,
    )
    return arched


__all__ = ["keep_measuring"]
