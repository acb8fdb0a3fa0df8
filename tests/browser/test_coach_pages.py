"""A client and their coach in a real browser, served beyond loopback with accounts: the
client invites and withdraws the coach in Settings; the coach writes a routine for the
client on the client's page; the client accepts it on the Routines page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import free_port
from tests.core.answers import NEUTRAL

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def lan_server(tmp_path: Path) -> Iterator[str]:
    """`psoas serve --host 0.0.0.0` with the accounts ann and cat; its localhost URL."""
    env = {**os.environ, "PSOAS_HOME": str(tmp_path / "home")}
    psoas = str(Path(sys.executable).with_name("psoas"))
    for name in ("ann", "cat"):
        subprocess.run(
            [psoas, "user", "add", name, "--password-stdin"],
            input=PASSWORD + "\n",
            text=True,
            env=env,
            check=True,
            capture_output=True,
        )
    port = free_port()
    process = subprocess.Popen(
        [psoas, "serve", "--host", "0.0.0.0", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/api/ping", timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("server did not start")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def signed_in(browser: Any, url: str, name: str) -> Any:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(url + "/login")
    page.fill("[name=username]", name)
    page.fill("[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    return page


def test_invite_prescribe_accept_and_withdraw(browser: Any, lan_server: str) -> None:
    ann, cat = signed_in(browser, lan_server, "ann"), signed_in(browser, lan_server, "cat")
    ann.evaluate("(a) => window.psoas.api('/api/tests', {method: 'POST', body: a})", NEUTRAL)
    ann.goto(lan_server + "/settings")
    ann.fill("#invite [name=username]", "cat")
    ann.click("#invite button[type=submit]")
    ann.wait_for_selector("[data-withdraw=cat]")
    cat.goto(lan_server + "/clients")
    cat.click("a[href='/clients/ann']")
    cat.fill("#builder [name=name]", "From Cat")
    cat.fill("#builder [name=per_week]", "3")
    cat.locator("#items li").nth(0).locator("[name=practice]").select_option("incline-release")
    cat.click("#save-routine")
    cat.wait_for_selector("text=waiting for ann")
    ann.goto(lan_server + "/")
    assert "From your physiotherapist cat" in ann.inner_text("main")
    ann.click("text=See it")
    ann.click("[data-accept]")
    ann.wait_for_selector("text=Back to the app's routines")
    assert "From Cat" in ann.inner_text("section.card >> nth=0")
    ann.goto(lan_server + "/settings")
    ann.once("dialog", lambda dialog: dialog.accept())
    ann.click("[data-withdraw=cat]")
    ann.wait_for_selector("[data-withdraw=cat]", state="detached")
    assert cat.goto(lan_server + "/clients/ann").status == 404
    for page in (ann, cat):
        page.context.close()
