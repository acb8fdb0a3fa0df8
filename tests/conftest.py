"""Shared fixtures: every test gets its own psoas home, so no test touches real user data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from psoas.catalog.loader import load_catalog
from psoas.catalog.model import Catalog

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def psoas_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point PSOAS_HOME at a fresh folder for every test."""
    home = tmp_path_factory.mktemp("psoas-home")
    monkeypatch.setenv("PSOAS_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def catalog() -> Iterator[Catalog]:
    """The real catalog, validated from its files (no snapshot)."""
    return load_catalog()
