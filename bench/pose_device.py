"""Live camera checks a second on the device (headless Chromium) beside the server's.

Issue 20's target: the player's camera check runs the pose model on the device at 15
checks a second or more on this machine's headless Debian Chromium (2 cores, no GPU).
One run starts psoas, plays a real person (tests/data/people) to Chromium's fake
camera in the lunge's hold, and counts the checks made on the device over
``--seconds``; then it times the server path: one camera frame after another sent to
``/api/measure/frame`` (the player itself sends one every 0.7 s when it falls back).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 15.0


def on_device(url: str, folder: Path, seconds: float) -> float:
    """Checks a second the player makes on the device, in the lunge's hold."""
    from playwright.sync_api import sync_playwright
    from tests.browser.conftest import launch, phone_page
    from tests.browser.test_journey import person_on_camera, start_lunge

    video = person_on_camera(folder / "camera.y4m")
    with sync_playwright() as playwright:
        browser = launch(playwright, f"--use-file-for-fake-video-capture={video}")
        page = phone_page(browser)
        start_lunge(page, url)
        page.click("#more summary")
        page.click("#camera")
        page.locator("#camera-state", has_text="(on this phone)").wait_for(timeout=60_000)
        before, start = page.evaluate("window.__psoasChecks"), time.perf_counter()
        page.wait_for_timeout(seconds * 1000)
        after, end = page.evaluate("window.__psoasChecks"), time.perf_counter()
        browser.close()
    return float((after - before) / (end - start))


def on_server(url: str, folder: Path, seconds: float) -> float:
    """Camera frames a second the server checks, sent one after another."""
    import cv2
    from tests.people import WALKING

    frame = cv2.imencode(".jpg", cv2.imread(str(WALKING)))[1].tobytes()
    with urllib.request.urlopen(url + "/", timeout=10) as page:
        cookies = page.headers.get_all("Set-Cookie") or []
    token = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("psoas_csrf"))
    headers = {"Content-Type": "image/jpeg", "X-CSRF-Token": token, "Cookie": f"psoas_csrf={token}"}
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        request = urllib.request.Request(
            url + "/api/measure/frame?practice=lunge-hip-flexor-stretch",
            data=frame,
            headers=headers,
            method="POST",
        )
        urllib.request.urlopen(request, timeout=30).close()
        done += 1
    return done / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    """Print both rates and the device's against the target; 1 when it is missed."""
    sys.path.insert(0, str(ROOT))
    from tests.browser.conftest import serve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    if not Path("/usr/bin/chromium").exists():
        print("pose_device: Debian chromium is not installed; skipped")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        process, url = serve(Path(folder) / "home", wait_s=60)
        try:
            device = on_device(url, Path(folder), args.seconds)
            server = on_server(url, Path(folder), args.seconds)
        finally:
            process.terminate()
            process.wait(timeout=10)
    verdict = "ok" if device >= TARGET else "MISSED"
    print("pose_device: live camera checks a second, headless Chromium, lunge hold")
    print(
        f"  on the device {device:5.1f}/s   server (frames back to back) {server:5.1f}/s   "
        f"server as the player sends them {1 / 0.7:3.1f}/s   device / target {TARGET:.0f}: "
        f"{device / TARGET:4.2f}  {verdict}"
    )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
