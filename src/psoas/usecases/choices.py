"""What a person chooses and records (``psoas props|massage|clearance``, Settings,
``/api/props|massage|clearances``): the props they own and what they can do, ball
massage after its safety questions, and provider clearances."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from psoas.catalog.model import Catalog
from psoas.catalog.vocabulary import ABILITIES, ABILITY_QUESTIONS
from psoas.core.safety import Clearance, clearable, massage_refusals
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

if TYPE_CHECKING:
    from psoas.store.database import Reader


def props_state(db: Reader, profile: int, catalog: Catalog) -> dict[str, Any]:
    """The props the person owns (None until said), each ability's answer (None until
    said) with its question, and the props one may own."""
    owned, abilities = equipment(db, profile)
    return {
        "props_owned": owned,
        **{key: abilities.get(key) for key in ABILITIES},
        "abilities": [
            {"id": key, "question": ABILITY_QUESTIONS[key], "can": abilities.get(key)}
            for key in ABILITIES
        ],
        "props": [
            {"id": p.id, "name": p.name, "stand_in": p.stand_in}
            for p in catalog.props
            if not p.household
        ],
    }


def set_props(db: Reader, profile: int, catalog: Catalog, data: Any) -> None:
    """Keep ``props_owned`` (prop ids; None: as they were) and any ability answers
    (``floor``, ``face_down``, ``kneel``: true, false, or null for not saying)."""
    fields = ("props_owned", *ABILITIES)
    if not isinstance(data, dict):
        raise BadInput(f"expected a JSON object with {', '.join(fields)}")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise BadInput(f"unknown field {unknown[0]!r}")
    props = data.get("props_owned")
    askable = {p.id for p in catalog.props if not p.household}
    if props is not None:
        if not isinstance(props, list) or not all(isinstance(x, str) for x in props):
            raise BadInput("field 'props_owned' must be a list of prop ids")
        wrong = sorted(set(props) - askable)
        if wrong:
            raise BadInput(f"field 'props_owned': unknown prop {wrong[0]!r}")
    said: dict[str, bool] = {}
    for key in ABILITIES:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            raise BadInput(f"field {key!r} must be true, false or null")
        if value is not None:
            said[key] = value
    set_equipment(db, profile, props, said)


def massage_state(db: Reader, profile: int, catalog: Catalog) -> dict[str, Any]:
    """Whether ball massage is on (since when), and the questions asked before it is."""
    since = massage_on_since(db, profile)
    return {
        "on": since is not None,
        "since": since.isoformat(timespec="seconds") if since else None,
        "questions": [{"id": c.id, "question": c.question} for c in catalog.massage_checks],
    }


def set_massage_choice(
    db: Reader, profile: int, catalog: Catalog, on: Any, answers: Any = None
) -> None:
    """Turn ball massage off, or on once every safety question is answered the safe way
    (001: only when the pain is not from the hip joint or the spine); Refused names the
    answers that keep it off."""
    if not isinstance(on, bool):
        raise BadInput("field 'on' must be true or false")
    if on:
        refused = massage_refusals(answers, catalog)
        if refused:
            raise Refused("ball massage stays off, because of your answer to: " + " ".join(refused))
    set_massage(db, profile, on)


def clearance_list(db: Reader, profile: int) -> list[Clearance]:
    """The person's provider clearances, oldest first."""
    return clearances(db, profile)


def add_clearance(
    db: Reader, profile: int, catalog: Catalog, flag_id: str, day: date, by: Any = None
) -> str:
    """Record that a provider cleared the person for a caution flag on ``day`` (not in
    the future); the flag's id."""
    flag = clearable(flag_id, catalog)
    if day > date.today():
        raise BadInput("field 'cleared_on' is in the future")
    if by is not None and not isinstance(by, str):
        raise BadInput("field 'by' must be text of at most 100 characters")
    set_clearance(db, profile, flag.id, day, by)
    return flag.id


def drop_clearance(db: Reader, profile: int, catalog: Catalog, flag_id: str) -> None:
    """Take a clearance back; NotFound when there is none."""
    flag = clearable(flag_id, catalog)
    if not remove_clearance(db, profile, flag.id):
        raise NotFound(f"there is no clearance for {flag.id} to take back")


__all__ = [
    "add_clearance",
    "clearance_list",
    "drop_clearance",
    "massage_state",
    "props_state",
    "set_massage_choice",
    "set_props",
]
