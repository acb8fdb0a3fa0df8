"""Tonight's screen: the red flags and the pain rating, asked before every session.

A screen answered in week one does not describe a person in week six, so every
session starts by asking again. Conditions that last (the caution tier, such as
pregnancy) stand from the self-test until a newer test changes them; everything
that comes and goes (the urgent and stop tiers) and the pain are tonight's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, ClassVar

from psoas.catalog.model import Catalog
from psoas.catalog.vocabulary import RedFlagId
from psoas.core.assessment import Answers
from psoas.exceptions import BadInput
from psoas.validation import validate_as

#: A session resumed this long after it started belongs to another night, so the
#: screen is asked again. The app's own choice: a session resumed later the same
#: evening keeps its screen, one picked up the next day does not.
RESCREEN_AFTER = timedelta(hours=12)


@dataclass(frozen=True)
class Screen:
    """Tonight's answers: which red flags apply, and pain now on the 0–10 scale."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    red_flags: tuple[RedFlagId, ...]
    pain: int

    def __post_init__(self) -> None:
        if not 0 <= self.pain <= 10:
            raise ValueError(f"pain must be 0 to 10, not {self.pain}")
        if len(set(self.red_flags)) != len(self.red_flags):
            raise ValueError("red_flags lists the same flag twice")

    def to_data(self) -> dict[str, Any]:
        """JSON-ready, as stored with the session and exported."""
        return {"red_flags": list(self.red_flags), "pain": self.pain}


def parse_screen(data: Any, catalog: Catalog) -> Screen:
    """Validate tonight's screen; raises :class:`BadInput` naming the field.

    Only flags the person is asked may be given: severe pain, for one, is worked
    out from the pain rating.
    """
    if not isinstance(data, dict):
        raise BadInput("tonight's screen must be a JSON object with red_flags and pain")
    screen = validate_as(Screen, data, "tonight's screen", BadInput)
    asked = {f.id for f in catalog.asked_flags()}
    for flag_id in screen.red_flags:
        if flag_id not in asked:
            raise BadInput(
                f"tonight's screen: field 'red_flags' cannot list {flag_id!r}; "
                "it is worked out from the pain rating"
            )
    return screen


def standing_flags(answers: Answers, catalog: Catalog) -> tuple[RedFlagId, ...]:
    """The test's flags that last from night to night (the caution tier)."""
    flags = (catalog.red_flag(f) for f in answers.red_flags)
    return tuple(f.id for f in flags if f is not None and f.tier == "caution")


def tonight_answers(answers: Answers, screen: Screen | None, catalog: Catalog) -> Answers:
    """The latest test's answers with tonight's red flags and pain in place."""
    if screen is None:
        return answers
    flags = list(screen.red_flags)
    flags += [f for f in standing_flags(answers, catalog) if f not in flags]
    return replace(answers, red_flags=tuple(flags), pain=screen.pain)


def needs_rescreen(started_at: datetime, now: datetime) -> bool:
    """True when a session being resumed started long enough ago to be another night."""
    return now - started_at >= RESCREEN_AFTER


def plan_still_fits(remaining_ids: list[str], tonight_ids: set[str]) -> bool:
    """True when every step left to do is still in tonight's plan (so it may go on)."""
    return all(step_id in tonight_ids for step_id in remaining_ids)


__all__ = [
    "RESCREEN_AFTER",
    "Screen",
    "needs_rescreen",
    "parse_screen",
    "plan_still_fits",
    "standing_flags",
    "tonight_answers",
]
