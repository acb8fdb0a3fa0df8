"""Honest totals: a plan's stated length is how long the session engine runs it, with
the get-ready, side-switch and rest pauses; and a time budget holds them too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psoas.catalog.model import Catalog
from psoas.core.pauses import Pauses, pause_before, pauses_total
from psoas.core.plan_types import Plan, PlanChoices
from psoas.core.progression import Night, progression
from psoas.core.session import SessionEngine
from tests.core.test_planner import plan_for
from tests.core.test_progression import DAY0


def run_time(plan: Plan) -> float:
    """Run ``plan`` in the engine on a fake clock; a test takes its step's own seconds."""
    now = [0.0]
    engine = SessionEngine(plan.steps, lambda: now[0])
    engine.start()
    while engine.phase not in ("rating", "finished"):
        if engine.phase == "question":
            now[0] += plan.steps[engine.index].seconds
            engine.answer({})
        else:
            now[0] += 0.5
            engine.tick()
    return now[0]


def with_sets(catalog: Catalog) -> Plan:
    """A full plan on a calm record: strength dosed as sets with rests between."""
    record = [Night(DAY0 + timedelta(days=i), True, 1, strength_done=True) for i in range(20)]
    dose = progression(record, DAY0 + timedelta(days=20), first_test=DAY0)
    plan = plan_for(catalog, "full", choices=PlanChoices(progression=dose))
    assert any(step.rest_before_s for step in plan.steps)
    return plan


@pytest.mark.parametrize("routine", ["bedtime", "pre-walk", "desk-break", "full"])
def test_the_stated_total_is_the_time_the_session_runs(catalog: Catalog, routine: str) -> None:
    plan = plan_for(catalog, routine)
    assert plan.pause_seconds > 0
    assert plan.total_seconds == plan.hold_seconds + plan.pause_seconds
    assert run_time(plan) == pytest.approx(plan.total_seconds, abs=0.5)


def test_rests_between_sets_count_too(catalog: Catalog) -> None:
    plan = with_sets(catalog)
    assert run_time(plan) == pytest.approx(plan.total_seconds, abs=0.5)


@pytest.mark.parametrize("minutes", [8, 12, 20, 30])
def test_a_time_budget_holds_the_pauses(catalog: Catalog, minutes: int) -> None:
    """Asked for N minutes, the session really ends within N minutes."""
    for plan in (plan_for(catalog, "full", minutes), plan_for(catalog, "bedtime", minutes)):
        assert plan.total_seconds <= minutes * 60
        assert run_time(plan) <= minutes * 60


def test_the_pause_rules(catalog: Catalog) -> None:
    """Longer at the start and after a test, a switch between sides, none for a test."""
    steps = plan_for(catalog, "full").steps
    assert pause_before(None, steps[0], first=True) == ("none", 0.0)
    assert pause_before(steps[0], steps[1]) == ("lead_in", 10.0)
    sided = next(i for i, s in enumerate(steps) if s.side == "left" and i > 0)
    assert steps[sided + 1].side == "right"
    assert pause_before(steps[sided], steps[sided + 1]) == ("switch", 5.0)
    assert pauses_total(steps, Pauses(0, 0, 0)) == 0
