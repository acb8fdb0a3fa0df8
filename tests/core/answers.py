"""Building answers for tests: a neutral base plus the changes a test cares about."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psoas.core.assessment import Answers, parse_answers

NEUTRAL: dict[str, Any] = {
    "thighs_lift": False,
    "lift_height_cm": None,
    "thighs_flat": True,
    "back_gap": "pencil",
    "gap_even": True,
    "tighter_side": None,
    "ribs_stick_out": False,
    "pain": 0,
    "signs": [],
    "red_flags": [],
}


def answers(**changes: Any) -> Answers:
    """Neutral answers (no pattern, no pain, no flags) with ``changes`` applied."""
    return parse_answers({**NEUTRAL, **changes})


def write_answers(folder: Path, **changes: Any) -> str:
    """Neutral answers with ``changes``, written as ``answers.json`` in ``folder``; its path."""
    path = folder / "answers.json"
    path.write_text(json.dumps({**NEUTRAL, **changes}))
    return str(path)
