"""Safety rules as tables: pain bands, tiers, the session flag, and tonight's screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.nightly import (
    needs_rescreen,
    parse_screen,
    plan_still_fits,
    tonight_answers,
)
from psoas.core.safety import (
    MODERATE_PAIN_FROM,
    PAIN_JUMP,
    SEVERE_PAIN_FROM,
    pain_band,
    session_flag,
    tier_of,
)
from psoas.exceptions import BadInput
from tests.core.answers import answers


@pytest.mark.parametrize(
    ("pain", "previous", "band"),
    [
        (0, None, "mild"),
        (3, None, "mild"),
        (4, None, "moderate"),
        (6, None, "moderate"),
        (7, None, "severe"),
        (10, None, "severe"),
        (3, 2, "mild"),  # one point up is noise
        (4, 2, "severe"),  # two points up, out of the mild band: a real rise
        (3, 1, "mild"),  # two points up but still mild: noted, the program stays open
        (2, 0, "mild"),
        (6, 5, "moderate"),
        (2, 6, "mild"),  # falling pain is never severe
        (8, 9, "severe"),  # high stays severe even when falling
    ],
)
def test_pain_bands(pain: int, previous: int | None, band: str) -> None:
    """The 0–10 rating itself decides the band, with the last rating for a quick rise."""
    assert pain_band(pain, previous) == band


def test_the_thresholds_are_the_documented_ones() -> None:
    """Severe from 7 or a 2-point rise; moderate from 4 (the README says so)."""
    assert (SEVERE_PAIN_FROM, PAIN_JUMP, MODERATE_PAIN_FROM) == (7, 2, 4)


@pytest.mark.parametrize(
    ("flags", "tier"),
    [
        ([], None),
        (["pregnancy"], "caution"),
        (["pregnancy", "bruising"], "stop"),
        (["hip_or_spine_condition", "night_pain"], "stop"),
        (["bruising", "saddle_numbness"], "urgent"),
        (["bladder_bowel_change"], "urgent"),
        (["worsening_leg_weakness", "pregnancy"], "urgent"),
    ],
)
def test_the_most_urgent_tier_wins(catalog: Catalog, flags: list[str], tier: str | None) -> None:
    """Several flags: the plan follows the most urgent one."""
    assert tier_of(flags, catalog) == tier
    assert assess(answers(red_flags=flags), catalog).tier == tier


@pytest.mark.parametrize(
    ("pre", "post", "discomfort", "flagged"),
    [
        (2, 3, None, None),
        (2, 4, None, "pain rose from 2 to 4 during the session"),
        (None, 9, None, None),
        (3, 3, 6, None),
        (3, 3, 7, "discomfort was 7/10 afterwards"),
        (1, 5, 8, "pain rose from 1 to 5 during the session and discomfort was 8/10 afterwards"),
    ],
)
def test_a_session_is_flagged_when_it_made_things_worse(
    pre: int | None, post: int | None, discomfort: int | None, flagged: str | None
) -> None:
    """Pain 2+ up from test to re-test, or discomfort 7+, flags the session."""
    assert session_flag(pre, post, discomfort) == flagged


def test_findings_never_state_a_diagnosis(catalog: Catalog) -> None:
    """Every pattern reason is hedged ("often a sign", "can mean"), never "so the psoas is"."""
    findings = assess(
        answers(thighs_lift=True, back_gap="hand", gap_even=False, tighter_side="left"), catalog
    )
    subtle = assess(answers(ribs_stick_out=True), catalog)
    pattern_reasons = [
        r
        for r in findings.reasons + subtle.reasons
        if r.split(":")[0] in ("Hip flexion", "Rib thrust", "One side tighter", "Subtle")
    ]
    assert len(pattern_reasons) == 4
    for reason in pattern_reasons:
        assert any(hedge in reason for hedge in ("often", "can mean")), reason
        assert "so tight psoas" not in reason
        assert "so the psoas" not in reason
    for check in catalog.require("sit-to-lie-test").checks:
        for answer in check.answers:
            if answer.pattern:
                assert "often" in answer.meaning, answer.meaning


def test_every_question_asks_one_thing(catalog: Catalog) -> None:
    """No "X, or Y not yet ruled out" questions; every asked flag has its own question."""
    for flag in catalog.asked_flags():
        assert flag.question
        assert "not yet" not in flag.question
        assert "ruled out" not in flag.question


def test_the_label_appears_once(catalog: Catalog) -> None:
    """A flag's advice never carries the "general safety advice" label twice."""
    for flag in catalog.red_flags:
        for text in (flag.labelled_advice, *assess(answers(red_flags=[flag.id]), catalog).reasons):
            assert text.lower().count("general safety advice") <= 1, text


def test_every_plannable_practice_says_what_to_feel_and_when_to_stop(catalog: Catalog) -> None:
    """Every practice that can be a step has one line to feel and one line to stop."""
    for practice in catalog.practices:
        if practice.kind != "habit" or practice.hold.min_s:
            assert practice.feel, practice.id
            stop = (practice.stop_if or "").lower()
            assert stop.startswith(("stop", "slow down", "sit back")), practice.id


def test_no_claim_of_how_soon_a_release_is_felt(catalog: Catalog) -> None:
    """No source says how soon a release is felt: no "after a few nights" or the like."""
    for practice in catalog.practices:
        text = " ".join((practice.purpose, *practice.steps, *practice.rationale)).lower()
        for claim in ("few nights", "few days", "within a week", "right away", "immediately"):
            assert claim not in text, (practice.id, claim)


def test_hip_flexor_resistance_cites_only_the_article_that_recommends_it(catalog: Catalog) -> None:
    """001 recommends resistance work for the flexors; 002 says isolation work does not help."""
    assert catalog.require("hip-flexor-resistance").sources == ("001",)


def test_squat_pain_is_tied_to_weakness_as_001_says(catalog: Catalog) -> None:
    """001 reads squat pain as hip-flexor weakness, and the catalog says the same."""
    squats = " ".join(catalog.require("squats").rationale).lower()
    assert "weak hip flexors" in squats
    sign = next(f for f in catalog.background.signs if f.id == "squat_pain")
    assert "weak hip flexors" in sign.text


def test_the_psoas_point_stays_out_of_the_groin_crease(catalog: Catalog) -> None:
    """The psoas point is above the groin crease, just inside the hip bone, with a pulse warning."""
    massage = catalog.require("psoas-point-ball-massage")
    where = massage.steps[0].lower()
    assert "just inside" in where
    assert "above the crease" in where
    assert "never in the crease" in where
    assert "pulse" in (massage.stop_if or "")


# --- tonight's screen -----------------------------------------------------------------


def test_tonight_replaces_passing_flags_and_pain_but_keeps_conditions(catalog: Catalog) -> None:
    """The screen's flags and pain are tonight's; pregnancy from the test stands."""
    test = answers(pain=2, red_flags=["pregnancy", "bruising"])
    screen = parse_screen({"red_flags": ["night_pain"], "pain": 5}, catalog)
    tonight = tonight_answers(test, screen, catalog)
    assert tonight.pain == 5
    assert set(tonight.red_flags) == {"night_pain", "pregnancy"}
    assert tonight_answers(test, None, catalog) == test


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"red_flags": []}, "pain"),
        ({"red_flags": [], "pain": 11}, "pain"),
        ({"red_flags": ["sore_toe"], "pain": 2}, "red_flags"),
        ({"red_flags": ["severe_pain"], "pain": 2}, "worked out from the pain rating"),
        ({"red_flags": ["bruising", "bruising"], "pain": 2}, "twice"),
        ({"red_flags": [], "pain": 2, "mood": "fine"}, "mood"),
    ],
)
def test_a_bad_screen_is_bad_input(catalog: Catalog, data: object, message: str) -> None:
    """Every malformed screen is a BadInput naming what is wrong."""
    with pytest.raises(BadInput, match=message):
        parse_screen(data, catalog)


def test_resuming_the_next_day_asks_again() -> None:
    """A session resumed 12 hours or more after it started is another night."""
    start = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
    assert not needs_rescreen(start, start + timedelta(hours=2))
    assert needs_rescreen(start, start + timedelta(hours=12))
    assert plan_still_fits(["bolster-release"], {"bolster-release", "sit-to-lie-test"})
    assert not plan_still_fits(["squats"], {"bolster-release"})


def test_every_pair_of_flags_follows_the_more_urgent_one(catalog: Catalog) -> None:
    """All pairs of asked flags: urgent starts nothing, stop is rest only, caution is safer."""
    from itertools import combinations

    from psoas.core.planner import PlanChoices, build_plan

    order = {"urgent": 0, "stop": 1, "caution": 2}
    flags = catalog.asked_flags()
    for first, second in combinations(flags, 2):
        expected = min((first.tier, second.tier), key=order.__getitem__)
        findings = assess(answers(red_flags=[first.id, second.id]), catalog)
        plan = build_plan(catalog, findings, "full", None, PlanChoices(massage=True))
        assert plan.tier == expected, (first.id, second.id)
        if expected == "urgent":
            assert plan.steps == ()
        elif expected == "stop":
            assert {s.kind for s in plan.steps} == {"position"}
        else:
            assert not any(s.kind == "massage" for s in plan.steps)
