"""The full test is the baseline; check-ins replace only what they measured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.baseline import StoredTest, current_baseline
from tests.core.answers import answers

DAY = datetime(2026, 11, 3, 21, 0, tzinfo=UTC)
FULL = answers(
    thighs_lift=True,
    lift_height_cm=20,
    thighs_flat=False,
    back_gap="hand",
    gap_even=False,
    tighter_side="left",
    pain=4,
    signs=["short_stride"],
)
#: What the web player's check-in asks: no descent, no side, no signs.
CHECK_IN = answers(thighs_lift=None, thighs_flat=False, back_gap="fingers", gap_even=False, pain=2)


def test_a_check_in_never_erases_what_it_did_not_measure(catalog: Catalog) -> None:
    """After a session's check-ins the bolster height, tighter side and signs remain."""
    tests = [
        StoredTest(DAY, "check", FULL),
        StoredTest(DAY + timedelta(days=18), "pre", CHECK_IN),
        StoredTest(DAY + timedelta(days=18, minutes=20), "post", CHECK_IN),
    ]
    baseline = current_baseline(tests)
    assert baseline is not None
    now = baseline.answers
    assert (now.thighs_lift, now.lift_height_cm, now.tighter_side) == (True, 20, "left")
    assert now.back_gap == "fingers"
    assert now.signs == ("short_stride",)
    assert now.pain == 2
    findings = assess(now, catalog, measured=baseline.measured)
    assert findings.bolster_height_cm == 20
    assert findings.bolster_height_from_test
    bolster = next(r for r in findings.reasons if r.startswith("Bolster height"))
    assert "your self-test of 3 Nov" in bolster
    assert findings.tighter_side == "left"
    gap = next(r for r in findings.reasons if r.startswith("One side tighter"))
    assert "the check-in of 21 Nov" in gap


def test_newer_measurements_win_field_by_field() -> None:
    """An even gap clears the tighter side; a measured descent replaces the height."""
    even = answers(thighs_lift=None, gap_even=True, back_gap="pencil")
    lower = answers(thighs_lift=True, lift_height_cm=12, gap_even=None, back_gap=None)
    flat = answers(thighs_lift=False, gap_even=None, back_gap=None)
    day = [DAY + timedelta(days=n) for n in range(4)]
    steps = [
        StoredTest(day[0], "check", FULL),
        StoredTest(day[1], "pre", even),
        StoredTest(day[2], "pre", lower),
    ]
    baseline = current_baseline(steps)
    assert baseline is not None
    assert baseline.answers.tighter_side is None
    assert baseline.answers.lift_height_cm == 12
    assert baseline.answers.back_gap == "pencil"
    later = current_baseline([*steps, StoredTest(day[3], "post", flat)])
    assert later is not None
    assert (later.answers.thighs_lift, later.answers.lift_height_cm) == (False, None)


def test_a_newer_full_test_starts_again() -> None:
    """A full test replaces everything before it, check-ins included."""
    again = answers(thighs_lift=False, gap_even=True, pain=1)
    baseline = current_baseline(
        [
            StoredTest(DAY, "check", FULL),
            StoredTest(DAY + timedelta(days=1), "pre", CHECK_IN),
            StoredTest(DAY + timedelta(days=2), "check", again),
        ]
    )
    assert baseline is not None
    assert baseline.answers == again
    assert baseline.since == DAY + timedelta(days=2)
    assert current_baseline([]) is None
