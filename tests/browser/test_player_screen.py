"""The player as a person on the floor uses it: one screen in every state, on small phones
and on a phone on its side; controls that do what they say; resume where you were."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.browser.test_journey import end_session, pick, start_tonight
from tests.core.answers import NEUTRAL

pytestmark = pytest.mark.browser

PORTRAIT_SMALL = {"width": 360, "height": 640}
PORTRAIT = {"width": 390, "height": 844}
LANDSCAPE = {"width": 740, "height": 360}

OUT_OF_VIEW = """(selectors) => selectors.filter((sel) => {
  const el = document.querySelector(sel);
  if (!el) { return true; }
  const r = el.getBoundingClientRect();
  const shown = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  return !shown || r.top < 0 || r.left < 0
    || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5;
})"""

RUNNING = ["#phase", "#step-name", "#clock", "#cue", "#pause", "#skip", "#extend"]


def assert_in_view(page: Any, selectors: list[str], state: str) -> None:
    """Every one of ``selectors`` is shown and wholly inside the viewport, unscrolled."""
    outside = page.evaluate(OUT_OF_VIEW, selectors)
    where = page.evaluate(
        "(sels) => sels.map((s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return [s, Math.round(r.top), Math.round(r.bottom)]; })",
        outside,
    )
    tall = page.evaluate("[document.documentElement.scrollHeight, scrollY]")
    assert outside == [], f"{state}: {where} not wholly in view ({page.viewport_size}, {tall})"
    assert page.evaluate("scrollY") == 0, f"{state}: the page had to scroll"


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def measured(page: Any, url: str) -> None:
    """A self-test on record (with a measured descent) so the full program has every kind
    of step: the descent question, sided steps and side switches."""
    page.goto(url + "/")
    answers = {**NEUTRAL, "thighs_lift": True, "lift_height_cm": 12, "pain": 1}
    page.evaluate("(a) => window.psoas.api('/api/tests', {method: 'POST', body: a})", answers)


def measured_in_theme(page: Any, url: str, theme: str) -> None:
    """:func:`measured`, then the ``day`` or ``night`` theme chosen, quiet (no sound)."""
    measured(page, url)
    page.evaluate(
        "(t) => localStorage.setItem('psoas-prefs', JSON.stringify("
        "{units: 'cm', theme: t, sound: false, voice: false}))",
        theme,
    )


def wait_phase(page: Any, *names: str, timeout_ms: int = 30_000) -> str:
    """Wait until the player's phase reads one of ``names``; return it."""
    steps = timeout_ms // 50
    for _ in range(steps):
        text = page.text_content("#phase")
        if text in names:
            return str(text)
        page.wait_for_timeout(50)
    raise AssertionError(f"phase never became {names}: {page.inner_text('#phase')}")


def skip_to_a_side_pair(page: Any) -> None:
    """Skip steps until the current one is the first side of a two-sided step."""
    script = """(() => { const s = JSON.parse(localStorage.getItem('psoas-player'));
      const a = s.plan.steps[s.order[s.pos]], b = s.plan.steps[s.order[s.pos + 1]];
      return !!(a && b && a.side && a.id === b.id); })()"""
    for _ in range(30):
        if page.evaluate(script):
            return
        page.click("#skip")
    raise AssertionError("the full program has no two-sided step")


@pytest.mark.parametrize(
    ("viewport", "theme"),
    [(PORTRAIT_SMALL, "night"), (PORTRAIT, "day"), (LANDSCAPE, "night")],
    ids=["360x640-night", "390x844-day", "landscape-night"],
)
def test_every_player_state_fits_one_screen(
    browser: Any, server: str, viewport: dict[str, int], theme: str
) -> None:
    """Lead-in, hold, paused, side switch, End's question, test, rating and done: the
    clock, phase, step, side and main controls are in view without scrolling, and the
    site's header and footer are gone while the session runs."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        measured_in_theme(page, server, theme)
        page.goto(server + "/session?routine=full&speed=4")
        start_tonight(page, pain=1)

        page.wait_for_selector("#question:not([hidden])")
        assert not page.is_visible("header.top")
        questions = ["#q-progress", "#question-title", "#q-descent legend", "#q-next", "#q-skip"]
        assert_in_view(page, questions, "test, first question")
        page.check("#test-form input[name=thighs_lift][value=true]")
        assert_in_view(page, [*questions, "#q-height"], "test, height")
        page.click("#q-next")
        for name, value in (("thighs_flat", "true"), ("back_gap", "fingers"), ("gap_even", "true")):
            page.check(f"#test-form input[name={name}][value={value}]")
        page.check("#test-form input[name=ribs_stick_out][value=false]")
        assert_in_view(page, ["#q-progress", "#q-back", "#q-save", "#q-skip"], "test, last")
        page.click("#q-save")

        page.wait_for_selector("#stage:not([hidden])")
        assert wait_phase(page, "Get ready") == "Get ready"
        assert_in_view(page, [*RUNNING, "#setup"], "lead-in")
        assert page.evaluate("document.body.classList.contains('in-session')")
        assert not page.is_visible("footer")

        wait_phase(page, "Hold")
        assert_in_view(page, RUNNING, "hold")
        page.click("#pause")
        assert page.text_content("#phase") == "Paused"
        assert_in_view(page, RUNNING, "paused")
        page.click("#pause")

        page.click("#more summary")
        page.click("#end")
        assert_in_view(page, [*RUNNING[:3], "#end-yes", "#end-no"], "End's question")
        page.click("#end-no")
        assert page.is_hidden("#confirm-end")

        skip_to_a_side_pair(page)
        wait_phase(page, "Hold")
        # Skip the first side: the switch pause follows; read it before it runs out.
        phase = page.evaluate(
            "(() => { document.getElementById('skip').click();"
            " const p = document.getElementById('phase').textContent;"
            " document.getElementById('pause').click(); return p; })()"
        )
        assert phase == "Switch sides"
        assert page.inner_text("#step-side").endswith("side")
        assert_in_view(page, [*RUNNING, "#step-side"], "side switch (paused)")

        end_session(page)
        assert_in_view(page, ["#rating h1", "#undo", "#finish"], "rating")
        page.click("#finish")
        page.wait_for_selector("#done:not([hidden])")
        assert_in_view(page, ["#done h1", "#done-text"], "done")
    finally:
        context.close()


def test_controls_do_what_they_say_and_ignored_taps_say_why(page: Any, server: str) -> None:
    """Space on a focused Skip skips (it does not pause); +1 min in the lead-in and Swap in a
    hold explain themselves; the first frame already shows the step's own time."""
    measured(page, server)
    page.goto(server + "/session?routine=pre-walk&speed=2")
    frames: list[str] = []
    page.expose_function("recordClock", lambda text: frames.append(text))
    page.evaluate(
        """() => new MutationObserver(() => {
             if (!document.getElementById('stage').hidden) {
               window.recordClock(document.getElementById('clock').textContent); }
           }).observe(document.getElementById('stage'), {attributes: true, subtree: true,
                                                           childList: true})"""
    )
    start_tonight(page, pain=1)
    page.wait_for_selector("#stage:not([hidden])")
    assert page.inner_text("#clock") != "00:00"
    page.wait_for_timeout(200)
    assert frames
    assert "00:00" not in frames[:3], f"a blank first frame: {frames[:3]}"

    page.click("#extend")
    assert "once the hold has started" in page.inner_text("#hint")
    wait_phase(page, "Hold")
    page.click("#more summary")
    page.click("#swap")
    assert "before a hold starts" in page.inner_text("#hint")

    first = page.inner_text("#step-name")
    page.focus("#skip")
    page.keyboard.press("Space")
    for _ in range(100):
        if page.inner_text("#step-name") != first:
            break
        page.wait_for_timeout(50)
    assert page.inner_text("#step-name") != first, "Space on Skip did not skip"
    assert page.inner_text("#pause") == "Pause"
    assert "Get ready" in page.inner_text("#announce")


def test_end_asks_and_can_be_undone(page: Any, server: str) -> None:
    """End asks first; after Yes, Undo within a few seconds carries on with nothing sent."""
    measured(page, server)
    page.goto(server + "/session?routine=pre-walk&speed=2")
    start_tonight(page, pain=1)
    wait_phase(page, "Hold")
    page.click("#more summary")
    page.click("#end")
    assert page.is_visible("#confirm-end")
    page.click("#end-yes")
    page.wait_for_selector("#rating:not([hidden])")
    page.click("#undo")
    page.wait_for_selector("#stage:not([hidden])")
    assert page.text_content("#phase") == "Hold"
    page.wait_for_timeout(7000)  # longer than the undo window: nothing may arrive late
    current = get(server + "/api/sessions/current")
    assert current["finished"] == []
    assert page.is_visible("#stage")


def test_a_reload_mid_hold_goes_on_with_the_time_left(page: Any, server: str) -> None:
    """+1 min, some of the hold run, then the tab reloads: Resume carries on from where the
    hold was, with the extra minute, not from the top."""
    measured(page, server)
    page.goto(server + "/session?routine=pre-walk&speed=4")
    start_tonight(page, pain=1)
    wait_phase(page, "Hold")
    full = page.evaluate("JSON.parse(localStorage.getItem('psoas-player')).plan.steps[0].seconds")
    page.click("#extend")
    page.wait_for_timeout(1500)  # 6 s of hold at speed 4
    page.click("#pause")
    left = page.evaluate("JSON.parse(localStorage.getItem('psoas-player')).hold")
    assert left["total"] == (full + 60) * 1000
    assert left["left"] < left["total"] - 3000

    page.reload()
    page.wait_for_selector("#resume:not([hidden])")
    page.click("#resume")
    wait_phase(page, "Hold")
    shown = page.evaluate(
        "(() => { const [m, s] = document.getElementById('clock').textContent.split(':');"
        " return 60 * Number(m) + Number(s); })()"
    )
    assert shown <= left["left"] / 1000 + 1
    assert shown > left["left"] / 1000 - 8
    assert shown > full  # the extra minute survived the reload


def test_the_re_test_asks_pain_on_its_own_screen(page: Any, server: str) -> None:
    """The re-test's last screen is tonight's pain; Save without it goes back and says so."""
    measured(page, server)
    page.goto(server + "/session?routine=bedtime&speed=1000")
    start_tonight(page, pain=1)
    page.locator("#question-title", has_text="Test first").wait_for()
    page.click("#q-skip")
    page.locator("#question-title", has_text="Re-test").wait_for(timeout=60_000)
    assert page.is_visible("#q-descent")  # the sit-to-lie test: its descent comes first
    page.click("#q-next")
    for name, value in (("thighs_flat", "true"), ("back_gap", "fingers"), ("gap_even", "true")):
        page.check(f"#test-form input[name={name}][value={value}]")
    page.check("#test-form input[name=ribs_stick_out][value=false]")
    page.wait_for_selector("#q-pain-box:not([hidden])")
    page.click("#q-back")
    page.click("#q-next")
    page.click("#q-save")
    assert "pain" in page.inner_text("#q-error")
    pick(page, "pain", 2, "#test-form")
    page.click("#q-save")
    page.wait_for_selector("#rating:not([hidden])")


#: The smallest figure the player shows (3.5rem in app.css).
SMALLEST_FIGURE_PX = 56
FIGURE_HEIGHT = """() => { const svg = document.querySelector('#figure svg');
  const shown = svg && getComputedStyle(svg).display !== 'none';
  return shown ? svg.getBoundingClientRect().height : 0; }"""


@pytest.mark.parametrize("viewport", [PORTRAIT_SMALL, PORTRAIT], ids=["360x640", "390x844"])
def test_the_figure_is_shown_whole_or_not_at_all(
    browser: Any, server: str, viewport: dict[str, int]
) -> None:
    """In the hold the figure shows; once "More" takes its room it goes away rather than
    being squeezed into a sliver that tells nothing."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        measured_in_theme(page, server, "night")
        page.goto(server + "/session?routine=full&speed=4")
        start_tonight(page, pain=1)
        page.wait_for_selector("#question:not([hidden])")
        page.click("#q-skip")
        wait_phase(page, "Hold")
        assert page.evaluate(FIGURE_HEIGHT) >= SMALLEST_FIGURE_PX
        page.click("#more summary")
        height = page.evaluate(FIGURE_HEIGHT)
        assert height == 0 or height >= SMALLEST_FIGURE_PX, (
            f"a {height:.0f} px sliver of the figure"
        )
        assert_in_view(page, RUNNING, "hold with More open")
    finally:
        context.close()
