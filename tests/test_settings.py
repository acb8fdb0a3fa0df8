"""Settings: safe defaults, environment overrides, dangerous values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from psoas.exceptions import BadInput
from psoas.settings import Settings


def test_psoas_home_sets_data_and_cache(tmp_path: Path) -> None:
    """PSOAS_HOME holds the data, with the cache inside it."""
    settings = Settings.from_env({"PSOAS_HOME": str(tmp_path)})
    assert settings.data_dir == tmp_path
    assert settings.cache_dir == tmp_path / "cache"


def test_default_is_the_platform_user_dir() -> None:
    """Without PSOAS_HOME the platform's per-user folders are used."""
    settings = Settings.from_env({})
    assert settings.data_dir.is_absolute()
    assert "psoas" in settings.data_dir.parts[-1]
    assert settings.cache_dir != settings.data_dir


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_home_is_refused_not_taken_as_unset(empty: str) -> None:
    """PSOAS_HOME set but empty (a script's unset variable) is refused in one line,
    never silently the default folder."""
    with pytest.raises(BadInput, match="PSOAS_HOME is set but empty"):
        Settings.from_env({"PSOAS_HOME": empty})


def test_an_empty_home_exits_2_on_the_command_line(tmp_path: Path) -> None:
    """From the command line: exit 2, one line, nothing written anywhere."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PSOAS_HOME": ""}
    done = subprocess.run(
        [sys.executable, "-m", "psoas", "history"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "PSOAS_HOME is set but empty" in done.stderr


def test_relative_home_is_refused() -> None:
    """A relative PSOAS_HOME would scatter data wherever psoas runs: refused."""
    with pytest.raises(BadInput, match="absolute"):
        Settings.from_env({"PSOAS_HOME": "relative/dir"})


def test_the_environment_is_compiled_at_install() -> None:
    """`make run` and `make test` install with bytecode compiled, so no command pays
    for compiling libraries: even modules psoas never imports (SQLAlchemy's MySQL
    dialect) have their .pyc."""
    import importlib.util

    import sqlalchemy

    never_imported = Path(sqlalchemy.__file__).parent / "dialects" / "mysql"
    sources = sorted(never_imported.glob("*.py"))
    assert sources
    missing = [
        s.name for s in sources if not Path(importlib.util.cache_from_source(str(s))).exists()
    ]
    assert missing == []
