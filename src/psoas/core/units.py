"""Lengths, durations, days and lists as people read them: centimetres with inches
beside them, "8 Dec", "a, b and c"."""

from __future__ import annotations

import math
from datetime import datetime

CM_PER_INCH = 2.54


def cm_to_in(cm: float) -> float:
    """Centimetres to inches."""
    return cm / CM_PER_INCH


def in_to_cm(inches: float) -> float:
    """Inches to centimetres."""
    return inches * CM_PER_INCH


def parse_length_cm(text: str, default_unit: str = "cm") -> float:
    """A length typed by a person (``15``, ``15 cm``, ``6in``, ``6.5 "``) in centimetres.

    Raises ``ValueError`` with a readable message when it is not a length.
    """
    cleaned = text.strip().lower().replace(",", ".").replace('"', " in").replace("inches", "in")
    cleaned = cleaned.replace("inch", "in").replace("cms", "cm")
    number, unit = cleaned, default_unit
    for suffix in ("cm", "in"):
        if cleaned.endswith(suffix):
            number, unit = cleaned[: -len(suffix)].strip(), suffix
            break
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a length; try 15 cm or 6 in") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{text.strip()!r} is not a length; try 15 cm or 6 in")
    return value if unit == "cm" else in_to_cm(value)


def _number(value: float) -> str:
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def format_length(cm: float) -> str:
    """``15 cm (6 in)``: centimetres first, inches beside them, to the nearest half."""
    return f"{_number(cm)} cm ({_number(round(cm_to_in(cm) * 2) / 2)} in)"


def format_length_range(min_cm: float, max_cm: float) -> str:
    """``13–20 cm (5–8 in)``."""
    lo_in = _number(round(cm_to_in(min_cm) * 2) / 2)
    hi_in = _number(round(cm_to_in(max_cm) * 2) / 2)
    return f"{_number(min_cm)}–{_number(max_cm)} cm ({lo_in}–{hi_in} in)"


def format_duration(seconds: int) -> str:
    """``45 s``, ``10 min``, ``1 min 30 s``."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes} min {rest} s"


def format_day(moment: datetime) -> str:
    """The day of ``moment`` in the person's local time, as the texts name it: "8 Dec"."""
    local = moment.astimezone()
    return f"{local.day} {local:%b}"


def format_list(items: list[str]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


__all__ = [
    "CM_PER_INCH",
    "cm_to_in",
    "format_day",
    "format_duration",
    "format_length",
    "format_length_range",
    "format_list",
    "in_to_cm",
    "parse_length_cm",
]
