"""The session engine: a state machine that walks a person through a plan.

Time comes from an injected monotonic clock. Every phase has an absolute
deadline, and the next phase starts at the previous deadline rather than at the
moment the deadline was noticed, so a 10-minute hold lasts 10 minutes however
late or seldom :meth:`SessionEngine.tick` is called. The engine does no I/O: the
shell persists each :class:`StepResult` as the engine reports it.

Phases: ``lead_in`` (get ready), ``switch`` (change sides), ``hold`` (the timed
step), ``question`` (a test step waiting for answers), ``rating`` (discomfort
after the session) and ``finished``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from psoas.core.pauses import FIRST_LEAD_IN_S, LEAD_IN_S, SWITCH_S, Pauses, pause_before
from psoas.core.planner import PlanStep
from psoas.exceptions import BadInput

Phase = Literal["idle", "lead_in", "switch", "hold", "question", "rating", "finished"]
StepStatus = Literal["done", "skipped", "partial"]
EventKind = Literal[
    "lead_in", "hold_started", "switch", "question", "step_finished", "rating", "finished"
]
Clock = Callable[[], float]

EXTEND_S = 60.0
#: A hold runs at most this much longer than planned: an hour of "+1 minute" presses
#: (the app's own choice: no practice here is meant to be held for hours, so a longer
#: hold in a record is a mistake, not a session).
MOST_EXTRA_S = 3600


def longest_hold_s(planned_s: int) -> int:
    """The longest hold a step planned for ``planned_s`` seconds may record."""
    return planned_s + MOST_EXTRA_S


@dataclass(frozen=True)
class StepResult:
    """How one step ended; written to storage the moment it exists."""

    index: int
    step: PlanStep
    status: StepStatus
    seconds_held: int
    answers: dict[str, Any] | None = None


@dataclass(frozen=True)
class Event:
    """Something the shell should react to (a chime, a question, saving a result)."""

    kind: EventKind
    index: int
    result: StepResult | None = None


@dataclass(frozen=True)
class Snapshot:
    """What a display needs right now."""

    phase: Phase
    index: int
    step: PlanStep | None
    remaining_s: float
    phase_total_s: float
    paused: bool
    steps_total: int
    steps_finished: int
    plan_remaining_s: float


@dataclass
class SessionEngine:
    """Runs a plan's steps in order; ``finished`` lists step indexes already logged."""

    steps: Sequence[PlanStep]
    clock: Clock
    finished: Collection[int] = ()
    first_lead_in_s: float = FIRST_LEAD_IN_S
    lead_in_s: float = LEAD_IN_S
    switch_s: float = SWITCH_S
    #: A hold cut short last time, ``(index, left_s, total_s)``: it goes on from there.
    resume_hold: tuple[int, float, float] | None = None
    phase: Phase = "idle"
    index: int = -1
    results: list[StepResult] = field(default_factory=list)
    discomfort: int | None = None
    ended_early: bool = False
    _deadline: float = 0.0
    _phase_total: float = 0.0
    _hold_total: float = 0.0
    _paused_remaining: float | None = None

    # --- commands -----------------------------------------------------------------

    def set_bolster(self, height_cm: float) -> int:
        """Set the bolster height of every step still to come that uses a bolster (the
        test at the start of a session measured a new one); how many steps changed."""
        from dataclasses import replace

        steps = list(self.steps)
        changed = 0
        for i, step in enumerate(steps):
            later = i > self.index and i not in self.finished
            if later and step.bolster_height_cm is not None and step.bolster_height_cm != height_cm:
                steps[i] = replace(step, bolster_height_cm=height_cm)
                changed += 1
        self.steps = steps
        return changed

    def start(self) -> list[Event]:
        """Begin with the first step not yet finished."""
        if self.phase != "idle":
            raise BadInput("the session has already started")
        return self._enter_next(self.clock(), first=True)

    def tick(self) -> list[Event]:
        """Advance to the current time; returns what happened since the last call."""
        if self._paused_remaining is not None:
            return []
        now = self.clock()
        events: list[Event] = []
        while self.phase in ("lead_in", "switch", "hold") and now >= self._deadline:
            at = self._deadline
            if self.phase == "hold":
                events += self._finish(at, "done", round(self._hold_total))
            else:
                events += self._begin_hold(at)
        return events

    def pause(self) -> None:
        """Stop the clock for the current phase."""
        if self.phase in ("lead_in", "switch", "hold") and self._paused_remaining is None:
            self._paused_remaining = max(0.0, self._deadline - self.clock())

    def resume(self) -> None:
        """Start the clock again where it stopped."""
        if self._paused_remaining is not None:
            self._deadline = self.clock() + self._paused_remaining
            self._paused_remaining = None

    def toggle_pause(self) -> None:
        """Pause, or resume when paused."""
        if self._paused_remaining is None:
            self.pause()
        else:
            self.resume()

    def extend(self, seconds: float = EXTEND_S) -> None:
        """Add time to the current hold (+1 min by default), up to :func:`longest_hold_s`."""
        if self.phase != "hold":
            return
        step = self.steps[self.index]
        seconds = min(seconds, longest_hold_s(step.seconds) - self._hold_total)
        if seconds <= 0:
            return
        self._hold_total += seconds
        self._phase_total += seconds
        if self._paused_remaining is not None:
            self._paused_remaining += seconds
        else:
            self._deadline += seconds

    def skip(self) -> list[Event]:
        """Leave the current step and move on; time already held is kept."""
        if self.phase not in ("lead_in", "switch", "hold", "question"):
            return []
        now = self.clock()
        held = self._held(now) if self.phase == "hold" else 0
        self._paused_remaining = None
        return self._finish(now, "skipped", held)

    def answer(self, answers: dict[str, Any]) -> list[Event]:
        """Record a test step's answers (already validated by the shell) and move on."""
        if self.phase != "question":
            raise BadInput("no test question is waiting for answers")
        return self._finish(self.clock(), "done", 0, answers)

    def rate(self, discomfort: int | None) -> list[Event]:
        """The discomfort rating after the session (0–10), or None to leave it out."""
        if self.phase != "rating":
            raise BadInput("the session is not waiting for a rating")
        if discomfort is not None and not 0 <= discomfort <= 10:
            raise BadInput(f"discomfort must be 0 to 10, not {discomfort}")
        self.discomfort = discomfort
        self.phase = "finished"
        return [Event("finished", self.index)]

    def end(self) -> list[Event]:
        """End early: a hold in progress is kept as partial; nothing else is logged."""
        if self.phase in ("finished", "idle"):
            return []
        now = self.clock()
        events: list[Event] = []
        if self.phase == "hold":
            held = self._held(now)
            if held > 0:
                result = StepResult(self.index, self.steps[self.index], "partial", held)
                self.results.append(result)
                events.append(Event("step_finished", self.index, result))
        self._paused_remaining = None
        self.ended_early = True
        self.phase = "finished"
        events.append(Event("finished", self.index))
        return events

    # --- view ---------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        """True while the clock is stopped."""
        return self._paused_remaining is not None

    def remaining(self) -> float:
        """Seconds left in the current timed phase (0 outside one)."""
        if self.phase not in ("lead_in", "switch", "hold"):
            return 0.0
        if self._paused_remaining is not None:
            return self._paused_remaining
        return max(0.0, self._deadline - self.clock())

    def hold_state(self) -> dict[str, float] | None:
        """Where the hold under way stands, to keep for a resume; None outside a hold."""
        if self.phase != "hold":
            return None
        return {"index": self.index, "left_s": self.remaining(), "total_s": self._hold_total}

    def snapshot(self) -> Snapshot:
        """Everything a display shows, computed from the clock now."""
        remaining = self.remaining()
        ahead = [s for i, s in enumerate(self.steps) if i > self.index and i not in self.finished]
        pauses = Pauses(self.first_lead_in_s, self.lead_in_s, self.switch_s)
        current_step = self.steps[self.index] if 0 <= self.index < len(self.steps) else None
        # What is left includes the pauses still to come (psoas.core.pauses).
        later = sum(s.seconds for s in ahead) + sum(
            pause_before(before, s, pauses=pauses)[1]
            for before, s in zip([current_step, *ahead], ahead, strict=False)
        )
        current = remaining if self.phase == "hold" else 0.0
        if self.phase in ("lead_in", "switch") and 0 <= self.index < len(self.steps):
            current = remaining + self.steps[self.index].seconds
        done_now = {r.index for r in self.results}
        return Snapshot(
            phase=self.phase,
            index=self.index,
            step=self.steps[self.index] if 0 <= self.index < len(self.steps) else None,
            remaining_s=remaining,
            phase_total_s=self._phase_total,
            paused=self.paused,
            steps_total=len(self.steps),
            steps_finished=len(set(self.finished) | done_now),
            plan_remaining_s=current + later,
        )

    # --- internals ----------------------------------------------------------------

    def _held(self, now: float) -> int:
        remaining = (
            self._paused_remaining
            if self._paused_remaining is not None
            else max(0.0, self._deadline - now)
        )
        return round(self._hold_total - remaining)

    def _finish(
        self, at: float, status: StepStatus, held: int, answers: dict[str, Any] | None = None
    ) -> list[Event]:
        result = StepResult(self.index, self.steps[self.index], status, held, answers)
        self.results.append(result)
        return [Event("step_finished", self.index, result), *self._enter_next(at)]

    def _enter_next(self, at: float, first: bool = False) -> list[Event]:
        previous = self.steps[self.index] if 0 <= self.index < len(self.steps) else None
        self.index += 1
        while self.index < len(self.steps) and self.index in self.finished:
            self.index += 1
        if self.index >= len(self.steps):
            self.phase = "rating"
            return [Event("rating", self.index)]
        step = self.steps[self.index]
        if step.role in ("test", "retest"):
            self.phase = "question"
            return [Event("question", self.index)]
        pauses = Pauses(self.first_lead_in_s, self.lead_in_s, self.switch_s)
        # Between sets of strength work the lead-in is the rest (psoas.core.pauses).
        pause, length = pause_before(previous, step, first, pauses)
        self.phase = "switch" if pause == "switch" else "lead_in"
        self._deadline = at + length
        self._phase_total = length
        return [Event(self.phase, self.index)]

    def _begin_hold(self, at: float) -> list[Event]:
        step = self.steps[self.index]
        self.phase = "hold"
        total, left = float(step.seconds), float(step.seconds)
        if self.resume_hold is not None and self.resume_hold[0] == self.index:
            _, left, total = self.resume_hold
            left = min(left, total)
        self.resume_hold = None
        self._hold_total = total
        self._phase_total = total
        self._deadline = at + left
        return [Event("hold_started", self.index)]


__all__ = [
    "EXTEND_S",
    "FIRST_LEAD_IN_S",
    "LEAD_IN_S",
    "MOST_EXTRA_S",
    "SWITCH_S",
    "Event",
    "SessionEngine",
    "Snapshot",
    "StepResult",
    "longest_hold_s",
]
