"""axe-core on every page, in the day and the night theme: no serious or critical
violation. The rules are axe's own (WCAG 2 A and AA and best practice)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_player_screen import PORTRAIT, measured_in_theme

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/check",
    "/plan",
    "/plan?routine=full",
    "/routines",
    "/session",
    "/catalog",
    "/catalog/bolster-release",
    "/progress",
    "/settings",
    "/no-such-page",
    "/offline",
    "/plan?minutes=abc",
]


def violations(page: Any) -> list[str]:
    """axe's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("theme", ["day", "night"])
def test_no_serious_violation_on_any_page(browser: Any, server: str, theme: str) -> None:
    context = browser.new_context(viewport=PORTRAIT)
    page = context.new_page()
    try:
        measured_in_theme(page, server, theme)
        found = {}
        for path in PAGES:
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.dataset.theme") == theme
            found[path] = violations(page)
        page.goto(server + "/api/docs")
        page.wait_for_selector(".opblock", timeout=20_000)
        found["/api/docs"] = violations(page)
        assert {path: v for path, v in found.items() if v} == {}
    finally:
        context.close()


def test_no_serious_violation_in_the_player(browser: Any, server: str) -> None:
    """The running player and the session test, in the night theme."""
    context = browser.new_context(viewport=PORTRAIT)
    page = context.new_page()
    try:
        measured_in_theme(page, server, "night")
        page.goto(server + "/session?routine=bedtime")
        page.wait_for_selector("#start:not([hidden])")
        page.check("#screen input[name=none_apply]")
        page.click("#screen label.chip:has(input[value='1'])")
        page.click("#start")
        page.wait_for_selector("#question:not([hidden])")
        found = {"test": violations(page)}
        page.click("#q-skip")
        page.wait_for_selector("#stage:not([hidden])")
        found["lead-in"] = violations(page)
        page.click("#more summary")
        found["more"] = violations(page)
        assert {state: v for state, v in found.items() if v} == {}
    finally:
        context.close()
