"""Measuring over HTTP: uploads and live frames are measured, dropped, and refused with reasons."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.core.answers import photo_measurings
from tests.people import (
    HAND_THIGH_DEG,
    HAND_THIGH_LYING_DEG,
    LYING_HEVC,
    TOLERANCE_DEG,
    WALKING,
    lying_upside_down_with_exif,
    write_clip,
)
from tests.web.conftest import answers, csrf, post

cv2 = pytest.importorskip("cv2", reason="the vision extra is not installed")
np = pytest.importorskip("numpy")


def jpeg(shade: int = 150) -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((360, 480, 3), shade, dtype=np.uint8))
    assert ok
    return bytes(data.tobytes())


def upload(client: TestClient, url: str, body: bytes, kind: str = "image/jpeg") -> object:
    return client.post(url, content=body, headers={**csrf(client), "Content-Type": kind})


def test_photo_without_a_person(client: TestClient) -> None:
    """A photo of nothing: measured, refused with a reason, nothing stored."""
    response = upload(client, "/api/measure", jpeg())
    assert response.status_code == 200  # type: ignore[attr-defined]
    data = response.json()  # type: ignore[attr-defined]
    assert (data["detected"], data["accepted"]) == (False, False)
    assert "no person" in data["reason"]
    assert client.get("/api/progress").json()["series"]["measured_thigh_deg"] == []


def test_bad_uploads(client: TestClient) -> None:
    """Wrong types, empty bodies, broken images and missing CSRF are 4xx."""
    assert upload(client, "/api/measure", b"hello", "text/plain").status_code == 400  # type: ignore[attr-defined]
    assert upload(client, "/api/measure", b"", "image/jpeg").status_code == 400  # type: ignore[attr-defined]
    assert upload(client, "/api/measure", b"not really a jpeg").status_code == 400  # type: ignore[attr-defined]
    assert upload(client, "/api/measure?position=upside-down", jpeg()).status_code == 400  # type: ignore[attr-defined]
    no_token = client.post("/api/measure", content=jpeg(), headers={"Content-Type": "image/jpeg"})
    assert no_token.status_code == 403


def test_live_frame_says_not_in_position(client: TestClient) -> None:
    """A camera frame with nobody in it: not in position, with the reason."""
    response = upload(client, "/api/measure/frame?practice=bolster-release", jpeg(90))
    data = response.json()  # type: ignore[attr-defined]
    assert data["in_position"] is False
    assert "no person" in data["hint"]


def test_accept_stores_only_numbers(client: TestClient) -> None:
    """Accepting a reading stores its angles, which then show in progress."""
    post(client, "/api/tests", answers())
    angles = {
        "thigh_to_floor_deg": 12.0,
        "hip_deg": 160.0,
        "knee_deg": 170.0,
        "trunk_to_floor_deg": 3.0,
    }
    assert (
        post(client, "/api/measure/accept", {"angles": angles, "side": "left"}).status_code == 201
    )
    assert (
        post(client, "/api/measure/accept", {"angles": {"x": 1}, "side": "left"}).status_code == 400
    )
    assert post(client, "/api/measure/accept", [angles, "left"]).status_code == 422
    odd_position = {"angles": angles, "side": "left", "position": "upside-down"}
    assert post(client, "/api/measure/accept", odd_position).status_code == 400
    series = client.get("/api/progress").json()["series"]
    assert series["measured_thigh_deg"] == [12.0]


def test_accept_keeps_three_captures_as_one_measuring(client: TestClient) -> None:
    """The wizard's three captures: stored together with the test's low back, shown as
    one measuring with its spread, and stated in a plain line."""
    post(client, "/api/tests", answers(back_gap="hand"))
    captures = [
        {"thigh_to_floor_deg": t, "hip_deg": 170.0, "knee_deg": 175.0, "trunk_to_floor_deg": 2.0}
        for t in (4.0, 6.0, 5.0)
    ]
    response = post(client, "/api/measure/accept", {"captures": captures, "side": "right"})
    assert response.status_code == 201
    assert response.json() == {
        "ok": True,
        "kept": 3,
        "back_arched": True,
        "statement": "Thigh 5° to the floor · hip 170° (trunk to thigh) · the thigh lies down "
        "because the low back arched (a whole hand under it in the test): not counted as a "
        "release",
        "progress": None,  # left out of the trend, so no progress sentence
    }
    series = client.get("/api/progress").json()["series"]
    assert series["measured_captures"] == [3]
    assert series["measured_spread_deg"] == [2.0]
    assert series["measured_counted"] == [False]
    too_many = {"captures": captures + captures[:1], "side": "left"}
    assert post(client, "/api/measure/accept", too_many).status_code == 400
    as_bool = {"captures": [{**captures[0], "hip_deg": True}], "side": "left"}
    assert post(client, "/api/measure/accept", as_bool).status_code == 400
    assert post(client, "/api/measure/accept", {"captures": [], "side": "left"}).status_code == 400
    assert client.get("/api/progress").json()["series"]["measured_captures"] == [3]
    post(client, "/api/tests", answers(back_gap="pencil"))
    counted = post(client, "/api/measure/accept", {"captures": captures, "side": "left"})
    assert counted.json()["progress"] == (
        "Thigh angle from photos, left: 5.0°, one measuring so far; your readings vary by "
        "about 1.0°, so a later change of more than 2.8° will be real."
    )


def test_progress_page_tells_the_photo_change_against_the_persons_own_variation(
    client: TestClient,
) -> None:
    """Two measurings of three captures eight weeks apart: the page gives the first and
    latest angle and calls the change real against the person's own MDC."""
    post(client, "/api/tests", answers())
    data = client.get("/api/export").json()
    data["measurements"] = photo_measurings(
        data["tests"][0]["uid"],
        datetime(2026, 9, 20, 21, tzinfo=UTC),
        datetime(2026, 11, 15, 21, tzinfo=UTC),
        side="right",
    )
    assert post(client, "/api/import", data).status_code == 200
    page = client.get("/progress").text
    assert (
        "<p>Thigh angle from photos, right: 13.9° → 3.4°; your readings vary by about 1.1°; "
        "this 10.5° change is real (more than 3.1°).</p>"
    ) in page


def test_real_photo_is_measured_with_its_skeleton(client: TestClient) -> None:
    """A side-view photo of a real person: accepted, angles and an annotated image come back."""
    response = upload(client, "/api/measure?position=any", WALKING.read_bytes())
    data = response.json()  # type: ignore[attr-defined]
    assert (data["accepted"], data["side"]) == (True, "left")
    assert data["annotated"].startswith("data:image/png;base64,")
    assert abs(data["angles"]["thigh_to_floor_deg"] - HAND_THIGH_DEG) <= TOLERANCE_DEG
    assert client.get("/api/progress").json()["series"]["measured_thigh_deg"] == []


def test_clip_is_measured_with_its_skeleton(client: TestClient, tmp_path: Path) -> None:
    """A 2-second clip from the phone: the median over its frames, drawn on one of them."""
    path = write_clip(tmp_path / "clip.mp4", [cv2.imread(str(WALKING))] * 60)
    response = upload(client, "/api/measure?position=any", path.read_bytes(), "video/mp4")
    data = response.json()  # type: ignore[attr-defined]
    assert (data["accepted"], data["side"]) == (True, "left")
    assert data["frames"] > 1
    assert abs(data["angles"]["thigh_to_floor_deg"] - HAND_THIGH_DEG) <= TOLERANCE_DEG
    assert data["annotated"].startswith("data:image/png;base64,")
    assert data["captures"] == []  # 2 seconds: one capture, the clip's own reading
    longer = write_clip(tmp_path / "still.mp4", [cv2.imread(str(WALKING))] * 180)
    held = upload(client, "/api/measure?position=any", longer.read_bytes(), "video/mp4")
    thirds = held.json()["captures"]  # type: ignore[attr-defined]
    assert len(thirds) == 3  # 6 seconds held still: a capture from each third
    assert all(abs(c["thigh_to_floor_deg"] - HAND_THIGH_DEG) <= TOLERANCE_DEG for c in thirds)
    broken = upload(client, "/api/measure", b"\x00\x00\x00\x18ftypmp42", "video/mp4")
    assert broken.status_code == 400  # type: ignore[attr-defined]


def test_the_bytes_decide_what_an_upload_is(client: TestClient, tmp_path: Path) -> None:
    """Browsers may send no type or a wrong one: an iPhone clip with no type is read as a
    clip, a photo labelled as a video as a photo, a photo's EXIF turn is applied; HEIC
    photos get a way out."""
    clip = upload(client, "/api/measure", LYING_HEVC.read_bytes(), "application/octet-stream")
    data = clip.json()  # type: ignore[attr-defined]
    assert data["accepted"], data["reason"]
    assert data["frames"] == 10  # 2 seconds, 5 frames taken from each
    assert abs(data["angles"]["thigh_to_floor_deg"] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG
    photo = upload(client, "/api/measure?position=any", WALKING.read_bytes(), "video/mp4")
    assert photo.json()["frames"] == 1  # type: ignore[attr-defined]
    assert photo.json()["accepted"]  # type: ignore[attr-defined]
    turned = lying_upside_down_with_exif(tmp_path / "turned.jpg").read_bytes()
    data = upload(client, "/api/measure", turned).json()  # type: ignore[attr-defined]
    assert data["accepted"], data["reason"]
    assert abs(data["angles"]["thigh_to_floor_deg"] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG
    heic = upload(client, "/api/measure", b"\x00\x00\x00\x18ftypheic" + bytes(40), "image/heic")
    assert heic.status_code == 400  # type: ignore[attr-defined]
    assert "Most Compatible" in heic.json()["detail"]  # type: ignore[attr-defined]


def test_live_frame_of_an_upright_person(client: TestClient) -> None:
    """Upright with the back hip open counts for the lunge, not for the lying bolster release."""
    frame = WALKING.read_bytes()
    lunge = upload(client, "/api/measure/frame?practice=lunge-hip-flexor-stretch", frame).json()  # type: ignore[attr-defined]
    assert (lunge["in_position"], lunge["hint"]) == (True, "in position")
    bolster = upload(client, "/api/measure/frame?practice=bolster-release", frame).json()  # type: ignore[attr-defined]
    assert bolster["in_position"] is False
    assert bolster["hint"]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels but holds almost no data."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


def test_a_photo_with_too_many_pixels_is_refused_before_decoding(client: TestClient) -> None:
    """A 1 kB file claiming 20000 × 20000 pixels is refused from its header alone."""
    response = upload(client, "/api/measure", png_header(20_000, 20_000), "image/png")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "too many pixels" in response.json()["detail"]  # type: ignore[attr-defined]


def test_a_large_photo_is_decoded_at_a_reduced_size(client: TestClient) -> None:
    """A 12 MP photo is measured (decoded at half size straight from the JPEG)."""
    ok, data = cv2.imencode(".jpg", np.full((3000, 4000, 3), 120, dtype=np.uint8))
    assert ok
    response = upload(client, "/api/measure", bytes(data.tobytes()))
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.json()["detected"] is False  # type: ignore[attr-defined]
