"""A new user's whole evening in a real browser on a phone-sized screen."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.browser.conftest import launch, phone_page
from tests.people import HAND_THIGH_LYING_DEG, LYING_HEVC, TOLERANCE_DEG, WALKING, lying

pytestmark = pytest.mark.browser


def pick(page: Any, name: str, value: int, within: str = "body") -> None:
    """Tap a chip of a 0-10 scale (the radio itself is visually hidden)."""
    page.click(f"{within} label.chip:has(input[name={name}][value='{value}'])")


def start_tonight(page: Any, pain: int = 0, flags: tuple[str, ...] = ()) -> None:
    """Answer tonight's check on the player (these flags, or "None of these") and Start."""
    page.wait_for_selector("#start:not([hidden])")
    page.wait_for_selector("#screen:not([hidden])")
    for flag in flags:
        page.check(f"#screen input[name=red_flags][value={flag}]")
    if not flags:
        page.check("#screen input[name=none_apply]")
    pick(page, "screen_pain", pain, "#screen")
    page.click("#start")


def no_red_flags(page: Any) -> None:
    """Answer the self-test's three safety screens with "None of these"."""
    for tier in ("urgent", "stop", "caution"):
        page.check(f"[data-screen=safety-{tier}] input[name=none_apply]")
        page.click("#next")


def do_self_test(page: Any, url: str) -> None:
    page.goto(url + "/check")
    no_red_flags(page)
    page.check("input[name=thighs_lift][value=true]")
    page.select_option("#lift-unit", "in")
    page.fill("#lift-height", "8")
    page.click("#next")
    page.check("input[name=thighs-flat][value=no]")
    page.click("#next")
    page.check("input[name=back-gap][value=hand]")
    page.click("#next")
    page.check("input[name=gap-even][value=no]")
    page.check("input[name=tighter_side][value=left]")
    page.click("#next")
    page.check("input[name=ribs-down][value=yes]")
    page.click("#next")
    pick(page, "pain", 4)
    page.click("#next")
    page.click("#next")  # signs: none
    page.wait_for_selector("#result:not([hidden])")


def answer_test(page: Any, gap: str, pain: int | None = None) -> None:
    """Answer the session's test (no pain: it is tonight's) or re-test (with ``pain``)."""
    page.wait_for_selector("#question:not([hidden])")
    if page.is_visible("#q-descent"):
        page.click("#q-next")  # the descent is optional
    # One question per screen: each answer moves on to the next by itself.
    page.check("#test-form input[name=thighs_flat][value=true]")
    page.check(f"#test-form input[name=back_gap][value={gap}]")
    page.check("#test-form input[name=gap_even][value=true]")
    page.check("#test-form input[name=ribs_stick_out][value=false]")
    if pain is not None:
        pick(page, "pain", pain, "#test-form")
    page.click("#q-save")


def end_session(page: Any) -> None:
    """End the session from the player's More panel, confirming, and wait for the rating."""
    page.click("#more summary")
    page.click("#end")
    page.click("#end-yes")
    page.wait_for_selector("#rating:not([hidden])")


def wait_until(page: Any, script: str, timeout_s: float = 20.0) -> None:
    """Poll ``script`` in the page (wait_for_function needs 'unsafe-eval': our CSP forbids it)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {script}")
        page.wait_for_timeout(100)


def history(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "/api/history", timeout=5) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def test_test_plan_session_interrupt_resume_history(page: Any, server: str) -> None:
    """Self-test, plan, a sped-up bedtime session interrupted and resumed, then history."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    assert "Take the self-test" in page.content()

    do_self_test(page, server)
    findings = page.inner_text("#findings")
    assert "hip flexion" in findings
    assert "20.3 cm (8 in)" in findings

    page.goto(server + "/plan")
    assert page.inner_text("h1") == "Bedtime release"
    assert "Bolster: 20.3 cm (8 in)" in page.content()

    page.goto(server + "/session?routine=bedtime&speed=40")
    start_tonight(page, pain=4)
    answer_test(page, "hand")
    page.wait_for_selector("#stage:not([hidden])")
    page.locator("#phase", has_text="Hold").wait_for()
    assert page.evaluate("window.__psoasWakeLock") is True
    assert page.inner_text("#step-name") == "Bolster release"
    assert "Bolster 20.3 cm" in page.inner_text("#setup")

    # Interrupt: the tab is closed and opened again mid-release.
    saved = history(server)["sessions"][-1]
    assert (saved["status"], saved["done"]) == ("active", 1)
    page.goto(server + "/session?speed=40")
    page.wait_for_selector("#resume:not([hidden])")
    assert "1 of 4 steps saved" in page.inner_text("#intro-text")
    page.click("#resume")
    page.wait_for_selector("#stage:not([hidden])")
    assert page.inner_text("#step-name") == "Bolster release"
    page.locator("#phase", has_text="Hold").wait_for()  # +1 min extends a hold
    # Read the clock, tap +1 min and read it again in one go: at 40× speed even a
    # moment between the reads would take seconds off the hold.
    before, after = page.evaluate(
        "() => { const left = () => { const [m, s] = document.getElementById('clock')"
        ".textContent.split(':'); return +m * 60 + +s; };"
        " const b = left(); document.getElementById('extend').click(); return [b, left()]; }"
    )
    assert after - before >= 55, (before, after)  # +1 min shows at once
    page.wait_for_selector("#question:not([hidden])", timeout=60_000)
    answer_test(page, "fingers", pain=3)
    page.wait_for_selector("#rating:not([hidden])")
    wait_until(page, "document.getElementById('rating-compare').textContent.length > 0")
    assert "hand → fingers" in page.inner_text("#rating-compare")
    pick(page, "discomfort", 1, "#rating")
    page.click("#finish")
    page.wait_for_selector("#done:not([hidden])")

    page.wait_for_timeout(500)
    final = history(server)["sessions"][-1]
    assert final["status"] == "finished"
    assert (final["done"], final["skipped"]) == (4, 0)

    # The session's check-ins did not measure the descent: the height stays.
    page.goto(server + "/plan")
    assert "Bolster: 20.3 cm (8 in)" in page.content()
    assert "Your left side is tighter" not in page.content()  # the gap was even tonight

    page.goto(server + "/progress")
    assert "done" in page.inner_text("table.history")  # how it counts: done
    chart = page.locator("figure.chart img")
    chart.wait_for()
    assert page.evaluate("document.querySelector('figure.chart img').naturalWidth") > 300
    assert errors == []


def test_offline_after_first_load(page: Any, server: str) -> None:
    """Once loaded, the player page comes back with no network (service worker)."""
    page.goto(server + "/session")
    wait_until(page, "navigator.serviceWorker.controller !== null")
    page.reload()
    page.context.set_offline(True)
    page.goto(server + "/session")
    assert page.locator("#player").count() == 1
    assert "psoas" in page.title()
    page.context.set_offline(False)


def test_night_theme_in_the_evening(page: Any, server: str) -> None:
    """The dim night theme applies by default in the evening, and can be switched off."""
    page.clock.install(time="2026-11-21T22:30:00")
    page.goto(server + "/")
    assert page.evaluate("document.documentElement.dataset.theme") == "night"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(22, 18, 15)"
    page.goto(server + "/settings")
    page.check("input[name=theme][value=day]")
    page.goto(server + "/")
    assert page.evaluate("document.documentElement.dataset.theme") == "day"


def test_morning_is_light(page: Any, server: str) -> None:
    """At 10 in the morning the light theme shows."""
    page.clock.install(time="2026-11-21T10:00:00")
    page.goto(server + "/")
    assert page.evaluate("document.documentElement.dataset.theme") == "day"


def test_keyboard_and_labels(page: Any, server: str) -> None:
    """The wizard is usable by keyboard: every input has a label, focus moves to each screen."""
    page.goto(server + "/check")
    unlabeled = page.evaluate(
        """Array.from(document.querySelectorAll('input, select')).filter(el =>
             !el.closest('label')
             && !(el.id && document.querySelector(`label[for="${el.id}"]`))
             && !el.getAttribute('aria-label')).length"""
    )
    assert unlabeled == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"


def test_photo_upload_in_the_wizard(page: Any, server: str, tmp_path: Any) -> None:
    """After the test, a photo can be measured; a picture with nobody in it is refused kindly."""
    import cv2
    import numpy as np

    picture = tmp_path / "floor.jpg"
    cv2.imwrite(str(picture), np.full((480, 640, 3), 170, dtype=np.uint8))
    do_self_test(page, server)
    page.set_input_files("#photo", str(picture))
    page.locator("#photo-status", has_text="Not measured").wait_for(timeout=30_000)
    assert "no person found" in page.inner_text("#photo-status")


def test_real_photo_measured_and_kept_from_the_wizard(
    page: Any, server: str, tmp_path: Any
) -> None:
    """Three side photos of a person lying down, measured on the phone: skeleton and
    angles shown after each, kept as one measuring with its spread, and the low back
    (arched in this test: a whole hand under it) stated beside the thigh and hip."""
    do_self_test(page, server)
    photo = str(lying(WALKING, tmp_path / "lying.jpg"))
    for capture in (1, 2):
        page.set_input_files("#photo", photo)
        page.locator("#photo-status", has_text=f"Capture {capture} of 3 (left side)").wait_for(
            timeout=60_000
        )
        assert "measured on this phone" in page.inner_text("#photo-status")
        assert not page.is_visible("#photo-accept")  # three captures make a measuring
    assert page.evaluate("document.getElementById('photo-result').naturalWidth") > 0
    assert "hip" in page.inner_text("#photo-angles")
    page.set_input_files("#photo", photo)
    page.locator("#photo-status", has_text="3 captures of the left side").wait_for(timeout=60_000)
    page.click("#photo-accept")
    page.locator("#photo-status", has_text="Kept").wait_for(timeout=10_000)
    status = page.inner_text("#photo-status")
    assert "Now the right side" in status
    assert "low back arched (a whole hand under it in the test)" in status
    with urllib.request.urlopen(server + "/api/progress", timeout=5) as response:
        series = json.loads(response.read())["series"]
    # Under it, the side's progress sentence: the same photo three times is no repeat,
    # so it says how to learn the person's own variation.
    assert page.inner_text("#photo-angles") == (
        f"Thigh angle from photos, left: {series['measured_thigh_deg'][0]:.1f}°, one measuring "
        "so far; measure three times in a row (lie down, get up, lie down again) to learn how "
        "much your own readings vary."
    )
    assert series["measured_captures"] == [3]
    assert series["measured_spread_deg"] == [0.0]  # the same photo three times
    assert series["measured_back_arched"] == [True]
    assert abs(series["measured_thigh_deg"][0] - HAND_THIGH_LYING_DEG) <= TOLERANCE_DEG


def test_phone_clip_measured_in_the_wizard(page: Any, server: str) -> None:
    """A 2-second iPhone clip (HEVC in MOV), which this Chromium cannot play: measured on
    the server instead, as the screen says, with the skeleton drawn on a frame."""
    do_self_test(page, server)
    page.set_input_files("#photo", str(LYING_HEVC))
    page.locator("#photo-status", has_text="Capture 1 of 3 (left side)").wait_for(timeout=60_000)
    assert "measured on the server" in page.inner_text("#photo-status")
    assert page.evaluate("document.getElementById('photo-result').naturalWidth") > 0
    assert page.is_visible("#photo-result")
    assert "Thigh" in page.inner_text("#photo-angles")
    # Keeping the picture is the person's choice, and it goes to their device only.
    with page.expect_download() as saving:
        page.click("#photo-save")
    saved = saving.value.path()
    with open(saved, "rb") as picture:
        assert picture.read(8) == b"\x89PNG\r\n\x1a\n"


def person_on_camera(path: Any, blank_frames: int = 0) -> Any:
    """A Y4M video for Chromium's fake camera (30 fps, played in a loop): one second of
    the walking person, upright, then ``blank_frames`` frames with nobody in view."""
    import cv2

    photo = cv2.imread(str(WALKING))
    photo = cv2.resize(photo, (round(photo.shape[1] * 480 / photo.shape[0]), 480))
    side = (640 - photo.shape[1]) // 2
    canvas = cv2.copyMakeBorder(
        photo, 0, 0, side, 640 - photo.shape[1] - side, cv2.BORDER_REPLICATE
    )
    frame = cv2.cvtColor(canvas, cv2.COLOR_BGR2YUV_I420).tobytes()
    empty = cv2.cvtColor(canvas * 0 + 128, cv2.COLOR_BGR2YUV_I420).tobytes()
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n")
        for picture in [frame] * 30 + [empty] * blank_frames:
            out.write(b"FRAME\n" + picture)
    return path


def start_lunge(page: Any, url: str) -> None:
    """From a fresh self-test, into the hold of the desk break's lunge."""
    do_self_test(page, url)
    page.goto(url + "/session?routine=desk-break")
    start_tonight(page, pain=4)
    for _ in range(5):
        if "lunge" in page.inner_text("#step-name").lower():
            break
        page.click("#skip")
        page.wait_for_timeout(300)
    assert "lunge" in page.inner_text("#step-name").lower()
    page.locator("#phase", has_text="Hold").wait_for(timeout=30_000)


@contextmanager
def lunge_on_camera(playwright: Any, url: str, video: Any) -> Iterator[Any]:
    """A Chromium of its own whose camera plays ``video``, in the lunge's hold with the
    camera check on, once the check has said "In position"."""
    browser = launch(playwright, f"--use-file-for-fake-video-capture={video}")
    try:
        page = phone_page(browser)
        start_lunge(page, url)
        page.click("#more summary")  # the camera check is one tap away
        page.click("#camera")
        page.locator("#camera-state", has_text="In position").wait_for(timeout=30_000)
        yield page
    finally:
        browser.close()


def test_live_camera_check_counts_while_in_position(
    playwright: Any, server: str, tmp_path: Any
) -> None:
    """A person upright with the back hip open on camera: the lunge hold counts down."""
    with lunge_on_camera(playwright, server, person_on_camera(tmp_path / "camera.y4m")) as page:
        first = page.inner_text("#clock")
        page.wait_for_timeout(2500)
        assert page.inner_text("#clock") != first
        assert page.evaluate("window.__psoasInPosition") is True


def phase_text(page: Any) -> str:
    """The phase as written (inner_text would give the upper-case styling)."""
    return page.evaluate("document.getElementById('phase').textContent")  # type: ignore[no-any-return]


def seconds_left(page: Any) -> int:
    minutes, seconds = page.inner_text("#clock").split(":")
    return int(minutes) * 60 + int(seconds)


def camera_holds_the_bolster_release(page: Any, url: str) -> None:
    """Into the bolster release's hold with the camera check on and nobody in view, until
    the camera holds the countdown."""
    do_self_test(page, url)
    page.goto(url + "/session?routine=pre-walk")
    start_tonight(page, pain=4)
    page.locator("#phase", has_text="Hold").wait_for(timeout=30_000)
    page.click("#more summary")
    page.click("#camera")
    page.locator("#phase", has_text="Waiting for your position").wait_for(timeout=30_000)


def test_live_camera_check_holds_the_countdown(page: Any, server: str) -> None:
    """With the camera check on and nobody in position, the bolster hold does not count down."""
    camera_holds_the_bolster_release(page, server)
    assert "Paused" in page.inner_text("#camera-state")
    first = page.inner_text("#clock")
    page.wait_for_timeout(2500)
    assert page.inner_text("#clock") == first
    assert phase_text(page) == "Waiting for your position"
    assert page.evaluate("window.__psoasInPosition") is False


def test_one_frame_out_of_position_does_not_stop_the_clock(
    playwright: Any, server: str, tmp_path: Any
) -> None:
    """The camera loses the person for half a second in every second and a half: the
    checks that see nobody are shown, but the hold only waits after two in a row, so
    the countdown never stops. (A sample comes every 0.7 s: two never fit in 0.5 s.)"""
    video = person_on_camera(tmp_path / "flicker.y4m", blank_frames=15)
    with lunge_on_camera(playwright, server, video) as page:
        before = seconds_left(page)
        phases = set()
        for _ in range(100):  # 10 s
            phases.add(phase_text(page))
            page.wait_for_timeout(100)
        assert page.evaluate("window.__psoasMisses") >= 1  # nobody was seen, at times
        assert phases == {"Hold"}
        assert before - seconds_left(page) >= 8


def test_camera_check_without_network_counts_as_usual(page: Any, server: str) -> None:
    """In a browser that cannot run the model on the phone, the camera check held the
    countdown; when its checks cannot reach the server, the hold must not stay stuck: it
    counts again and says why."""
    page.context.add_init_script("delete window.WebAssembly;")
    camera_holds_the_bolster_release(page, server)
    assert page.evaluate("window.__psoasCheckedOn") == "server"
    page.context.set_offline(True)
    try:
        page.locator("#camera-state", has_text="counting without it").wait_for(timeout=10_000)
        first = seconds_left(page)
        page.wait_for_timeout(2500)
        assert seconds_left(page) < first
        assert phase_text(page) == "Hold"
    finally:
        page.context.set_offline(False)


def test_pause_during_a_camera_hold_stays_paused(page: Any, server: str) -> None:
    """Pressing Pause while the camera holds the countdown makes it the person's own pause:
    the button offers Resume, and Resume restarts the clock."""
    camera_holds_the_bolster_release(page, server)
    page.click("#pause")
    assert page.inner_text("#pause") == "Resume"
    assert phase_text(page) == "Paused"
    page.click("#camera")  # camera off: the person's pause stays
    first = seconds_left(page)
    page.wait_for_timeout(1500)
    assert seconds_left(page) == first
    page.click("#pause")
    page.wait_for_timeout(2500)
    assert seconds_left(page) < first


def test_hidden_controls_stay_hidden(page: Any, server: str) -> None:
    """Buttons marked hidden are not shown (styles must not override the hidden attribute)."""
    page.goto(server + "/session")
    page.wait_for_timeout(500)
    assert not page.is_visible("#resume")
    assert not page.is_visible("#camera-box")
    assert not page.is_visible("#stage")
