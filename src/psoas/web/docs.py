"""The API's interactive docs, served wholly by psoas: Swagger UI's files come from the
``fastapi-offline`` package (no CDN), and the page starts it from a script file, so the
app's own CSP (no inline scripts) allows it and it works offline once visited."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/api/docs"
ASSETS_URL = "/api/docs/assets"


def swagger_assets() -> Path:
    """Where the installed ``fastapi-offline`` keeps Swagger UI's script and style."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def docs_page(title: str) -> str:
    """The docs page: Swagger UI's own files, started by /static/api-docs.js."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API</title>
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">
<link rel="stylesheet" href="/static/api-docs.css">
</head>
<body>
<main id="swagger-ui" data-openapi="/api/openapi.json"><p>Loading the API description…</p></main>
<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""


def add_docs(app: FastAPI) -> None:
    """Serve ``/api/docs`` and its assets from this install."""
    page = docs_page(app.title)
    app.mount(ASSETS_URL, StaticFiles(directory=swagger_assets()), name="api-docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


__all__ = ["ASSETS_URL", "DOCS_URL", "add_docs", "docs_page", "swagger_assets"]
