"""The pose model on the person's own device: the shared rules, the live check holding and
releasing the countdown, offline, with no request to any other origin, and the server
path as a fallback that says so on screen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.browser.conftest import launch, phone_page
from tests.browser.test_journey import person_on_camera, phase_text, seconds_left, start_lunge
from tests.core.test_pose_vectors import VECTORS, close

#: The same cases tests/core/test_pose_vectors.py gives the Python rules.
ANSWER_IN_JS = """cases => cases.map(c => {
  const R = window.psoasPoseRules;
  const frame = points => {
    const f = {};
    for (const name in points) { const [x, y, v] = points[name]; f[name] = {x, y, visibility: v}; }
    return f;
  };
  if (c.rule === "another_person") { return R.anotherPerson(frame(c.pose)); }
  if (c.rule === "mirror_agrees") { return R.mirrorAgrees(c.direct, c.mirrored); }
  if (c.rule === "search_for_others") {
    return R.searchForOthers(frame(c.pose), c.width, c.height);
  }
  const r = R.read(c.frames.map(frame), c.width, c.height, c.lying, c.steady);
  const out = {accepted: r.accepted, reason: r.reason, side: r.side, detected: r.detected,
               angles: r.angles, captures: r.captures};
  if (c.practice) { out.in_position = R.inPosition(c.practice, r); }
  return out;
})"""


def test_browser_rules_answer_every_shared_vector(page: Any, server: str) -> None:
    page.goto(server + "/check")
    answers = page.evaluate(ANSWER_IN_JS, VECTORS["cases"])
    wrong = [
        (case["name"], got, case["expect"])
        for case, got in zip(VECTORS["cases"], answers, strict=True)
        if not close(got, case["expect"])
    ]
    assert wrong == []


@contextmanager
def watched(playwright: Any, url: str, video: Path) -> Iterator[tuple[Any, list[str]]]:
    """A phone page whose camera plays ``video``, and the list of every request it makes
    to any origin other than psoas's own."""
    browser = launch(playwright, f"--use-file-for-fake-video-capture={video}")
    own = urlsplit(url).netloc
    elsewhere: list[str] = []

    def note(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != own:
            elsewhere.append(request.url)

    try:
        page = phone_page(browser)
        page.context.on("request", note)
        yield page, elsewhere
    finally:
        browser.close()


def camera_on(page: Any) -> None:
    page.click("#more summary")
    page.click("#camera")


def test_on_device_check_holds_and_releases_the_countdown(
    playwright: Any, server: str, tmp_path: Path
) -> None:
    """A person in the lunge for a second, then nobody for three, in a loop: checked on
    the phone with the network gone, the hold waits while nobody is there and counts
    again when they return."""
    video = person_on_camera(tmp_path / "come-and-go.y4m", blank_frames=90)
    with watched(playwright, server, video) as (page, elsewhere):
        start_lunge(page, server)
        camera_on(page)
        page.locator("#camera-state", has_text="(on this phone)").wait_for(timeout=60_000)
        page.context.set_offline(True)
        phases = []
        for _ in range(120):  # 12 s: three rounds of the clip
            phases.append(phase_text(page))
            page.wait_for_timeout(100)
        waited = phases.index("Waiting for your position")
        assert "Hold" in phases[waited:]  # released again when the person came back
        assert page.evaluate("window.__psoasCheckedOn") == "device"
        assert elsewhere == []


def test_the_model_is_fetched_only_when_the_camera_is_turned_on(
    playwright: Any, server: str, tmp_path: Path
) -> None:
    """The self-test page and the player do not fetch the model (about 21 MB) until a
    person turns the camera on; then the page fetches it from psoas itself."""
    with watched(playwright, server, person_on_camera(tmp_path / "camera.y4m")) as pair:
        page, elsewhere = pair
        fetched: list[str] = []
        page.context.on(
            "request",
            lambda request: (
                fetched.append(urlsplit(request.url).path) if "/pose/" in request.url else None
            ),
        )
        start_lunge(page, server)  # through the self-test page, into the lunge's hold
        assert fetched == []
        assert page.evaluate("psoas.pose.loading('VIDEO')") is False
        camera_on(page)
        page.locator("#camera-state", has_text="(on this phone)").wait_for(timeout=60_000)
        assert "/pose/pose_landmarker_full.task" in fetched
        assert "/pose/vision_bundle.mjs" in fetched
        assert elsewhere == []


def test_on_device_check_works_offline(playwright: Any, server: str, tmp_path: Path) -> None:
    """Once used, the model is kept on the phone: with the network gone the check goes
    on, and the model loads again from the phone's cache. No request leaves the site."""
    with watched(playwright, server, person_on_camera(tmp_path / "camera.y4m")) as pair:
        page, elsewhere = pair
        start_lunge(page, server)
        camera_on(page)
        page.locator("#camera-state", has_text="In position: counting (on this phone)").wait_for(
            timeout=60_000
        )
        page.context.set_offline(True)
        first = seconds_left(page)
        page.wait_for_timeout(2500)
        assert seconds_left(page) < first
        assert "on this phone" in page.inner_text("#camera-state")
        page.reload()  # offline: the page and the model come from the phone's cache
        loaded = page.evaluate(
            "psoas.pose.load('VIDEO').then(() => 'loaded', e => 'failed: ' + e.message)"
        )
        assert loaded == "loaded"
        assert elsewhere == []


def test_server_path_is_the_fallback_and_says_so(
    playwright: Any, server: str, tmp_path: Path
) -> None:
    """A browser without WebAssembly cannot run the model: frames go to the server, and
    the screen says where and why."""
    with watched(playwright, server, person_on_camera(tmp_path / "camera.y4m")) as pair:
        page, elsewhere = pair
        page.context.add_init_script("delete window.WebAssembly;")
        start_lunge(page, server)
        camera_on(page)
        page.locator(
            "#camera-state", has_text="Checking on the server (this browser cannot run the model)"
        ).wait_for(timeout=30_000)
        page.locator("#camera-state", has_text="In position").wait_for(timeout=30_000)
        assert page.evaluate("window.__psoasCheckedOn") == "server"
        assert elsewhere == []


def test_pose_assets_are_served_by_psoas_with_their_licence(page: Any, server: str) -> None:
    """Everything the model needs comes from psoas itself, with the licence beside it, and
    the page allows WebAssembly but no other origin."""
    response = page.goto(server + "/check")
    policy = response.headers["content-security-policy"]
    assert "'wasm-unsafe-eval'" in policy
    assert "connect-src 'self';" in policy
    assert page.evaluate("document.body.dataset.pose") == "/pose/"
    for name in ("vision_bundle.mjs", "pose_landmarker_full.task", "wasm/vision_wasm_internal.js"):
        assert page.request.get(f"{server}/pose/{name}").ok, name
    licence = page.request.get(server + "/pose/LICENSE").text()
    assert "Apache License" in licence
    assert "tasks-vision 0.10.35" in licence
    assert json.loads(page.request.get(server + "/api/ping").text()) == {"ok": "psoas"}


def still_clip(path: Path, seconds: float = 6.0) -> Path:
    """A WebM clip (VP8, which Chromium plays) of the person lying still for ``seconds``."""
    import cv2

    from tests.people import WALKING

    picture = cv2.rotate(cv2.imread(str(WALKING)), cv2.ROTATE_90_CLOCKWISE)
    height, width = picture.shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"VP80"), 30, (width, height))
    for _ in range(round(30 * seconds)):
        writer.write(picture)
    writer.release()
    assert path.stat().st_size > 0
    return path


def test_a_clip_held_still_gives_three_captures_on_the_phone(
    playwright: Any, server: str, tmp_path: Path
) -> None:
    """Someone alone films themselves lying still for 6 seconds: the phone measures the
    clip itself and takes its three captures from it, ready to keep."""
    from tests.browser.test_journey import do_self_test

    with watched(playwright, server, person_on_camera(tmp_path / "camera.y4m")) as pair:
        page, elsewhere = pair
        do_self_test(page, server)
        page.set_input_files("#photo", str(still_clip(tmp_path / "still.webm")))
        page.locator("#photo-status", has_text="3 captures of the left side").wait_for(
            timeout=90_000
        )
        assert "measured on this phone" in page.inner_text("#photo-status")
        assert page.is_visible("#photo-accept")
        assert elsewhere == []


def measured_on_the_phone(page: Any, photo: Path, lying: bool) -> dict[str, Any]:
    """The reading pose-device.js makes of ``photo`` in the open page (keypoints as
    ``[x, y]`` in the picture's pixels once scaled down as the server scales it)."""
    from base64 import b64encode

    return page.evaluate(  # type: ignore[no-any-return]
        """async ([data, name, lying]) => {
          const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
          const file = new File([bytes], name, {type: "image/jpeg"});
          const r = await psoas.pose.measureFile(file, lying);
          return {accepted: r.accepted, reason: r.reason, side: r.side, angles: r.angles,
                  detected: r.detected, keypoints: r.keypoints};
        }""",
        [b64encode(photo.read_bytes()).decode(), photo.name, lying],
    )


def test_a_second_person_is_found_on_the_phone_as_on_the_server(page: Any, server: str) -> None:
    """The photo with a man on a box at the back: the phone covers the woman up and
    searches again where the shared rule says, and refuses the photo as the server does."""
    from tests.people import PEOPLE

    page.goto(server + "/check")
    reading = measured_on_the_phone(page, PEOPLE / "two-people.jpg", lying=False)
    assert [reading["accepted"], reading["reason"]] == [
        False,
        "two people in the picture: only the person doing the test should be in view",
    ]


def test_the_phone_and_the_server_read_a_photo_alike(
    page: Any, server: str, tmp_path: Path
) -> None:
    """The same photo measured in Chromium (WebAssembly) and in Python (native), which
    run one model bundle: the same side, and the thigh, hip and knee within 0.1°."""
    from psoas.vision.pose import PoseModel, load_image, measure_photo, native_logs_silenced
    from tests.people import WALKING, lying

    photo = lying(WALKING, tmp_path / "lying.jpg")
    with native_logs_silenced(), PoseModel() as model:
        here = measure_photo(model, load_image(photo))
    assert here.accepted
    assert here.angles is not None
    page.goto(server + "/check")
    there = measured_on_the_phone(page, photo, lying=True)
    assert [there["accepted"], there["side"]] == [True, here.side]
    for name in ("thigh_to_floor_deg", "hip_deg", "knee_deg"):
        assert abs(there["angles"][name] - getattr(here.angles, name)) <= 0.1, name
