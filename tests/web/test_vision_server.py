"""Measuring on a real server: a clip being measured does not hold up anyone else."""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import server  # noqa: F401  (the real server fixture)
from tests.people import HAND_THIGH_LYING_DEG, TOLERANCE_DEG, WALKING, lying, write_clip

cv2 = pytest.importorskip("cv2", reason="the vision extra is not installed")


def test_server_answers_others_while_a_clip_is_measured(server: str, tmp_path: Path) -> None:  # noqa: F811
    """While a 15-second clip is decoded and measured (seconds of work), other requests
    are answered at once: the work runs beside the server's event loop, not in it."""
    still = cv2.imread(str(lying(WALKING, tmp_path / "still.jpg")))
    path = write_clip(tmp_path / "long.mp4", [still] * (15 * 30))
    token = "t" * 43
    upload = urllib.request.Request(
        server + "/api/measure",
        data=path.read_bytes(),
        method="POST",
        headers={
            "Content-Type": "video/mp4",
            "Cookie": f"psoas_csrf={token}",
            "X-CSRF-Token": token,
        },
    )
    result: dict[str, object] = {}

    def measure() -> None:
        with urllib.request.urlopen(upload, timeout=120) as response:
            result.update(json.loads(response.read()))

    worker = threading.Thread(target=measure)
    worker.start()
    answered_meanwhile = 0
    while worker.is_alive():
        with urllib.request.urlopen(server + "/api/ping", timeout=120) as response:
            assert response.status == 200
        if worker.is_alive():
            answered_meanwhile += 1
    worker.join()
    assert result["accepted"], result["reason"]
    assert result["frames"] == 75
    assert abs(result["angles"]["thigh_to_floor_deg"] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG  # type: ignore[index]
    # Blocking the event loop would let through only the pings sent before the work began.
    assert answered_meanwhile >= 10
