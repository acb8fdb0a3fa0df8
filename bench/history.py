"""History and progress over ten years of daily sessions, on SQLite.

3,650 sessions with 11 steps each (40,150 step logs) and 3,650 tests are written
to a fresh SQLite file; then the bodies of ``psoas history --json`` and
``psoas progress --json`` (database query, core maths, JSON encoding, without
process start-up) are timed, median of 7 runs, and so is the SQLite integrity check
that every open and every import runs. Target (issues 4, 16): under 100 ms each.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from psoas.core.progress import progress, summarize_history
from psoas.store.database import check_integrity, open_database
from psoas.store.models import PainRating, SelfTest, SessionRecord, StepLog
from psoas.store.repository import (
    after_session_pain,
    profile_id,
    self_test_points,
    session_summaries,
)

TARGET_MS = 100.0
DAYS = 3650
STEPS = 11
RUNS = 7


def fill(url: str, days: int = DAYS) -> None:
    """``days`` of nightly sessions (ten years unless told), written in bulk."""
    db = open_database(url)
    start = datetime(2016, 1, 1, 21, 30, tzinfo=UTC)
    with db.session() as session:
        profile = profile_id(session)
        sessions, steps, tests, ratings = [], [], [], []
        for day in range(days):
            at = start + timedelta(days=day)
            sessions.append(
                {
                    "id": day + 1,
                    "uid": f"s{day}",
                    "profile_id": profile,
                    "routine": "full",
                    "started_at": at,
                    "ended_at": at + timedelta(minutes=40),
                    "status": "finished",
                    "discomfort": day % 5,
                }
            )
            for index in range(STEPS):
                steps.append(
                    {
                        "session_id": day + 1,
                        "step_index": index,
                        "practice_id": "bolster-release",
                        "side": None,
                        "role": "practice",
                        "status": ("done", "done", "skipped", "partial")[(day + index) % 4],
                        "planned_seconds": 300,
                        "seconds_held": 240,
                        "ended_at": at + timedelta(minutes=index),
                    }
                )
            tests.append(
                {
                    "uid": f"t{day}",
                    "profile_id": profile,
                    "session_id": day + 1,
                    "taken_at": at,
                    "phase": "pre",
                    "source": "session",
                    "answers": {
                        "thighs_lift": True,
                        "thighs_flat": day % 3 == 0,
                        "back_gap": ("hand", "fingers", "pencil")[day % 3],
                        "gap_even": True,
                        "ribs_stick_out": False,
                        "pain": day % 8,
                        "lift_height_cm": 25 - day / 365,
                    },
                    "findings": {
                        "patterns": ["hip_flexion"],
                        "bolster_height_cm": 25 - day / 365,
                        "bolster_height_from_test": True,
                    },
                }
            )
            ratings.append(
                {
                    "uid": f"r{day}",
                    "profile_id": profile,
                    "session_id": day + 1,
                    "rated_at": at + timedelta(minutes=41),
                    "value": day % 4,
                    "context": "after_session",
                }
            )
        session.execute(insert(SessionRecord), sessions)
        session.execute(insert(StepLog), steps)
        session.execute(insert(SelfTest), tests)
        session.execute(insert(PainRating), ratings)
    db.close()


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples) * 1000


def main() -> int:
    """Fill, time both command bodies, print ratios to the target."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        began = time.perf_counter()
        fill(url)
        print(
            f"history: {DAYS} sessions, {DAYS * STEPS} step logs written in "
            f"{time.perf_counter() - began:.1f} s"
        )
        db = open_database(url)
        today = (datetime(2016, 1, 1, tzinfo=UTC) + timedelta(days=DAYS)).date()

        def history_body() -> None:
            with db.session() as session:
                rows = session_summaries(session, profile_id(session), UTC)
            summary = summarize_history(rows, today)
            json.dumps({"summary": summary.to_data(), "sessions": [r.to_data() for r in rows]})

        def progress_body() -> None:
            with db.session() as session:
                profile = profile_id(session)
                result = progress(
                    self_test_points(session, profile), after_session_pain(session, profile)
                )
            json.dumps(result.to_data())

        missed = False
        for name, body in (
            ("psoas history --json", history_body),
            ("psoas progress --json", progress_body),
            # Run on every open and before every import (issue 16): 10 years of data.
            ("integrity check", lambda: check_integrity(db)),
        ):
            body()  # warm the page cache
            ms = timed(body)
            ratio = ms / TARGET_MS
            verdict = "ok" if ratio < 1 else "MISSED"
            missed |= ratio >= 1
            target = f"{ratio:.2f} of the {TARGET_MS:g} ms target"
            print(f"  {name:<24} {ms:7.1f} ms  = {target}  {verdict}")
        db.close()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
