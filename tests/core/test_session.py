"""The session engine, driven by a fake clock: lead-in, holds, sides, pause, skip, extend."""

from __future__ import annotations

import pytest

from psoas.core.planner import PlanStep
from psoas.core.session import SessionEngine
from psoas.exceptions import BadInput


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def step(id: str, seconds: int, side: str | None = None, role: str = "practice") -> PlanStep:
    return PlanStep(id=id, kind="stretch", name=id, seconds=seconds, side=side, role=role, why="")  # type: ignore[arg-type]


PLAN = [
    step("sit-to-lie-test", 120, role="test"),
    step("bolster-release", 600),
    step("lunge", 45, "left"),
    step("lunge", 45, "right"),
    step("sit-to-lie-test", 120, role="retest"),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def kinds(events: list) -> list[str]:  # type: ignore[type-arg]
    return [e.kind for e in events]


def test_full_run(clock: FakeClock) -> None:
    """Test question, lead-in, hold, switch sides, re-test, rating: every step logged done."""
    engine = SessionEngine(PLAN, clock)
    assert kinds(engine.start()) == ["question"]
    events = engine.answer({"pain": 2})
    assert kinds(events) == ["step_finished", "lead_in"]
    assert events[0].result is not None
    assert events[0].result.answers == {"pain": 2}
    clock.advance(10)  # first lead-in
    assert kinds(engine.tick()) == ["hold_started"]
    assert engine.remaining() == pytest.approx(600)
    clock.advance(600)
    assert kinds(engine.tick()) == ["step_finished", "lead_in"]
    clock.advance(5 + 45)
    assert kinds(engine.tick()) == ["hold_started", "step_finished", "switch"]
    clock.advance(5)
    assert kinds(engine.tick()) == ["hold_started"]
    clock.advance(45)
    assert kinds(engine.tick()) == ["step_finished", "question"]
    assert kinds(engine.answer({"pain": 1})) == ["step_finished", "rating"]
    assert kinds(engine.rate(1)) == ["finished"]
    assert [(r.index, r.status, r.seconds_held) for r in engine.results] == [
        (0, "done", 0),
        (1, "done", 600),
        (2, "done", 45),
        (3, "done", 45),
        (4, "done", 0),
    ]
    assert engine.discomfort == 1


def test_late_ticks_do_not_drift(clock: FakeClock) -> None:
    """Ticking late or rarely never shifts the schedule: phases chain on their deadlines."""
    engine = SessionEngine(PLAN[1:4], clock)
    engine.start()
    clock.advance(10 + 600 + 5 + 45 + 5 + 44.5)  # one very late tick, half a second short
    events = engine.tick()
    assert kinds(events) == [
        "hold_started",
        "step_finished",
        "lead_in",
        "hold_started",
        "step_finished",
        "switch",
        "hold_started",
    ]
    assert engine.remaining() == pytest.approx(0.5)


def test_many_small_ticks_add_up_exactly(clock: FakeClock) -> None:
    """A 10-minute hold ticked every 0.25 s ends exactly at 600 s after it began."""
    engine = SessionEngine([step("bolster-release", 600)], clock, first_lead_in_s=0)
    engine.start()
    engine.tick()
    started = clock.now
    finished_at = None
    while finished_at is None:
        clock.advance(0.25)
        if "step_finished" in kinds(engine.tick()):
            finished_at = clock.now
    assert finished_at - started == pytest.approx(600)


def test_pause_stops_the_clock(clock: FakeClock) -> None:
    """Paused time does not count; resuming continues where it stopped."""
    engine = SessionEngine(PLAN[1:2], clock, first_lead_in_s=0)
    engine.start()
    engine.tick()
    clock.advance(100)
    engine.pause()
    clock.advance(1000)
    assert engine.tick() == []
    assert engine.remaining() == pytest.approx(500)
    engine.toggle_pause()
    clock.advance(499)
    assert engine.tick() == []
    clock.advance(1)
    assert kinds(engine.tick()) == ["step_finished", "rating"]
    assert engine.results[0].seconds_held == 600


def test_extend_adds_a_minute(clock: FakeClock) -> None:
    """+1 min lengthens the hold and is counted as held."""
    engine = SessionEngine(PLAN[1:2], clock, first_lead_in_s=0)
    engine.start()
    engine.tick()
    engine.extend()
    clock.advance(600)
    assert engine.tick() == []
    clock.advance(60)
    engine.tick()
    assert engine.results[0].seconds_held == 660


def test_extend_while_paused(clock: FakeClock) -> None:
    """Extending a paused hold adds to what is left."""
    engine = SessionEngine(PLAN[1:2], clock, first_lead_in_s=0)
    engine.start()
    engine.tick()
    engine.pause()
    engine.extend(30)
    assert engine.remaining() == pytest.approx(630)


def test_skip_keeps_time_held(clock: FakeClock) -> None:
    """Skipping mid-hold logs the step as skipped with the seconds actually held."""
    engine = SessionEngine(PLAN[1:3], clock, first_lead_in_s=0)
    engine.start()
    engine.tick()
    clock.advance(200)
    events = engine.skip()
    assert kinds(events) == ["step_finished", "lead_in"]
    assert (engine.results[0].status, engine.results[0].seconds_held) == ("skipped", 200)


def test_skip_during_lead_in_holds_nothing(clock: FakeClock) -> None:
    """Skipping before the hold begins logs zero seconds."""
    engine = SessionEngine(PLAN[1:3], clock)
    engine.start()
    engine.skip()
    assert (engine.results[0].status, engine.results[0].seconds_held) == ("skipped", 0)


def test_skip_a_test_question(clock: FakeClock) -> None:
    """A test can be skipped too."""
    engine = SessionEngine(PLAN, clock)
    engine.start()
    engine.skip()
    assert engine.results[0].status == "skipped"
    assert engine.phase == "lead_in"


def test_end_early_keeps_the_partial_hold(clock: FakeClock) -> None:
    """Ending mid-hold keeps that hold as partial and finishes the session."""
    engine = SessionEngine(PLAN[1:3], clock, first_lead_in_s=0)
    engine.start()
    engine.tick()
    clock.advance(90)
    events = engine.end()
    assert kinds(events) == ["step_finished", "finished"]
    assert (engine.results[0].status, engine.results[0].seconds_held) == ("partial", 90)
    assert engine.ended_early
    assert engine.tick() == []


def test_resume_starts_at_the_first_unfinished_step(clock: FakeClock) -> None:
    """Steps already logged are passed over when a session is resumed."""
    engine = SessionEngine(PLAN, clock, finished={0, 1})
    events = engine.start()
    assert kinds(events) == ["lead_in"]
    assert engine.index == 2
    assert engine.snapshot().steps_finished == 2


def test_resume_with_everything_done_goes_to_rating(clock: FakeClock) -> None:
    """A session killed after its last step only needs the rating."""
    engine = SessionEngine(PLAN, clock, finished=set(range(len(PLAN))))
    assert kinds(engine.start()) == ["rating"]


def test_snapshot_counts_down_the_plan(clock: FakeClock) -> None:
    """The display's numbers come from the clock: step and plan time remaining, with the
    lead-in and the side switch still to come."""
    engine = SessionEngine(PLAN[1:4], clock, first_lead_in_s=0)
    engine.start()
    engine.tick()
    clock.advance(100)
    snap = engine.snapshot()
    assert snap.phase == "hold"
    assert snap.remaining_s == pytest.approx(500)
    assert snap.plan_remaining_s == pytest.approx(500 + 5 + 45 + 5 + 45)
    assert snap.steps_total == 3


def test_bad_commands_are_refused(clock: FakeClock) -> None:
    """Answers with no question waiting, or a rating out of range, are bad input."""
    engine = SessionEngine(PLAN[1:2], clock, first_lead_in_s=0)
    engine.start()
    with pytest.raises(BadInput):
        engine.answer({})
    with pytest.raises(BadInput):
        engine.rate(3)
    engine.skip()
    with pytest.raises(BadInput):
        engine.rate(11)
    with pytest.raises(BadInput):
        engine.start()


def test_a_new_bolster_height_changes_only_the_steps_to_come() -> None:
    """The test at the start measured a new height: later bolster steps take it."""
    from psoas.core.planner import PlanStep
    from psoas.core.session import SessionEngine

    def step(index: int, bolster: float | None) -> PlanStep:
        return PlanStep(f"s{index}", "release", "Step", 60, None, "practice", "", bolster)

    engine = SessionEngine([step(0, 15.0), step(1, 15.0), step(2, None)], lambda: 0.0)
    engine.index = 0
    assert engine.set_bolster(22.0) == 1
    assert [s.bolster_height_cm for s in engine.steps] == [15.0, 22.0, None]
    assert engine.set_bolster(22.0) == 0


def test_a_resumed_hold_goes_on_with_the_time_it_had_left(clock: FakeClock) -> None:
    """The engine resumes the cut-short hold at its remaining time, +1 min included, and
    counts the whole hold as held when it ends; other steps run at their own length."""
    plan = PLAN[1:4]
    engine = SessionEngine(plan, clock, first_lead_in_s=0, resume_hold=(0, 100.0, 660.0))
    engine.start()
    engine.tick()
    assert engine.hold_state() == {"index": 0, "left_s": 100.0, "total_s": 660.0}
    clock.advance(100)
    events = engine.tick()
    finished = [e.result for e in events if e.kind == "step_finished"]
    assert finished[0] is not None
    assert finished[0].seconds_held == 660
    clock.advance(engine.lead_in_s)
    engine.tick()
    assert engine.hold_state() == {"index": 1, "left_s": 45.0, "total_s": 45.0}
