"""Building answers for tests: a neutral base plus the changes a test cares about."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
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


def logged_release(start: datetime, **changes: Any) -> dict[str, Any]:
    """An exported step: the first step of a session started at ``start``, a 10-minute
    bolster release held in full (``changes`` override any field)."""
    return {
        "index": 0,
        "practice_id": "bolster-release",
        "role": "practice",
        "status": "done",
        "planned_seconds": 600,
        "seconds_held": 600,
        "ended_at": (start + timedelta(minutes=12)).isoformat(),
        **changes,
    }


def calm_history(nights: int = 3, pain: int = 1, days_ago: int = 1) -> dict[str, Any]:
    """An importable export with ``nights`` finished sessions, one a day ending
    ``days_ago`` days ago, each opened by a check-in with ``pain`` and its one step (a
    10-minute bolster release) done: enough record for strength to be ready (three calm
    sessions in a row), and each counts as done."""

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
                "steps": [logged_release(start)],
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


#: Two measurings of three captures each: means 13.9° and 3.4° (to 0.1°), a person's
#: SEM of 1.13° and MDC95 of 3.14° (the spread of each about its mean, pooled).
TWO_MEASURINGS = ((14.0, 12.5, 15.1), (3.1, 4.4, 2.6))


def photo_measurings(
    test_uid: str, first: datetime, second: datetime, side: str = "left"
) -> list[dict[str, Any]]:
    """Export rows of :data:`TWO_MEASURINGS`, one at ``first`` and one at ``second``
    (captures a minute apart), attached to the self-test ``test_uid``."""
    return [
        {
            "uid": f"m-{when:%Y%m%d}-{n}",
            "measured_at": (when + timedelta(minutes=n)).isoformat(),
            "position": "lying",
            "side": side,
            "angles": {
                "thigh_to_floor_deg": angle,
                "hip_deg": 165.0,
                "knee_deg": 172.0,
                "trunk_to_floor_deg": 1.0,
            },
            "back_arched": False,
            "test_uid": test_uid,
        }
        for when, captures in zip((first, second), TWO_MEASURINGS, strict=True)
        for n, angle in enumerate(captures)
    ]
