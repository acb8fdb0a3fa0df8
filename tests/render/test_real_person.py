"""Measuring a real person: shipped photos (see tests/people.py) against a hand measurement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.core.answers import write_answers
from tests.people import (
    HAND_THIGH,
    HAND_THIGH_AT,
    HAND_THIGH_DEG,
    HAND_THIGH_LYING_DEG,
    LYING_H264,
    LYING_HEVC,
    TOLERANCE_DEG,
    TWO_PEOPLE,
    WALKING,
    lying,
    lying_upside_down_with_exif,
    write_clip,
)

cv2 = pytest.importorskip("cv2", reason="the vision extra is not installed")
np = pytest.importorskip("numpy")


def measure(run: Run, *args: str) -> Any:
    result = run("measure", *args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_side_view_photo_matches_the_hand_measurement(run: Run) -> None:
    """Upright and side-on: accepted, the facing side found, the thigh within 5 degrees."""
    data = measure(run, str(WALKING), "--position", "any")
    assert (data["detected"], data["accepted"], data["reason"]) == (True, True, "ok")
    assert data["side"] == "left"
    angles = data["angles"]
    assert abs(angles["thigh_to_floor_deg"] - HAND_THIGH_DEG) <= TOLERANCE_DEG
    assert angles["trunk_to_floor_deg"] >= 80  # standing upright
    assert angles["knee_deg"] >= 165  # the leg behind is straight
    # The measured knee sits on the hand-measured thigh line (within a few pixels).
    kx, ky = data["keypoints"]["left_knee"]
    on_line_x = HAND_THIGH_AT[0] + (ky - HAND_THIGH_AT[1]) * HAND_THIGH[0] / HAND_THIGH[1]
    assert abs(kx - on_line_x) <= 8


def test_lying_photo_is_measured_and_attached(run: Run, tmp_path: Path) -> None:
    """Lying on the back (the photo turned): the thigh turns with it, and --attach stores it."""
    assert run("check", "--answers", write_answers(tmp_path)).code == 0
    data = measure(run, str(lying(WALKING, tmp_path / "lying.jpg")), "--attach")
    assert data["accepted"], data["reason"]
    angles = data["angles"]
    assert abs(angles["thigh_to_floor_deg"] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG
    assert abs(angles["trunk_to_floor_deg"]) <= 10
    series = json.loads(run("progress", "--json").out)["series"]["measured_thigh_deg"]
    assert series == [angles["thigh_to_floor_deg"]]
    exported = json.loads(run("export").out)
    [kept] = exported["measurements"]
    assert kept["angles"] == angles
    assert kept["test_uid"] == exported["tests"][-1]["uid"]


def test_attaching_says_what_was_stored_and_what_it_means(run: Run, tmp_path: Path) -> None:
    """In words: a stored reading is followed by the progress sentence for its side (one
    measuring so far, so how to learn one's own variation); a refused one stores nothing
    and says so. Before any self-test it says the reading is kept without one."""
    photo = lying(WALKING, tmp_path / "lying.jpg")
    untested = run("measure", str(photo), "--attach")
    assert "Take the self-test too (psoas check)" in " ".join(untested.out.split())
    assert json.loads(run("export").out)["measurements"][0]["test_uid"] is None
    assert run("check", "--answers", write_answers(tmp_path)).code == 0
    stored = run("measure", str(photo), "--attach")
    assert stored.code == 0, stored.err
    said = " ".join(stored.out.split())
    # Two measurings now: one without a test and one with it (a measuring is one test's).
    before, after = json.loads(run("progress", "--json").out)["series"]["measured_thigh_deg"]
    assert "Accepted readings were stored with your latest self-test (numbers only)." in said
    assert (
        f"Thigh angle from photos, left: {before:.1f}° → {after:.1f}°; measure three times in a row"
    ) in said
    refused = run("measure", str(lying(TWO_PEOPLE, tmp_path / "two.jpg")), "--attach")
    assert refused.code == 0
    assert refused.out.splitlines()[-1] == "Nothing was stored: no reading was accepted."


def test_a_second_person_in_the_background_is_refused(run: Run, tmp_path: Path) -> None:
    """A man standing at the back: refused as taken and turned, and nothing is stored."""
    upright = measure(run, str(TWO_PEOPLE), "--position", "any", "--attach")
    turned = measure(run, str(lying(TWO_PEOPLE, tmp_path / "two.jpg")), "--attach")
    for reading in (upright, turned):
        assert reading["detected"]
        assert not reading["accepted"]
        assert reading["reason"].startswith("two people")
    assert json.loads(run("progress", "--json").out)["series"]["measured_thigh_deg"] == []


def test_steady_clip_agrees_with_the_photo(run: Run, tmp_path: Path) -> None:
    """Two seconds of the person holding still: the median over the frames, as in the photo."""
    still = cv2.imread(str(lying(WALKING, tmp_path / "still.jpg")))
    photo = measure(run, str(tmp_path / "still.jpg"))
    clip = measure(run, str(write_clip(tmp_path / "still.mp4", [still] * 60)))
    assert clip["accepted"], clip["reason"]
    assert clip["frames"] > 1
    assert abs(clip["angles"]["thigh_to_floor_deg"] - photo["angles"]["thigh_to_floor_deg"]) <= 2


def self_filmed(tmp_path: Path, name: str, lying_seconds: float) -> Path:
    """A clip as a person alone films it: the phone propped on an empty floor, the
    person walking in (upright), lying still for ``lying_seconds``, then gone again."""
    still = cv2.imread(str(lying(WALKING, tmp_path / "still.jpg")))
    empty = np.full_like(still, 128)
    upright = cv2.imread(str(WALKING))
    scale = still.shape[0] / upright.shape[0]
    upright = cv2.resize(upright, None, fx=scale, fy=scale)
    walking_in = empty.copy()
    walking_in[:, : upright.shape[1]] = upright[:, : still.shape[1]]
    frames = [empty] * 60 + [walking_in] * 45 + [still] * round(30 * lying_seconds) + [empty] * 45
    return write_clip(tmp_path / name, frames)


def test_clip_filmed_alone_is_measured_while_lying_still(run: Run, tmp_path: Path) -> None:
    """Empty floor, walking in, 2 seconds lying still, gone: the lying part is measured,
    and the skeleton is drawn on a frame of it."""
    data = measure(run, str(self_filmed(tmp_path, "alone.mp4", 2.0)), "--annotate", str(tmp_path))
    assert data["accepted"], data["reason"]
    assert data["frames"] == 35  # 7 seconds, 5 frames taken from each
    assert abs(data["angles"]["thigh_to_floor_deg"] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG
    drawn = cv2.imread(str(tmp_path / "alone.annotated.png")).astype(int)
    still = cv2.imread(str(tmp_path / "still.jpg")).astype(int)
    height, width = drawn.shape[:2]
    assert np.abs(drawn - still[:height, :width]).mean() < 12


def test_clip_with_too_short_a_hold_is_refused(run: Run, tmp_path: Path) -> None:
    """Lying down for half a second is not a hold: refused, with what to do."""
    data = measure(run, str(self_filmed(tmp_path, "brief.mp4", 0.5)))
    assert (data["detected"], data["accepted"]) == (True, False)
    assert "hold still for two seconds" in data["reason"]


def test_clip_where_the_body_changes_size_is_refused(run: Run, tmp_path: Path) -> None:
    """The camera backing away: limb lengths change between frames, so the clip is refused."""
    still = cv2.imread(str(lying(WALKING, tmp_path / "still.jpg")))
    height, width = still.shape[:2]
    frames = []
    for i in range(60):
        small = cv2.resize(still, None, fx=1.0 - 0.5 * i / 59, fy=1.0 - 0.5 * i / 59)
        y0, x0 = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
        canvas = np.full_like(still, 128)
        canvas[y0 : y0 + small.shape[0], x0 : x0 + small.shape[1]] = small
        frames.append(canvas)
    clip = measure(run, str(write_clip(tmp_path / "away.mp4", frames)))
    assert (clip["detected"], clip["accepted"]) == (True, False)
    assert "changed length" in clip["reason"]


def test_clip_is_annotated_on_the_frame_it_was_measured_on(run: Run, tmp_path: Path) -> None:
    """A clip whose first second is empty: the skeleton is drawn on a frame with the
    person in it (the one its keypoints come from), not on the empty first frame."""
    still = cv2.imread(str(lying(WALKING, tmp_path / "still.jpg")))
    empty = np.full_like(still, 128)
    clip = write_clip(tmp_path / "late.mp4", [empty] * 30 + [still] * 60)
    out = tmp_path / "annotated"
    data = measure(run, str(clip), "--annotate", str(out))
    assert data["accepted"], data["reason"]
    drawn = cv2.imread(str(out / "late.annotated.png")).astype(int)
    height, width = drawn.shape[:2]  # the video may have dropped an odd row
    assert np.abs(drawn - still[:height, :width]).mean() < 12  # the person, plus thin lines
    assert np.abs(drawn - empty[:height, :width]).mean() > 25


@pytest.mark.parametrize("clip", [LYING_HEVC, LYING_H264], ids=["hevc-mov", "h264-mp4"])
def test_phone_clips_are_read(run: Run, clip: Path) -> None:
    """The formats phones film in (HEVC in MOV from iPhones, H.264 in MP4): measured
    over many frames, and the thigh matches the hand measurement. The HEVC clip is
    stored upside down with a 180° turn in its metadata, which must be applied: read
    as stored, the thigh angle would come out with the wrong sign."""
    data = measure(run, str(clip))
    assert data["accepted"], data["reason"]
    assert data["frames"] == 10  # 2 seconds, 5 frames taken from each
    assert abs(data["angles"]["thigh_to_floor_deg"] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG


def test_photo_is_turned_as_its_exif_says(run: Run, tmp_path: Path) -> None:
    """A photo stored upside down with an EXIF turn: measured the way it is shown."""
    data = measure(run, str(lying_upside_down_with_exif(tmp_path / "turned.jpg")))
    assert data["accepted"], data["reason"]
    assert abs(data["angles"]["thigh_to_floor_deg"] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG


def test_annotated_copy_shows_the_skeleton(run: Run, tmp_path: Path) -> None:
    """--annotate writes a copy of the photo with the measured lines drawn on it."""
    out = tmp_path / "annotated"
    assert run("measure", str(WALKING), "--position", "any", "--annotate", str(out)).code == 0
    drawn = cv2.imread(str(out / "walking-side.annotated.png"))
    original = cv2.imread(str(WALKING))
    assert drawn is not None
    assert drawn.shape[:2] == original.shape[:2]
    changed = np.any(np.abs(drawn.astype(int) - original.astype(int)) > 60, axis=2)
    assert changed.mean() > 0.002  # lines were drawn, not just re-encoded
