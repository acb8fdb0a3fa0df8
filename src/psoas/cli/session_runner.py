"""A guided session in the terminal: countdown, cues, chimes, keys, saving as it goes.

The :class:`~psoas.core.session.SessionEngine` decides what happens when; this
shell shows it, rings the chimes, asks the test questions and writes every
finished step to the database the moment the engine reports it, so a session
killed at any point can be resumed with nothing done lost.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from psoas.catalog.model import Catalog
from psoas.cli.bigdigits import big, clock_text
from psoas.cli.chime import ChimeKind
from psoas.core.assessment import Answers
from psoas.core.planner import TEST_ID
from psoas.core.session import Event, SessionEngine
from psoas.core.units import format_duration, format_length
from psoas.exceptions import BadInput
from psoas.store.database import Database

#: How often the display refreshes and keys are read, in seconds of real time.
POLL_S = 0.1
#: Seconds between notes of where the hold stands (for a resume after a crash).
KEEP_EVERY_S = 1.0
#: A new cue is shown every this many seconds of a hold.
CUE_EVERY_S = 20
KEYS_HELP = "p pause/resume · s skip · + one more minute · q end the session"
#: What the display says while it asks whether ``q`` meant to end the session.
CONFIRM_END = "End the session? y ends it; any other key goes on."


class Reader(Protocol):
    """Where keys and answer lines come from."""

    def poll(self, timeout: float) -> str | None: ...

    def read_line(self, prompt: str) -> str: ...


class InputEnded(BadInput):
    """The answers ran out before the session did (a closed pipe or terminal)."""

    def __init__(self) -> None:
        super().__init__(
            "input ended before the session did; every finished step is saved, "
            "and `psoas resume` carries on"
        )


def scaled_clock(speed: float) -> Callable[[], float]:
    """A monotonic clock running ``speed`` times faster (for demos and tests)."""
    base = time.monotonic()
    return lambda: base + (time.monotonic() - base) * speed


@dataclass
class TerminalSession:
    """Runs one session to its end (or until interrupted), saving as it goes."""

    catalog: Catalog
    db: Database
    session_id: int
    profile: int
    engine: SessionEngine
    reader: Reader
    chime: Callable[[ChimeKind], None]
    #: Tonight's red flags, kept with the session's test answers.
    red_flags: tuple[str, ...] = ()
    #: Pain from tonight's screen, used for the test at the start (not asked twice).
    pain_now: int | None = None
    #: How many times faster than real time the engine's clock runs.
    speed: float = 1.0
    live: bool = field(default_factory=lambda: sys.stdout.isatty())
    tests: dict[str, Answers] = field(default_factory=dict)
    #: Steps written before a resume, with how each ended, for honest counts.
    earlier: dict[int, str] = field(default_factory=dict)
    _display: Any = None
    _kept_at: float = 0.0
    #: True while asking whether to end the session (after ``q``); whether the clock
    #: was paused already when it was asked.
    _confirming: bool = False
    _was_paused: bool = False

    def run(self) -> None:
        """Drive the engine until the session is finished."""
        try:
            self._handle(self.engine.start())
            while self.engine.phase != "finished":
                if self.engine.phase == "question":
                    self._ask_test()
                elif self.engine.phase == "rating":
                    self._ask_rating()
                else:
                    key = self.reader.poll(self._wait())
                    if key:
                        self._on_key(key)
                    self._handle(self.engine.tick())
                    self._keep_progress(force=bool(key))
                    self._render()
        except KeyboardInterrupt:
            self._stop_display()
            print("\nStopped. Every finished step is saved: `psoas resume` carries on.")
            raise
        finally:
            self._stop_display()

    def _wait(self) -> float:
        """Real seconds to wait for a key: the refresh period, or less to wake on time."""
        due = self.engine.remaining() / self.speed
        return max(0.001, min(POLL_S, due)) if due > 0 else POLL_S

    # --- keys and events ----------------------------------------------------------

    def _on_key(self, key: str) -> None:
        key = key.lower()
        if self._confirming:
            # The clock stood still while asking; "y" ends, anything else goes on.
            self._confirming = False
            if key == "y":
                self._handle(self.engine.end())
                return
            if not self._was_paused:
                self.engine.toggle_pause()
            self._say("Going on.")
            return
        if key in ("p", " "):
            self.engine.toggle_pause()
        elif key == "s":
            self._handle(self.engine.skip())
        elif key in ("+", "e", "="):
            self.engine.extend()
        elif key == "q":
            # Asked first: a stray q (or one in a paste) must not end a session.
            self._confirming = True
            self._was_paused = self.engine.snapshot().paused
            if not self._was_paused:
                self.engine.toggle_pause()
            self._say(CONFIRM_END)

    def _handle(self, events: list[Event]) -> None:
        for event in events:
            step = self.engine.steps[event.index] if event.index < len(self.engine.steps) else None
            if event.kind == "step_finished" and event.result is not None:
                self._save_step(event)
            elif event.kind == "hold_started" and step is not None:
                self.chime("start")
                practice = self.catalog.require(step.id)
                self._say(f"Hold {clock_text(step.seconds)}: {self._label(step)}")
                self._say("  " + "  ·  ".join(practice.cues))
                for line in sensation_lines(practice):
                    self._say(f"  {line}")
            elif event.kind == "switch" and step is not None:
                self.chime("switch")
                self._say(f"Switch sides: {step.side} side next")
            elif event.kind == "lead_in" and step is not None:
                lead = "Rest, then" if step.rest_before_s else "Get ready:"
                self._say(f"{lead} {self._label(step)}{self._setup(step)}")
            elif event.kind == "rating":
                self.chime("end")
            elif event.kind == "finished":
                self._finish()

    def _keep_progress(self, force: bool = False) -> None:
        """Write where the hold stands about once a second (at once after a key), so a
        killed process resumes with the time that was left."""
        from psoas.usecases.sessions import keep_hold

        state = self.engine.hold_state()
        now = time.monotonic()
        if state is None or (not force and now - self._kept_at < KEEP_EVERY_S):
            return
        self._kept_at = now
        with self.db.session() as db:
            keep_hold(db, self.session_id, state)

    def _save_step(self, event: Event) -> None:
        from psoas.usecases.sessions import keep_hold, save_step

        result = event.result
        assert result is not None
        step = result.step
        steps = [s.to_data() for s in self.engine.steps]
        with self.db.session() as db:
            save_step(db, self.session_id, steps, result.index, result.status, result.seconds_held)
            keep_hold(db, self.session_id, None)
        if step.role == "practice":
            held = format_duration(result.seconds_held)
            self._say(f"{result.status.capitalize()}: {self._label(step)} ({held})")

    # --- questions ----------------------------------------------------------------

    def _read(self, prompt: str) -> str:
        try:
            return self.reader.read_line(prompt)
        except EOFError:
            raise InputEnded from None

    def _ask_test(self) -> None:
        from psoas.cli.check_prompts import TEST_FIELDS, ask_pain, ask_test
        from psoas.usecases.sessions import session_test

        self._stop_display()
        step = self.engine.steps[self.engine.index]
        phase = "pre" if step.role == "test" else "post"
        title = "Test first" if phase == "pre" else "Re-test: what changed?"
        print(f"\n== {title} (type s to skip) ==")
        first = self._read("Press Enter to start the test, or s to skip it: ")
        if first.strip().lower() == "s":
            self._handle(self.engine.skip())
            return
        values: dict[str, Any] = dict.fromkeys(TEST_FIELDS)
        values.update(ask_test(self.catalog, self._read, descent=step.id == TEST_ID))
        if phase == "pre" and self.pain_now is not None:
            values["pain"] = self.pain_now
            print(f"Pain now: {self.pain_now}/10, from tonight's screen.")
        else:
            values["pain"] = ask_pain(self._read)
        values["red_flags"] = list(self.red_flags)
        with self.db.session() as db:
            done = session_test(db, self.profile, self.catalog, self.session_id, phase, values)
        self.tests[phase] = done.answers
        if done.bolster_cm is not None and self.engine.set_bolster(done.bolster_cm):
            print(f"Tonight's bolster: {format_length(done.bolster_cm)}, from this test.")
        if done.compared:
            print("\nCompared with the start:")
            for line in done.compared:
                print(f"  - {line}")
        self._handle(self.engine.answer(done.answers.to_data()))

    def _ask_rating(self) -> None:
        self._stop_display()

        def parse(text: str) -> int | None:
            text = text.strip()
            if not text:
                return None
            if text.isdigit() and 0 <= int(text) <= 10:
                return int(text)
            raise ValueError("type 0 to 10, or press Enter to leave it out")

        while True:
            try:
                raw = self.reader.read_line("\nAny discomfort now? 0 (none) to 10, Enter to skip: ")
            except EOFError:
                raw = ""
            try:
                rating = parse(raw)
            except ValueError as exc:
                print(f"  {exc}")
                continue
            break
        self._handle(self.engine.rate(rating))

    def _finish(self) -> None:
        from psoas.usecases.sessions import finish

        status = "ended_early" if self.engine.ended_early else "finished"
        with self.db.session() as db:
            finish(db, self.profile, self.session_id, status, self.engine.discomfort)
        results = self.engine.results
        statuses = [*self.earlier.values(), *(r.status for r in results)]
        done = statuses.count("done")
        skipped = statuses.count("skipped")
        held = sum(r.seconds_held for r in results)
        self._stop_display()
        verdict = "Session ended early" if self.engine.ended_early else "Session complete"
        earlier = (
            " (counting the steps saved before it was resumed)" if self.engine.finished else ""
        )
        print(
            f"\n{verdict}: {done} of {len(self.engine.steps)} steps done{earlier}, "
            f"{skipped} skipped, {format_duration(held)} held just now. "
            "See `psoas history` and `psoas progress`."
        )

    # --- display ------------------------------------------------------------------

    def _label(self, step: Any) -> str:
        label = "Re-test" if step.role == "retest" else step.name
        if step.sets:
            label += f", set {step.set_no} of {step.sets}: {step.reps} reps"
        if step.side:
            label += f", {step.side} side"
        return label

    def _setup(self, step: Any) -> str:
        """The step's setting-up line: bolster height and props."""
        practice = self.catalog.require(step.id)
        parts = []
        if step.bolster_height_cm is not None:
            parts.append(f"bolster {format_length(step.bolster_height_cm)}")
        if practice.props:
            parts.append("props: " + ", ".join(practice.props))
        return f" ({'; '.join(parts)})" if parts else ""

    def _say(self, text: str) -> None:
        if not self.live:
            print(text, flush=True)

    def _stop_display(self) -> None:
        if self._display is not None:
            self._display.stop()
            self._display = None

    def _render(self) -> None:
        if not self.live or self.engine.phase not in ("lead_in", "switch", "hold"):
            return
        if self._display is None:
            from rich.live import Live

            # The whole terminal while a step runs (the alternate screen): nothing is left
            # behind when it stops, however short the terminal.
            self._display = Live(self._panel(), refresh_per_second=8, transient=True, screen=True)
            self._display.start()
        else:
            self._display.update(self._panel())

    def _panel(self) -> Any:
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        snap = self.engine.snapshot()
        step = snap.step
        assert step is not None
        practice = self.catalog.require(step.id)
        heading = {"lead_in": "GET READY", "switch": "SWITCH SIDES", "hold": "HOLD"}[snap.phase]
        if snap.phase == "lead_in" and step.rest_before_s:
            heading = "REST"
        elif snap.phase == "hold" and step.sets:
            heading = "GO"
        if snap.paused:
            heading = "PAUSED"
        if self._confirming:
            heading = "END THE SESSION?"
        elapsed = snap.phase_total_s - snap.remaining_s
        cue = practice.cues[int(elapsed // CUE_EVERY_S) % len(practice.cues)]
        setup = self._setup(step).strip(" ()")
        body = [
            Text(f"{heading} · {self._label(step)}", style="bold dark_orange"),
            Text(""),
            Text(big(clock_text(snap.remaining_s)), style="bold orange3"),
            Text(""),
            Text(cue, style="bold"),
            *(Text(line, style="dim") for line in sensation_lines(practice)),
        ]
        if setup:
            body.append(Text(setup, style="dim"))
        body += [
            Text(""),
            Text(_bar(elapsed / max(snap.phase_total_s, 1)), style="orange3"),
            Text(
                f"step {snap.index + 1} of {snap.steps_total} · "
                f"{clock_text(snap.plan_remaining_s)} left in the session",
                style="dim",
            ),
            Text(
                CONFIRM_END if self._confirming else KEYS_HELP,
                style="bold" if self._confirming else "dim",
            ),
        ]
        return Panel(Group(*body), border_style="grey37", padding=(1, 2))


def sensation_lines(practice: Any) -> list[str]:
    """ "Feel: ..." and "Stop if ..." for a practice, when it has them."""
    lines = []
    if practice.feel:
        lines.append(f"Feel: {practice.feel}")
    if practice.stop_if:
        lines.append(practice.stop_if)
    return lines


def _bar(fraction: float, width: int = 40) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


__all__ = ["POLL_S", "TerminalSession", "scaled_clock"]
