"""A real server subprocess on a free port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(home: Path, wait_s: float = 30) -> tuple[subprocess.Popen[str], str]:
    """``psoas serve`` on a free port of 127.0.0.1 with ``home`` as its data folder, once
    its ping answers: the process and its base URL (RuntimeError if it never does)."""
    port = free_port()
    env = {**os.environ, "PSOAS_HOME": str(home)}
    psoas = Path(sys.executable).with_name("psoas")
    process = subprocess.Popen(
        [str(psoas), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/api/ping", timeout=1).close()
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(
                    f"server died: {process.stdout.read() if process.stdout else ''}"
                ) from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``psoas serve`` on 127.0.0.1 with a fresh home; yields its base URL."""
    try:
        process, url = serve(tmp_path / "home")
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=10)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """Playwright, once per run (skips with a reason when Debian's Chromium is not installed)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("PSOAS_REQUIRE_BROWSER"):
            pytest.fail("PSOAS_REQUIRE_BROWSER is set but chromium is not installed")
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def launch(playwright: Any, *extra: str) -> Any:
    """Debian's Chromium, headless, with the fake camera and any extra switches."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, *extra])


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    """Debian's Chromium whose fake camera shows a test pattern (nobody in view)."""
    instance = launch(playwright)
    yield instance
    instance.close()


def phone_page(browser: Any) -> Any:
    """A phone-sized page (390 × 844) in a fresh context of ``browser``."""
    return browser.new_context(viewport={"width": 390, "height": 844}).new_page()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized page in a fresh context of the shared browser."""
    tab = phone_page(browser)
    yield tab
    tab.context.close()
