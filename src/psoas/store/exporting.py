"""Everything stored for a person as one JSON-ready object (the export's content).

One named query per table (:mod:`psoas.store.query`; a session's steps are read with
all the others, not one query per session), so ``psoas export`` on SQLite starts
without SQLAlchemy. :mod:`psoas.store.transfer` reads such an object back in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from psoas.store.query import query, run

if TYPE_CHECKING:
    from psoas.store.database import Reader

FORMAT = "psoas-export"
VERSION = 1


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


#: Each exported table and the order its rows are exported in.
_EXPORT_ORDER = {
    "sessions": ("id",),
    "plans": ("id",),
    "self_tests": ("taken_at", "id"),
    "pain_ratings": ("rated_at",),
    "measurements": ("measured_at", "id"),
    "nightly_screens": ("answered_at", "id"),
    "clearances": ("cleared_on", "id"),
    "routines": ("created_at", "id"),
    "psfs_responses": ("taken_at", "id"),
}


def _owned_statement(name: str) -> Any:
    """Every row of the table ``name`` that belongs to a profile, in export order."""
    from sqlalchemy import bindparam, select

    from psoas.store import tables

    table = getattr(tables, name)
    return (
        select(table)
        .where(table.c.profile_id == bindparam("profile"))
        .order_by(*(table.c[column] for column in _EXPORT_ORDER[name]))
    )


_OWNED = {
    name: query(partial(_owned_statement, name), key=f"{__name__}.owned_{name}")
    for name in _EXPORT_ORDER
}


def _owned(db: Reader, name: str, profile: int) -> list[Any]:
    """Every row of the table ``name`` that belongs to ``profile``, in export order."""
    return list(run(db, _OWNED[name], {"profile": profile}))


@query
def _steps() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import sessions, step_logs

    return (
        select(step_logs)
        .join(sessions, sessions.c.id == step_logs.c.session_id)
        .where(sessions.c.profile_id == bindparam("profile"))
        .order_by(step_logs.c.session_id, step_logs.c.step_index)
    )


@query
def _owner() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import profiles

    return select(profiles).where(profiles.c.id == bindparam("profile"))


def _steps_by_session(db: Reader, profile: int) -> dict[int, list[dict[str, Any]]]:
    """Each session's written steps, in order, as exported."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for step in run(db, _steps, {"profile": profile}):
        found[step.session_id].append(
            {
                "index": step.step_index,
                "practice_id": step.practice_id,
                "side": step.side,
                "role": step.role,
                "status": step.status,
                "planned_seconds": step.planned_seconds,
                "seconds_held": step.seconds_held,
                "ended_at": _time(step.ended_at),
            }
        )
    return found


def export_data(db: Reader, profile: int) -> dict[str, Any]:
    """Everything stored for ``profile`` as one JSON-ready object."""
    done = _owned(db, "sessions", profile)
    uids = {s.id: s.uid for s in done}
    plan_data = {p.id: p.data for p in _owned(db, "plans", profile)}
    steps = _steps_by_session(db, profile)
    tests = _owned(db, "self_tests", profile)
    test_uids = {t.id: t.uid for t in tests}
    owner = run(db, _owner, {"profile": profile}).one()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "tests": [
            {
                "uid": t.uid,
                "taken_at": _time(t.taken_at),
                "phase": t.phase,
                "source": t.source,
                "session_uid": uids.get(t.session_id) if t.session_id else None,
                "answers": t.answers,
                "findings": t.findings,
            }
            for t in tests
        ],
        "sessions": [
            {
                "uid": s.uid,
                "routine": s.routine,
                "started_at": _time(s.started_at),
                "ended_at": _time(s.ended_at),
                "status": s.status,
                "discomfort": s.discomfort,
                "flag": s.flag,
                "plan": plan_data.get(s.plan_id) if s.plan_id else None,
                "steps": steps.get(s.id, []),
            }
            for s in done
        ],
        "pain_ratings": [
            {
                "uid": r.uid,
                "rated_at": _time(r.rated_at),
                "value": r.value,
                "context": r.context,
                "session_uid": uids.get(r.session_id) if r.session_id else None,
            }
            for r in _owned(db, "pain_ratings", profile)
        ],
        "measurements": [
            {
                "uid": m.uid,
                "measured_at": _time(m.measured_at),
                "position": m.position,
                "side": m.side,
                "angles": m.angles,
                "back_arched": m.back_arched,
                "test_uid": test_uids.get(m.test_id) if m.test_id else None,
            }
            for m in _owned(db, "measurements", profile)
        ],
        "screens": [
            {
                "uid": n.uid,
                "answered_at": _time(n.answered_at),
                "red_flags": list(n.red_flags),
                "pain": n.pain,
                "session_uid": uids.get(n.session_id) if n.session_id else None,
            }
            for n in _owned(db, "nightly_screens", profile)
        ],
        "clearances": [
            {
                "uid": c.uid,
                "flag": c.flag_id,
                "cleared_on": c.cleared_on.isoformat(),
                "by": c.cleared_by,
            }
            for c in _owned(db, "clearances", profile)
        ],
        "routines": [
            {
                "uid": r.uid,
                "routine": r.spec,
                "status": r.status,
                "author": r.author_name,
                "starts_on": r.starts_on.isoformat() if r.starts_on else None,
                "chosen": r.id == owner.routine_id,
            }
            for r in _owned(db, "routines", profile)
        ],
        "psfs": [
            {"uid": r.uid, "taken_at": _time(r.taken_at), "ratings": r.ratings}
            for r in _owned(db, "psfs_responses", profile)
        ],
        "choices": {
            "massage_on_at": _time(owner.massage_on_at),
            "props_owned": owner.props_owned,
            "abilities": owner.abilities,
        },
    }


def export_json(data: dict[str, Any]) -> str:
    """The export as JSON text with one record per line: easy to read and to compare, and
    written by the C encoder (indenting every field takes the slow pure-Python one, six
    times longer for a year of data)."""
    parts = []
    for key, value in data.items():
        name = json.dumps(key)
        if isinstance(value, list) and value:
            records = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f"  {name}: [\n    {records}\n  ]")
        else:
            parts.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


__all__ = ["FORMAT", "VERSION", "export_data", "export_json"]
