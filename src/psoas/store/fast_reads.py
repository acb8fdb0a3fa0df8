"""Read commands on SQLite without importing SQLAlchemy (issue 18).

Importing SQLAlchemy takes longer than everything else a read command does. When
the database is a SQLite file that needs nothing written (its schema is current,
its profile exists, no old self-test file waits to be moved in), the read commands
run their queries (:mod:`psoas.store.query`) from a snapshot of their compiled SQL
on :mod:`sqlite3` directly. The snapshot is keyed by a fingerprint of the code that
makes the queries and of SQLAlchemy's version, like the catalog's and Python's own
``.pyc`` files, and is rebuilt by the first command that finds it missing or stale.

Values convert the way SQLAlchemy's SQLite types do (UTC datetimes, dates,
booleans, JSON); a test runs every read both ways on the same data and compares.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from psoas.store.errors import HEAD_REVISION, DatabaseError, damaged_message, explain

if TYPE_CHECKING:
    from psoas.store.query import Query

#: Seconds SQLite waits for another writer before giving up (both ways in).
SQLITE_BUSY_TIMEOUT_S = 10
#: The snapshot goes beside the package first, like Python's own ``__pycache__``.
PACKAGE_SNAPSHOT_DIR = Path(__file__).parent / "__pycache__"
#: The profile the command line reads.
DEFAULT_PROFILE = "default"
_STORE = Path(__file__).parent
_OWN_FILES = ("query.py", "compiled.py", "fast_reads.py", "tables.py", "errors.py")
_EMPTY_SET = "SELECT 1 FROM (SELECT 1) WHERE 1!=1"  # what SQLAlchemy writes for IN ()


def fingerprint() -> str:
    """A hash of the code that makes and runs the queries, and of SQLAlchemy's version."""
    from psoas.store.compiled import QUERY_MODULES

    digest = hashlib.sha256()
    for name in (*_OWN_FILES, *(f"{m}.py" for m in QUERY_MODULES)):
        digest.update((_STORE / name).read_bytes())
    spec = find_spec("sqlalchemy")
    if spec and spec.origin:
        digest.update(Path(spec.origin).read_bytes())  # holds __version__
    return digest.hexdigest()[:16]


def snapshot_dirs(cache_dir: Path | None = None) -> Iterator[Path]:
    """Where the snapshot is looked for and kept: beside the package, then the cache."""
    yield PACKAGE_SNAPSHOT_DIR
    if cache_dir is not None:
        yield cache_dir


def load_snapshot(dirs: Iterable[Path]) -> dict[str, Any] | None:
    """The compiled queries of the current fingerprint, or None when no folder has them."""
    name = f"reads-{fingerprint()}.json"
    for folder in dirs:
        try:
            data: dict[str, Any] = json.loads((folder / name).read_bytes())
        except (OSError, ValueError):
            continue
        return data
    return None


def save_snapshot(queries: dict[str, Any], dirs: Iterable[Path]) -> Path | None:
    """Keep ``queries`` in the first folder that can be written (replacing the snapshots
    of older code there); where, or None."""
    name = f"reads-{fingerprint()}.json"
    body = json.dumps(queries, sort_keys=True).encode()
    for folder in dirs:
        target = folder / name
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(body)
            os.replace(temporary, target)
        except OSError:
            temporary.unlink(missing_ok=True)
            continue
        for stale in folder.glob("reads-*.json"):
            if stale != target:
                stale.unlink(missing_ok=True)
        return target
    return None


def to_sqlite(kind: str | None, value: Any) -> Any:
    """A Python value as SQLAlchemy stores it in SQLite (``kind`` from
    :func:`psoas.store.compiled.conversion`)."""
    if value is None or kind is None:
        return value
    if kind == "utc":
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return _stamp(value.astimezone(UTC))
    if kind == "datetime":
        return _stamp(value)
    if kind == "date":
        return value.isoformat()
    if kind == "bool":
        return int(bool(value))
    return json.dumps(value)  # json


def from_sqlite(kind: str | None, value: Any) -> Any:
    """A stored SQLite value as SQLAlchemy returns it."""
    if value is None or kind is None:
        return value
    if kind == "utc":
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bool":
        return bool(value)
    return json.loads(value)  # json


def _stamp(moment: datetime) -> str:
    m = moment
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d} "
        f"{m.hour:02d}:{m.minute:02d}:{m.second:02d}.{m.microsecond:06d}"
    )


class Row(tuple):  # type: ignore[type-arg]
    """A result row: a tuple whose columns are also attributes, like SQLAlchemy's."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None


class Result:
    """The rows of one query, read with SQLAlchemy's ``Result`` methods that psoas uses."""

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def all(self) -> list[Row]:
        """Every row."""
        return list(self._rows)

    def first(self) -> Row | None:
        """The first row, or None."""
        return self._rows[0] if self._rows else None

    def one(self) -> Row:
        """The only row; LookupError unless there is exactly one."""
        if len(self._rows) != 1:
            raise LookupError(f"expected one row, found {len(self._rows)}")
        return self._rows[0]

    def scalar(self) -> Any:
        """The first column of the first row, or None."""
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        """The first column of the only row."""
        return self.one()[0]

    def scalars(self) -> Scalars:
        """The first column of every row."""
        return Scalars([row[0] for row in self._rows])


class Scalars(list):  # type: ignore[type-arg]
    """One column's values, with ``all()`` and ``first()``."""

    def all(self) -> list[Any]:
        """Every value."""
        return list(self)

    def first(self) -> Any:
        """The first value, or None."""
        return self[0] if self else None


class FastReader:
    """A read-only SQLite connection that runs compiled queries (see the module doc)."""

    def __init__(self, connection: sqlite3.Connection, queries: dict[str, Any], file: Path):
        self._connection = connection
        self._queries = queries
        self._file = file
        self._rows: dict[str, type[Row]] = {}

    def run(self, q: Query, params: Mapping[str, Any]) -> Result:
        """Run one compiled query with its parameters."""
        compiled = self._queries.get(q.key)
        if compiled is None:
            raise LookupError(f"query {q.key} is not in the compiled snapshot")
        sql, values = _bound(compiled, params)
        with _translated(self._file):
            cursor = self._connection.execute(sql, values)
            found = cursor.fetchall()
        row_type = self._rows.get(q.key)
        if row_type is None:
            index = {d[0]: i for i, d in enumerate(cursor.description or ())}
            row_type = self._rows[q.key] = type("Row", (Row,), {"__slots__": (), "_index": index})
        kinds = compiled["columns"]
        if not any(kinds):
            return Result([row_type(r) for r in found])
        return Result(
            [row_type(from_sqlite(k, v) for k, v in zip(kinds, r, strict=True)) for r in found]
        )

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()


@contextmanager
def _translated(file: Path) -> Iterator[None]:
    """Turn sqlite3 errors into the same one-line messages as the SQLAlchemy path."""
    try:
        yield
    except sqlite3.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(explain(f"sqlite:///{file}", detail, file)) from None


def _bound(compiled: dict[str, Any], params: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The SQL with expanding lists written out, and the values for its placeholders."""
    sql: str = compiled["sql"]
    values: list[Any] = []
    for bind in compiled["binds"]:
        name, kind = bind["name"], bind["as"]
        if name in params:
            given = params[name]
            value = (
                [to_sqlite(kind, v) for v in given]
                if bind["expanding"]
                else (to_sqlite(kind, given))
            )
        elif "value" in bind:
            value = bind["value"]
        else:
            raise TypeError(f"the query needs a value for {name!r}")
        if bind["expanding"]:
            slot = f"__[POSTCOMPILE_{bind['slot']}]"
            sql = sql.replace(slot, ", ".join("?" * len(value)) or _EMPTY_SET, 1)
            values.extend(value)
        else:
            values.append(value)
    return sql, values


def sqlite_path(url: str) -> Path | None:
    """The file of a plain ``sqlite:///`` URL (no options), or None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or len(url) == len(prefix):
        return None
    path = url[len(prefix) :]
    return None if path == ":memory:" else Path(path)


def open_fast_reader(url: str, data_dir: Path, cache_dir: Path | None) -> FastReader | None:
    """A fast reader on the SQLite file of ``url``, or None when the SQLAlchemy path
    must open it (not SQLite, not there yet, its schema or profile to be written, the
    old self-test file to move in, no compiled snapshot). A damaged or locked file
    raises the same :class:`DatabaseError` as the SQLAlchemy path."""
    from psoas.store.legacy_json import FILE_NAME

    file = sqlite_path(url)
    if file is None or not file.is_file() or (data_dir / FILE_NAME).exists():
        return None
    queries = load_snapshot(snapshot_dirs(cache_dir))
    if queries is None:
        return None
    from psoas.store.errors import storage_trouble

    with _translated(file):
        if storage_trouble(file.parent) == "read-only":
            # A read-only disk or folder: nothing can change the file, and SQLite cannot
            # make the shared-memory file a WAL database reads through, so it is read
            # as it lies (immutable). Reading and exporting still work; writes are refused.
            uri = f"{file.resolve().as_uri()}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_S)
        else:
            connection = sqlite3.connect(file, timeout=SQLITE_BUSY_TIMEOUT_S)
    reader = FastReader(connection, queries, file)
    try:
        if _ready(connection, file):
            return reader
    except BaseException:
        reader.close()
        raise
    reader.close()
    return None


def _ready(connection: sqlite3.Connection, file: Path) -> bool:
    """Whether the file is whole (else DatabaseError), current and has the profile."""
    with _translated(file):
        connection.execute("PRAGMA query_only=ON")
        found = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if found != ["ok"]:
            raise DatabaseError(damaged_message(f"sqlite:///{file}", found[0]))
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name IN ('alembic_version', 'profiles')"
            )
        }
        if tables != {"alembic_version", "profiles"}:
            return False
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if revision != [(HEAD_REVISION,)]:
            return False
        profile = connection.execute(
            "SELECT 1 FROM profiles WHERE name = ?", (DEFAULT_PROFILE,)
        ).fetchone()
    return profile is not None


__all__ = [
    "DEFAULT_PROFILE",
    "FastReader",
    "Result",
    "Row",
    "fingerprint",
    "from_sqlite",
    "load_snapshot",
    "open_fast_reader",
    "save_snapshot",
    "snapshot_dirs",
    "sqlite_path",
    "to_sqlite",
]
