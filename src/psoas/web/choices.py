"""What a person chooses and records in Settings, for the API and the pages: each
function opens a unit of work and calls its use case (psoas.usecases.choices)."""

from __future__ import annotations

from datetime import date
from typing import Any

from psoas.exceptions import BadInput
from psoas.usecases import choices
from psoas.web.state import AppState


def massage_state(state: AppState, profile: int) -> dict[str, Any]:
    """Whether ball massage is on, and the questions asked before turning it on."""
    with state.db.session() as db:
        return choices.massage_state(db, profile, state.catalog)


def set_massage_choice(state: AppState, profile: int, data: Any) -> dict[str, Any]:
    """``{"on": false}``, or ``{"on": true, "answers": {...}}``."""
    if not isinstance(data, dict):
        raise BadInput("field 'on' must be true or false")
    with state.db.session() as db:
        choices.set_massage_choice(db, profile, state.catalog, data.get("on"), data.get("answers"))
    return massage_state(state, profile)


def props_state(state: AppState, profile: int) -> dict[str, Any]:
    """The props the person owns (None until said) and what they can do."""
    with state.db.session() as db:
        return choices.props_state(db, profile, state.catalog)


def set_props(state: AppState, profile: int, data: Any) -> dict[str, Any]:
    """Keep the props owned and the ability answers."""
    with state.db.session() as db:
        choices.set_props(db, profile, state.catalog, data)
    return props_state(state, profile)


def clearance_list(state: AppState, profile: int) -> list[dict[str, Any]]:
    """The person's provider clearances."""
    with state.db.session() as db:
        return [c.to_data() for c in choices.clearance_list(db, profile)]


def add_clearance(state: AppState, profile: int, data: Any) -> list[dict[str, Any]]:
    """Record a clearance: ``flag`` (a caution flag), ``cleared_on`` (a past date), ``by``."""
    if not isinstance(data, dict):
        raise BadInput("a clearance must be a JSON object with flag and cleared_on")
    try:
        day = date.fromisoformat(str(data.get("cleared_on")))
    except ValueError:
        raise BadInput("field 'cleared_on' must be a date like 2026-11-20") from None
    with state.db.session() as db:
        choices.add_clearance(
            db, profile, state.catalog, str(data.get("flag")), day, data.get("by")
        )
    return clearance_list(state, profile)


def drop_clearance(state: AppState, profile: int, flag_id: str) -> list[dict[str, Any]]:
    """Take a clearance back (404 when there is none)."""
    with state.db.session() as db:
        choices.drop_clearance(db, profile, state.catalog, flag_id)
    return clearance_list(state, profile)


__all__ = [
    "add_clearance",
    "clearance_list",
    "drop_clearance",
    "massage_state",
    "props_state",
    "set_massage_choice",
    "set_props",
]
