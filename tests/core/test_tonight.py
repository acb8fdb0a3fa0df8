"""Tonight's picture from a record: the pain a rise is measured from, on both sides of
the rule, and the bolster kept from an earlier test."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from psoas.catalog.model import Catalog
from psoas.core.baseline import StoredTest
from psoas.core.nightly import Screen
from psoas.core.pain import PainRating
from psoas.core.tonight import TonightRecord, tonight_picture
from tests.core.answers import answers

NOW = datetime(2026, 11, 30, 21, 0, tzinfo=UTC)


def record(*screens: int) -> TonightRecord:
    """A full test three weeks ago and a screen each night since, with these pains."""
    full = StoredTest(NOW - timedelta(days=20), "check", answers(pain=screens[0]))
    ratings = [
        PainRating(NOW - timedelta(days=len(screens) - n), pain, "screen", str(n))
        for n, pain in enumerate(screens)
    ]
    return TonightRecord(tests=(full,), pain=tuple(ratings))


def test_a_slow_rise_over_three_weeks_changes_the_plan(catalog: Catalog) -> None:
    """2, 3, 4 on the nights before and 5 tonight: 3 points above the lowest of three
    weeks, so tonight counts as severe (rest positions), and the reason says from what;
    4, 4, 4 and then 5 is moderate: the same 5, no rise of 2."""
    rising = tonight_picture(
        record(2, 3, 4), catalog, NOW, date(2026, 11, 30), screen=Screen((), 5)
    )
    assert rising is not None
    assert rising.findings.pain_band == "severe"
    assert rising.findings.previous_pain == 2
    reason = next(r for r in rising.findings.reasons if r.startswith("Pain 5/10"))
    assert "up from 2 on" in reason
    assert "your lowest in the last 3 weeks" in reason
    level = tonight_picture(record(4, 4, 4), catalog, NOW, date(2026, 11, 30), screen=Screen((), 5))
    assert level is not None
    assert level.findings.pain_band == "moderate"


def test_a_check_in_with_the_thighs_down_keeps_the_plans_bolster(catalog: Catalog) -> None:
    """13 cm measured at the self-test, then a check-in before the release whose thighs
    stayed down: tonight's plan still uses 13 cm, never the 15 cm starting height."""
    tests = (
        StoredTest(NOW - timedelta(days=5), "check", answers(thighs_lift=True, lift_height_cm=13)),
        StoredTest(NOW - timedelta(days=1), "pre", answers(thighs_lift=False)),
    )
    picture = tonight_picture(TonightRecord(tests=tests), catalog, NOW, date(2026, 11, 30))
    assert picture is not None
    assert picture.findings.bolster_height_cm == 13
    assert picture.findings.bolster_height_source == "kept"
