"""Outcome measures under ``/api``: the Patient-Specific Functional Scale (PSFS)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from psoas.web.api import ERRORS, ok
from psoas.web.auth import app_state, client_profile, current_viewer
from psoas.web.state import AppState, Viewer

router = APIRouter(prefix="/api", responses=ERRORS, tags=["outcomes"])
State = Annotated[AppState, Depends(app_state)]
Who = Annotated[Viewer, Depends(current_viewer)]
Ratings = Annotated[
    list[Any],
    Body(description='Up to three activities, each {"activity": str, "score": 0-10}'),
]


def psfs_state(state: AppState, profile: int) -> dict[str, Any]:
    """Every answering, the change, and whether it is due (for the API and the pages)."""
    from psoas.core.psfs import psfs_summary
    from psoas.store.psfs_records import psfs_of

    with state.db.connect() as db:
        return psfs_summary(psfs_of(db, profile), date.today())


@router.get("/psfs")
def psfs(state: State, who: Who) -> Any:
    """Your PSFS answerings, the change from the first (with the smallest change that
    matters, 2 points), and when it is next due."""
    return ok(psfs_state(state, who.profile_id))


@router.post("/psfs", status_code=201)
def answer_psfs(body: Ratings, state: State, who: Who) -> Any:
    """Answer the PSFS now: each activity you find hard, rated 0 (cannot do it) to 10
    (as well as before the problem)."""
    from psoas.core.psfs import parse_ratings
    from psoas.store.psfs_records import add_psfs

    ratings = parse_ratings(body)
    with state.db.connect() as db:
        stored = add_psfs(db, who.profile_id, ratings)
    return ok(stored.to_data(), 201)


@router.get("/clients/{username}/psfs", tags=["coach"])
def client_psfs(username: str, state: State, who: Who) -> Any:
    """A client's PSFS (only for a coach they invited)."""
    return ok(psfs_state(state, client_profile(state, who, username)))


__all__ = ["psfs_state", "router"]
