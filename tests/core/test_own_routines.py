"""A routine of the person's own: parsing against the catalog, and tonight's safety rules."""

from __future__ import annotations

from typing import Any

import pytest

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.own_plan import NOTHING_LEFT, REST_ONLY, build_own_plan
from psoas.core.own_routines import OwnRoutine, parse_routine
from psoas.core.planner import PlanChoices
from psoas.exceptions import BadInput
from tests.core.answers import answers

ROUTINE: dict[str, Any] = {
    "name": "Evening with Sam",
    "note": "Slowly, and breathe out on the way down.",
    "items": [
        {"practice": "bolster-release", "hold_s": 420},
        {"practice": "lunge-hip-flexor-stretch", "hold_s": 60, "side": "left", "note": "Soft knee"},
        {"practice": "squats", "sets": 3, "reps": 10, "hold_s": 40},
        {"practice": "prone-press-up"},
    ],
}


def own(catalog: Catalog, data: dict[str, Any] | None = None) -> OwnRoutine:
    return parse_routine(data or ROUTINE, catalog)


def plan_for(catalog: Catalog, data: dict[str, Any] | None = None, **changes: Any) -> Any:
    choices = changes.pop("choices", None)
    findings = assess(answers(**changes), catalog)
    return build_own_plan(catalog, findings, own(catalog, data), choices, routine_uid="r1")


def test_the_routine_runs_as_written_between_test_and_retest(catalog: Catalog) -> None:
    """Order, holds, one side, sets × reps and the notes are the author's; the test comes
    first and the re-test last; the plan carries the routine's name and id."""
    plan = plan_for(catalog)
    assert (plan.routine, plan.title, plan.routine_uid) == ("own", "Evening with Sam", "r1")
    first, last = plan.steps[0], plan.steps[-1]
    assert (first.id, first.role, last.id, last.role) == (
        "sit-to-lie-test",
        "test",
        "sit-to-lie-test",
        "retest",
    )
    press_up = catalog.require("prone-press-up").hold.default_s
    middle = [(s.id, s.side, s.seconds, s.set_no, s.reps, s.note) for s in plan.steps[1:-1]]
    assert middle == [
        ("bolster-release", None, 420, None, None, None),
        ("lunge-hip-flexor-stretch", "left", 60, None, None, "Soft knee"),
        ("squats", None, 40, 1, 10, None),
        ("squats", None, 40, 2, 10, None),
        ("squats", None, 40, 3, 10, None),
        ("prone-press-up", None, press_up, None, None, None),
    ]
    assert plan.notes == ("Slowly, and breathe out on the way down.",)
    data = plan.to_data()
    assert data["title"] == "Evening with Sam"
    assert data["steps"][2]["note"] == "Soft knee"


def test_without_tests_the_routine_is_only_its_practices(catalog: Catalog) -> None:
    plan = plan_for(catalog, {**ROUTINE, "with_tests": False})
    assert "sit-to-lie-test" not in [s.id for s in plan.steps]


def test_a_caution_flag_puts_the_safer_version_in_place_and_says_why(catalog: Catalog) -> None:
    """Pregnancy: the bolster release becomes the incline release, the press-up (face
    down, back bent) is left out with its reason, the test becomes the roll-down test,
    and the plan warns to check with a provider."""
    plan = plan_for(catalog, red_flags=["pregnancy"])
    ids = [s.id for s in plan.steps]
    assert "bolster-release" not in ids
    assert "incline-release" in ids
    incline = next(s for s in plan.steps if s.id == "incline-release")
    assert incline.instead_of == "bolster-release"
    assert "Instead of the bolster release" in incline.why
    assert "prone-press-up" in [item.id for item in plan.left_out]
    assert ids[0] == "roll-down-test"
    assert plan.see_provider
    assert plan.warnings


def test_a_stop_flag_gives_rest_in_gentle_positions(catalog: Catalog) -> None:
    plan = plan_for(catalog, red_flags=["night_pain"])
    assert plan.rest_only
    assert {s.kind for s in plan.steps} == {"position"}
    assert plan.notes[0] == NOTHING_LEFT.format(name="Evening with Sam")
    assert {item.reason for item in plan.left_out} == {REST_ONLY}
    assert len(plan.left_out) == len(ROUTINE["items"])


def test_an_urgent_answer_starts_nothing(catalog: Catalog) -> None:
    plan = plan_for(catalog, red_flags=["saddle_numbness"])
    assert plan.urgent
    assert plan.steps == ()
    assert plan.title == "Evening with Sam"


def test_pain_leaves_strength_out(catalog: Catalog) -> None:
    """Pain on its own 0-10 scale changes the plan: at 5, strength waits (002)."""
    plan = plan_for(catalog, pain=5)
    assert "squats" not in [s.id for s in plan.steps]
    assert "squats" in [item.id for item in plan.left_out]


def test_after_a_flagged_session_only_releases_and_positions_stay(catalog: Catalog) -> None:
    plan = plan_for(catalog, choices=PlanChoices(step_back="pain rose 3 points"))
    kinds = {s.kind for s in plan.steps if s.role == "practice"}
    assert kinds == {"release"}
    assert plan.step_back == "pain rose 3 points"


def test_when_nothing_is_left_gentle_positions_fill_the_gap(catalog: Catalog) -> None:
    """A routine of strength only, with pain at 5: not a plan of nothing."""
    data = {"name": "Strong", "items": [{"practice": "squats"}, {"practice": "deadlifts"}]}
    plan = plan_for(catalog, data, pain=5)
    assert plan.rest_only
    assert plan.steps
    assert {item.id for item in plan.left_out} == {"squats", "deadlifts"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "  "}, "give it a name"),
        ({"items": []}, "1 to 30 practices"),
        ({"items": [{"practice": "bolster-relase"}]}, "did you mean: bolster-release"),
        ({"items": [{"practice": "sit-to-lie-test"}]}, "added first and last by itself"),
        ({"items": [{"practice": "bolster-release", "hold_s": 60}]}, "needs at least 300 s"),
        ({"items": [{"practice": "bolster-release", "sets": 2}]}, "sets and reps are for strength"),
        ({"items": [{"practice": "squats", "reps": 0}]}, "reps must be 1 to 50"),
        ({"items": [{"practice": "prone-press-up", "side": "left"}]}, "not done on one side"),
        ({"items": [{"practice": "squats", "weight": 5}]}, "'items.0.weight' is not a known"),
        ({"name": "x\x1b[2J"}, "control characters"),
        ({"items": [{"practice": "squats", "hold_s": 99999}]}, "hold_s must be 5 to 3600"),
    ],
)
def test_bad_routines_are_refused_in_one_line(
    catalog: Catalog, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(BadInput, match=message.replace("(", r"\(")):
        parse_routine({**ROUTINE, **change}, catalog)


def test_a_routine_round_trips_through_its_json(catalog: Catalog) -> None:
    routine = own(catalog)
    assert parse_routine(routine.to_data(), catalog) == routine


def test_every_dose_matches_its_steps(catalog: Catalog) -> None:
    """A strength practice done for a time (its steps: a brisk walk) is never dosed in
    sets and reps, by the app or in a routine of one's own; one done in repetitions is."""
    from psoas.core.assessment import assess
    from psoas.core.planner import PlanChoices, build_plan
    from psoas.core.progression import progression
    from tests.core.answers import answers

    glute = catalog.require("glute-core-strength")
    assert glute.dosed_in == "time"
    assert "brisk walk" in " ".join(glute.steps)
    assert catalog.require("squats").dosed_in == "reps"
    with pytest.raises(BadInput, match="done for a time"):
        parse_routine(
            {"name": "x", "items": [{"practice": "glute-core-strength", "reps": 8}]}, catalog
        )
    from datetime import date, timedelta

    from psoas.core.progression import Night

    day = date(2026, 11, 1)
    calm = [Night(day + timedelta(days=n), True, 1, strength_done=True) for n in range(40)]
    dose = progression(calm, day + timedelta(days=40))
    plan = build_plan(
        catalog, assess(answers(), catalog), "full", None, PlanChoices(progression=dose)
    )
    steps = {s.id: s for s in plan.steps}
    assert steps["glute-core-strength"].reps is None
    assert steps["glute-core-strength"].seconds == glute.hold.default_s
    assert steps["squats"].reps == dose.dose.reps
    for practice in catalog.practices:
        if practice.dosed_in == "reps":
            assert practice.kind == "strength", practice.id
