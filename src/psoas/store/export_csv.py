"""The export as one CSV table, for a spreadsheet or a physiotherapist's records."""

from __future__ import annotations

import csv
import io
from typing import Any

CSV_COLUMNS = [
    "record",
    "time",
    "session",
    "routine",
    "practice",
    "side",
    "status",
    "seconds",
    "planned_seconds",
    "value",
    "detail",
]


def export_csv(data: dict[str, Any]) -> str:
    """The export as one CSV table, in time order: a row per test, step, pain rating,
    measurement, nightly screen, clearance and flagged session."""
    rows: list[dict[str, Any]] = []
    routines = {s["uid"]: s["routine"] for s in data["sessions"]}
    for test in data["tests"]:
        findings = test["findings"] or {}
        answers = test["answers"] or {}
        # The value is the bolster height this test measured (the torso's height when
        # the thighs lifted), blank when it measured none: never a starting height.
        lifted = answers.get("thighs_lift") and answers.get("lift_height_cm") is not None
        rows.append(
            {
                "record": f"test-{test['phase']}",
                "time": test["taken_at"],
                "session": test["session_uid"] or "",
                "routine": routines.get(test["session_uid"], ""),
                "value": answers["lift_height_cm"] if lifted else "",
                "detail": " ".join(findings.get("patterns", [])),
            }
        )
    for session in data["sessions"]:
        for step in session["steps"]:
            rows.append(
                {
                    "record": "step",
                    "time": step["ended_at"],
                    "session": session["uid"],
                    "routine": session["routine"],
                    "practice": step["practice_id"],
                    "side": step["side"] or "",
                    "status": step["status"],
                    "seconds": step["seconds_held"],
                    "planned_seconds": step["planned_seconds"],
                }
            )
    for rating in data["pain_ratings"]:
        rows.append(
            {
                "record": "pain",
                "time": rating["rated_at"],
                "session": rating["session_uid"] or "",
                "routine": routines.get(rating["session_uid"], ""),
                "value": rating["value"],
                "detail": rating["context"],
            }
        )
    for measured in data.get("measurements", []):
        rows.append(
            {
                "record": "measurement",
                "time": measured["measured_at"],
                "side": measured["side"],
                "value": measured["angles"].get("thigh_to_floor_deg", ""),
                "detail": measured["position"],
            }
        )
    for screen in data.get("screens", []):
        rows.append(
            {
                "record": "screen",
                "time": screen["answered_at"],
                "session": screen["session_uid"] or "",
                "routine": routines.get(screen["session_uid"], ""),
                "value": screen["pain"],
                "detail": " ".join(screen["red_flags"]),
            }
        )
    for cleared in data.get("clearances", []):
        rows.append(
            {
                "record": "clearance",
                "time": cleared["cleared_on"],
                "detail": cleared["flag"] + (f" by {cleared['by']}" if cleared["by"] else ""),
            }
        )
    for session in data["sessions"]:
        if session.get("flag"):
            rows.append(
                {
                    "record": "session-flag",
                    "time": session["ended_at"] or session["started_at"],
                    "session": session["uid"],
                    "routine": session["routine"],
                    "detail": session["flag"],
                }
            )
    rows.sort(key=lambda r: r["time"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


__all__ = ["CSV_COLUMNS", "export_csv"]
