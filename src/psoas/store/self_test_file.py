"""Self-test results kept in a small JSON file in the user data folder.

A stop-gap until the database arrives: every test is appended to
``self-tests.json``; the newest one feeds ``psoas plan``. Writes are atomic
(write a temporary file, then rename), and a damaged file is never overwritten.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from psoas.exceptions import BadInput, PsoasError

FILE_NAME = "self-tests.json"
FORMAT_VERSION = 1


def _path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def load_all(data_dir: Path) -> list[dict[str, Any]]:
    """Every stored test, oldest first; an empty list when there is none yet."""
    path = _path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise PsoasError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw)
        tests = data["tests"]
        if not isinstance(tests, list) or not all(isinstance(t, dict) for t in tests):
            raise TypeError("'tests' is not a list of objects")
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInput(
            f"{path} is damaged ({exc}); it was left untouched. Move it aside to start afresh."
        ) from None
    return tests


def latest(data_dir: Path) -> dict[str, Any] | None:
    """The newest stored test, or None."""
    tests = load_all(data_dir)
    return tests[-1] if tests else None


def append(data_dir: Path, record: dict[str, Any]) -> Path:
    """Add one test record and return the file it went to."""
    tests = load_all(data_dir)
    tests.append(record)
    path = _path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".self-tests-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": FORMAT_VERSION, "tests": tests}, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise PsoasError(f"cannot save the test in {data_dir}: {exc.strerror}") from None
    return path


__all__ = ["FILE_NAME", "append", "latest", "load_all"]
