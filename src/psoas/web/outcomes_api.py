"""Outcome measures under ``/api``: the Patient-Specific Functional Scale (PSFS)."""

from __future__ import annotations

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
    from psoas.usecases.psfs import psfs_state as state_of

    with state.db.connect() as db:
        return state_of(db, profile)


@router.get("/psfs")
def psfs(state: State, who: Who) -> Any:
    """Your PSFS answerings, the change from the first (with the smallest change that
    matters, 2 points), and when it is next due."""
    return ok(psfs_state(state, who.profile_id))


@router.post("/psfs", status_code=201)
def answer_psfs(body: Ratings, state: State, who: Who) -> Any:
    """Answer the PSFS now: each activity you find hard, rated 0 (cannot do it) to 10
    (as well as before the problem). Answered again within a day, it replaces the
    last answering (``"replaced": true``) instead of making a change."""
    from psoas.core.psfs import parse_ratings
    from psoas.usecases.psfs import answer_psfs as answer

    ratings = parse_ratings(body)
    with state.db.session() as db:
        stored, replaced = answer(db, who.profile_id, ratings)
    return ok({**stored.to_data(), "replaced": replaced}, 201)


@router.get("/clients/{username}/psfs", tags=["coach"])
def client_psfs(username: str, state: State, who: Who) -> Any:
    """A client's PSFS (only for a coach they invited)."""
    return ok(psfs_state(state, client_profile(state, who, username)))


__all__ = ["psfs_state", "router"]
