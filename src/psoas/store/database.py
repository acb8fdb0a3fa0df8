"""Open the database: SQLite in the user data folder by default, any SQLAlchemy URL by setting.

Migrations run on first use (and after an upgrade of psoas). SQLite gets WAL
journaling, a busy timeout and foreign keys. Database errors become one-line
:class:`~psoas.exceptions.PsoasError` messages with the password hidden.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from psoas.exceptions import BadInput
from psoas.store.errors import HEAD_REVISION, DatabaseError, damaged_message, explain
from psoas.store.fast_reads import SQLITE_BUSY_TIMEOUT_S
from psoas.store.stalls import guard_engine

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: What the reading functions take: a Core connection (read commands, which so never
#: import the ORM) or an ORM session (writes and the web app); both run Core queries.
Reader: TypeAlias = "Connection | Session"

MIGRATIONS = Path(__file__).with_name("migrations")


#: PostgreSQL limits, the app's own choice: a server that does not answer within a few
#: seconds gives a clear error rather than a request that hangs. No query of psoas's takes
#: a tenth of the statement limit; a lock held longer than the lock limit is a stuck writer.
#: A server too frozen to enforce its own limits is cut off by :mod:`psoas.store.stalls`.
PG_CONNECT_TIMEOUT_S = 5
PG_OPTIONS = "-c statement_timeout=5000 -c lock_timeout=4000"
#: How long a request waits for a free connection before it is told the database is busy.
POOL_WAIT_S = 5


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; raises :class:`BadInput` for a malformed or unknown URL."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput(f"PSOAS_DATABASE_URL is not a database URL: {url!r}") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(
            parsed,
            pool_timeout=POOL_WAIT_S,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "options": PG_OPTIONS},
        )
        if parsed.get_backend_name() == "postgresql":
            guard_engine(engine)  # a frozen server gives an error, not a wait for ever
        return engine
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise BadInput(f"cannot use database {describe_url(url)}: {exc}") from None
    except OSError as exc:
        raise DatabaseError(f"cannot create the database folder for {url}: {exc}") from None


class Database:
    """An opened, migrated database: Core connections for reading, ORM sessions for
    writing (the ORM is imported on the first session only)."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._sessions: Any = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self.translate_errors(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection in a transaction, committed when the block ends: for the
        read commands, which so start without the ORM."""
        with self.translate_errors(), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def single_statements(self) -> Iterator[Connection]:
        """A Core connection for work that is one statement, or a few that need not see
        each other's snapshot. On PostgreSQL every statement is its own transaction,
        which saves the BEGIN and COMMIT round trips, a third of a hot route's time
        (issue 18); SQLite has no round trips to save and keeps one transaction."""
        if self.engine.dialect.name == "sqlite":
            with self.connect() as connection:
                yield connection
            return
        with self.translate_errors(), self.engine.connect() as connection:
            yield connection.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Turn driver errors into a one-line :class:`DatabaseError`."""
        try:
            yield
        except DBAPIError as exc:
            raise DatabaseError(_explain(self.url, exc)) from None
        except SQLAlchemyError as exc:
            raise DatabaseError(f"database {describe_url(self.url)}: {exc}") from None

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


def _explain(url: str, exc: DBAPIError) -> str:
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return explain(describe_url(url), detail, sqlite_file(url))


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, or None (another database, or one in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def check_integrity(db: Database) -> None:
    """Refuse a damaged SQLite file before anything is written to it.

    ``PRAGMA quick_check`` reads every page once (a few milliseconds for a year of
    nightly sessions; ``make bench`` measures it). PostgreSQL checks its own pages.
    """
    if db.engine.dialect.name != "sqlite":
        return
    with db.translate_errors(), db.engine.connect() as connection:
        found = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
    if found != ["ok"]:
        raise DatabaseError(damaged_message(describe_url(db.url), found[0]))


def open_database(url: str) -> Database:
    """Open ``url``, check it is whole, and bring its schema up to date."""
    engine = create_db_engine(url)
    db = Database(url, engine)
    try:
        check_integrity(db)
        with db.translate_errors():
            upgrade(engine)
    except BaseException:
        db.close()
        raise
    return db


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Run pending migrations; cheap when the schema is already current."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def alembic_config(connection: Any = None) -> Any:
    """An Alembic configuration pointing at psoas's migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


__all__ = [
    "HEAD_REVISION",
    "Database",
    "DatabaseError",
    "Reader",
    "check_integrity",
    "create_db_engine",
    "current_revision",
    "describe_url",
    "open_database",
    "upgrade",
]
