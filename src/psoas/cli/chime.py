"""Soft chimes at the start of a hold, at a side switch and at the end.

With an audio player on the machine (``paplay``, ``pw-play``, ``aplay`` or
``afplay``) a gentle bell made here as a WAV file is played; otherwise the
terminal bell rings. ``--quiet`` silences both.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import sys
import wave
from pathlib import Path
from typing import Literal

ChimeKind = Literal["start", "switch", "end"]
PLAYERS = ("paplay", "pw-play", "aplay", "afplay")
RATE = 22050
#: Notes of each chime (Hz): one for a start, two for a switch, three falling for the end.
NOTES: dict[ChimeKind, tuple[float, ...]] = {
    "start": (660.0,),
    "switch": (660.0, 880.0),
    "end": (880.0, 660.0, 523.25),
}


def chime_samples(notes: tuple[float, ...], note_s: float = 0.45) -> list[int]:
    """16-bit samples of soft bell notes: a sine with a quick rise and a long decay."""
    samples: list[int] = []
    per_note = int(RATE * note_s)
    for frequency in notes:
        for i in range(per_note):
            t = i / RATE
            envelope = min(1.0, t / 0.01) * math.exp(-6.0 * t)
            samples.append(int(0.25 * 32767 * envelope * math.sin(2 * math.pi * frequency * t)))
    return samples


def write_chime(path: Path, kind: ChimeKind) -> Path:
    """Write the chime as a mono WAV file (once; later calls reuse it)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        samples = chime_samples(NOTES[kind])
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


class Chime:
    """Plays chimes without blocking the timer."""

    def __init__(self, cache_dir: Path, quiet: bool = False) -> None:
        self.quiet = quiet
        self.cache_dir = cache_dir
        self.player = next((p for p in PLAYERS if shutil.which(p)), None)
        self.rung: list[ChimeKind] = []

    def __call__(self, kind: ChimeKind) -> None:
        if self.quiet:
            return
        self.rung.append(kind)
        if self.player:
            try:
                sound = write_chime(self.cache_dir / f"chime-{kind}.wav", kind)
                subprocess.Popen(
                    [self.player, str(sound)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    stdin=subprocess.DEVNULL,
                )
                return
            except OSError:
                pass
        if sys.stdout.isatty():
            sys.stdout.write("\a")
            sys.stdout.flush()
