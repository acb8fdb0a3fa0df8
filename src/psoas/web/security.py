"""Accounts, sessions, CSRF protection and the security headers.

* Passwords are hashed with argon2 (argon2-cffi).
* The session cookie is signed (itsdangerous) and carries the user id and a
  fragment of the password hash, so changing a password signs every device out.
  It is HttpOnly, SameSite=Strict, and Secure whenever accounts are required.
* CSRF: a random token in a readable cookie must come back in the
  ``X-CSRF-Token`` header on every unsafe request (the pages send it with
  ``fetch``) — the double-submit pattern. It applies in loopback mode too, so no
  other web page can make the local app act.
* Every response carries a strict content security policy and the usual headers.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

SESSION_COOKIE = "psoas_session"
CSRF_COOKIE = "psoas_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_DAYS = 30
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

#: ``'wasm-unsafe-eval'`` is there only for WebAssembly: the pose model runs on the
#: person's own device (psoas.vision.browser_assets); no script may be evaluated. A clip
#: picked for measuring plays from a ``blob:`` address, made on the device from the file.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self' blob:; "
    "manifest-src 'self'; "
    "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the stored hash."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _signer(secret: str) -> Any:
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(secret, salt="psoas-session")


def session_token(secret: str, user_id: int, password_hash: str, version: int) -> str:
    """The signed value of the session cookie: the user, a fragment of the password
    hash and the account's session version (raising either ends the session)."""
    payload = {"u": user_id, "h": password_hash[-16:], "v": version}
    return str(_signer(secret).dumps(payload))


def read_session(secret: str, token: str) -> tuple[int, str, int] | None:
    """(user id, hash fragment, session version) from a valid, unexpired cookie."""
    from itsdangerous import BadSignature

    try:
        data = _signer(secret).loads(token, max_age=SESSION_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user, version = data.get("u"), data.get("v")
    if not isinstance(user, int) or not isinstance(version, int):
        return None
    return user, str(data.get("h", "")), version


def csrf_for(secret: str, session: str) -> str:
    """The CSRF token of a signed-in session: bound to its cookie, so a token taken
    from one session is worthless in another, and a new login brings a new one."""
    digest = hmac.new(secret.encode(), b"csrf:" + session.encode(), "sha256").hexdigest()
    return digest[:43]


def new_csrf_token() -> str:
    """A fresh random CSRF token."""
    return secrets.token_urlsafe(32)


def names_this_computer(host_header: str) -> bool:
    """True when a Host header names this computer (localhost, 127.x.y.z or ::1, any
    port). Served without accounts, psoas answers only to these: a page on another site
    that points its own name at 127.0.0.1 (DNS rebinding) is refused."""
    import ipaddress

    name = host_header.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class SecurityMiddleware(BaseHTTPMiddleware):
    """Checks the Host (served on this computer only) and the CSRF token on unsafe
    requests, and adds the security headers."""

    def __init__(
        self, app: Any, secure_cookies: bool, loopback: bool = False, secret: str = ""
    ) -> None:
        super().__init__(app)
        self.secure_cookies = secure_cookies
        self.loopback = loopback
        self.secret = secret

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if self.loopback and not names_this_computer(request.headers.get("host", "")):
            refused: Response = JSONResponse(
                {"detail": "psoas on this computer answers only to localhost or 127.0.0.1"},
                status_code=400,
            )
            self._finish(refused, request, give_cookie=False)
            return refused
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if request.method in UNSAFE:
            sent = request.headers.get(CSRF_HEADER, "")
            session = request.cookies.get(SESSION_COOKIE, "")
            # Signed in: the token of this session; else the double-submitted cookie.
            expected = csrf_for(self.secret, session) if session and self.secret else cookie
            if not expected or not sent or not hmac.compare_digest(expected, sent):
                response: Response = JSONResponse(
                    {"detail": "missing or wrong CSRF token; reload the page and try again"},
                    status_code=403,
                )
                self._finish(response, request, give_cookie=not cookie)
                return response
        response = await call_next(request)
        self._finish(response, request, give_cookie=not cookie)
        return response

    def _finish(self, response: Response, request: Request, give_cookie: bool) -> None:
        """Add the security headers and, when ``give_cookie``, a first CSRF cookie."""
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if give_cookie:
            response.set_cookie(
                CSRF_COOKIE,
                new_csrf_token(),
                httponly=False,
                samesite="strict",
                secure=self.secure_cookies,
                path="/",
            )


def local_path(target: str) -> str:
    """``target`` when it is a path on this site, else ``/``: where to go after a login.

    Browsers read ``//host`` and ``/\\host`` as another site, so a path must start with
    one slash followed by neither, and hold no backslash or control character.
    """
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/"
    return target


__all__ = [
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "SecurityMiddleware",
    "csrf_for",
    "hash_password",
    "local_path",
    "names_this_computer",
    "read_session",
    "session_token",
    "verify_password",
]
