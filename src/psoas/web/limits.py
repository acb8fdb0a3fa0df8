"""Size limits on what a request may send, enforced before anything reads or parses it.

A pure ASGI middleware next to the routes: a declared ``Content-Length`` over the limit is
refused at once, and a body sent without one is counted as it streams and refused at
the limit. Nothing is parsed and no login is checked first, so one large request
cannot stall the server or fill its memory.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException

MB = 1024 * 1024
#: Every body not listed below. The app's own choice: the largest JSON the pages send
#: (a self-test, a session start) is a few kB, so 1 MB leaves ample room.
MAX_BODY = 1 * MB
#: Bodies by path prefix, longest first. An export of years of nightly sessions is a few
#: MB; a photo or a short clip from a phone is up to 25 MB; a camera frame is small.
LIMITS: tuple[tuple[str, int], ...] = (
    ("/api/measure/frame", 2 * MB),
    ("/api/measure", 25 * MB),
    ("/api/import", 32 * MB),
)


def limit_for(path: str) -> int:
    """The most bytes a request to ``path`` may send."""
    for prefix, limit in LIMITS:
        if path == prefix or path.startswith(prefix + "/"):
            return limit
    return MAX_BODY


class TooLarge(HTTPException):
    """The body went past its limit while streaming in: a 413, whoever reads it (an
    HTTP error, so FastAPI's body reader passes it on rather than calling it a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


class BodyLimitMiddleware:
    """Refuses (413) any request whose body is larger than :func:`limit_for` allows."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _refuse(send, 400, "Content-Length is not a number")
                return
            if size > limit:
                await _refuse(send, 413, _too_large(limit))
                return
        seen = 0
        started = False

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        async def watched(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            if not started:
                await _refuse(send, 413, _too_large(limit))


def _too_large(limit: int) -> str:
    return f"the request is too large (at most {limit // MB} MB)"


async def _refuse(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
