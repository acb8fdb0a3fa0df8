"""Who is asking: the local person in loopback mode, or the signed-in user."""

from __future__ import annotations

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from psoas.exceptions import BadInput
from psoas.store.database import Database
from psoas.store.models import User
from psoas.store.repository import profile_id
from psoas.usecases import coaching
from psoas.web.logins import MIN_PASSWORD
from psoas.web.security import SESSION_COOKIE, hash_password, read_session, verify_password
from psoas.web.state import AppState, Viewer

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


class NotSignedIn(Exception):
    """Accounts are required and this request has no valid session."""


async def app_state(request: Request) -> AppState:
    """The app's state, stored on the application by the factory.

    ``async`` on purpose: FastAPI runs a plain ``def`` dependency in a worker thread,
    a costly hop on every request for something that does no I/O.
    """
    state: AppState = request.app.state.psoas
    return state


async def current_viewer(request: Request) -> Viewer:
    """The viewer of this request; raises :class:`NotSignedIn` when a login is needed.

    Loopback mode needs no I/O; with accounts, one primary-key lookup checks the user.
    """
    state: AppState = request.app.state.psoas
    if not state.accounts_required:
        local: int = request.app.state.local_profile
        return Viewer(profile_id=local)
    token = request.cookies.get(SESSION_COOKIE, "")
    found = read_session(state.secret, token) if token else None
    if found is None:
        raise NotSignedIn
    # The lookup runs in the thread pool: a slow database never holds up the event loop.
    return await run_in_threadpool(_signed_in_viewer, state, *found)


def _signed_in_viewer(state: AppState, user_id: int, fragment: str, version: int) -> Viewer:
    with state.db.session() as db:
        user = db.get(User, user_id)
        if user is None or user.password_hash[-16:] != fragment:
            raise NotSignedIn
        if user.session_version != version:  # signed out, or the password changed
            raise NotSignedIn
        return Viewer(profile_id=user.profile_id, user_id=user.id, username=user.username)


def check_username(username: str) -> str:
    """A valid, lower-case username, or BadInput."""
    name = username.strip().lower()
    if not 2 <= len(name) <= 60 or not set(name) <= USERNAME_CHARS:
        raise BadInput("usernames are 2–60 characters: letters, digits, '.', '_' or '-'")
    return name


def create_user(database: Database, username: str, password: str) -> int:
    """Add an account with its own profile; returns the user id."""
    name = check_username(username)
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"passwords need at least {MIN_PASSWORD} characters")
    with database.session() as db:
        if db.scalar(select(User.id).where(User.username == name)) is not None:
            raise BadInput(f"the username {name!r} is taken")
        profile = profile_id(db, f"user:{name}")
        user = User(username=name, password_hash=hash_password(password), profile_id=profile)
        db.add(user)
        db.flush()
        return user.id


def authenticate(state: AppState, username: str, password: str) -> tuple[int, str, int] | None:
    """(user id, password hash, session version) for a correct login, else None."""
    name = username.strip().lower()
    with state.db.session() as db:
        user = db.scalar(select(User).where(User.username == name))
        if user is None:
            hash_password(password)  # spend the same time as a real check
            return None
        if not verify_password(user.password_hash, password):
            return None
        return user.id, user.password_hash, user.session_version


def count_users(database: Database) -> int:
    """How many accounts exist."""
    from sqlalchemy import func

    with database.session() as db:
        return int(db.scalar(select(func.count(User.id))) or 0)


def invite_coach(state: AppState, viewer: Viewer, coach_name: str) -> None:
    """Let the user ``coach_name`` read this viewer's plans and progress."""
    name = check_username(coach_name)
    with state.db.session() as db:
        coaching.invite(db, viewer.profile_id, viewer.user_id, name)


def coaches_of(state: AppState, viewer: Viewer) -> list[str]:
    """The usernames of the coaches this viewer invited."""
    with state.db.session() as db:
        return coaching.coaches(db, viewer.profile_id)


def withdraw_coach(state: AppState, viewer: Viewer, coach_name: str) -> None:
    """End a coach's access to this viewer's plans, progress and routines at once."""
    with state.db.session() as db:
        coaching.withdraw(db, viewer.profile_id, coach_name)


def clients_of(state: AppState, viewer: Viewer) -> list[tuple[str, int]]:
    """(username, profile id) of every client who invited this viewer as coach."""
    with state.db.session() as db:
        return coaching.clients(db, viewer.user_id)


def client_profile(state: AppState, viewer: Viewer, username: str) -> int:
    """The profile of a client who invited this coach (psoas.usecases.coaching)."""
    with state.db.session() as db:
        return coaching.client_profile(db, viewer.user_id, username)


def local_profile(state: AppState) -> int:
    """The profile used in loopback mode."""
    with state.db.session() as db:
        return profile_id(db)


__all__ = [
    "NotSignedIn",
    "app_state",
    "authenticate",
    "client_profile",
    "clients_of",
    "coaches_of",
    "count_users",
    "create_user",
    "current_viewer",
    "invite_coach",
    "local_profile",
    "withdraw_coach",
]
