"""The in-browser pose model: packed from the wheel at set-up, checked against its pinned
integrity value, served by psoas itself, and absent without harm."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from psoas.vision import browser_assets
from psoas.vision.browser_assets import INTEGRITY, TASK_FILE, assets_dir, pack_task, ready, verified

pytest.importorskip("mediapipe", reason="the vision extra is not installed")


def test_the_task_bundle_holds_both_models_with_their_metadata(tmp_path: Path) -> None:
    """PoseLandmarker finds its two models by name, stored uncompressed, each with the
    metadata the web runtime asks for (the browser tests load the bundle for real)."""
    target = tmp_path / TASK_FILE
    pack_task(target)
    with zipfile.ZipFile(target) as bundle:
        names = {i.filename: i for i in bundle.infolist()}
        assert set(names) == {"pose_detector.tflite", "pose_landmarks_detector.tflite"}
        for info in names.values():
            assert info.compress_type == zipfile.ZIP_STORED
            assert b"TFLITE_METADATA" in bundle.read(info)


def test_a_download_must_match_its_pinned_integrity_value() -> None:
    import base64
    import hashlib

    data = b"a tarball"
    pinned = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    assert verified(data, pinned) == data
    with pytest.raises(RuntimeError, match="integrity"):
        verified(data + b"!", pinned)
    with pytest.raises(RuntimeError):
        verified(data)  # not the pinned tarball
    assert INTEGRITY.startswith("sha512-")


def test_set_up_built_the_assets_this_suite_serves() -> None:
    """`make test` builds them before the tests run (the browser tests use them)."""
    folder = assets_dir()
    assert ready(folder), f"{folder}: run `make test` (or python -m psoas.vision.browser_assets)"
    assert "Apache License" in (folder / "LICENSE").read_text()


def test_an_incomplete_folder_is_not_ready(tmp_path: Path) -> None:
    assert not ready(tmp_path)
    (tmp_path / browser_assets.STAMP).write_text("tasks-vision 0.0.1; mediapipe 0\n")
    assert not ready(tmp_path)


def test_without_the_assets_pages_measure_on_the_server(
    make_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A psoas installed without them serves no /pose/ and tells the pages so (they then
    send frames to the server, and say why)."""
    monkeypatch.setenv("PSOAS_POSE_ASSETS", str(tmp_path / "none"))
    client = make_client()
    assert client.get("/pose/vision_bundle.mjs").status_code == 404
    assert 'data-pose=""' in client.get("/check").text
    assert 'psoas-pose"' in client.get("/sw.js").text  # the worker's pose cache is unnamed


def test_with_the_assets_the_pages_know_where_they_are(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client()
    assert 'data-pose="/pose/"' in client.get("/session").text
    bundle = client.get("/pose/vision_bundle.mjs")
    assert bundle.status_code == 200
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert client.get("/pose/wasm/vision_wasm_internal.wasm").headers["content-type"] == (
        "application/wasm"
    )
    assert "psoas-pose-" in client.get("/sw.js").text


def test_the_server_reads_a_person_the_same_without_the_built_assets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The server runs the phone's bundle: the one set-up built when there is one, else one
    packed afresh from the wheel. Both read the same person to the same angles."""
    from psoas.vision.pose import PoseModel, load_image, measure_photo, native_logs_silenced
    from tests.people import WALKING, lying

    assert ready(assets_dir()), "run `make test` (or python -m psoas.vision.browser_assets)"
    picture = load_image(lying(WALKING, tmp_path / "lying.jpg"))
    with native_logs_silenced(), PoseModel() as model:
        built = measure_photo(model, picture)
    monkeypatch.setenv("PSOAS_POSE_ASSETS", str(tmp_path / "none"))
    with native_logs_silenced(), PoseModel() as model:
        packed = measure_photo(model, picture)
    assert built.accepted
    assert built.angles is not None
    assert packed.angles == built.angles
    assert not (tmp_path / "none").exists()
