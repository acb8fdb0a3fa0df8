"""Safety in a real browser: tonight's check, the urgent stop, safer versions, opt-ins."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from psoas.catalog.loader import load_catalog
from tests.browser.test_journey import (
    do_self_test,
    end_session,
    history,
    no_red_flags,
    pick,
    start_tonight,
)
from tests.core.answers import NEUTRAL

pytestmark = pytest.mark.browser
SAFE_MASSAGE = {c.id: c.safe_answer for c in load_catalog().massage_checks}


def api(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_a_get_care_now_tick_on_tonight_s_check_starts_nothing(page: Any, server: str) -> None:
    """Ticking new saddle numbness shows the message at once; Start starts nothing."""
    do_self_test(page, server)
    page.goto(server + "/session")
    page.wait_for_selector("#screen:not([hidden])")
    page.check("#screen input[name=red_flags][value=saddle_numbness]")
    message = page.locator("#screen .urgent-message")
    message.wait_for()
    assert "Get medical care today" in message.inner_text()
    pick(page, "screen_pain", 2, "#screen")
    page.click("#start")
    page.wait_for_timeout(800)
    assert page.is_hidden("#stage")
    assert history(server)["sessions"] == []


def test_the_check_needs_an_answer_and_a_pain_rating(page: Any, server: str) -> None:
    """Nothing ticked and no pain chosen: the check says so, and nothing starts."""
    do_self_test(page, server)
    page.goto(server + "/session")
    page.wait_for_selector("#start:not([hidden])")
    page.click("#start")
    assert "None of these" in page.inner_text("#screen-error")
    page.check("#screen input[name=none_apply]")
    page.click("#start")
    assert "Choose your pain now" in page.inner_text("#screen-error")
    assert history(server)["sessions"] == []


def test_severe_pain_tonight_makes_a_rest_plan_with_its_lines(page: Any, server: str) -> None:
    """Pain 8 on tonight's check: the session is rest positions, each with feel and stop."""
    do_self_test(page, server)
    page.goto(server + "/session?routine=full")
    start_tonight(page, pain=8)
    page.wait_for_selector("#stage:not([hidden])")
    assert page.inner_text("#step-name") in {
        "Calves on a chair",
        "Pillow under the knees",
        "Side-lying curl",
    }
    assert page.inner_text("#feel").startswith("Feel: ")
    assert page.inner_text("#stop").startswith("Stop if")
    session = api(server + "/api/sessions/current")
    assert session["plan"]["rest_only"] is True


def test_the_wizard_stops_at_a_get_care_now_answer(page: Any, server: str) -> None:
    """In the self-test, an urgent tick shows one message and Next is disabled."""
    page.goto(server + "/check")
    page.check("input[name=red_flags][value=bladder_bowel_change]")
    assert "Get medical care today" in page.inner_text(
        "[data-screen=safety-urgent] .urgent-message"
    )
    assert page.is_disabled("#next")
    page.uncheck("input[name=red_flags][value=bladder_bowel_change]")
    assert page.is_enabled("#next")


def test_the_wizard_rolls_down_when_pregnant(page: Any, server: str) -> None:
    """Pregnant: the descent question gives way to rolling down; findings say check first."""
    page.goto(server + "/check")
    for tier in ("urgent", "stop"):
        page.check(f"[data-screen=safety-{tier}] input[name=none_apply]")
        page.click("#next")
    page.check("input[name=red_flags][value=pregnancy]")
    page.click("#next")
    assert page.is_visible("#roll-down")
    assert page.is_hidden("#descent-question")
    page.click("#next")
    for name, value in (("thighs-flat", "yes"), ("back-gap", "pencil"), ("gap-even", "yes")):
        page.check(f"input[name={name}][value={value}]")
        page.click("#next")
    page.check("input[name=ribs-down][value=no]")
    page.click("#next")
    pick(page, "pain", 1)
    page.click("#next")
    page.click("#next")
    page.wait_for_selector("#result:not([hidden])")
    assert "Check this program with a healthcare provider" in page.inner_text("#findings")
    plan = api(server + "/api/plan?routine=bedtime")
    assert [s["id"] for s in plan["steps"]][:2] == ["roll-down-test", "incline-release"]
    page.goto(server + "/plan")
    assert "Instead of the bolster release" in page.inner_text("main")


def test_resume_on_another_night_asks_tonight_s_check_first(
    page: Any, server: str, tmp_path: Path
) -> None:
    """A session from 13 hours ago: Resume needs tonight's check; nothing new goes on."""
    do_self_test(page, server)
    page.goto(server + "/session?routine=bedtime&speed=40")
    start_tonight(page, pain=3)
    page.wait_for_selector("#question:not([hidden])")
    session_id = api(server + "/api/sessions/current")["id"]
    _age(tmp_path / "home", session_id, 13)  # the server fixture's home
    page.goto(server + "/session?speed=40")
    page.wait_for_selector("#resume:not([hidden])")
    assert "from another night" in page.inner_text("#intro-text")
    assert page.is_visible("#screen")
    page.check("#screen input[name=none_apply]")
    pick(page, "screen_pain", 3, "#screen")
    page.click("#resume")
    page.wait_for_selector("#question:not([hidden])")
    assert api(server + "/api/sessions/current")["id"] == session_id


def _age(home: Path, session_id: int, hours: float) -> None:
    """Move a session's start back in the server's own database file."""
    from psoas.settings import Settings
    from psoas.store.database import open_database
    from psoas.store.models import SessionRecord

    database = open_database(Settings.from_env({"PSOAS_HOME": str(home)}).database_url)
    with database.session() as db:
        db.get_one(SessionRecord, session_id).started_at -= timedelta(hours=hours)
    database.close()


def test_massage_is_turned_on_in_settings(page: Any, server: str) -> None:
    """Settings asks every question; an unsafe answer keeps it off, safe ones turn it on."""
    page.goto(server + "/settings")
    page.evaluate("(a) => window.psoas.api('/api/tests', {method: 'POST', body: a})", NEUTRAL)
    before = api(server + "/api/plan?routine=full")
    assert "massage" not in {s["kind"] for s in before["steps"]}
    submit = page.locator("#massage button[type=submit]")
    submit.click()
    assert "answer every question" in page.inner_text("#massage-result")
    for check_id, safe in SAFE_MASSAGE.items():
        unsafe = check_id == "hernia"
        answer = "yes" if (safe != unsafe) else "no"
        page.check(f"#massage input[name={check_id}][value={answer}]")
    submit.click()
    page.locator("#massage-result", has_text="stays off").wait_for()
    assert api(server + "/api/massage")["on"] is False
    for check_id, safe in SAFE_MASSAGE.items():
        page.check(f"#massage input[name={check_id}][value={'yes' if safe else 'no'}]")
    submit.click()
    page.locator("#massage-result", has_text="Ball massage is on").wait_for()
    assert api(server + "/api/massage")["on"] is True
    plan = api(server + "/api/plan?routine=full")
    assert "massage" in {s["kind"] for s in plan["steps"]}


def test_a_height_measured_at_the_start_sets_tonight_s_bolster(page: Any, server: str) -> None:
    """The descent at the start of a session: a new height shows on the release at once."""
    do_self_test(page, server)  # 8 in (20.3 cm)
    page.goto(server + "/session?routine=bedtime&speed=40")
    start_tonight(page, pain=4)
    page.wait_for_selector("#question:not([hidden])")
    page.check("#test-form input[name=thighs_lift][value=true]")
    page.fill("#q-height", "23")
    page.click("#q-next")
    for name, value in (
        ("thighs_flat", "true"),
        ("back_gap", "hand"),
        ("gap_even", "true"),
        ("ribs_stick_out", "false"),
    ):
        page.check(f"#test-form input[name={name}][value={value}]")
    page.click("#q-save")
    page.wait_for_selector("#stage:not([hidden])")
    page.locator("#setup", has_text="Bolster 23 cm").wait_for(timeout=10_000)


def test_the_wizard_bounds_and_confirms_the_lift_height(page: Any, server: str) -> None:
    """0 and 80 cm are refused with the reason; 30 cm needs a tick to confirm."""
    page.goto(server + "/check")
    no_red_flags(page)
    page.check("input[name=thighs_lift][value=true]")
    page.select_option("#lift-unit", "cm")
    for value, message in (("0", "did not lift"), ("80", "at most 57 cm")):
        page.fill("#lift-height", value)
        page.click("#next")
        assert message in page.inner_text("#form-error")
    page.fill("#lift-height", "30")
    page.click("#next")
    assert "tick to confirm" in page.inner_text("#form-error")
    page.check("#height-confirm")
    page.click("#next")
    assert page.is_visible("[data-screen=thighs-flat]")


def test_strength_runs_as_sets_with_a_rest_between(page: Any, server: str) -> None:
    """With three calm sessions on record, strength is sets of reps, rest in between."""
    from tests.core.answers import calm_history

    page.goto(server + "/settings")
    page.evaluate("(a) => window.psoas.api('/api/tests', {method: 'POST', body: a})", NEUTRAL)
    page.evaluate(
        "(h) => window.psoas.api('/api/import', {method: 'POST', body: h})", calm_history()
    )
    page.goto(server + "/session?routine=desk-break")
    start_tonight(page, pain=1)
    page.wait_for_selector("#stage:not([hidden])")
    for _ in range(12):
        if "set 1 of 2" in page.inner_text("#step-name"):
            break
        page.click("#skip")
        page.wait_for_timeout(200)
    assert "· set 1 of 2 · 8 reps" in page.inner_text("#step-name")
    page.click("#skip")
    page.wait_for_timeout(200)
    assert "set 2 of 2" in page.inner_text("#step-name")
    assert page.evaluate("document.getElementById('phase').textContent") == "Rest"
    assert page.inner_text("#cue") == "Rest and breathe"
    assert page.inner_text("#clock") in ("01:00", "00:59")


def test_what_you_have_in_settings_changes_the_plan(page: Any, server: str) -> None:
    """Ticking only a bolster and saying no to the floor: the plan moves to the bed."""
    do_self_test(page, server)
    page.goto(server + "/settings")
    page.check("#kit input[name=props_owned][value=bolster]")
    page.check("#kit input[name=floor][value=no]")
    page.check("#kit input[name=kneel][value=no]")
    page.click("#kit button[type=submit]")
    page.locator("#kit-result", has_text="Saved").wait_for()
    kept = page.evaluate("() => window.psoas.api('/api/props')")
    assert (kept["floor"], kept["kneel"], kept["face_down"]) == (False, False, None)
    page.goto(server + "/plan?routine=full")
    text = page.inner_text("main")
    assert "Lying checks on the bed" in text
    assert "Bed release" in text
    assert "you cannot get down to the floor" in text
    assert "Lunge hip-flexor stretch" in text  # done standing: kept


def test_an_untouched_discomfort_scale_stores_nothing(page: Any, server: str) -> None:
    """Finishing without choosing a discomfort stores none (never a 0 nobody gave)."""
    do_self_test(page, server)
    page.goto(server + "/session?routine=pre-walk&speed=40")
    start_tonight(page, pain=4)
    page.wait_for_selector("#stage:not([hidden])")
    end_session(page)
    assert page.evaluate("document.querySelectorAll('#rating input:checked').length") == 0
    page.click("#finish")
    page.wait_for_selector("#done:not([hidden])")
    page.wait_for_timeout(500)
    session = history(server)["sessions"][-1]
    assert session["status"] == "ended_early"
    assert session["discomfort"] is None
