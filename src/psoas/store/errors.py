"""Database trouble in one line: what went wrong and what to do, for every way in.

Shared by the SQLAlchemy path (:mod:`psoas.store.database`) and the fast SQLite
reads (:mod:`psoas.store.fast_reads`), so a locked or damaged file reads the same
whichever opened it. Imports nothing heavy.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from psoas.exceptions import PsoasError

#: The newest migration; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0010"


class DatabaseError(PsoasError):
    """The database cannot be opened or used (locked, damaged, unreachable); exit code 2."""

    exit_code = 2


def damaged_message(where: str, detail: str) -> str:
    """What to do about a damaged database file, in one line."""
    return (
        f"the database {where} is damaged ({detail}); it was left untouched. Move it "
        "aside, then `psoas import` your latest export into a new one (or restore a backup)"
    )


def explain(where: str, detail: str, sqlite_file: Path | None) -> str:
    """One line for a driver error's first line ``detail`` on the database ``where``
    (its SQLite file, if it is one, lets a full or read-only folder be told apart)."""
    lowered = detail.lower()
    if "locked" in lowered or "busy" in lowered:
        return (
            f"the database {where} is locked by another psoas (or another program); "
            "try again when it has finished"
        )
    if "not a database" in lowered or "malformed" in lowered or "file is encrypted" in lowered:
        return damaged_message(where, detail)
    trouble = _STORAGE_WORDS.search(lowered) and sqlite_file is not None
    storage = storage_trouble(sqlite_file.parent) if trouble and sqlite_file else None
    if storage == "full":
        return (
            f"the disk holding the database {where} is full; nothing was written. "
            "Free some space and try again"
        )
    if storage == "read-only":
        return (
            f"the database {where} is on a read-only disk or folder; psoas needs to write "
            "beside it. Point PSOAS_HOME (or PSOAS_DATABASE_URL) at a writable place"
        )
    return f"database {where}: {detail}"


_STORAGE_WORDS = re.compile(r"disk i/o|disk is full|unable to open|readonly|read-only")
#: Below this much free space SQLite cannot add a page and its journal: a full disk.
FULL_BELOW_BYTES = 256 * 1024


def storage_trouble(folder: Path) -> str | None:
    """Whether the SQLite file's folder is "full" or "read-only"; None when neither.

    SQLite reports both as a bare "disk I/O error" or "unable to open database file"
    when it cannot create its journal files, so the folder itself is asked.
    """
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY or not os.access(folder, os.W_OK):
        return "read-only"
    if stats.f_bavail * stats.f_frsize < FULL_BELOW_BYTES:
        return "full"
    return None


__all__ = [
    "FULL_BELOW_BYTES",
    "HEAD_REVISION",
    "DatabaseError",
    "damaged_message",
    "explain",
    "storage_trouble",
]
