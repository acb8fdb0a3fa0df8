"""scripts/label-photos: the page it writes labels photos in a real browser, and
``make eval --data`` reads what it saves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "label-photos"
#: Two photos of different shapes, so scaling the page's clicks back to photo pixels is
#: checked both ways.
PHOTOS = {"lying.png": (800, 500), "tall.jpg": (450, 700)}
#: True once the page has loaded the photo it shows.
PHOTO_SHOWN = "image.complete && image.naturalWidth > 0"


def _label_photos(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60
    )


def _photos(folder: Path) -> None:
    (folder / "images").mkdir(parents=True)
    for name, size in PHOTOS.items():
        Image.new("RGB", size, (200, 190, 170)).save(folder / "images" / name)


def _click(page: Any, x: float, y: float) -> None:
    """Click the point (x, y) of the photo, in its own pixels, on the scaled canvas."""
    box = page.locator("#photo").bounding_box()
    natural = page.evaluate("[image.naturalWidth, image.naturalHeight]")
    page.mouse.click(
        box["x"] + x * box["width"] / natural[0], box["y"] + y * box["height"] / natural[1]
    )


def _near(found: list[int], wanted: tuple[int, int]) -> bool:
    return all(abs(f - w) <= 2 for f, w in zip(found, wanted, strict=True))


def test_photos_are_labelled_saved_and_read_by_the_eval(
    tmp_path: Path, page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _photos(tmp_path)
    done = _label_photos(str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 photos, 0 already labelled" in done.stdout

    page.goto((tmp_path / "label.html").as_uri())
    page.wait_for_function(PHOTO_SHOWN)
    # The page is 390 px wide, so both photos are drawn smaller than they are.
    assert page.locator("#photo").bounding_box()["width"] < 400
    assert "Click the head" in page.locator("#prompt").inner_text()
    for point in ((100, 200), (400, 300), (620, 250)):
        _click(page, *point)
    assert "other knee" in page.locator("#prompt").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_function("image.naturalWidth === 450")
    for point in ((200, 80), (220, 400), (300, 560), (280, 600)):
        _click(page, *point)
    assert "All marked" in page.locator("#prompt").inner_text()
    with page.expect_download() as download:
        page.locator("#save").click()
    download.value.save_as(tmp_path / "labels.json")

    labels = json.loads((tmp_path / "labels.json").read_text())["images"]
    lying, tall = labels["lying.png"], labels["tall.jpg"]
    assert (lying["width"], tall["width"]) == (800, 450)
    assert _near(lying["head"], (100, 200))
    assert _near(lying["hip"], (400, 300))
    assert len(lying["knees"]) == 1
    assert _near(lying["knees"][0], (620, 250))
    assert len(tall["knees"]) == 2
    assert _near(tall["knees"][0], (300, 560))
    assert _near(tall["knees"][1], (280, 600))

    monkeypatch.syspath_prepend(str(REPO / "bench"))
    from eval_pose import _labels

    assert _labels(tmp_path) == labels

    again = _label_photos(str(tmp_path))
    assert "2 photos, 2 already labelled" in again.stdout
    page.goto((tmp_path / "label.html").as_uri())
    assert "(2 labelled)" in page.locator("#title").inner_text()
    page.wait_for_function(PHOTO_SHOWN)
    # The first photo's three marks are back: the page asks only for the other knee.
    assert "other knee" in page.locator("#prompt").inner_text()


def test_undo_and_skip_leave_a_photo_unlabelled(tmp_path: Path, page: Any) -> None:
    _photos(tmp_path)
    assert _label_photos(str(tmp_path)).returncode == 0
    page.goto((tmp_path / "label.html").as_uri())
    page.wait_for_function(PHOTO_SHOWN)
    for point in ((100, 200), (400, 300), (620, 250)):
        _click(page, *point)
    page.keyboard.press("Backspace")
    assert "Click the knee" in page.locator("#prompt").inner_text()
    page.locator("#skip").click()
    page.wait_for_function("image.naturalWidth === 450")
    assert "(0 labelled)" in page.locator("#title").inner_text()


def test_a_folder_it_cannot_use_is_refused_in_one_line(tmp_path: Path) -> None:
    for args, said in (
        ((), "usage: scripts/label-photos DIR"),
        ((str(tmp_path),), "no JPEG, PNG or WebP photos in"),
    ):
        done = _label_photos(*args)
        assert done.returncode == 2
        assert said in done.stdout
        assert "Traceback" not in done.stderr
    _photos(tmp_path)
    (tmp_path / "labels.json").write_text("{broken")
    done = _label_photos(str(tmp_path))
    assert done.returncode == 2
    assert "cannot be read" in done.stdout
    assert "move it aside first" in done.stdout
    assert (tmp_path / "labels.json").read_text() == "{broken"
    assert not (tmp_path / "label.html").exists()
