"""The web app in-process (Starlette's test client) on a real database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from psoas.settings import Settings
from psoas.web.app import create_app
from tests.core.answers import NEUTRAL

Client = TestClient
#: Tonight's screen with nothing new and no pain.
NO_FLAGS: dict[str, Any] = {"red_flags": [], "pain": 0}


def csrf(client: TestClient) -> dict[str, str]:
    """The header that proves a request comes from our own pages."""
    if "psoas_csrf" not in client.cookies:
        client.get("/api/ping")
    return {"X-CSRF-Token": client.cookies["psoas_csrf"]}


def post(client: TestClient, url: str, body: Any) -> Any:
    """POST JSON with the CSRF header."""
    return client.post(url, json=body, headers=csrf(client))


def settings_for(home: Path, database_url: str) -> Settings:
    return Settings(data_dir=home, cache_dir=home / "cache", database_url_override=database_url)


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Build clients for an app on a host (loopback by default) and a database URL."""
    made: list[TestClient] = []

    def make(database_url: str | None = None, host: str = "127.0.0.1") -> TestClient:
        url = database_url or f"sqlite:///{tmp_path / 'psoas.db'}"
        base = (
            "https://testserver" if host not in ("127.0.0.1", "localhost") else "http://127.0.0.1"
        )
        client = TestClient(create_app(settings_for(tmp_path, url), host), base_url=base)
        client.__enter__()
        made.append(client)
        return client

    yield make
    for client in made:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient], database_url: str) -> TestClient:
    """A loopback app (no accounts) on SQLite, then on PostgreSQL."""
    return make_client(database_url)


def answers(**changes: Any) -> dict[str, Any]:
    return {**NEUTRAL, **changes}
