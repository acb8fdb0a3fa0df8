"""Lengths and durations as people read them: centimetres with inches beside them."""

from __future__ import annotations

CM_PER_INCH = 2.54


def cm_to_in(cm: float) -> float:
    """Centimetres to inches."""
    return cm / CM_PER_INCH


def in_to_cm(inches: float) -> float:
    """Inches to centimetres."""
    return inches * CM_PER_INCH


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


__all__ = [
    "CM_PER_INCH",
    "cm_to_in",
    "format_duration",
    "format_length",
    "format_length_range",
    "in_to_cm",
]
