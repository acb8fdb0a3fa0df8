"""Evaluate photo measurement against hand-labelled images: ``make eval``.

Reads the labelled supine images in ../shared/eval/opensitup (evaluation only,
never copied into the project) and reports, for psoas's measurement and for the
bare model (the direct reading, no checks): detection rate, acceptance rate,
and the thigh-angle error (median, 90th percentile) against the labels.
Targets (issue 7): median <= 4 deg and p90 <= 10 deg on accepted images, accepting >= 80 %.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from pathlib import Path

from psoas.core.measure import facing_side, frame_angles
from psoas.vision.pose import PoseModel, load_image, measure_photo

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "opensitup"


def label_angle(label: dict) -> float:  # type: ignore[type-arg]
    """Thigh angle from the labels, as the data set's README defines it."""
    hx, hy = label["hip"]
    knees = label["knees"]
    kx, ky = min(knees, key=lambda k: math.dist(k, (hx, hy)))
    return math.degrees(math.atan2(-(ky - hy), kx - hx))


def folded(angle: float) -> float:
    """Angle above the floor, 0–90, whichever way the thigh points."""
    return math.degrees(
        math.atan2(math.sin(math.radians(angle)), abs(math.cos(math.radians(angle))))
    )


def summary(name: str, errors: list[float], detected: int, accepted: int, total: int) -> None:
    if errors:
        p90 = statistics.quantiles(errors, n=10)[8] if len(errors) >= 10 else max(errors)
        err = f"median {statistics.median(errors):4.1f} deg, p90 {p90:4.1f} deg"
    else:
        err = "no readings"
    print(f"  {name:<22} detected {detected / total:5.1%}  accepted {accepted / total:5.1%}  {err}")


def main() -> int:
    if not DATA.exists():
        print(f"eval: {DATA} not found (the labelled images live beside the repo, not in it)")
        return 0
    labels = json.loads((DATA / "labels.json").read_text())
    items = labels["images"]
    total = len(items)
    bare: list[float] = []
    ours: list[float] = []
    detected = accepted = bare_detected = 0
    with PoseModel() as model:
        for name, item in sorted(items.items()):
            rgb = load_image(DATA / "images" / name)
            truth = folded(label_angle(item))
            frame = model.keypoints(rgb)
            if frame:
                bare_detected += 1
                bare.append(abs(frame_angles(frame, facing_side(frame)).thigh_to_floor_deg - truth))
            reading = measure_photo(model, rgb)
            detected += reading.detected
            if reading.accepted and reading.angles:
                accepted += 1
                ours.append(abs(reading.angles.thigh_to_floor_deg - truth))
    print(f"eval: {total} labelled supine images")
    summary("bare model", bare, bare_detected, bare_detected, total)
    summary("psoas measure", ours, detected, accepted, total)
    print("  targets: median <= 4 deg, p90 <= 10 deg, accepted >= 80 %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
