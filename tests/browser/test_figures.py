"""Figures in the browser: a practice page plays its keyframes as a loop, which
stands still on its last keyframe for people who ask for reduced motion."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.browser.test_journey import start_tonight, wait_until
from tests.browser.test_player_screen import measured_in_theme


def moving_state(page: Any) -> dict[str, Any]:
    """Whether the page's moving figure runs, and where its clock is."""
    return page.evaluate(
        """() => { const s = document.querySelector('svg.psoas-moving');
        return { paused: s.animationsPaused(), time: s.getCurrentTime(),
                 still: parseFloat(s.dataset.still),
                 animates: s.querySelectorAll('animate').length }; }"""
    )


def test_a_practice_page_shows_the_practice_moving(browser: Any, server: str) -> None:
    """The lunge's page plays its loop: the clock runs and the knee moves."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "/catalog/lunge-hip-flexor-stretch")
    wait_until(page, "() => document.querySelector('svg.psoas-moving').getCurrentTime() > 0.2")
    state = moving_state(page)
    assert not state["paused"]
    assert state["animates"] > 4
    first = page.evaluate(
        "() => { const s = document.querySelector('svg.psoas-moving'); s.pauseAnimations();"
        " s.setCurrentTime(0); return s.querySelector('.body-near line').x2.animVal.value; }"
    )
    later = page.evaluate(
        "() => { const s = document.querySelector('svg.psoas-moving');"
        " s.setCurrentTime(parseFloat(s.dataset.still));"
        " return s.querySelector('.body-near line').x2.animVal.value; }"
    )
    assert abs(first - later) > 3, (first, later)
    assert page.locator("ol.keyframes li").count() == 2
    context.close()


def test_reduced_motion_holds_the_figure_on_its_last_keyframe(browser: Any, server: str) -> None:
    """With prefers-reduced-motion the loop is paused at the time of its last keyframe."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(server + "/catalog/squats")
    page.wait_for_load_state("load")
    state = moving_state(page)
    assert state["paused"]
    assert abs(state["time"] - state["still"]) < 0.01
    assert state["still"] > 0
    context.close()


def test_the_player_shows_each_practice_moving(browser: Any, server: str) -> None:
    """During a session the player fetches each figure as a loop and shows it: the
    desk break's lunge (two keyframes) moves on the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "figure.svg" in r.url else None)
    measured_in_theme(page, server, "night")
    page.goto(server + "/session?routine=desk-break&speed=4")
    start_tonight(page, pain=1)
    page.wait_for_selector("#stage:not([hidden])")
    wait_until(page, "() => !!document.querySelector('#figure svg')")
    assert asked
    assert all("moving=1" in url for url in asked), asked
    for _ in range(5):  # skip along to the lunge
        if "Lunge" in (page.text_content("#step-name") or ""):
            break
        page.click("#skip")
        page.wait_for_timeout(150)
    wait_until(page, "() => !!document.querySelector('#figure svg.psoas-moving animate')")
    assert not page.evaluate("document.querySelector('#figure svg').animationsPaused()")
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "psoas-player-moving.png"))
    context.close()
