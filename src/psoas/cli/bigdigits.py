"""A countdown in large block digits, readable from the floor."""

from __future__ import annotations

_FONT = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": [" █ ", "██ ", " █ ", " █ ", "███"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ":": ["   ", " █ ", "   ", " █ ", "   "],
}


def clock_text(seconds: float) -> str:
    """``mm:ss``, rounding up so the display never shows 00:00 before the end."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def big(text: str) -> str:
    """``text`` (digits and colons) drawn five lines high."""
    rows = ["  ".join(_FONT[ch][row] for ch in text) for row in range(5)]
    return "\n".join(rows)
