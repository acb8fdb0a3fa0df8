"""Named read statements that run with or without SQLAlchemy (issue 18).

A :class:`Query` wraps a function that builds a SQLAlchemy statement. On a SQLAlchemy
connection or session the statement is built on first use and run as usual. On a
:class:`~psoas.store.fast_reads.FastReader` the statement's SQL, compiled once for
SQLite and kept in a snapshot (:mod:`psoas.store.compiled`), runs on :mod:`sqlite3`
directly, so the read commands never import SQLAlchemy: importing it takes longer
than everything else such a command does.

Builders take no arguments: every value that varies is a ``bindparam``, named in the
``params`` given to :func:`run`. This module imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psoas.store.database import Reader

#: Every query made by :func:`query`, by key: what the snapshot compiles.
QUERIES: dict[str, Query] = {}


class Query:
    """A statement built by ``build`` when first needed, known by a stable key."""

    __slots__ = ("_build", "_statement", "key")

    def __init__(self, build: Callable[[], Any], key: str | None = None) -> None:
        self._build = build
        self._statement: Any = None
        self.key = key or f"{build.__module__}.{build.__name__}"

    @property
    def statement(self) -> Any:
        """The SQLAlchemy statement (built, and SQLAlchemy imported, on first use)."""
        if self._statement is None:
            self._statement = self._build()
        return self._statement

    def __repr__(self) -> str:
        return f"Query({self.key!r})"


def query(build: Callable[[], Any], key: str | None = None) -> Query:
    """Register ``build`` (a function returning a statement) as a named query; usable
    as a decorator. Two queries may not share a key."""
    made = Query(build, key)
    if made.key in QUERIES:
        raise ValueError(f"two queries named {made.key}")
    QUERIES[made.key] = made
    return made


def run(db: Reader | Any, q: Query, params: Mapping[str, Any] | None = None) -> Any:
    """Run ``q`` on ``db`` and return its result: a SQLAlchemy ``Result``, or a
    :class:`~psoas.store.fast_reads.Result` (the same reading methods) on a fast reader."""
    from psoas.store.fast_reads import FastReader

    if isinstance(db, FastReader):
        return db.run(q, params or {})
    return db.execute(q.statement, dict(params or {}))


def scalar(db: Reader | Any, q: Query, params: Mapping[str, Any] | None = None) -> Any:
    """The first column of the first row of ``q``, or None when it has no rows."""
    return run(db, q, params).scalar()


__all__ = ["QUERIES", "Query", "query", "run", "scalar"]
