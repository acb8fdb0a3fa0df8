"""The export as one CSV table, for a spreadsheet or a physiotherapist's records."""

from __future__ import annotations

import csv
import io
from typing import Any

from psoas.core.bolster import lift_measured

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
        lifted = lift_measured(answers.get("thighs_lift"), answers.get("lift_height_cm"))
        rows.append(
            {
                "record": f"test-{test['phase']}",
                "time": test["taken_at"],
                "session": test["session_uid"] or "",
                "routine": routines.get(test["session_uid"], ""),
                "value": "" if lifted is None else lifted,
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
    rows += fact_rows(data.get("facts"))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def fact_rows(facts: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The facts every surface tells (psoas.core.facts), as rows after the records:
    record ``fact`` (as of the export: no time of their own), the fact's name in
    ``detail`` and its value in ``value``."""
    if not facts:
        return []
    pain = facts.get("pain") or {}
    psfs = facts.get("psfs") or {}
    adherence = facts.get("adherence") or {}
    bolster = facts.get("bolster") or {}
    found = [
        ("bolster_height_cm", facts.get("bolster_height_cm"), bolster.get("source")),
        ("tighter_side", facts.get("tighter_side"), facts.get("tighter_side_by")),
        ("pain_latest", facts.get("pain_latest"), None),
        ("pain_change_points", pain.get("change"), pain.get("rule")),
        ("sessions_done_8_weeks", adherence.get("done"), None),
        ("sessions_planned_8_weeks", adherence.get("planned"), None),
        ("psfs_change_points", psfs.get("change"), "; ".join(psfs.get("shared") or [])),
    ]
    return [
        {
            "record": "fact",
            "time": "",
            "value": "" if value is None else value,
            "detail": name if not note else f"{name}: {note}",
        }
        for name, value, note in found
    ]


__all__ = ["CSV_COLUMNS", "export_csv", "fact_rows"]
