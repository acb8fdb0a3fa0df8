"""The shared measuring vectors, answered by the Python rules.

tests/browser/test_pose_device.py answers the same file with static/pose-rules.js, so
the rules on the server and on the phone cannot drift apart.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from psoas.core.measure import (
    Angles,
    Keypoint,
    Reading,
    another_person,
    in_position,
    mirror_agrees,
    search_for_others,
)
from psoas.core.measure import read as read_frames

VECTORS = json.loads((Path(__file__).parents[1] / "data" / "pose_vectors.json").read_text())
TOLERANCE = VECTORS["tolerance_deg"]


def frame(points: dict[str, list[float]]) -> dict[str, Keypoint]:
    return {name: Keypoint(x, y, seen) for name, (x, y, seen) in points.items()}


def reading(data: dict[str, Any]) -> Reading:
    angles = data["angles"]
    return Reading(True, data["accepted"], "", "left", Angles(**angles) if angles else None)


def answer(case: dict[str, Any]) -> Any:
    """What the Python rules say about one case, shaped as the file's ``expect``."""
    if case["rule"] == "another_person":
        return another_person(frame(case["pose"]))
    if case["rule"] == "mirror_agrees":
        return mirror_agrees(reading(case["direct"]), reading(case["mirrored"]))
    if case["rule"] == "search_for_others":
        cover, parts = search_for_others(frame(case["pose"]), case["width"], case["height"])
        return [list(cover), [list(p) for p in parts]]
    found = read_frames(
        [frame(f) for f in case["frames"]],
        case["width"],
        case["height"],
        case["lying"],
        case["steady"],
    )
    data = found.to_data()
    out = {k: data[k] for k in ("accepted", "reason", "side", "detected")}
    out["angles"] = found.angles.__dict__ if found.angles else None
    out["captures"] = [c.__dict__ for c in found.captures]
    if "practice" in case:
        out["in_position"] = list(in_position(case["practice"], found))
    return out


def close(got: Any, want: Any) -> bool:
    """Equal, numbers within the file's tolerance."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(close(got.get(k), v) for k, v in want.items())
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(close(g, w) for g, w in zip(got, want, strict=True))
        )
    number = (int, float)
    if isinstance(want, number) and not isinstance(want, bool) and isinstance(got, number):
        return math.isclose(got, want, abs_tol=TOLERANCE)
    return bool(got == want)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_python_rules_answer_every_vector(case: dict[str, Any]) -> None:
    got = answer(case)
    assert close(got, case["expect"]), (got, case["expect"])


def test_the_vectors_cover_every_verdict() -> None:
    """Every refusal the rules can give, and both live verdicts, has a case."""
    reasons = {c["expect"]["reason"] for c in VECTORS["cases"] if c["rule"] == "read"}
    assert len(reasons) >= 12
    rules = {c["rule"] for c in VECTORS["cases"]}
    assert rules == {"read", "another_person", "mirror_agrees", "search_for_others"}


def test_close_compares_numbers_within_the_tolerance() -> None:
    assert close({"a": 1.0 + TOLERANCE / 2}, {"a": 1.0})
    assert not close({"a": 1.0 + TOLERANCE * 2}, {"a": 1.0})
    assert not close([1.0], [1.0, 2.0])
