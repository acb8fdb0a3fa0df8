"""Reading and writing the files a person names on the command line, with one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from psoas.exceptions import BadInput, PsoasError


def read_json_file(name: str, what: str) -> Any:
    """The JSON in file ``name`` (``-`` for stdin); BadInput naming ``what`` when unreadable."""
    from psoas.validation import parse_json

    label = "stdin" if name == "-" else name
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise BadInput(f"cannot read {what} {label}: {reason}") from None
    return parse_json(text, f"{what} {label}", BadInput)


def write_file(name: str, data: bytes | str) -> None:
    """Write ``data`` to ``name``; PsoasError (exit 1) when the disk says no."""
    try:
        if isinstance(data, str):
            Path(name).write_text(data, encoding="utf-8")
        else:
            Path(name).write_bytes(data)
    except OSError as exc:
        raise PsoasError(f"cannot write {name}: {exc.strerror}") from None
