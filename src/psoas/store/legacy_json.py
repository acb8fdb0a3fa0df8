"""The self-test JSON file of psoas 0.1, moved into the database on first use.

Before the database existed, ``psoas check`` appended every test to
``self-tests.json`` in the data folder. :func:`migrate_into` copies those tests
into the database (once: each gets a uid derived from its content, so a second
run adds nothing) and renames the file to ``self-tests.json.migrated``.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas.exceptions import BadInput, PsoasError

if TYPE_CHECKING:
    from psoas.store.database import Database

FILE_NAME = "self-tests.json"
MIGRATED_SUFFIX = ".migrated"
_NAMESPACE = uuid.UUID("5b0e3f4e-63a3-4c55-9a43-1d1bbad0b9a1")


def load_all(path: Path) -> list[dict[str, Any]]:
    """Every test in the old file, oldest first; raises BadInput when it is damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        tests = data["tests"]
        if not isinstance(tests, list) or not all(isinstance(t, dict) for t in tests):
            raise TypeError("'tests' is not a list of objects")
        for test in tests:
            datetime.fromisoformat(test["taken_at"])
            if not isinstance(test["answers"], dict) or not isinstance(test["findings"], dict):
                raise TypeError("a test lacks its answers or findings")
    except OSError as exc:
        raise PsoasError(f"cannot read {path}: {exc.strerror}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInput(
            f"{path} is damaged ({exc}); it was left untouched. Move it aside to start afresh."
        ) from None
    return tests


def migrate_into(db: Database, data_dir: Path) -> int:
    """Copy the old file's tests into ``db`` and rename the file; returns how many were added."""
    path = data_dir / FILE_NAME
    if not path.exists():
        return 0
    from sqlalchemy import select

    from psoas.store.repository import add_test, profile_id
    from psoas.store.tables import self_tests

    tests = load_all(path)
    added = 0
    with db.session() as session:
        profile = profile_id(session)
        for test in tests:
            key = json.dumps([test["taken_at"], test["answers"]], sort_keys=True)
            uid = str(uuid.uuid5(_NAMESPACE, key))
            if session.scalar(select(self_tests.c.id).where(self_tests.c.uid == uid)) is not None:
                continue
            add_test(
                session,
                profile,
                test["answers"],
                test["findings"],
                taken_at=datetime.fromisoformat(test["taken_at"]),
                source="file",
                uid=uid,
            )
            added += 1
    path.rename(path.with_name(FILE_NAME + MIGRATED_SUFFIX))
    return added


__all__ = ["FILE_NAME", "load_all", "migrate_into"]
