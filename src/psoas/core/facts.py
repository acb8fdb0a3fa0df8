"""The facts about a person that every surface tells: the bolster height, the tighter
side, pain and its change, adherence, and the PSFS change. Each is derived once, by its
own rule, and gathered here so every page, report, export and command says the same:

- bolster height: :func:`psoas.core.baseline.bolster_height` (003);
- tighter side: :func:`psoas.core.baseline.current_baseline` (003; the re-test after the
  release is never planned from);
- pain: :func:`psoas.core.pain.pain_change` (the app's own 2-point / 30 % rule and the
  three-week rise);
- adherence: :mod:`psoas.core.adherence` (a session done is one ended with most of its
  planned steps; planned only while a routine is in force);
- PSFS change: :func:`psoas.core.psfs.psfs_change` (Stratford et al. 1995, on the
  activities both answerings rated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psoas.core.adherence import Adherence
from psoas.core.bolster import BolsterHeight
from psoas.core.pain import PainChange, PainRating
from psoas.core.progress import HistorySummary
from psoas.core.psfs import PsfsChange
from psoas.core.units import format_length


@dataclass(frozen=True)
class PersonFacts:
    """The five facts, each from its one rule."""

    #: The bolster height the plan uses (None before any self-test).
    bolster: BolsterHeight | None
    #: The tighter side the plan uses, and the test that found it (None: even, or
    #: not known).
    tighter_side: str | None
    tighter_side_by: str | None
    #: The latest rating of the pain series, and its change from the first.
    pain_latest: PainRating | None
    pain: PainChange | None
    adherence: Adherence
    history: HistorySummary
    psfs: PsfsChange | None

    def lines(self) -> list[str]:
        """The facts in words, one line each, as every text surface prints them."""
        lines = []
        if self.bolster is None:
            lines.append("Bolster height: no self-test yet.")
        else:
            b = self.bolster
            lines.append(f"Bolster height: {format_length(b.cm)}, {b.said}.")
        if self.tighter_side:
            lines.append(f"Tighter side: {self.tighter_side}, from {self.tighter_side_by}.")
        elif self.bolster is not None:
            lines.append("Tighter side: none found.")
        if self.pain is not None:
            lines.append(f"Pain (0-10): {self.pain.sentence}.")
        elif self.pain_latest is not None:
            lines.append(f"Pain (0-10): {self.pain_latest.value}, rated once so far.")
        lines.append(
            f"Sessions: {self.history.words}. In the last {len(self.adherence.weeks)} weeks: "
            f"{self.adherence.words}."
        )
        if self.psfs is not None:
            lines.append(f"PSFS: {self.psfs.sentence}.")
        return lines

    def to_data(self) -> dict[str, Any]:
        """JSON-ready: the same values, for the API and the exports."""
        return {
            "bolster_height_cm": None if self.bolster is None else self.bolster.cm,
            "bolster": None if self.bolster is None else self.bolster.to_data(),
            "tighter_side": self.tighter_side,
            "tighter_side_by": self.tighter_side_by,
            "pain_latest": None if self.pain_latest is None else self.pain_latest.value,
            "pain": None if self.pain is None else self.pain.to_data(),
            "adherence": self.adherence.to_data(),
            "sessions": {
                "total": self.history.sessions,
                "done": self.history.done,
                "partly_done": self.history.partly_done,
                "rest_nights": self.history.rest_nights,
                "words": self.history.words,
            },
            "psfs": None if self.psfs is None else self.psfs.to_data(),
            "lines": self.lines(),
        }


__all__ = ["PersonFacts"]
