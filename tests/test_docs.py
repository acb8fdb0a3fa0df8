"""Docs that cannot drift: the README documents every command and setting."""

from __future__ import annotations

from psoas.cli import build_parser
from psoas.settings import ENVIRONMENT
from tests.conftest import REPO

README = (REPO / "README.md").read_text()


def _commands() -> list[str]:
    parser = build_parser(full=True)
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


def test_every_command_is_in_the_readme() -> None:
    """Each ``psoas`` sub-command appears in the README."""
    missing = [c for c in _commands() if f"psoas {c}" not in README]
    assert missing == []


def test_every_environment_variable_is_in_the_readme() -> None:
    """Each setting psoas reads from the environment is documented."""
    assert [name for name in ENVIRONMENT if name not in README] == []


def test_readme_shows_the_two_commands() -> None:
    """The first screen shows make run and make test."""
    first_screen = "\n".join(README.splitlines()[:30])
    assert "make run" in first_screen
    assert "make test" in first_screen
