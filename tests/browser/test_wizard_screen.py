"""The self-test wizard at a glance on a small phone: each screen opens at its question,
and a warning that appears is scrolled into view above the sticky Next."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_player_screen import PORTRAIT_SMALL

pytestmark = pytest.mark.browser

IN_VIEW = """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
  const nav = document.querySelector('.wizard-nav').getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= nav.top + 1; }"""


def in_view(page: Any, selector: str) -> bool:
    """Shown, and wholly between the top of the screen and the sticky Next."""
    return bool(page.evaluate(IN_VIEW, selector))


def test_each_screen_opens_at_its_question(browser: Any, server: str) -> None:
    context = browser.new_context(viewport=PORTRAIT_SMALL)
    page = context.new_page()
    try:
        page.goto(server + "/check")
        # Safety: one tier per screen, each wholly in view above the sticky Next.
        for tier in ("urgent", "stop", "caution"):
            screen = f"[data-screen=safety-{tier}]"
            assert in_view(page, f"{screen} legend"), tier
            assert in_view(page, f"{screen} .none-apply"), f"{tier}: the screen does not fit"
            if tier == "urgent":
                page.check("input[name=red_flags][value=saddle_numbness]")
                assert in_view(page, f"{screen} .urgent-message")
                page.uncheck("input[name=red_flags][value=saddle_numbness]")
            if tier == "stop":
                page.check("input[name=red_flags][value=numbness]")  # the last in the list
                page.wait_for_timeout(300)
                assert in_view(page, "#stop-warning"), "the stop warning appeared out of view"
                page.uncheck("input[name=red_flags][value=numbness]")
            page.check(f"{screen} input[name=none_apply]")
            if tier != "caution":
                page.click("#next")
        answers = [
            ("descent", "input[name=thighs_lift][value=false]"),
            ("flat", "input[name=thighs-flat][value=yes]"),
            ("gap", "input[name=back-gap][value=fingers]"),
            ("even", "input[name=gap-even][value=yes]"),
            ("ribs", "input[name=ribs-down][value=yes]"),
        ]
        for name, answer in answers:
            page.click("#next")
            screen = page.locator(".screen:not([hidden])")
            legend = screen.locator("legend")
            assert legend.is_visible(), name
            box = legend.bounding_box()
            assert box is not None
            assert 0 <= box["y"] < 200, f"{name}: the question opens at {box['y']:.0f} px"
            page.check(answer)
    finally:
        context.close()
