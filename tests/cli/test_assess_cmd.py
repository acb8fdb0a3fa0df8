"""``psoas check`` and ``psoas plan``: JSON contract, storage, exit codes, the interactive test."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from psoas.catalog.loader import load_catalog
from psoas.settings import Settings
from psoas.store.database import open_database
from psoas.store.repository import profile_id
from tests.conftest import Run
from tests.core.answers import NEUTRAL, write_answers


def stored_answers(home: Path) -> list[dict[str, Any]]:
    """The answers of every test stored under ``home``, oldest first (none if no database)."""
    settings = Settings.from_env({"PSOAS_HOME": str(home)})
    if not (home / "psoas.db").exists():
        return []
    db = open_database(settings.database_url)
    try:
        with db.session() as session:
            from sqlalchemy import select

            from psoas.store.models import SelfTest

            rows = session.scalars(
                select(SelfTest).where(SelfTest.profile_id == profile_id(session))
            )
            return [row.answers for row in rows]
    finally:
        db.close()


def test_check_json_contract(run: Run, tmp_path: Path) -> None:
    """``check --answers --json`` prints exactly the documented findings object."""
    path = write_answers(
        tmp_path, thighs_lift=True, lift_height_cm=21, thighs_flat=False, red_flags=["pregnancy"]
    )
    result = run("check", "--answers", path, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {
        "patterns",
        "tighter_side",
        "bolster_height_cm",
        "red_flags",
        "see_provider",
        "reasons",
    } <= set(data)
    assert data["patterns"] == ["hip_flexion"]
    assert data["bolster_height_cm"] == 21
    assert data["red_flags"] == ["pregnancy"]
    assert data["see_provider"] is True
    assert data["tighter_side"] is None


def test_check_stores_and_plan_uses_the_latest(run: Run, tmp_path: Path, psoas_home: Path) -> None:
    """A stored test feeds ``psoas plan`` with no --answers."""
    run("check", "--answers", write_answers(tmp_path, thighs_lift=True, lift_height_cm=18))
    assert [a["lift_height_cm"] for a in stored_answers(psoas_home)] == [18]
    result = run("plan", "--json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["routine"] == "bedtime"
    bolster = next(s for s in plan["steps"] if s["id"] == "bolster-release")
    assert bolster["bolster_height_cm"] == 18


def test_no_save_leaves_nothing(run: Run, tmp_path: Path, psoas_home: Path) -> None:
    """``--no-save`` shows findings without storing them."""
    assert run("check", "--answers", write_answers(tmp_path), "--no-save").code == 0
    assert stored_answers(psoas_home) == []


def test_plan_without_any_test_says_what_to_do(run: Run) -> None:
    """No stored test: exit 2 with the next step."""
    result = run("plan")
    assert result.code == 2
    assert "run `psoas check` first" in result.err


def test_plan_json_contract(run: Run, tmp_path: Path) -> None:
    """``plan --answers --routine bedtime --json`` has routine, total, steps and warnings."""
    path = write_answers(tmp_path, red_flags=["hip_or_spine_condition"])
    result = run("plan", "--answers", path, "--routine", "bedtime", "--json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["routine"] == "bedtime"
    assert plan["hold_seconds"] == sum(s["seconds"] for s in plan["steps"])
    assert plan["total_seconds"] == plan["hold_seconds"] + plan["pause_seconds"]
    assert plan["warnings"]
    assert "healthcare provider" in plan["warnings"][0]
    for step in plan["steps"]:
        assert set(step) >= {"id", "kind", "seconds", "side"}


def test_plan_text_puts_warnings_first(run: Run, tmp_path: Path) -> None:
    """In text the red-flag warning comes before the first step."""
    out = run("plan", "--answers", write_answers(tmp_path, red_flags=["swelling"])).out
    assert out.startswith("Rest plan (instead of bedtime release)")
    assert out.index("!! See a healthcare provider") < out.index("  1. ")


def test_budget_too_small_exits_2(run: Run, tmp_path: Path) -> None:
    """A budget that cannot hold a release exits 2 with the reason."""
    result = run("plan", "--answers", write_answers(tmp_path), "--minutes", "3")
    assert result.code == 2
    assert "too short for the bedtime routine" in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"pain": 3}', "field 'thighs_lift' is required"),
        (json.dumps({**NEUTRAL, "back_gap": "wide"}), "field 'back_gap' is invalid"),
        (json.dumps({**NEUTRAL, "pain": 12}), "pain must be 0 to 10"),
        ("[]", "JSON object"),
    ],
)
def test_bad_answers_file_exits_2_one_line(
    run: Run, tmp_path: Path, content: str, message: str, psoas_home: Path
) -> None:
    """Invalid answers: exit 2, one line naming the problem, nothing stored."""
    path = tmp_path / "bad.json"
    path.write_text(content)
    for args in (("check", "--answers", str(path)), ("plan", "--answers", str(path))):
        result = run(*args)
        assert result.code == 2
        assert message in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert stored_answers(psoas_home) == []


def test_missing_answers_file(run: Run) -> None:
    """A file that is not there is bad input."""
    result = run("check", "--answers", "/no/such/file.json")
    assert result.code == 2
    assert "cannot read answers file" in result.err


@pytest.mark.parametrize("minutes", ["0", "-5", "ten", "9999"])
def test_bad_minutes(run: Run, tmp_path: Path, minutes: str) -> None:
    """--minutes must be a sensible number."""
    result = run("plan", "--answers", write_answers(tmp_path), "--minutes", minutes)
    assert result.code == 2
    assert f"--minutes: {minutes}" in result.err or f"--minutes: '{minutes}'" in result.err
    assert "minutes" in result.err.split("--minutes:", 1)[1]


def test_damaged_old_store_is_reported_and_kept(run: Run, tmp_path: Path, psoas_home: Path) -> None:
    """A damaged test file from psoas 0.1 is exit 2, and nothing overwrites it."""
    store = psoas_home / "self-tests.json"
    store.write_text("{oops")
    for args in (("plan",), ("check", "--answers", write_answers(tmp_path))):
        result = run(*args)
        assert result.code == 2
        assert "is damaged" in result.err
    assert store.read_text() == "{oops"


def interactive(run: Run, monkeypatch: pytest.MonkeyPatch, lines: list[str], *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    return run("check", *args)


def test_interactive_check_start_to_finish(
    run: Run, monkeypatch: pytest.MonkeyPatch, psoas_home: Path
) -> None:
    """A new user answers in the terminal (inches, typos retried) and gets stored findings."""
    lines = [
        "none",  # red flags
        "y",  # thighs lifted
        "8 in",  # height in inches
        "n",  # thighs flat? no
        "wide",  # not an option: asked again
        "hand",  # back gap
        "no",  # gap even? no
        "l",  # left side
        "y",  # ribs poke up
        "eleven",  # not a number: asked again
        "4",  # pain
        "1 3",  # signs
    ]
    result = interactive(run, monkeypatch, lines, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out[result.out.index("{") :])
    assert data["patterns"] == ["hip_flexion", "rib_thrust", "one_side_tighter"]
    assert data["tighter_side"] == "left"
    assert data["bolster_height_cm"] == pytest.approx(20.32)
    assert "please answer one of: pencil, fingers, hand" in result.out
    assert "whole number from 0" in result.out
    stored = stored_answers(psoas_home)[-1]
    assert stored["signs"] == ["short_stride", "tender"]
    assert stored["pain"] == 4


def test_interactive_explains_each_check(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each check is explained before it is asked, in the catalog's words."""
    lines = ["none", "n", "y", "pencil", "y", "n", "0", "none"]
    result = interactive(run, monkeypatch, lines)
    assert result.code == 0, result.err
    assert "How: Slide a flat hand under the arch of your back" in result.out
    assert "Your test: no tight-psoas pattern today" in result.out
    assert "Next: psoas plan" in result.out


def flag_number(flag_id: str) -> str:
    """The number the terminal gives a red flag in the safety list."""
    asked = [f.id for f in load_catalog().asked_flags()]
    return str(asked.index(flag_id) + 1)


def test_interactive_stop_flag_can_skip_the_test(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a stop flag the person is sent to a provider and may skip the physical test."""
    strain = flag_number("recent_strain")
    result = interactive(run, monkeypatch, [strain, "", "2", "none"], "--json")
    assert result.code == 0, result.err
    assert "!! A fresh strain" in result.out
    data = json.loads(result.out[result.out.index("{") :])
    assert data["see_provider"] is True
    assert data["tier"] == "stop"
    assert data["red_flags"] == ["recent_strain"]
    assert data["patterns"] == []
    assert data["tested"] is False
    text = interactive(run, monkeypatch, [strain, "", "2", "none"], "--no-save").out
    assert "Your test: not done (safety questions only)" in text


def test_interactive_lists_the_flags_by_tier_and_needs_an_answer(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety list is grouped by tier, and an empty line is not taken as "none"."""
    lines = ["", "none", "n", "y", "pencil", "y", "n", "0", "none"]
    result = interactive(run, monkeypatch, lines)
    assert result.code == 0, result.err
    out = result.out
    assert out.index("Get care today") < out.index("See a healthcare provider first:")
    assert out.index("See a healthcare provider first:") < out.index("Check with a healthcare")
    assert "type the numbers that apply, or none" in out


def test_interactive_get_care_now_stops_at_once(
    run: Run, monkeypatch: pytest.MonkeyPatch, psoas_home: Path
) -> None:
    """A *get care now* answer shows one message, asks nothing more and saves nothing."""
    result = interactive(run, monkeypatch, [flag_number("saddle_numbness")])
    assert result.code == 1
    assert "Get medical care today" in result.out
    assert "descent" not in result.out.split("Get medical care today")[1]
    assert stored_answers(psoas_home) == []


def test_interactive_pregnancy_rolls_down_instead_of_the_descent(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pregnant: the test gets down by way of the side, so the descent is not asked."""
    lines = [flag_number("pregnancy"), "y", "pencil", "y", "n", "1", "none"]
    result = interactive(run, monkeypatch, lines, "--json")
    assert result.code == 0, result.err
    assert "roll by way of your side" in result.out
    assert "Did your thighs lift" not in result.out
    data = json.loads(result.out[result.out.index("{") :])
    assert data["tier"] == "caution"


def test_interactive_end_of_input_saves_nothing(
    run: Run, monkeypatch: pytest.MonkeyPatch, psoas_home: Path
) -> None:
    """Closing the input half-way is exit 2 and stores nothing."""
    result = interactive(run, monkeypatch, ["none", "y"])
    assert result.code == 2
    assert "not finished" in result.err
    assert stored_answers(psoas_home) == []


def test_interactive_height_bounds_and_confirmation(
    run: Run, monkeypatch: pytest.MonkeyPatch, psoas_home: Path
) -> None:
    """0 cm and 80 cm are refused with the reason; 30 cm asks to confirm, and "n" asks
    for the height again."""
    lines = ["none", "y", "0 cm", "80 cm", "30 cm", "n", "18", "n", "pencil", "y", "n", "1", "none"]
    result = interactive(run, monkeypatch, lines)
    assert result.code == 0, result.err
    assert "0 means your thighs did not lift" in result.out
    assert "the descent can give at most 57 cm" in result.out
    assert "30 cm (12 in) is above the usual 20 cm (8 in) at most. Keep it?" in result.out
    assert stored_answers(psoas_home)[-1]["lift_height_cm"] == 18
