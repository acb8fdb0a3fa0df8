"""Findings from the self-test: patterns, bolster height, safety, reasons."""

from __future__ import annotations

from typing import Any

import pytest

from psoas.catalog.model import Catalog
from psoas.catalog.vocabulary import RED_FLAG_IDS
from psoas.core.assessment import assess, parse_answers
from psoas.core.retest import compare_tests
from psoas.exceptions import BadInput
from tests.core.answers import NEUTRAL, answers


@pytest.mark.parametrize(
    ("changes", "patterns"),
    [
        ({}, ()),
        ({"thighs_flat": False}, ("hip_flexion",)),
        ({"thighs_lift": True}, ("hip_flexion",)),
        ({"back_gap": "hand"}, ("rib_thrust",)),
        ({"back_gap": "fingers"}, ()),
        ({"thighs_flat": False, "back_gap": "hand"}, ("hip_flexion", "rib_thrust")),
        ({"gap_even": False, "tighter_side": "left"}, ("one_side_tighter",)),
        ({"ribs_stick_out": True}, ("subtle",)),
        # Ribs rising alongside a big arch are part of the rib thrust, not a subtle pattern.
        ({"ribs_stick_out": True, "back_gap": "hand"}, ("rib_thrust",)),
        ({"ribs_stick_out": True, "thighs_flat": False}, ("hip_flexion",)),
        (
            {"thighs_lift": True, "back_gap": "hand", "gap_even": False, "tighter_side": "right"},
            ("hip_flexion", "rib_thrust", "one_side_tighter"),
        ),
    ],
)
def test_patterns(catalog: Catalog, changes: dict[str, Any], patterns: tuple[str, ...]) -> None:
    """Each check's answer leads to the pattern the articles give it."""
    assert assess(answers(**changes), catalog).patterns == patterns


def test_bolster_height_from_the_descent(catalog: Catalog) -> None:
    """When the thighs lifted at a noted height, that height is the bolster height."""
    findings = assess(answers(thighs_lift=True, lift_height_cm=24.5), catalog)
    assert findings.bolster_height_cm == 24.5
    assert findings.bolster_height_from_test


@pytest.mark.parametrize("changes", [{}, {"thighs_lift": True}])
def test_starting_bolster_height_is_in_the_13_to_20_cm_range(
    catalog: Catalog, changes: dict[str, Any]
) -> None:
    """Without a measured lift, the start height lies inside 13–20 cm (5–8 in)."""
    findings = assess(answers(**changes), catalog)
    assert 13 <= findings.bolster_height_cm <= 20
    assert not findings.bolster_height_from_test


@pytest.mark.parametrize("flag", RED_FLAG_IDS)
def test_every_red_flag_means_see_a_provider(catalog: Catalog, flag: str) -> None:
    """Any red flag sets see_provider and its tier; urgent ones give one message only."""
    findings = assess(answers(red_flags=[flag]), catalog)
    red_flag = catalog.red_flag(flag)
    assert red_flag is not None
    assert findings.see_provider
    assert findings.red_flags == (flag,)
    assert findings.tier == red_flag.tier
    if red_flag.tier == "urgent":
        assert len(findings.reasons) == 1
        assert red_flag.name.lower() in findings.reasons[0]
        assert "starts no session" in findings.reasons[0]
    else:
        advice = red_flag.advice.rstrip(".")
        assert any(advice in reason for reason in findings.reasons)


def test_no_red_flag_no_provider(catalog: Catalog) -> None:
    """Without red flags, no provider visit is asked for."""
    assert not assess(answers(), catalog).see_provider


def test_every_finding_has_a_reason(catalog: Catalog) -> None:
    """Each pattern comes with a plain-words reason naming it."""
    findings = assess(
        answers(thighs_flat=False, back_gap="hand", gap_even=False, tighter_side="left"), catalog
    )
    text = " ".join(findings.reasons)
    for words in ("Hip flexion", "Rib thrust", "left side arches more", "Bolster height"):
        assert words in text


def test_skipped_checks_give_no_patterns(catalog: Catalog) -> None:
    """Checks not done (null) say nothing, and the reasons say so."""
    skipped = dict.fromkeys(("thighs_lift", "thighs_flat", "back_gap", "gap_even"))
    findings = assess(answers(**skipped, ribs_stick_out=None, red_flags=["recent_strain"]), catalog)
    assert findings.patterns == ()
    assert any("not done" in r for r in findings.reasons)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pain": 11}, "pain"),
        ({"pain": -1}, "pain"),
        ({"pain": "a lot"}, "'pain'"),
        ({"back_gap": "fist"}, "'back_gap'"),
        ({"tighter_side": "middle", "gap_even": False}, "'tighter_side'"),
        ({"lift_height_cm": 150, "thighs_lift": True}, "lift_height_cm"),
        ({"lift_height_cm": 20}, "lift_height_cm"),
        ({"tighter_side": "left"}, "tighter_side"),
        ({"signs": ["sore_toe"]}, "'signs.0'"),
        ({"red_flags": ["headache"]}, "'red_flags.0'"),
        ({"red_flags": ["bruising", "bruising"]}, "red_flags"),
        ({"thighs_flat": "sometimes"}, "'thighs_flat'"),
        ({"colour": "blue"}, "'colour' is not a known field"),
    ],
)
def test_invalid_answers_name_the_field(changes: dict[str, Any], field: str) -> None:
    """Bad values are refused with a one-line message naming the field."""
    with pytest.raises(BadInput) as caught:
        parse_answers({**NEUTRAL, **changes})
    message = str(caught.value)
    assert field in message
    assert "\n" not in message


def test_missing_field_is_named() -> None:
    """A missing required answer is named."""
    data = dict(NEUTRAL)
    del data["back_gap"]
    with pytest.raises(BadInput, match="field 'back_gap' is required"):
        parse_answers(data)


def test_answers_must_be_an_object() -> None:
    """A JSON list or number is not an answer set."""
    with pytest.raises(BadInput, match="JSON object"):
        parse_answers([1, 2])


def test_the_lift_height_bound_is_what_the_descent_can_give() -> None:
    """The most the descent can give: the lower shoulder-blade tips sitting upright in
    the body model (plus room for taller people) is the bound answers are held to."""
    from psoas.catalog.model import FigurePose
    from psoas.core.assessment import MAX_LIFT_HEIGHT_CM
    from psoas.core.body import RADIUS, pose_body

    sitting = pose_body(FigurePose(tilt=0, hip=90)).points
    seat = sitting["hip"][1] - RADIUS["pelvis"]
    upright = sitting["scapula_tip"][1] - seat
    assert 45 < upright <= MAX_LIFT_HEIGHT_CM <= upright * 1.15


@pytest.mark.parametrize(
    ("height", "message"),
    [(0, "0 means the thighs did not lift"), (-3, "did not lift"), (58, "at most 57 cm")],
)
def test_impossible_lift_heights_are_refused(height: float, message: str) -> None:
    """0 (or less) means no lift; above the descent's reach is refused with the bound."""
    with pytest.raises(BadInput, match=message):
        parse_answers({**NEUTRAL, "thighs_lift": True, "lift_height_cm": height})
    assert (
        parse_answers({**NEUTRAL, "thighs_lift": True, "lift_height_cm": 57}).lift_height_cm == 57
    )


THIGHS, RIBS, EVEN = "Thighs resting on the floor", "Front ribs resting down", "Left and right even"
BETTER, WORSE = "better now.", "not as good as at the start."


@pytest.mark.parametrize(
    ("field", "was", "now", "line", "verdict"),
    [
        ("thighs_flat", False, True, f"{THIGHS}: {BETTER}", True),
        ("thighs_flat", True, False, f"{THIGHS}: {WORSE}", False),
        ("ribs_stick_out", True, False, f"{RIBS}: {BETTER}", True),
        ("ribs_stick_out", False, True, f"{RIBS}: {WORSE}", False),
        ("gap_even", False, True, f"{EVEN}: {BETTER}", True),
        ("back_gap", "hand", "pencil", "Back gap: hand → pencil (less arch).", True),
        ("back_gap", "pencil", "hand", "Back gap: pencil → hand (more arch).", False),
        ("pain", 5, 3, "Pain: 5 → 3.", True),
        ("pain", 3, 5, "Pain: 3 → 5.", False),
        ("thighs_flat", True, True, f"{THIGHS}: no change.", False),
    ],
)
def test_the_re_test_comparison_says_which_way_each_measure_moved(
    field: str, was: Any, now: Any, line: str, verdict: bool
) -> None:
    """Each measure in the right direction, and the verdict only when one got better."""
    lines = compare_tests(answers(**{field: was}), answers(**{field: now}))
    assert line in lines
    let_go = "The psoas has begun to let go." in lines
    assert let_go is verdict
    assert ("No change yet. Keep going: a full release can take months." in lines) is not verdict
