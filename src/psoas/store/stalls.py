"""A client-side limit on waiting for PostgreSQL, for a server that stops answering.

``statement_timeout`` is enforced by the server, so a server that is frozen (stopped,
swapped out, or behind a network path that drops packets) enforces nothing, and a read
from its socket waits for ever. The guard notes when each connection starts waiting on
the server and, from one background thread, shuts the socket of any wait that passes its
limit. psycopg then raises a connection error, SQLAlchemy drops that connection, and the
caller gets a :class:`~psoas.store.database.DatabaseError` (a 503 on the web) in
seconds rather than never.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

#: The app's own choice: a live server answers a ping in milliseconds; a connection
#: taken from the pool that does not answer within this is replaced.
PING_LIMIT_S = 3.0
#: The app's own choice: the server's own statement limit plus a margin, so a live
#: server always answers first with its own, clearer error.
STATEMENT_LIMIT_S = 8.0
TICK_S = 0.25


class StallGuard:
    """Shuts the socket of any connection that waits on the server past its limit."""

    def __init__(self, ping_limit_s: float = PING_LIMIT_S, limit_s: float = STATEMENT_LIMIT_S):
        self.ping_limit_s = ping_limit_s
        self.limit_s = limit_s
        self.cut = 0  # how many waits were cut, for tests and logs
        self._deadlines: dict[int, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def waiting(self, dbapi_connection: Any, limit_s: float) -> None:
        """``dbapi_connection`` starts waiting on the server."""
        with self._lock:
            self._deadlines[id(dbapi_connection)] = (time.monotonic() + limit_s, dbapi_connection)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._watch, name="psoas-db-stalls")
                self._thread.daemon = True
                self._thread.start()

    def answered(self, dbapi_connection: Any) -> None:
        """``dbapi_connection`` is no longer waiting."""
        with self._lock:
            self._deadlines.pop(id(dbapi_connection), None)

    def _watch(self) -> None:
        while True:
            time.sleep(TICK_S)
            now = time.monotonic()
            with self._lock:
                late = [conn for deadline, conn in self._deadlines.values() if deadline < now]
                for conn in late:
                    self._deadlines.pop(id(conn), None)
                if not late and not self._deadlines:
                    self._thread = None
                    return
            for conn in late:
                self._cut(conn)

    def _cut(self, dbapi_connection: Any) -> None:
        try:
            if dbapi_connection.closed:
                return
            fd = dbapi_connection.fileno()
            with socket.socket(fileno=socket.dup(fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
            self.cut += 1
        except (OSError, ValueError, AttributeError):
            pass  # closed meanwhile: nothing is waiting any more


def guard_engine(engine: Engine, guard: StallGuard | None = None) -> StallGuard:
    """Watch every wait of ``engine`` on its server: pings of pooled connections,
    statements, commits and rollbacks (a rollback also runs when a connection returns
    to the pool). Replaces SQLAlchemy's own pre-ping, which cannot be watched."""
    guard = guard or StallGuard()

    @event.listens_for(engine, "checkout")
    def ping(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        guard.waiting(dbapi_connection, guard.ping_limit_s)
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:  # cut, closed or dropped
            raise DisconnectionError(str(exc)) from exc
        finally:
            guard.answered(dbapi_connection)
        if not alive:
            raise DisconnectionError("the connection did not answer")

    def waiting(conn: Any, *_args: Any) -> None:
        guard.waiting(conn.connection.dbapi_connection, guard.limit_s)

    def answered(conn: Any, *_args: Any) -> None:
        guard.answered(conn.connection.dbapi_connection)

    event.listen(engine, "before_cursor_execute", waiting)
    event.listen(engine, "after_cursor_execute", answered)
    event.listen(engine, "commit", waiting)
    event.listen(engine, "rollback", waiting)
    event.listen(
        engine, "reset", lambda dbapi_connection, *_: guard.waiting(dbapi_connection, guard.limit_s)
    )
    for name in ("checkin", "invalidate", "close", "close_detached"):
        event.listen(engine, name, lambda dbapi_connection, *_: guard.answered(dbapi_connection))

    @event.listens_for(engine, "handle_error")
    def failed(context: Any) -> None:
        if context.connection is not None and not context.connection.closed:
            dbapi_connection = context.connection.connection.dbapi_connection
            if dbapi_connection is not None:
                guard.answered(dbapi_connection)

    return guard


__all__ = ["PING_LIMIT_S", "STATEMENT_LIMIT_S", "StallGuard", "guard_engine"]
