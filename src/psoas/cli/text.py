"""Wrapping text to the terminal's width."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable


def width() -> int:
    """The terminal's width, kept between 40 and 100 columns."""
    return max(40, min(100, shutil.get_terminal_size((88, 24)).columns))


def wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    """``text`` filled to the terminal, first line after ``indent``, the rest after ``hanging``."""
    return textwrap.fill(
        " ".join(text.split()),
        width=width(),
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
    )


def bullets(items: Iterable[str], bullet: str = "- ") -> list[str]:
    """One wrapped, indented bullet line per item."""
    return [wrap(item, "  " + bullet, "  " + " " * len(bullet)) for item in items]
