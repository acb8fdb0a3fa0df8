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
    """Write ``data`` to the file a person named; BadInput (exit 2) when it cannot be
    written there (a folder that is not there or not writable: the name is the input
    to change), PsoasError (exit 1) when the disk fails otherwise (full, say)."""
    import errno

    try:
        if isinstance(data, str):
            Path(name).write_text(data, encoding="utf-8")
        else:
            Path(name).write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise PsoasError(f"cannot write {name}: {reason}") from None
        raise BadInput(f"cannot write {name}: {reason}") from None
