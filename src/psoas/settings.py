"""One typed settings object, read from the environment with safe defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from psoas.exceptions import BadInput

#: Every environment variable psoas reads, with what it does (the README lists them too).
ENVIRONMENT = {
    "PSOAS_HOME": "folder for psoas's data and cache (default: the platform's user data dir)",
    "PSOAS_DATABASE_URL": "SQLAlchemy database URL (default: SQLite file psoas.db in the data dir)",
    "PSOAS_SECRET_KEY": "key that signs web session cookies (default: random, in the data dir)",
}
DATABASE_FILE = "psoas.db"


@dataclass(frozen=True)
class Settings:
    """Where psoas keeps its files."""

    data_dir: Path
    cache_dir: Path
    #: Set when PSOAS_DATABASE_URL is; otherwise SQLite in ``data_dir``.
    database_url_override: str | None = None

    @property
    def database_url(self) -> str:
        """Where the database lives: PSOAS_DATABASE_URL, else a SQLite file in the data dir."""
        if self.database_url_override:
            return self.database_url_override
        return f"sqlite:///{self.data_dir / DATABASE_FILE}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ
        url = env.get("PSOAS_DATABASE_URL", "").strip() or None
        home = env.get("PSOAS_HOME", "").strip()
        if "PSOAS_HOME" in env and not home:
            # Set but empty is a script's unset variable, not a wish for the default
            # folder: saying so beats writing a person's data somewhere unexpected.
            raise BadInput(
                "PSOAS_HOME is set but empty: unset it to use your platform's data folder, "
                "or set it to an absolute path"
            )
        if home:
            root = Path(home).expanduser()
            if not root.is_absolute():
                raise BadInput(f"PSOAS_HOME must be an absolute path, not {home!r}")
            return cls(data_dir=root, cache_dir=root / "cache", database_url_override=url)
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir("psoas", appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir("psoas", appauthor=False)),
            database_url_override=url,
        )


__all__ = ["DATABASE_FILE", "ENVIRONMENT", "Settings"]
