"""The full test is the baseline; check-ins replace only what they measured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.baseline import StoredTest, bolster_height, current_baseline
from psoas.core.bolster import starting_bolster_height_cm
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
    baseline = current_baseline(tests, starting_bolster_height_cm(catalog))
    assert baseline is not None
    now = baseline.answers
    assert (now.thighs_lift, now.lift_height_cm, now.tighter_side) == (True, 20, "left")
    assert now.back_gap == "fingers"
    assert now.signs == ("short_stride",)
    assert now.pain == 2
    findings = assess(now, catalog, measured=baseline.measured, bolster=baseline.bolster)
    assert findings.bolster_height_cm == 20
    assert findings.bolster_height_from_test
    bolster = next(r for r in findings.reasons if r.startswith("Bolster height"))
    assert "the self-test of 3 Nov" in bolster
    assert findings.tighter_side == "left"
    gap = next(r for r in findings.reasons if r.startswith("One side tighter"))
    assert "the check-in of 21 Nov" in gap


def test_newer_check_ins_win_field_by_field() -> None:
    """An even gap at a check-in clears the tighter side; a measured descent replaces
    the height; a re-test after the release changes nothing of the baseline."""
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
    assert later == baseline


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


def test_the_re_test_after_the_release_never_moves_the_tighter_side() -> None:
    """An even re-test after the release, or one naming the other side, leaves the
    tighter side the full test found; a check-in before the release moves it."""
    even_after = answers(thighs_lift=None, gap_even=True)
    other_after = answers(thighs_lift=None, gap_even=False, tighter_side="right")
    night = [DAY + timedelta(days=n, minutes=20) for n in range(4)]
    tests = [
        StoredTest(DAY, "check", FULL),
        StoredTest(night[1], "post", even_after),
        StoredTest(night[2], "post", other_after),
    ]
    baseline = current_baseline(tests)
    assert baseline is not None
    assert baseline.answers.tighter_side == "left"
    assert baseline.answers.back_gap == "hand"
    before = StoredTest(night[3], "pre", answers(thighs_lift=None, gap_even=True))
    moved = current_baseline([*tests, before])
    assert moved is not None
    assert moved.answers.tighter_side is None
    assert moved.measured["tighter_side"] == before.label


def _descent(day: int, phase: str, lifted: bool | None, height: float | None = None) -> StoredTest:
    return StoredTest(
        DAY + timedelta(days=day),
        phase,
        answers(thighs_lift=lifted, lift_height_cm=height, gap_even=None, back_gap=None),
    )


def test_a_descent_with_the_thighs_down_keeps_the_measured_height(catalog: Catalog) -> None:
    """13 cm or 18 cm measured, then a check-in whose thighs stayed down: the height
    stays 13 or 18 cm (never the 15 cm starting height), and says why."""
    starting = starting_bolster_height_cm(catalog)
    assert starting == 15
    for measured in (13.0, 18.0):
        tests = [_descent(0, "check", True, measured), _descent(5, "pre", False)]
        kept = bolster_height(tests, starting)
        assert (kept.cm, kept.source) == (measured, "kept")
        findings = assess(current_baseline(tests).answers, catalog, bolster=kept)  # type: ignore[union-attr]
        assert findings.bolster_height_cm == measured
        reason = next(r for r in findings.reasons if r.startswith("Bolster height"))
        assert "the self-test of 3 Nov" in reason
        assert "the check-in of 8 Nov your thighs stayed down" in reason
        assert "starting" not in reason


def test_the_bolster_rule_on_each_side_of_a_measurement(catalog: Catalog) -> None:
    """No height measured: the starting height; a newer measured height replaces the
    older one, lower or higher; a lift whose height was not noted keeps it; a re-test
    after the release never sets it; a newer full test with the thighs down keeps it."""
    starting = starting_bolster_height_cm(catalog)
    never = bolster_height([_descent(0, "check", False)], starting)
    assert (never.cm, never.source, never.from_test) == (starting, "starting", False)
    assert never.why_not == "your thighs stayed down"
    assert bolster_height([], starting).why_not == "the descent was not done"
    first = _descent(0, "check", True, 16)
    assert bolster_height([first], starting).source == "measured"
    for newer in (12.0, 19.0):
        found = bolster_height([first, _descent(2, "pre", True, newer)], starting)
        assert (found.cm, found.source) == (newer, "measured")
    unnoted = bolster_height([first, _descent(2, "pre", True)], starting)
    assert (unnoted.cm, unnoted.source) == (16, "kept")
    assert unnoted.why_not == "your thighs lifted but the height was not noted"
    after = bolster_height([first, _descent(2, "post", True, 9)], starting)
    assert (after.cm, after.source) == (16, "measured")
    full_again = bolster_height([first, _descent(9, "check", False)], starting)
    assert (full_again.cm, full_again.source) == (16, "kept")
