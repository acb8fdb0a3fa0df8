"""The vision extra: MediaPipe loads offline, finds nobody in an empty picture, CLI answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

cv2 = pytest.importorskip("cv2", reason="the vision extra is not installed")
np = pytest.importorskip("numpy")


def test_model_loads_offline_and_finds_nobody_in_a_plain_picture(tmp_path: Path) -> None:
    """The bundled pose model runs with no network; a picture of a wall is 'no person'."""
    from psoas.vision.pose import PoseModel, measure_and_picture

    wall = tmp_path / "wall.png"
    cv2.imwrite(str(wall), np.full((480, 640, 3), 200, dtype=np.uint8))
    with PoseModel() as model:
        reading, _picture = measure_and_picture(model, wall)
    assert (reading.detected, reading.accepted) == (False, False)
    assert "no person" in reading.reason


def test_measure_cli_json_array_in_order(run: Run, tmp_path: Path) -> None:
    """Several files give a JSON array in order, the model loaded once; nothing is stored."""
    files = []
    for name in ("a.png", "b.jpg"):
        path = tmp_path / name
        cv2.imwrite(str(path), np.full((240, 320, 3), 90, dtype=np.uint8))
        files.append(str(path))
    result = run("measure", *files, "--json", "--attach")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [item["file"] for item in data] == files
    assert all(item["accepted"] is False for item in data)
    assert json.loads(run("progress", "--json").out)["series"]["measured_thigh_deg"] == []


def test_measure_bad_files(run: Run, tmp_path: Path) -> None:
    """A missing file or a file that is not an image: exit 2 with the file named."""
    missing = run("measure", str(tmp_path / "nope.jpg"))
    assert missing.code == 2
    assert "nope.jpg: no such file" in missing.err
    text = tmp_path / "notes.jpg"
    text.write_text("not an image")
    result = run("measure", str(text))
    assert result.code == 2
    assert "notes.jpg" in result.err


def test_a_bad_file_anywhere_stops_the_run_before_any_work(run: Run, tmp_path: Path) -> None:
    """Every file is checked first: a broken clip last in the list means nothing is
    measured, drawn or stored, and the message names it."""
    good = tmp_path / "wall.png"
    cv2.imwrite(str(good), np.full((240, 320, 3), 90, dtype=np.uint8))
    clip = tmp_path / "broken.mp4"
    clip.write_bytes(b"\\x00\\x00\\x00\\x18ftypmp42 then nothing useful")
    drawn = tmp_path / "drawn"
    result = run("measure", str(good), str(clip), "--annotate", str(drawn), "--attach")
    assert result.code == 2
    assert "broken.mp4" in result.err
    assert "not a video" in result.err
    assert result.out == ""
    assert not drawn.exists()


def test_annotate_into_a_file_is_refused(run: Run, tmp_path: Path) -> None:
    """--annotate naming an existing file: exit 2 with a message, no traceback."""
    good = tmp_path / "wall.png"
    cv2.imwrite(str(good), np.full((240, 320, 3), 90, dtype=np.uint8))
    taken = tmp_path / "taken"
    taken.write_text("a file, not a folder")
    result = run("measure", str(good), "--annotate", str(taken))
    assert result.code == 2
    assert "cannot make that folder" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("seconds", "fps", "taken", "per_second"),
    [(2, 30, 10, 5.0), (4, 10, 20, 5.0), (30, 10, 75, 2.5)],
)
def test_clip_frames_are_taken_over_the_whole_clip(
    tmp_path: Path, seconds: int, fps: int, taken: int, per_second: float
) -> None:
    """Five frames from each second; a long clip gives at most 75, spread over all of it
    (the last frame taken is near the end, where the person may only just be lying)."""
    from psoas.vision.pose import load_clip
    from tests.people import write_clip

    total = seconds * fps
    brightening = [np.full((48, 64, 3), 250 * i // total, dtype=np.uint8) for i in range(total)]
    frames, rate = load_clip(write_clip(tmp_path / "clip.mp4", brightening, fps))
    assert (len(frames), rate) == (taken, pytest.approx(per_second))
    assert float(frames[-1].mean()) >= 250 * (1 - 1.2 / (seconds * per_second)) - 3


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [("MAX_CLIP_GRABS", 5, "too long"), ("MAX_FRAME_PIXELS", 1000, "frames are too large")],
)
def test_a_clip_too_long_or_too_large_is_refused_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, message: str
) -> None:
    """The clip's own header (frame count, frame size) is checked against the limits
    first (here lowered, so a small clip stands for a huge one)."""
    from psoas.exceptions import BadInput
    from psoas.vision import pose
    from tests.people import write_clip

    frames = [np.full((120, 160, 3), 100, dtype=np.uint8) for _ in range(12)]
    clip = write_clip(tmp_path / "clip.mp4", frames, 10)
    monkeypatch.setattr(pose, limit, value)
    with pytest.raises(BadInput, match=message):
        pose.load_clip(clip)
