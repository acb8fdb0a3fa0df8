"""The Routines page in a real browser: compose a routine with the builder, make it
tonight's plan, and see the home page and the player follow it."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.browser.test_journey import start_tonight
from tests.core.answers import NEUTRAL

pytestmark = pytest.mark.browser


def test_compose_a_routine_and_run_it_tonight(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.evaluate("(a) => window.psoas.api('/api/tests', {method: 'POST', body: a})", NEUTRAL)
    page.goto(server + "/routines")
    assert "None yet" in page.inner_text("main")
    page.fill("#builder [name=name]", "Evening with Sam")
    page.fill("#builder [name=note]", "Slowly")
    first = page.locator("#items li").nth(0)
    first.locator("[name=practice]").select_option("bolster-release")
    first.locator("[name=hold_s]").fill("420")
    page.click("#add-item")
    second = page.locator("#items li").nth(1)
    second.locator("[name=practice]").select_option("lunge-hip-flexor-stretch")
    assert second.locator("[name=side]").is_visible()  # done on each side: a side to pick
    assert not second.locator("[name=sets]").is_visible()  # sets are for strength
    second.locator("[name=side]").select_option("left")
    second.locator("[name=note]").fill("Soft knee")
    page.click("#add-item")
    third = page.locator("#items li").nth(2)
    third.locator("[name=practice]").select_option("glute-core-strength")
    assert not third.locator("[name=sets]").is_visible()  # done for a time, not in reps
    third.locator("[name=practice]").select_option("squats")
    third.locator("[name=sets]").fill("2")
    third.locator("[name=reps]").fill("10")
    third.locator("[data-move='-1']").click()  # strength before the stretch
    page.click("#save-routine")
    page.wait_for_selector("[data-choose]")
    page.click("[data-choose]:not([data-choose=''])")
    page.wait_for_selector("text=Back to the app's routines")
    routines = page.evaluate("() => window.psoas.api('/api/routines')")
    items = routines[0]["routine"]["items"]
    assert [i["practice"] for i in items] == [
        "bolster-release",
        "squats",
        "lunge-hip-flexor-stretch",
    ]
    assert items[2] == {"practice": "lunge-hip-flexor-stretch", "side": "left", "note": "Soft knee"}
    page.goto(server + "/")
    assert "Evening with Sam" in page.inner_text("main")
    page.click("text=Start tonight's session")
    start_tonight(page)
    page.wait_for_selector("#question:not([hidden])")  # the routine opens with the test
    with urllib.request.urlopen(server + "/api/sessions/current", timeout=5) as response:
        current = json.load(response)
    assert current["plan"]["title"] == "Evening with Sam"
    assert current["plan"]["steps"][1]["id"] == "bolster-release"


def test_a_bad_hold_is_refused_on_the_page(page: Any, server: str) -> None:
    page.goto(server + "/routines")
    page.fill("#builder [name=name]", "Too short")
    page.locator("#items li").nth(0).locator("[name=practice]").select_option("bolster-release")
    page.locator("#items li").nth(0).locator("[name=hold_s]").fill("60")
    page.click("#save-routine")
    page.wait_for_selector("#builder-error:not([hidden])")
    assert "needs at least 300 s" in page.inner_text("#builder-error")
    assert page.evaluate("() => window.psoas.api('/api/routines')") == []
