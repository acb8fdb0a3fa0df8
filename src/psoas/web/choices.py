"""What a person chooses and records in Settings, as plain functions for the API and
the pages: ball massage (after its questions), provider clearances, and the props
they own and what they can do."""

from __future__ import annotations

from datetime import date
from typing import Any

from psoas.exceptions import BadInput, NotFound, Refused
from psoas.store.safety_records import (
    clearances,
    equipment,
    massage_on_since,
    remove_clearance,
    set_clearance,
    set_equipment,
    set_massage,
)
from psoas.web.state import AppState


def massage_state(state: AppState, profile: int) -> dict[str, Any]:
    """Whether ball massage is on, and the questions asked before turning it on."""
    with state.db.session() as db:
        since = massage_on_since(db, profile)
    return {
        "on": since is not None,
        "since": since.isoformat(timespec="seconds") if since else None,
        "questions": [{"id": c.id, "question": c.question} for c in state.catalog.massage_checks],
    }


def set_massage_choice(state: AppState, profile: int, data: Any) -> dict[str, Any]:
    """Turn ball massage off, or on after every safety question is answered safely
    (raises :class:`Refused` naming the answers that keep it off)."""
    from psoas.core.safety import massage_refusals

    if not isinstance(data, dict) or not isinstance(data.get("on"), bool):
        raise BadInput("field 'on' must be true or false")
    if data["on"]:
        refused = massage_refusals(data.get("answers"), state.catalog)
        if refused:
            raise Refused("ball massage stays off, because of your answer to: " + " ".join(refused))
    with state.db.session() as db:
        set_massage(db, profile, data["on"])
    return massage_state(state, profile)


def props_state(state: AppState, profile: int) -> dict[str, Any]:
    """The props the person owns (None until said), what they can do, and the choices."""
    with state.db.session() as db:
        owned, abilities = equipment(db, profile)
    return {
        "props_owned": owned,
        "floor": abilities.get("floor"),
        "face_down": abilities.get("face_down"),
        "props": [
            {"id": p.id, "name": p.name, "stand_in": p.stand_in}
            for p in state.catalog.props
            if not p.household
        ],
    }


def set_props(state: AppState, profile: int, data: Any) -> dict[str, Any]:
    """Keep ``props_owned`` (a list of prop ids) and ``floor`` / ``face_down`` answers."""
    if not isinstance(data, dict):
        raise BadInput("expected a JSON object with props_owned, floor and face_down")
    unknown = sorted(set(data) - {"props_owned", "floor", "face_down"})
    if unknown:
        raise BadInput(f"unknown field {unknown[0]!r}")
    props = data.get("props_owned")
    askable = {p.id for p in state.catalog.props if not p.household}
    if props is not None:
        if not isinstance(props, list) or not all(isinstance(x, str) for x in props):
            raise BadInput("field 'props_owned' must be a list of prop ids")
        wrong = sorted(set(props) - askable)
        if wrong:
            raise BadInput(f"field 'props_owned': unknown prop {wrong[0]!r}")
    said = {}
    for key in ("floor", "face_down"):
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            raise BadInput(f"field {key!r} must be true, false or null")
        if value is not None:
            said[key] = value
    with state.db.session() as db:
        set_equipment(db, profile, props, said)
    return props_state(state, profile)


def clearance_list(state: AppState, profile: int) -> list[dict[str, Any]]:
    """The person's provider clearances."""
    with state.db.session() as db:
        return [c.to_data() for c in clearances(db, profile)]


def add_clearance(state: AppState, profile: int, data: Any) -> list[dict[str, Any]]:
    """Record a clearance: ``flag`` (a caution flag), ``cleared_on`` (a past date), ``by``."""
    from psoas.core.safety import clearable

    if not isinstance(data, dict):
        raise BadInput("a clearance must be a JSON object with flag and cleared_on")
    flag = clearable(str(data.get("flag")), state.catalog)
    try:
        day = date.fromisoformat(str(data.get("cleared_on")))
    except ValueError:
        raise BadInput("field 'cleared_on' must be a date like 2026-11-20") from None
    if day > date.today():
        raise BadInput("field 'cleared_on' is in the future")
    by = data.get("by")
    if by is not None and not isinstance(by, str):
        raise BadInput("field 'by' must be text of at most 100 characters")
    with state.db.session() as db:
        set_clearance(db, profile, flag.id, day, by)
    return clearance_list(state, profile)


def drop_clearance(state: AppState, profile: int, flag_id: str) -> list[dict[str, Any]]:
    """Take a clearance back (404 when there is none)."""
    with state.db.session() as db:
        if not remove_clearance(db, profile, flag_id):
            raise NotFound(f"no clearance for {flag_id!r}")
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
