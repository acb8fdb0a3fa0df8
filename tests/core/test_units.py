"""Centimetres with inches beside them, and durations, as people read them."""

from __future__ import annotations

import pytest

from psoas.core.units import (
    cm_to_in,
    format_duration,
    format_length,
    format_length_range,
    in_to_cm,
)


def test_round_trip() -> None:
    """Inches and centimetres convert both ways."""
    assert in_to_cm(1) == pytest.approx(2.54)
    assert cm_to_in(in_to_cm(7.5)) == pytest.approx(7.5)


@pytest.mark.parametrize(
    ("cm", "text"),
    [(15, "15 cm (6 in)"), (20.3, "20.3 cm (8 in)"), (0, "0 cm (0 in)"), (14, "14 cm (5.5 in)")],
)
def test_format_length(cm: float, text: str) -> None:
    """Centimetres first, inches to the nearest half beside them."""
    assert format_length(cm) == text


def test_format_range_matches_the_articles() -> None:
    """The articles' 5–8 inch start is 13–20 cm."""
    assert format_length_range(13, 20) == "13–20 cm (5–8 in)"


@pytest.mark.parametrize(
    ("seconds", "text"), [(45, "45 s"), (60, "1 min"), (600, "10 min"), (90, "1 min 30 s")]
)
def test_format_duration(seconds: int, text: str) -> None:
    """Short durations in seconds, longer ones in minutes."""
    assert format_duration(seconds) == text
