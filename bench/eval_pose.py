"""Evaluate photo measurement against hand-labelled images: ``make eval``.

Reads the labelled supine images in ../shared/eval/opensitup (evaluation only,
never copied into the project) and reports, for psoas's measurement and for the
bare model (the direct reading, no checks): detection rate, acceptance rate,
and the thigh-angle error (median, 90th percentile) against the labels.
Targets (issues 7 and 20): median <= 4 deg and p90 <= 10 deg on accepted images, accepting
>= 80 %, judged on a held-out share of the images that designing the checks never used.

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
from typing import Any

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


#: The share of images held out: never looked at while the checks were designed, and the
#: set the targets are judged on (issue 20). Chosen by a hash of each image's name, so
#: the split is the same on every machine and does not move when images are added.
HELD_OUT_SHARE = 0.3


def split_of(name: str) -> str:
    """``held-out`` or ``design``, fixed for each image by the hash of its name."""
    import hashlib

    digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    return "held-out" if digest % 1000 < HELD_OUT_SHARE * 1000 else "design"


def main() -> int:
    if not DATA.exists():
        print(f"eval: {DATA} not found (the labelled images live beside the repo, not in it)")
        return 0
    labels = json.loads((DATA / "labels.json").read_text())
    items = labels["images"]
    results: dict[str, dict[str, Any]] = {}
    with native_logs_silenced(), PoseModel() as model:
        for name, item in sorted(items.items()):
            results[name] = _score(model, name, item)
    missed = False
    for part in ("design", "held-out"):
        names = [n for n in sorted(items) if split_of(n) == part]
        missed |= _report(part, [results[n] for n in names], judged=part == "held-out")
    print("  targets (on the held-out set): median <= 4 deg, p90 <= 10 deg, accepted >= 80 %")
    return 1 if missed else 0


def _score(model: Any, name: str, item: dict[str, Any]) -> dict[str, Any]:
    """One image's readings: the bare model's and psoas's, each against both labels."""
    rgb = load_image(DATA / "images" / name)
    scale = rgb.shape[1] / item["width"]
    truth = folded(label_angle(item))
    found: dict[str, Any] = {"bare": None, "detected": False, "ours": None}
    frame = model.keypoints(rgb)
    if frame:
        side = facing_side(frame)
        angle = frame_angles(frame, side).thigh_to_floor_deg
        knee = frame[f"{side}_knee"]
        found["bare"] = (
            abs(angle - truth),
            abs(angle - same_leg_angle(item, (knee.x, knee.y), scale)),
        )
    reading = measure_photo(model, rgb)
    found["detected"] = bool(reading.detected)
    if reading.accepted and reading.angles and reading.side:
        angle = reading.angles.thigh_to_floor_deg
        own = same_leg_angle(item, reading.keypoints[f"{reading.side}_knee"], scale)
        found["ours"] = (abs(angle - truth), abs(angle - own), abs(own - truth) > 10)
    return found


def _report(part: str, results: list[dict[str, Any]], judged: bool) -> bool:
    """Print one set's rows; True when ``judged`` and a target is missed."""
    total = len(results)
    bare = [r["bare"] for r in results if r["bare"]]
    ours = [r["ours"] for r in results if r["ours"]]
    detected = sum(r["detected"] for r in results)
    print(f"eval, {part} set: {total} labelled supine images")
    print(" scored against the knee nearest the labelled hip (the data set's definition):")
    summary("bare model", [b[0] for b in bare], len(bare), len(bare), total)
    summary("psoas measure", [o[0] for o in ours], detected, len(ours), total)
    print(" scored against the labelled knee of the leg that was measured:")
    summary("bare model", [b[1] for b in bare], len(bare), len(bare), total)
    summary("psoas measure", [o[1] for o in ours], detected, len(ours), total)
    other_leg = sum(o[2] for o in ours)
    print(
        f"  {other_leg} of the {len(ours)} accepted images have the data set's knee on the other"
        " leg, > 10 deg from the measured leg's own label"
    )
    if not judged or not ours:
        return judged
    errors = [o[1] for o in ours]
    p90 = statistics.quantiles(errors, n=10)[8] if len(errors) >= 10 else max(errors)
    met = statistics.median(errors) <= 4 and p90 <= 10 and len(ours) / total >= 0.8
    low, high = _p90_interval(errors)
    print(
        f"  p90 {p90:.1f} deg could be {low:.1f} to {high:.1f} deg on another {len(errors)} "
        "images like these (95 % bootstrap interval)"
    )
    print(f"  held-out targets (the measured leg's own label): {'met' if met else 'MISSED'}")
    return not met


def _p90_interval(errors: list[float], rounds: int = 2000) -> tuple[float, float]:
    """A 95 % bootstrap interval of the 90th percentile (seeded: the same every run), so
    a reading a few tenths either side of the target is seen for what it is."""
    import random

    draw = random.Random(20).choices
    found = sorted(
        statistics.quantiles(draw(errors, k=len(errors)), n=10)[8] for _ in range(rounds)
    )
    return found[int(0.025 * rounds)], found[int(0.975 * rounds) - 1]


if __name__ == "__main__":
    sys.exit(main())
