"""The lifecycle rules of a routine: when a chosen routine runs, and how names compare."""

from __future__ import annotations

from datetime import date

import pytest

from psoas.core.routine_lifecycle import RoutineState, check_may_run, runs_on, same_name
from psoas.exceptions import BadInput

DAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("status", "starts_on", "runs"),
    [
        ("own", None, True),
        ("accepted", None, True),
        ("accepted", DAY, True),  # its first day
        ("accepted", date(2026, 12, 8), False),  # a day early
        ("accepted", date(2026, 12, 6), True),
        ("offered", None, False),
        ("declined", None, False),
        ("archived", None, False),
    ],
)
def test_a_chosen_routine_runs_from_its_start_day_when_it_is_runnable(
    status: str, starts_on: date | None, runs: bool
) -> None:
    assert runs_on(status, starts_on, DAY) is runs


def test_an_offered_routine_must_be_accepted_before_it_runs() -> None:
    with pytest.raises(BadInput, match="accept it first"):
        check_may_run(RoutineState("Hips", "offered", 2, "Dr Ruiz", False))
    check_may_run(RoutineState("Hips", "accepted", 2, "Dr Ruiz", False))


def test_names_are_the_same_in_any_case_and_spacing_but_not_another_word() -> None:
    assert same_name("Été", "ÉTÉ")
    assert same_name("  evening   hips ", "Evening Hips")
    assert not same_name("Hips", "Hip")
    assert not same_name("Ete", "Été")  # accents are part of the name
