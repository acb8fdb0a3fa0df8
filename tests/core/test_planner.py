"""The planner's rules, each from the articles, as table-driven and property-based tests."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas.catalog.loader import load_catalog
from psoas.catalog.model import Catalog
from psoas.catalog.vocabulary import RED_FLAG_IDS
from psoas.core.assessment import SIGNS, Answers, assess
from psoas.core.planner import ROUTINES, SPECS, Plan, build_plan
from psoas.exceptions import BadInput
from tests.core.answers import answers

STOP_FLAGS = {"bruising", "swelling", "recent_strain", "severe_pain", "numbness"}


def plan_for(
    catalog: Catalog, routine: str = "bedtime", minutes: float | None = None, **changes: Any
) -> Plan:
    """The plan for neutral answers with ``changes``."""
    return build_plan(catalog, assess(answers(**changes), catalog), routine, minutes)  # type: ignore[arg-type]


def ids(plan: Plan) -> list[str]:
    return [step.id for step in plan.steps]


@pytest.mark.parametrize("routine", ["bedtime", "full"])
def test_test_first_and_retest_last(catalog: Catalog, routine: str) -> None:
    """Bedtime and full routines open with the test and close with the re-test."""
    plan = plan_for(catalog, routine)
    assert (plan.steps[0].id, plan.steps[0].role) == ("sit-to-lie-test", "test")
    assert (plan.steps[-1].id, plan.steps[-1].role) == ("sit-to-lie-test", "retest")


def test_full_orders_release_massage_stretch_strength(catalog: Catalog) -> None:
    """Release before massage before stretching before strength."""
    kinds = [s.kind for s in plan_for(catalog, "full").steps if s.role == "practice"]
    order = ["release", "massage", "stretch", "strength"]
    assert kinds == sorted(kinds, key=order.index)
    assert set(kinds) == set(order)


def test_bedtime_is_calm_and_says_no_entertainment(catalog: Catalog) -> None:
    """Bedtime keeps to calm releases and notes the no-podcast, no-TV rule."""
    plan = plan_for(catalog, "bedtime")
    assert ids(plan) == [
        "sit-to-lie-test",
        "bolster-release",
        "pelvis-block-release",
        "sit-to-lie-test",
    ]
    assert any("podcast" in note for note in plan.notes)


def test_bolster_release_carries_the_persons_height(catalog: Catalog) -> None:
    """The bolster-release step says how high to set the bolster."""
    plan = plan_for(catalog, thighs_lift=True, lift_height_cm=23)
    bolster = next(s for s in plan.steps if s.id == "bolster-release")
    assert bolster.bolster_height_cm == 23
    assert all(s.bolster_height_cm is None for s in plan.steps if s.id != "bolster-release")


def test_tighter_side_gets_more_time(catalog: Catalog) -> None:
    """One side tighter: each per-side stretch gives that side more seconds."""
    plan = plan_for(catalog, "full", gap_even=False, tighter_side="right")
    stretches = [s for s in plan.steps if s.kind == "stretch" and s.side]
    assert stretches
    by_id: dict[str, dict[str, int]] = {}
    for step in stretches:
        by_id.setdefault(step.id, {})[step.side or ""] = step.seconds
    for sides in by_id.values():
        assert sides["right"] > sides["left"]


def test_even_sides_get_equal_time(catalog: Catalog) -> None:
    """Without a tighter side both sides get the same time."""
    plan = plan_for(catalog, "full")
    pairs: dict[str, set[int]] = {}
    for step in plan.steps:
        if step.side:
            pairs.setdefault(step.id, set()).add(step.seconds)
    assert pairs
    assert all(len(seconds) == 1 for seconds in pairs.values())


@pytest.mark.parametrize("pain", [4, 7, 10])
def test_pain_above_3_means_no_strength_yet(catalog: Catalog, pain: int) -> None:
    """Strength waits until pain has eased to 3 or less, and the plan says why."""
    plan = plan_for(catalog, "full", pain=pain)
    assert "strength" not in {s.kind for s in plan.steps}
    assert any("No strength work yet" in n for n in plan.notes)
    assert "strength" in {s.kind for s in plan_for(catalog, "full", pain=3).steps}


@pytest.mark.parametrize("flag", sorted(STOP_FLAGS))
def test_stop_flags_leave_only_rest_positions(catalog: Catalog, flag: str) -> None:
    """Bruising, swelling, a fresh strain, severe pain or numbness: rest positions only."""
    for routine in ROUTINES:
        plan = plan_for(catalog, routine, red_flags=[flag])
        assert plan.see_provider
        assert plan.warnings
        assert "healthcare provider" in plan.warnings[0]
        assert plan.steps
        assert {s.kind for s in plan.steps} == {"position"}
        assert "knee-to-chest-position" not in ids(plan)


def test_hip_or_spine_condition_removes_ball_massage(catalog: Catalog) -> None:
    """A known hip or spine problem: no ball massage, the rest stays."""
    plan = plan_for(catalog, "full", red_flags=["hip_or_spine_condition"])
    assert plan.see_provider
    assert "massage" not in {s.kind for s in plan.steps}
    assert "stretch" in {s.kind for s in plan.steps}


def test_pregnancy_removes_face_down_work_and_massage(catalog: Catalog) -> None:
    """Pregnancy: nothing lying face down, no massage."""
    plan = plan_for(catalog, "full", red_flags=["pregnancy"])
    prone = {p.id for p in catalog.practices if p.prone}
    assert not prone & set(ids(plan))
    assert "massage" not in {s.kind for s in plan.steps}
    assert "lunge-hip-flexor-stretch" in ids(plan)
    assert "healthcare provider" in plan.warnings[0]


def test_desk_break_has_no_floor_work(catalog: Catalog) -> None:
    """A desk break happens at or beside the desk: no floor, bed or gym practices."""
    plan = plan_for(catalog, "desk-break")
    assert plan.steps[0].id == "sitting-breaks"
    for step in plan.steps:
        assert catalog.require(step.id).setting in ("desk", "standing")


def test_pre_walk_releases_first_and_ends_with_the_walk_note(catalog: Catalog) -> None:
    """Before a walk: release, then a standing stretch; the plan ends by sending you out."""
    plan = plan_for(catalog, "pre-walk")
    assert plan.steps[0].id == "bolster-release"
    assert "walk" in plan.notes[-1]


def test_budget_drops_practices_not_release_minutes(catalog: Catalog) -> None:
    """A tight budget drops practices; a release is never cut below 5 minutes."""
    plan = plan_for(catalog, "bedtime", minutes=8)
    assert plan.total_seconds <= 8 * 60
    assert ids(plan) == ["sit-to-lie-test", "bolster-release", "sit-to-lie-test"]
    assert plan.steps[1].seconds >= 300


def test_budget_too_small_for_one_release_is_bad_input(catalog: Catalog) -> None:
    """A budget that cannot hold even one release is an error, not an empty plan."""
    with pytest.raises(BadInput, match=r"too short for the bedtime routine.*7 min"):
        plan_for(catalog, "bedtime", minutes=5)
    with pytest.raises(BadInput, match="too short for the pre-walk routine"):
        plan_for(catalog, "pre-walk", minutes=4)


def test_budget_is_used_but_not_exceeded(catalog: Catalog) -> None:
    """With more time, more of the program fits, always within the budget."""
    short = plan_for(catalog, "full", minutes=15)
    long = plan_for(catalog, "full", minutes=30)
    assert short.total_seconds <= 15 * 60
    assert long.total_seconds <= 30 * 60
    assert len(long.steps) > len(short.steps)


def test_plan_json_contract(catalog: Catalog) -> None:
    """The JSON plan has the documented keys; bolster height only on its step."""
    data = plan_for(catalog, "bedtime").to_data()
    assert {"routine", "total_seconds", "steps", "warnings"} <= set(data)
    assert data["total_seconds"] == sum(s["seconds"] for s in data["steps"])
    for step in data["steps"]:
        assert {"id", "kind", "seconds", "side"} <= set(step)
    bolster = next(s for s in data["steps"] if s["id"] == "bolster-release")
    assert "bolster_height_cm" in bolster


# --- property-based: any valid answers give a plan that keeps every rule -------------

CATALOG = load_catalog()
heights = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))


@st.composite
def any_answers(draw: st.DrawFn) -> Answers:
    """Every valid combination of answers, including skipped checks."""
    maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731
    thighs_lift = draw(maybe(st.booleans()))
    gap_even = draw(maybe(st.booleans()))
    return answers(
        thighs_lift=thighs_lift,
        lift_height_cm=draw(heights) if thighs_lift is not False else None,
        thighs_flat=draw(maybe(st.booleans())),
        back_gap=draw(maybe(st.sampled_from(["pencil", "fingers", "hand"]))),
        gap_even=gap_even,
        tighter_side=draw(maybe(st.sampled_from(["left", "right"])))
        if gap_even is not True
        else None,
        ribs_stick_out=draw(maybe(st.booleans())),
        pain=draw(st.integers(0, 10)),
        signs=draw(st.lists(st.sampled_from(SIGNS), unique=True)),
        red_flags=draw(st.lists(st.sampled_from(RED_FLAG_IDS), unique=True, max_size=3)),
    )


@settings(max_examples=300, deadline=None)
@given(
    given_answers=any_answers(),
    routine=st.sampled_from(ROUTINES),
    minutes=st.one_of(st.none(), st.integers(1, 90)),
)
def test_every_plan_keeps_every_rule(
    given_answers: Answers, routine: str, minutes: int | None
) -> None:
    """Ordering, minimums, budget and red-flag rules hold for any valid answers."""
    catalog = CATALOG
    findings = assess(given_answers, catalog)
    try:
        plan = build_plan(catalog, findings, routine, minutes)  # type: ignore[arg-type]
    except BadInput as exc:
        message = str(exc)
        assert minutes is not None, "only a budget can make a plan impossible"
        assert "too short" in message
        return
    flags = set(given_answers.red_flags)
    steps = plan.steps
    practices = [catalog.require(s.id) for s in steps]
    assert steps, "never an empty plan"
    if minutes is not None:
        assert plan.total_seconds <= minutes * 60
    # Red flags: provider first, a warning per flag.
    assert plan.see_provider == bool(flags)
    assert len(plan.warnings) == len(flags)
    if flags & STOP_FLAGS:
        assert {p.kind for p in practices} == {"position"}
        return
    # Ordering and tests.
    order = SPECS[routine].order  # type: ignore[index]
    kinds = [s.kind for s in steps if s.role == "practice"]
    assert kinds == sorted(kinds, key=order.index)
    if SPECS[routine].with_tests:  # type: ignore[index]
        assert steps[0].role == "test"
        assert steps[-1].role == "retest"
    for step, practice in zip(steps, practices, strict=True):
        assert step.seconds >= practice.hold.min_s
        if practice.kind == "release":
            assert step.seconds >= 300
        if practice.id == "bolster-release":
            assert step.bolster_height_cm == findings.bolster_height_cm
        assert not flags & set(practice.contraindications)
        if "pregnancy" in flags:
            assert not practice.prone
            assert practice.kind != "massage"
        if "hip_or_spine_condition" in flags:
            assert practice.kind != "massage"
        if given_answers.pain > 3:
            assert practice.kind != "strength"
        if routine == "bedtime":
            assert practice.intensity == "calm"
        if routine == "desk-break":
            assert practice.setting in ("desk", "standing")
    assert "release" in kinds or routine == "desk-break"
    # Per-side practices come as a left/right pair, the tighter side never shorter.
    sided: dict[str, dict[str, int]] = {}
    for step in steps:
        if step.side:
            sided.setdefault(step.id, {})[step.side] = step.seconds
    for sides in sided.values():
        assert set(sides) == {"left", "right"}
        if findings.tighter_side:
            other = "left" if findings.tighter_side == "right" else "right"
            assert sides[findings.tighter_side] >= sides[other]
