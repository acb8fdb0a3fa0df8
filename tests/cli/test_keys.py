"""The terminal's keys, on a real pseudo-terminal: a key counts only when it comes
alone, so a pasted line never skips steps or ends a session."""

from __future__ import annotations

import os
import pty

from psoas.cli.keys import KeyReader


def test_a_key_alone_counts_and_a_burst_is_dropped_whole() -> None:
    """'p' typed alone is a key; 'ssssssssssq' arriving at once (a paste) is nothing,
    and none of its bytes is left over for the next poll; an arrow key's escape
    sequence is nothing either."""
    main, child = pty.openpty()
    try:
        with KeyReader(child) as reader:
            os.write(main, b"p")
            assert reader.poll(1.0) == "p"
            os.write(main, b"ssssssssssq")
            assert reader.poll(1.0) is None
            assert reader.poll(0.05) is None
            os.write(main, b"\x1b[A")
            assert reader.poll(1.0) is None
            os.write(main, b"s")
            assert reader.poll(1.0) == "s"
    finally:
        os.close(main)
        os.close(child)
