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
}


@dataclass(frozen=True)
class Settings:
    """Where psoas keeps its files."""

    data_dir: Path
    cache_dir: Path

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ
        home = env.get("PSOAS_HOME", "").strip()
        if home:
            root = Path(home).expanduser()
            if not root.is_absolute():
                raise BadInput(f"PSOAS_HOME must be an absolute path, not {home!r}")
            return cls(data_dir=root, cache_dir=root / "cache")
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir("psoas", appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir("psoas", appauthor=False)),
        )


__all__ = ["ENVIRONMENT", "Settings"]
