"""The web app factory: `create_app(settings, host)` builds it all; nothing runs at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from psoas import __version__
from psoas.exceptions import BadInput, PsoasError, UnknownPractice
from psoas.settings import Settings
from psoas.store.database import DatabaseError
from psoas.web.auth import NotSignedIn, count_users, local_profile
from psoas.web.docs import add_docs, swagger_assets
from psoas.web.limits import BodyLimitMiddleware
from psoas.web.security import SecurityMiddleware
from psoas.web.state import AppState, is_loopback, load_secret

HERE = Path(__file__).parent
STATIC = HERE / "static"


class AccountsNeeded(BadInput):
    """Serving beyond loopback without any account is refused."""


def create_app(settings: Settings | None = None, host: str = "127.0.0.1") -> FastAPI:
    """The app for ``settings``; accounts are required unless ``host`` is a loopback address."""
    from psoas.catalog.loader import PACKAGE_SNAPSHOT_DIR, json_view, load_catalog
    from psoas.store import open_store

    settings = settings or Settings.from_env()
    db = open_store(settings)
    accounts = not is_loopback(host)
    state = AppState(
        settings=settings,
        catalog=load_catalog(snapshot_dirs=[PACKAGE_SNAPSHOT_DIR, settings.cache_dir]),
        db=db,
        secret=load_secret(settings),
        accounts_required=accounts,
        secure_cookies=accounts,
    )
    state.catalog_data = json_view(state.catalog)
    if accounts and count_users(db) == 0:
        db.close()
        raise AccountsNeeded(
            f"serving on {host} needs accounts: create one first with `psoas user add NAME`"
        )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.db.close()

    app = FastAPI(
        lifespan=lifespan,
        title="psoas",
        version=__version__,
        description="A guided psoas self-care program: self-test, release, stretch, "
        "strengthen, re-test. Self-care from published articles, not medical advice.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.psoas = state
    app.state.local_profile = local_profile(state)
    # Next to the routes, so its 413 reaches FastAPI's body reader as it is (the
    # middlewares outside read headers only): an oversized body is refused before
    # anything reads or parses it, and before the sign-in check.
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(
        SecurityMiddleware,
        secure_cookies=state.secure_cookies,
        loopback=not accounts,
        secret=state.secret,
    )
    # Compressed answers: the player, Swagger UI's 1.5 MB script and JSON load faster on a
    # phone's network (the app's own choice; gzip is what every browser accepts).
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    _errors(app)
    from psoas.web.api import router as api_router
    from psoas.web.outcomes_api import router as outcomes_router
    from psoas.web.pages import router as page_router
    from psoas.web.routines_api import router as routines_router
    from psoas.web.vision_api import router as vision_router

    app.include_router(api_router)
    app.include_router(vision_router)
    app.include_router(routines_router)
    app.include_router(outcomes_router)
    app.include_router(page_router)
    add_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    pose = _pose_assets()
    if pose is not None:
        app.mount(POSE_URL, StaticFiles(directory=pose), name="pose")
    app.state.pose_url = POSE_URL + "/" if pose is not None else ""

    worker = service_worker_source(STATIC, swagger_assets(), pose=pose)

    @app.get("/sw.js", include_in_schema=False)
    def service_worker() -> Response:
        return Response(
            worker,
            media_type="text/javascript",
            headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
        )

    @app.get("/manifest.webmanifest", include_in_schema=False)
    def manifest() -> Response:
        return FileResponse(STATIC / "manifest.webmanifest", media_type="application/manifest+json")

    # On the event loop, needing no thread and no database: it answers while the
    # database is stuck and every worker thread waits on it.
    @app.get("/api/ping", include_in_schema=False)
    async def ping() -> dict[str, str]:
        return {"ok": "psoas"}

    _freeze_startup_objects()
    return app


def _freeze_startup_objects() -> None:
    """Keep what start-up built (the catalog, the routes, the libraries: about 130,000
    objects, all alive until the server stops) out of Python's full garbage collections.

    Each full collection walks every tracked object; with these in it, one took 60 to
    100 ms under the soak, stalling every request in flight (most of the web app's
    slowest requests, issue 18). Frozen, they are never walked again and a full
    collection walks only what requests made since. The app's own choice, after
    ``gc.freeze``'s documented use in servers.
    """
    import gc

    gc.collect()
    gc.freeze()


#: Where the in-browser pose model is served (psoas.vision.browser_assets).
POSE_URL = "/pose"


def _pose_assets() -> Path | None:
    """The folder of the in-browser pose model, when set-up built it; without it the
    camera check and the photo measurement run on the server."""
    from psoas.vision.browser_assets import assets_dir, ready

    folder = assets_dir()
    return folder if ready(folder) else None


def service_worker_source(static: Path, *more: Path, pose: Path | None = None) -> str:
    """sw.js with its cache named after the static files' content (and ``more`` folders
    the worker caches, such as the API docs' assets): any change to them makes a new
    worker, which installs the new files and drops the old cache, so an update reaches a
    phone that installed the app. The pose model (``pose``, about 21 MB) has a cache of
    its own, named after its versions, so an update of the app does not download it again."""
    import zlib

    digest = 0
    for folder in (static, *more):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest = zlib.crc32(path.relative_to(folder).as_posix().encode(), digest)
                digest = zlib.crc32(path.read_bytes(), digest)
    source = (static / "sw.js").read_text()
    source = source.replace('var CACHE = "psoas-v1";', f'var CACHE = "psoas-{digest:08x}";')
    if pose is not None:
        stamp = zlib.crc32((pose / "VERSION").read_bytes())
        source = source.replace('var POSE_CACHE = "psoas-pose";',
                                f'var POSE_CACHE = "psoas-pose-{stamp:08x}";')  # fmt: skip
    return source


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _errors(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _wants_html(request):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return JSONResponse({"detail": "sign in first"}, status_code=401)

    @app.exception_handler(BadInput)
    def bad_input(request: Request, exc: BadInput) -> Response:
        from psoas.exceptions import NeedsTest, NotFound, Refused

        missing = NotFound | UnknownPractice
        status = 404 if isinstance(exc, missing) else 400
        body: dict[str, Any] = {"detail": str(exc)}
        if isinstance(exc, Refused | NeedsTest):
            status = 409
            body["code"] = "urgent" if isinstance(exc, Refused) else "needs_test"
        if _wants_html(request):
            return _answer(request, str(exc), status)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(DatabaseError)
    def database_error(request: Request, exc: DatabaseError) -> Response:
        # The whole message (with the database's address) goes to the server's log only.
        logging.getLogger("psoas.web").warning("database error: %s", exc)
        return _answer(request, public_database_message(str(exc)), 503)

    @app.exception_handler(PsoasError)
    def other(request: Request, exc: PsoasError) -> Response:
        from psoas.web.vision_api import Busy

        return _answer(request, str(exc), 503 if isinstance(exc, Busy) else 500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not _wants_html(request):
            return await http_exception_handler(request, exc)
        return _answer(request, PAGE_ERRORS.get(exc.status_code, str(exc.detail)), exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not _wants_html(request):
            return JSONResponse({"detail": validation_errors(exc.errors())}, status_code=422)
        return _answer(request, validation_message(exc.errors()), 422)


def public_database_message(message: str) -> str:
    """What a visitor is told when the database fails: the kind of trouble, never its
    host, user or file."""
    if "locked" in message:
        return "the database is busy with another change; try again in a moment"
    if "damaged" in message:
        return "the database is damaged and was left untouched; the server's log says more"
    if "is full" in message:
        return "the server's disk is full, so nothing was saved; the server's log says more"
    if "read-only" in message:
        return "the server cannot write its database, so nothing was saved; its log says more"
    return "the database is not answering; try again in a moment"


PAGE_ERRORS = {
    404: "There is no page at this address. The menu above has every page.",
    405: "This page cannot be used that way. The menu above has every page.",
}


def _answer(request: Request, message: str, status: int) -> Response:
    """The app's own page for a page route, JSON for the API."""
    if _wants_html(request):
        from psoas.web.pages import error_page

        return error_page(request, message, status)
    return JSONResponse({"detail": message}, status_code=status)


#: At most this many problems are listed in a 422 (the app's own choice: enough to fix a
#: form, and a body with thousands of bad values gets a short answer).
MAX_LISTED_ERRORS = 20


def validation_errors(errors: Any) -> list[dict[str, Any]]:
    """The API's 422 list: where and what, never the value sent (which may be huge)."""
    return [
        {
            "loc": list(e.get("loc", ()))[:10],
            "msg": str(e.get("msg", ""))[:200],
            "type": e.get("type"),
        }
        for e in list(errors)[:MAX_LISTED_ERRORS]
    ]


def validation_message(errors: Any) -> str:
    """Bad values in a page's address, said in words: which field, what it needs."""
    parts = []
    for error in errors:
        name = str(error.get("loc", ("", "value"))[-1]).replace("_", " ")
        sent = str(error.get("input", ""))
        shown = sent if len(sent) <= 40 else sent[:37] + "..."
        parts.append(f"{name}: {str(error.get('msg', 'not valid')).lower()} (not {shown!r})")
    return "That address has a value psoas cannot use. " + "; ".join(parts) + "."


def app_from_env() -> Any:
    """For ``uvicorn --factory psoas.web.app:app_from_env`` with several workers."""
    import os

    return create_app(Settings.from_env(), os.environ.get("PSOAS_HOST", "127.0.0.1"))


__all__ = ["AccountsNeeded", "app_from_env", "create_app"]
