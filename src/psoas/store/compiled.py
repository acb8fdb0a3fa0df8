"""Compile every named query (:mod:`psoas.store.query`) to SQLite SQL, for the fast reads.

The snapshot this builds holds, for each query: its SQL with ``?`` placeholders, what
goes into each placeholder (a parameter's name, or the value written into the
statement) and how each value and each result column converts between Python and
SQLite, mirroring SQLAlchemy's own SQLite types. Building it imports SQLAlchemy and
every module with queries; :mod:`psoas.store.fast_reads` stores and runs it.

``python -m psoas.store.compiled`` builds it ahead of time (``make`` does).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from psoas.store.fast_reads import to_sqlite
from psoas.store.query import QUERIES, Query

#: The modules that define queries, all in :mod:`psoas.store`.
QUERY_MODULES = (
    "reads",
    "pain_reads",
    "nights",
    "safety_records",
    "tonight",
    "routine_records",
    "psfs_records",
    "exporting",
)


def compile_all() -> dict[str, dict[str, Any]]:
    """Every registered query, compiled for SQLite, by key."""
    from sqlalchemy.dialects import sqlite

    for name in QUERY_MODULES:
        importlib.import_module(f"psoas.store.{name}")
    dialect = sqlite.dialect()
    return {key: compile_query(q, dialect) for key, q in sorted(QUERIES.items())}


def compile_query(q: Query, dialect: Any) -> dict[str, Any]:
    """One query's SQL, its placeholders and its result columns' conversions."""
    statement = q.statement
    compiled = statement.compile(dialect=dialect)
    sql = compiled.string
    binds = []
    for name in compiled.positiontup:
        param = compiled.binds[name]
        if param in compiled.literal_execute_params:  # SQLAlchemy writes it into the SQL
            literal = param.type.literal_processor(dialect)(param.value)
            sql = sql.replace(f"__[POSTCOMPILE_{name}]", literal, 1)
            continue
        if not param.required and _unknown(param.type):
            # A value written into the statement of a type the fast reads do not convert
            # (a JSON path, say): kept as SQLAlchemy's own processor makes it for SQLite.
            process = param.type._cached_bind_processor(dialect)
            value = process(param.value) if process else param.value
            binds.append({"name": name, "as": None, "expanding": False, "value": value})
            continue
        kind = conversion(param.type, q.key)
        # A parameter given at run time by its key; a value written into the statement
        # by its place's name (its key holds a memory address, different every run).
        key = param.key if param.required else name
        bind: dict[str, Any] = {"name": key, "as": kind, "expanding": param.expanding}
        if param.expanding:
            bind["slot"] = name  # its placeholder in the SQL: __[POSTCOMPILE_<slot>]
        if not param.required:  # a value written into the statement itself
            value = param.value
            bind["value"] = (
                [to_sqlite(kind, v) for v in value] if param.expanding else to_sqlite(kind, value)
            )
        binds.append(bind)
    columns = [conversion(c.type, q.key) for c in statement.selected_columns]
    return {"sql": sql, "binds": binds, "columns": columns}


def conversion(sql_type: Any, key: str) -> str | None:
    """How a value of ``sql_type`` converts on SQLite: ``utc``, ``datetime``, ``date``,
    ``bool``, ``json`` or None (stored as it is). Raises TypeError for a type the fast
    reads do not know, so a new one is noticed when the snapshot is built."""
    from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String
    from sqlalchemy.types import NullType

    from psoas.store.tables import UTCDateTime

    kinds: list[tuple[type, str | None]] = [
        (UTCDateTime, "utc"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Boolean, "bool"),
        (JSON, "json"),
        ((Integer, String, Float, NullType), None),  # type: ignore[list-item]
    ]
    for types, kind in kinds:
        if isinstance(sql_type, types):
            return kind
    raise TypeError(f"query {key}: no fast-read conversion for {sql_type!r}")


def _unknown(sql_type: Any) -> bool:
    """True for a type :func:`conversion` does not know."""
    try:
        conversion(sql_type, "")
    except TypeError:
        return True
    return False


def keep_snapshot(cache_dir: Path | None = None) -> Path | None:
    """Compile every query and keep the snapshot in the first folder that takes it
    (beside the package, else ``cache_dir``); where, or None."""
    from psoas.store.fast_reads import save_snapshot, snapshot_dirs

    return save_snapshot(compile_all(), snapshot_dirs(cache_dir))


def main() -> int:
    """Build the snapshot into the first folder that takes it; say where."""
    where = keep_snapshot()
    print(
        f"fast reads: {len(QUERIES)} queries compiled into {where}"
        if where
        else "fast reads: no folder to keep the compiled queries in",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
