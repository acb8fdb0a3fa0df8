"""Run the CLI in-process, the way a person runs it, and capture what it prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from psoas.cli import main


@dataclass
class Result:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call ``psoas`` with arguments; argparse exits become exit codes."""

    def _run(*argv: str) -> Result:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run
