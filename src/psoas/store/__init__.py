"""Storage: where psoas keeps a person's tests, plans and sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psoas.settings import Settings
    from psoas.store.database import Database


def open_store(settings: Settings) -> Database:
    """The person's database, migrated, with psoas 0.1's self-test file moved into it."""
    from psoas.store.database import open_database
    from psoas.store.legacy_json import migrate_into

    db = open_database(settings.database_url)
    try:
        migrate_into(db, settings.data_dir)
    except BaseException:
        db.close()
        raise
    return db


__all__ = ["open_store"]
