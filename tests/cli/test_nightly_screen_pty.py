"""Tonight's screen in a real terminal (a pty): two prompts, then the session starts."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time
from pathlib import Path

from tests.cli.test_entry_point import _psoas
from tests.cli.test_session_process import env_for, history, psoas
from tests.core.answers import NEUTRAL


class Terminal:
    """A process on a pseudo-terminal: wait for text, type lines and keys."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 60) -> None:
        """Read until ``text`` has appeared (fails with everything seen on timeout)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; the terminal showed:\n{self.seen}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the process closed the terminal
                    chunk = b""
                assert chunk, f"{text!r} never appeared before exit:\n{self.seen}"
                self.seen += chunk.decode(errors="replace")

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def wait(self, timeout: float = 60) -> int:
        """Drain the output until the process ends; its exit code."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096).decode(errors="replace")
                except OSError:
                    break
        code = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self.master)
        return code


def test_the_nightly_screen_in_a_terminal(tmp_path: Path) -> None:
    """Two answers ("none", pain 2) and the session is under way; both are stored with it."""
    env = {**env_for(tmp_path, "sqlite"), "TERM": "xterm", "COLUMNS": "100", "LINES": "40"}
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({**NEUTRAL, "red_flags": ["pregnancy"]}))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    terminal = Terminal([*_psoas(), "start", "--quiet", "--speed", "20"], env)
    terminal.expect("Tonight's check before you start")
    terminal.expect("Noted from your self-test, and still planned for: pregnancy.")
    terminal.expect("Numbers that apply")
    terminal.type("\r")  # an empty line is not an answer
    terminal.expect("type the numbers that apply, or none")
    terminal.type("none\r")
    terminal.expect("Pain (0-10):")
    terminal.type("2\r")
    terminal.expect("Press Enter to start the test, or s to skip it")
    assert "Roll-down self-test" in terminal.seen or "Test first" in terminal.seen
    terminal.type("s\r")
    terminal.expect("Incline release")  # pregnancy: the safer version, shown in the player
    terminal.expect("Stop if you feel faint")  # the stop line, in the player
    terminal.type("q")
    terminal.expect("END THE SESSION?")
    terminal.type("y")
    terminal.expect("Session ended early")
    assert terminal.wait() == 0, terminal.seen
    session = history(env)["sessions"][-1]
    assert session["status"] == "ended_early"
    exported = json.loads(psoas(env, "export").stdout)
    screen = exported["screens"][-1]
    assert screen["red_flags"] == []
    assert screen["pain"] == 2
    assert screen["session_uid"] == session["uid"]


def test_a_get_care_now_answer_in_a_terminal_starts_nothing(tmp_path: Path) -> None:
    """Typing an emergency answer shows the one message and ends with exit 1."""
    from psoas.catalog.loader import load_catalog

    env = {**env_for(tmp_path, "sqlite"), "TERM": "xterm"}
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(NEUTRAL))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    number = [f.id for f in load_catalog().asked_flags()].index("saddle_numbness") + 1
    terminal = Terminal([*_psoas(), "start", "--quiet"], env)
    terminal.expect("Numbers that apply")
    terminal.type(f"{number}\r")
    terminal.expect("Get medical care today: new numbness in the groin or saddle area")
    assert terminal.wait() == 1
    assert "No session was started" in terminal.seen
    assert "Pain (0-10)" not in terminal.seen
    assert history(env)["sessions"] == []
