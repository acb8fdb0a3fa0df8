"""What every command may need, created lazily so unused parts cost nothing."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psoas.catalog.model import Catalog
    from psoas.settings import Settings
    from psoas.store.database import Database


class Context:
    """Settings and catalog for one command run; each built on first use."""

    @cached_property
    def settings(self) -> Settings:
        """The settings from the environment."""
        from psoas.settings import Settings

        return Settings.from_env()

    def _snapshot_dirs(self) -> Iterator[Path]:
        from psoas.catalog.loader import PACKAGE_SNAPSHOT_DIR

        yield PACKAGE_SNAPSHOT_DIR
        yield self.settings.cache_dir

    @cached_property
    def catalog(self) -> Catalog:
        """The validated catalog (from the snapshot when nothing changed)."""
        from psoas.catalog.loader import load_catalog

        return load_catalog(snapshot_dirs=self._snapshot_dirs())

    @cached_property
    def catalog_data(self) -> dict[str, Any]:
        """The validated catalog's JSON view, without building the dataclasses."""
        from psoas.catalog.loader import load_catalog_data

        data: dict[str, Any] = load_catalog_data(snapshot_dirs=self._snapshot_dirs())
        return data

    @cached_property
    def db(self) -> Database:
        """The migrated database, with the old self-test file moved into it."""
        from psoas.store import open_store

        return open_store(self.settings)

    @contextmanager
    def reader(self) -> Iterator[Any]:
        """A connection that only reads: on a SQLite file that needs nothing written, a
        fast reader that never imports SQLAlchemy (:mod:`psoas.store.fast_reads`);
        otherwise a Core connection on the migrated database, after which the fast
        reader's compiled queries are kept for the next command."""
        from psoas.store.fast_reads import open_fast_reader, sqlite_path

        settings = self.settings
        fast = open_fast_reader(settings.database_url, settings.data_dir, settings.cache_dir)
        if fast is not None:
            try:
                yield fast
            finally:
                fast.close()
            return
        with self.db.connect() as db:
            yield db
        if sqlite_path(settings.database_url) is not None:  # PostgreSQL never uses them
            _keep_compiled_reads(settings.cache_dir)

    def close(self) -> None:
        """Release what this run opened."""
        if "db" in self.__dict__:
            self.db.close()

    @staticmethod
    def print_json(value: Any) -> None:
        """Write ``value`` as indented JSON on stdout, in one write (``json.dump`` to a
        stream writes every token on its own: 17,000 writes for a year of history)."""
        sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _keep_compiled_reads(cache_dir: Path) -> None:
    """Compile the read queries for the fast reader unless a current snapshot exists."""
    from psoas.store.fast_reads import load_snapshot, snapshot_dirs

    if load_snapshot(snapshot_dirs(cache_dir)) is None:
        from psoas.store.compiled import keep_snapshot

        keep_snapshot(cache_dir)
