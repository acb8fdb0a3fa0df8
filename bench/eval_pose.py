"""Evaluate photo measurement against hand-labelled images: ``make eval``.

Reads the labelled supine images in ../shared/eval/opensitup (evaluation only,
never copied into the project) and reports, for psoas's measurement and for the
bare model (the direct reading, no checks): detection rate, acceptance rate,
and the thigh-angle error (median, 90th percentile) against the labels.
Targets (issue 7): median <= 4 deg and p90 <= 10 deg on accepted images, accepting >= 80 %.

The labels name no sides, and 46 images have both knees marked. The data set's
README scores the thigh with the knee nearest the labelled hip; when a picture's
legs differ, that can be the other leg than the one measured (the side facing
the camera). A second row therefore scores each reading against the labelled
knee nearest the knee it measured: the same leg on both sides of the comparison.
It also counts the accepted images where the two labelled legs differ by more than
10 degrees and the data set's rule picks the other one: a floor under the first
row's p90 that no reading of the measured leg can get below.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from pathlib import Path

from psoas.core.measure import facing_side, frame_angles
from psoas.vision.pose import PoseModel, load_image, measure_photo, native_logs_silenced

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "opensitup"


def label_angle(label: dict, near: tuple[float, float] | None = None) -> float:  # type: ignore[type-arg]
    """Thigh angle from the labels: to the knee nearest the hip, as the data set's
    README defines it, or to the labelled knee nearest ``near`` (label pixels)."""
    hx, hy = label["hip"]
    kx, ky = min(label["knees"], key=lambda k: math.dist(k, near or (hx, hy)))
    return math.degrees(math.atan2(-(ky - hy), kx - hx))


def same_leg_angle(label: dict, knee: tuple[float, float], scale: float) -> float:  # type: ignore[type-arg]
    """Thigh angle from the labels, to the labelled knee nearest the measured ``knee``
    (image pixels; the image may have been scaled down from the labels' size)."""
    return folded(label_angle(label, (knee[0] / scale, knee[1] / scale)))


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
    bare_same: list[float] = []
    ours_same: list[float] = []
    other_leg = 0  # accepted images whose data-set knee is the other leg, > 10 deg apart
    detected = accepted = bare_detected = 0
    with native_logs_silenced(), PoseModel() as model:
        for name, item in sorted(items.items()):
            rgb = load_image(DATA / "images" / name)
            scale = rgb.shape[1] / item["width"]
            truth = folded(label_angle(item))
            frame = model.keypoints(rgb)
            if frame:
                bare_detected += 1
                side = facing_side(frame)
                angle = frame_angles(frame, side).thigh_to_floor_deg
                knee = frame[f"{side}_knee"]
                bare.append(abs(angle - truth))
                bare_same.append(abs(angle - same_leg_angle(item, (knee.x, knee.y), scale)))
            reading = measure_photo(model, rgb)
            detected += reading.detected
            if reading.accepted and reading.angles and reading.side:
                accepted += 1
                angle = reading.angles.thigh_to_floor_deg
                measured = reading.keypoints[f"{reading.side}_knee"]
                ours.append(abs(angle - truth))
                own = same_leg_angle(item, measured, scale)
                ours_same.append(abs(angle - own))
                other_leg += abs(own - truth) > 10
    print(f"eval: {total} labelled supine images")
    print(" scored against the knee nearest the labelled hip (the data set's definition):")
    summary("bare model", bare, bare_detected, bare_detected, total)
    summary("psoas measure", ours, detected, accepted, total)
    print(" scored against the labelled knee of the leg that was measured:")
    summary("bare model", bare_same, bare_detected, bare_detected, total)
    summary("psoas measure", ours_same, detected, accepted, total)
    print(
        f"  {other_leg} of the {accepted} accepted images have the data set's knee on the other"
        " leg, > 10 deg from\n  the measured leg's own label: there, even a perfect reading"
        " is > 10 deg off by the data set's rule"
    )
    print("  targets: median <= 4 deg, p90 <= 10 deg, accepted >= 80 %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
