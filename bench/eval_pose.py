"""Evaluate photo measurement against hand-labelled images: ``make eval``.

Reads the labelled supine images in ../shared/eval/opensitup (evaluation only,
never copied into the project), or another set laid out the same way (``--data
DIR``: ``labels.json`` and ``images/``), and reports, for psoas's measurement and for the
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

psoas measures in two places, and both are scored: on the phone (the default since
issue 20: pose-device.js, run here in headless Chromium exactly as a person's
browser runs it) and on the server (the fallback). Both run the same MediaPipe Tasks
bundle with the same rules, so the report also says how many images the two read
alike. Without Chromium, only the server is scored. Each set's report ends with the
error split by how far the labelled hip is bent, from a crunch to the self-test's
near-straight hip, to show where the misses gather.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from psoas.core.measure import facing_side, frame_angles
from psoas.vision.pose import PoseModel, load_image, measure_photo, native_logs_silenced

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "opensitup"


def label_angle(label: dict, near: tuple[float, float] | None = None) -> float:  # type: ignore[type-arg]
    """Thigh angle from the labels: to the knee nearest the hip, as the data set's
    README defines it, or to the labelled knee nearest ``near`` (label pixels)."""
    hx, hy = label["hip"]
    kx, ky = nearest_knee(label, near or (hx, hy))
    return math.degrees(math.atan2(-(ky - hy), kx - hx))


def nearest_knee(label: dict, near: tuple[float, float]) -> list[float]:  # type: ignore[type-arg]
    """The labelled knee nearest ``near`` (label pixels)."""
    return min(label["knees"], key=lambda k: math.dist(k, near))


def same_leg_angle(label: dict, knee: tuple[float, float], scale: float) -> float:  # type: ignore[type-arg]
    """Thigh angle from the labels, to the labelled knee nearest the measured ``knee``
    (image pixels; the image may have been scaled down from the labels' size)."""
    return folded(label_angle(label, (knee[0] / scale, knee[1] / scale)))


def label_hip_bend(label: dict, knee: tuple[float, float], scale: float) -> float:  # type: ignore[type-arg]
    """The labelled hip's angle between the head and the labelled knee nearest the
    measured ``knee`` (image pixels): about 180 with the hip straight, as in the
    self-test, small in a crunch. The labels have no shoulder; the head stands in."""
    hip = label["hip"]
    near = nearest_knee(label, (knee[0] / scale, knee[1] / scale))
    turns = [math.atan2(y - hip[1], x - hip[0]) for x, y in (label["head"], near)]
    bend = abs(math.degrees(turns[0] - turns[1])) % 360
    return 360 - bend if bend > 180 else bend


def folded(angle: float) -> float:
    """Angle above the floor, 0–90, whichever way the thigh points."""
    return math.degrees(
        math.atan2(math.sin(math.radians(angle)), abs(math.cos(math.radians(angle))))
    )


def p90(errors: list[float]) -> float:
    """The 90th percentile of ``errors``; their largest when there are fewer than ten."""
    return statistics.quantiles(errors, n=10)[8] if len(errors) >= 10 else max(errors)


def summary(name: str, errors: list[float], detected: int, accepted: int, total: int) -> None:
    if errors:
        err = f"median {statistics.median(errors):4.1f} deg, p90 {p90(errors):4.1f} deg"
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


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="a folder of labelled images laid out as the default one: labels.json "
        "(each image's width, head, hip and knees in pixels) and images/",
    )
    data: Path = parser.parse_args(argv).data
    if not data.exists():
        if data == DATA:
            print(f"eval: {data} not found (the labelled images live beside the repo, not in it)")
            return 0
        print(f"eval: {data} not found")
        return 2
    items = _labels(data)
    if items is None:
        return 2
    results: dict[str, dict[str, Any]] = {}
    print(f"eval: measuring {len(items)} images with the server's model ...", file=sys.stderr)
    with native_logs_silenced(), PoseModel() as model:
        for name, item in sorted(items.items()):
            results[name] = _score(model, data / "images" / name, item)
    phone = on_the_phone(data / "images", sorted(items))
    for name, reading in (phone or {}).items():
        results[name]["phone"] = _score_reading(reading, items[name], results[name])
    if phone is not None:
        _agreement([results[n] for n in sorted(items)])
    missed = False
    for part in ("design", "held-out"):
        names = [n for n in sorted(items) if split_of(n) == part]
        missed |= _report(part, [results[n] for n in names], judged=part == "held-out")
    print("  targets (on the held-out set): median <= 4 deg, p90 <= 10 deg, accepted >= 80 %")
    if phone is None:
        print("  (on the phone: not measured, see above; only the server was scored)")
    return 1 if missed else 0


def _labels(data: Path) -> dict[str, dict[str, Any]] | None:
    """The labels of each image in ``data``, or None (with the reason printed) when the
    folder does not hold them in the expected form."""
    try:
        items: dict[str, dict[str, Any]] = json.loads((data / "labels.json").read_text())["images"]
        for name, item in items.items():
            if not (data / "images" / name).is_file():
                raise ValueError(f"images/{name} is missing")
            points = [item["head"], item["hip"], *item["knees"]]
            if not item["knees"] or any(len(point) != 2 for point in points):
                raise ValueError(f"{name}: a head, a hip and knees, each [x, y], are needed")
            if float(item["width"]) <= 0:
                raise ValueError(f"{name}: its width must be above 0")
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        print(f"eval: {data} is not a labelled set psoas can read ({error!r})")
        return None
    return items


def on_the_phone(images: Path, names: list[str]) -> dict[str, dict[str, Any]] | None:
    """Each image's reading made by pose-device.js in headless Chromium, on a psoas
    server started for the purpose; None (with the reason printed) when it cannot run."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from tests.browser.conftest import CHROMIUM, launch, phone_page, serve
    from tests.browser.test_pose_device import measured_on_the_phone

    if not Path(CHROMIUM).exists():
        print("eval: Debian chromium is not installed: the phone's reading is not scored")
        return None
    from playwright.sync_api import sync_playwright

    print(f"eval: measuring {len(names)} images on the phone (Chromium) ...", file=sys.stderr)
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        process, url = serve(Path(folder) / "home", wait_s=60)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = phone_page(browser)
                page.goto(url + "/check")
                why = page.evaluate("psoas.pose.reason()")
                if why:
                    print(f"eval: {why}: the phone's reading is not scored")
                    return None
                for name in names:
                    found[name] = measured_on_the_phone(page, images / name, lying=True)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    return found


def _score(model: Any, image: Path, item: dict[str, Any]) -> dict[str, Any]:
    """One image's readings on the server: the bare model's and psoas's, each against
    both labels."""
    rgb = load_image(image)
    scale = rgb.shape[1] / item["width"]
    truth = folded(label_angle(item))
    found: dict[str, Any] = {"bare": None, "scale": scale, "truth": truth, "phone": None}
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
    found["server"] = _score_reading(
        {
            "detected": reading.detected,
            "accepted": reading.accepted,
            "side": reading.side,
            "angles": asdict(reading.angles) if reading.angles else None,
            "keypoints": reading.keypoints,
        },
        item,
        found,
    )
    return found


def _score_reading(
    reading: dict[str, Any], item: dict[str, Any], found: dict[str, Any]
) -> dict[str, Any]:
    """Whether a reading (the server's or the phone's, in the same pixels) found and
    accepted the person, and an accepted one's errors against both labels."""
    scored: dict[str, Any] = {"detected": bool(reading["detected"]), "errors": None, "angle": None}
    if reading["accepted"] and reading["angles"] and reading["side"]:
        angle = scored["angle"] = reading["angles"]["thigh_to_floor_deg"]
        knee = reading["keypoints"][f"{reading['side']}_knee"]
        own = same_leg_angle(item, knee, found["scale"])
        truth = found["truth"]
        scored["errors"] = (abs(angle - truth), abs(angle - own), abs(own - truth) > 10)
        scored["bend"] = (label_hip_bend(item, knee, found["scale"]), angle - own)
    return scored


def _agreement(results: list[dict[str, Any]]) -> None:
    """Print how often the phone and the server read an image alike: the same verdict
    and, when both accept it, the thigh within half a degree (they run one model)."""
    alike, widest = 0, 0.0
    for result in results:
        server, phone = result["server"]["angle"], result["phone"]["angle"]
        if server is None or phone is None:
            alike += server is None and phone is None
            continue
        widest = max(widest, abs(server - phone))
        alike += abs(server - phone) <= 0.5
    print(
        f"eval: the phone and the server read {alike} of {len(results)} images alike (same "
        f"verdict; thigh angles of images both accept at most {widest:.2f} deg apart)"
    )


#: The two places psoas measures, as the report names them.
PATHS = {"phone": "psoas on the phone", "server": "psoas on the server"}


def _report(part: str, results: list[dict[str, Any]], judged: bool) -> bool:
    """Print one set's rows; True when ``judged`` and a target is missed."""
    total = len(results)
    bare = [r["bare"] for r in results if r["bare"]]
    paths = [p for p in PATHS if all(r[p] for r in results)]
    accepted = {p: [r[p] for r in results if r[p]["errors"]] for p in paths}
    print(f"eval, {part} set: {total} labelled supine images")
    for label, column in (
        ("the knee nearest the labelled hip (the data set's definition)", 0),
        ("the labelled knee of the leg that was measured", 1),
    ):
        print(f" scored against {label}:")
        summary("bare model", [b[column] for b in bare], len(bare), len(bare), total)
        for path in paths:
            ours = [a["errors"] for a in accepted[path]]
            detected = sum(r[path]["detected"] for r in results)
            summary(PATHS[path], [o[column] for o in ours], detected, len(ours), total)
    missed = False
    for path in paths:
        ours = [a["errors"] for a in accepted[path]]
        other_leg = sum(o[2] for o in ours)
        print(
            f"  {PATHS[path]}: {other_leg} of the {len(ours)} accepted images have the data"
            " set's knee on the other leg, > 10 deg from the measured leg's own label"
        )
        if judged:
            missed |= _verdict(PATHS[path], [o[1] for o in ours], total)
    if paths:
        _by_bend(PATHS[paths[0]], [a["bend"] for a in accepted[paths[0]]])
    return missed


#: Bands of the labelled hip angle (head, hip, knee): from a crunch to the self-test's
#: straight hip.
BENDS = (("bent hard, under 90 deg", 0, 90), ("bent 90-130", 90, 130), ("near straight", 130, 181))


def _by_bend(name: str, bends: list[tuple[float, float]]) -> None:
    """Print the error against the measured leg's label for each band of how far the
    labelled hip is bent: signed (+: psoas reads the thigh steeper), its median size,
    and how many are over 10 deg, so where the misses gather is seen."""
    parts = []
    for band, low, high in BENDS:
        errors = [error for bend, error in bends if low <= bend < high]
        if errors:
            mean, size = statistics.mean(errors), statistics.median(map(abs, errors))
            over = sum(abs(e) > 10 for e in errors)
            parts.append(f"{band}: {len(errors)}, mean {mean:+.1f}, size {size:.1f}, {over} > 10")
    print(f"  {name}, error by how far the labelled hip is bent: " + "; ".join(parts))


def _verdict(name: str, errors: list[float], total: int) -> bool:
    """Print the held-out verdict of one path (against the measured leg's own label) and
    its p90's bootstrap interval; True when a target is missed."""
    if not errors:
        print(f"  {name}: no accepted readings: MISSED")
        return True
    tail = p90(errors)
    met = statistics.median(errors) <= 4 and tail <= 10 and len(errors) / total >= 0.8
    verdict = f"held-out targets {'met' if met else 'MISSED'}"
    if len(errors) < 10:
        print(f"  {name}: {len(errors)} accepted, too few for a p90; {verdict}")
        return not met
    low, high = _p90_interval(errors)
    print(
        f"  {name}: p90 {tail:.1f} deg could be {low:.1f} to {high:.1f} deg on another "
        f"{len(errors)} images like these (95 % bootstrap interval); {verdict}"
    )
    return not met


def _p90_interval(errors: list[float], rounds: int = 2000) -> tuple[float, float]:
    """A 95 % bootstrap interval of the 90th percentile (seeded: the same every run), so
    a reading a few tenths either side of the target is seen for what it is."""
    import random

    draw = random.Random(20).choices
    found = sorted(p90(draw(errors, k=len(errors))) for _ in range(rounds))
    return found[int(0.025 * rounds)], found[int(0.975 * rounds) - 1]


if __name__ == "__main__":
    sys.exit(main())
