"""What the web app holds for its lifetime, and who is asking.

Built by :func:`psoas.web.app.create_app` from the settings: the catalog, the
database, the cookie signer and whether accounts are required (they are
whenever psoas is served beyond this computer).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

from psoas.catalog.model import Catalog
from psoas.exceptions import PsoasError
from psoas.settings import Settings
from psoas.store.database import Database

SECRET_FILE = "web-secret.key"
#: The shortest signing key accepted (32 characters of a random token are about 190 bits).
MIN_SECRET_LENGTH = 32


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: the only hosts served without accounts."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_secret(settings: Settings) -> str:
    """PSOAS_SECRET_KEY, or a random key kept in the data folder (created once, mode 0600)."""
    from_env = os.environ.get("PSOAS_SECRET_KEY", "").strip()
    if from_env:
        if len(from_env) < MIN_SECRET_LENGTH:
            raise PsoasError(f"PSOAS_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
        return from_env
    path = settings.data_dir / SECRET_FILE
    try:
        kept = path.read_text().strip()
    except FileNotFoundError:
        kept = ""
    if len(kept) >= MIN_SECRET_LENGTH:
        return kept
    if kept:
        raise PsoasError(
            f"the signing key in {path} is too short; delete the file and psoas makes a new one"
        )
    # None yet, or an empty file (a full disk when it was first written): a new key,
    # written whole to a temporary file and then moved into place.
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    temporary = path.with_name(f".{SECRET_FILE}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PsoasError(f"cannot write the signing key {path}: {exc.strerror}") from None
    return key


class BoundedCache(dict[Any, Any]):
    """A dict that forgets its oldest entry once it holds ``size`` of them."""

    def __init__(self, size: int = 512) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> Any:
        """Keep ``value`` under ``key`` (dropping the oldest entry when full); returns it."""
        if key not in self and len(self) >= self.size:
            self.pop(next(iter(self)))
        self[key] = value
        return value


@dataclass
class AppState:
    """The web app's long-lived parts."""

    settings: Settings
    catalog: Catalog
    db: Database
    secret: str
    accounts_required: bool
    #: Mark cookies Secure (HTTPS only): on whenever accounts are.
    secure_cookies: bool
    #: The catalog's JSON view (with psoas lengths), built once.
    catalog_data: dict[str, Any] = field(default_factory=dict)
    #: Plans already built, keyed by the person, the fingerprint of what tonight's plan
    #: is made from, a screen being answered, the routine and the minutes. Per app, so
    #: two apps on two databases never share an entry.
    plans: BoundedCache = field(default_factory=BoundedCache)
    #: The steps of saved plans by plan id, for saving a step (see
    #: ``service._saved_steps``: what it reads of them never changes).
    saved_steps: BoundedCache = field(default_factory=BoundedCache)
    #: Each session's person and plan by session id (neither ever changes), so saving a
    #: step needs no query before its insert.
    session_plans: BoundedCache = field(default_factory=BoundedCache)


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the local person, or a signed-in user."""

    profile_id: int
    user_id: int | None = None
    username: str | None = None

    @property
    def local(self) -> bool:
        """True in loopback mode (no accounts)."""
        return self.user_id is None


__all__ = ["AppState", "BoundedCache", "Viewer", "is_loopback", "load_secret"]
