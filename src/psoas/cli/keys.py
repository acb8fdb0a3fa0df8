"""Keys and lines from the terminal without blocking the timer.

In a terminal, single key presses are read in cbreak mode (no Enter needed). A key
counts only when it comes alone: a burst of bytes at once (a paste, an arrow key's
escape sequence) is read and dropped whole, so pasted text never skips steps or ends a
session. From a pipe, only whole lines are read, and only when a question asks for
one, so answers piped in for a script are never mistaken for key presses.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from types import TracebackType
from typing import Any

#: How many bytes one read takes: a key is one; anything more at once is a burst.
BURST_READ = 4096


def _exit_on_signal(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


class KeyReader:
    """Reads key presses and answer lines from one file descriptor."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self.interactive = os.isatty(self.fd)
        self._saved: Any = None
        self._buffer = b""
        self._eof = False

    def __enter__(self) -> KeyReader:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM) exits through the
        # normal clean-up, so the terminal is restored; saved steps are already saved.
        for signum in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(signum, _exit_on_signal)
        if self.interactive:
            import termios
            import tty

            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._restore()

    def _restore(self) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def poll(self, timeout: float) -> str | None:
        """A key pressed alone within ``timeout`` seconds, or None: nothing pressed, a
        burst of several bytes at once (dropped whole), or a pipe (always None)."""
        if not self.interactive or self._eof:
            select.select([], [], [], timeout)
            return None
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, BURST_READ)
        if not data:
            self._eof = True
            return None
        burst = len(data) > 1
        while select.select([self.fd], [], [], 0)[0]:  # the rest of a long paste
            more = os.read(self.fd, BURST_READ)
            if not more:
                self._eof = True
                break
            burst = True
        if burst:
            return None
        return data.decode(errors="ignore")

    def read_line(self, prompt: str) -> str:
        """One line of input after ``prompt``; raises EOFError at the end of input."""
        sys.stdout.write(prompt)
        sys.stdout.flush()
        if self.interactive:
            self._restore()
            try:
                return input()
            finally:
                import tty

                tty.setcbreak(self.fd)
        while b"\n" not in self._buffer:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                if self._buffer:
                    break
                raise EOFError
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        print()
        return line.decode(errors="replace")
