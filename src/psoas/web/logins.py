"""Signing in and out with accounts: a login limit kept in the database, sessions that
end on logout and on a password change.

The limit counts attempts by a name *at an address* and by an address: someone
elsewhere cannot lock a person out by guessing their name, and guesses from one
address at many names are slowed too. Each attempt is written before the password is
checked, so concurrent requests and several workers share one count.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from psoas.exceptions import BadInput
from psoas.store.database import Database
from psoas.store.models import LoginAttempt, User, utcnow
from psoas.web.security import hash_password

#: Attempts at one name from one address in the window. The app's own choice: a person
#: who mistypes five times waits five minutes; a guesser gets five tries.
PAIR_LIMIT = 5
#: Attempts at any names from one address in the window (a household or an office may
#: share an address, so this is wider).
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=5)
#: The shortest password accepted.
MIN_PASSWORD = 10


def _keys(name: str, address: str) -> tuple[str, str]:
    return f"address:{address}"[:200], f"name:{name}@{address}"[:200]


def reserve_attempt(database: Database, name: str, address: str) -> bool:
    """Count one login attempt (before its password is checked); False when the name at
    this address, or the address, has used up its attempts in the window."""
    now = utcnow()
    by_address, by_name = _keys(name, address)
    with database.session() as db:
        db.execute(delete(LoginAttempt).where(LoginAttempt.at < now - WINDOW))
        db.add_all([LoginAttempt(key=by_address, at=now), LoginAttempt(key=by_name, at=now)])
    with database.session() as db:
        counts = dict(
            db.execute(
                select(LoginAttempt.key, func.count())
                .where(LoginAttempt.key.in_((by_address, by_name)))
                .where(LoginAttempt.at >= now - WINDOW)
                .group_by(LoginAttempt.key)
            ).all()
        )
    return counts.get(by_address, 0) <= ADDRESS_LIMIT and counts.get(by_name, 0) <= PAIR_LIMIT


def forget_attempts(database: Database, name: str, address: str) -> None:
    """A correct login: the name's attempts at this address no longer count."""
    _, by_name = _keys(name, address)
    with database.session() as db:
        db.execute(delete(LoginAttempt).where(LoginAttempt.key == by_name))


def end_sessions(database: Database, user_id: int) -> int:
    """End every session of the account (logout, a new password); its new version."""
    with database.session() as db:
        user = db.get(User, user_id)
        if user is None:
            return 0
        user.session_version += 1
        return user.session_version


def change_password(database: Database, username: str, password: str) -> int:
    """Give the account a new password and end all its sessions; returns the user id."""
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"passwords need at least {MIN_PASSWORD} characters")
    name = username.strip().lower()
    with database.session() as db:
        user = db.scalar(select(User).where(User.username == name))
        if user is None:
            raise BadInput(f"no user called {name!r}")
        user.password_hash = hash_password(password)
        user.session_version += 1
        return user.id
