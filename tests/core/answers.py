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


def calm_history(nights: int = 3, pain: int = 1, days_ago: int = 1) -> dict[str, Any]:
    """An importable export with ``nights`` finished sessions, one a day ending
    ``days_ago`` days ago, each opened by a check-in with ``pain``: enough record for
    strength to be ready (three calm sessions in a row)."""
    from datetime import UTC, datetime, timedelta

    last = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
    sessions, tests = [], []
    for n in range(nights):
        start = last - timedelta(days=nights - 1 - n)
        uid = f"calm-{n}-{start:%Y%m%d}"
        sessions.append(
            {
                "uid": uid,
                "routine": "bedtime",
                "started_at": start.isoformat(),
                "ended_at": (start + timedelta(minutes=20)).isoformat(),
                "status": "finished",
            }
        )
        pre = {**NEUTRAL, "thighs_lift": None, "pain": pain}
        tests.append(
            {
                "uid": f"{uid}-pre",
                "taken_at": start.isoformat(),
                "phase": "pre",
                "session_uid": uid,
                "answers": pre,
            }
        )
    return {"format": "psoas-export", "version": 1, "sessions": sessions, "tests": tests}
