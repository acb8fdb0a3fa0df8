"""``psoas massage`` and ``psoas clearance``, and what they change in ``psoas plan``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from psoas.catalog.loader import load_catalog
from tests.conftest import Run
from tests.core.answers import NEUTRAL, calm_history, write_answers

SAFE = {c.id: c.safe_answer for c in load_catalog().massage_checks}


def plan_ids(run: Run, *args: str) -> list[str]:
    result = run("plan", "--routine", "full", "--json", *args)
    assert result.code == 0, result.err
    return [step["id"] for step in json.loads(result.out)["steps"]]


def test_massage_is_off_until_turned_on(run: Run, tmp_path: Path) -> None:
    """A new person's full plan has no massage; after the questions, it does."""
    assert run("check", "--answers", write_answers(tmp_path)).code == 0
    assert "low-back-ball-massage" not in plan_ids(run)
    assert "Ball massage is off" in run("massage").out
    answers = tmp_path / "massage.json"
    answers.write_text(json.dumps(SAFE))
    turned = run("massage", "on", "--answers", str(answers))
    assert turned.code == 0, turned.err
    assert "Ball massage is on" in turned.out
    assert {"low-back-ball-massage", "psoas-point-ball-massage"} <= set(plan_ids(run))
    assert json.loads(run("massage", "--json").out)["on"] is True
    assert run("massage", "off").code == 0
    assert "low-back-ball-massage" not in plan_ids(run)


@pytest.mark.parametrize("check_id", sorted(SAFE))
def test_any_unsafe_answer_keeps_massage_off(run: Run, tmp_path: Path, check_id: str) -> None:
    """Each exclusion on its own keeps massage off and names the question."""
    answers = tmp_path / "massage.json"
    answers.write_text(json.dumps({**SAFE, check_id: not SAFE[check_id]}))
    result = run("massage", "on", "--answers", str(answers))
    assert result.code == 1
    assert "stays off" in result.out
    question = next(c.question for c in load_catalog().massage_checks if c.id == check_id)
    assert question in result.out
    assert json.loads(run("massage", "--json").out)["on"] is False


def test_massage_questions_asked_in_the_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Interactively, each question needs y or n; the safe answers turn massage on."""
    lines = ["maybe"] + ["y" if SAFE[c.id] else "n" for c in load_catalog().massage_checks]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    result = run("massage", "on")
    assert result.code == 0, result.err
    assert "please answer y or n" in result.out
    assert "Ball massage is on" in result.out


@pytest.mark.parametrize(
    "content", ["[]", '{"hernia": false}', '{"hernia": "no"}', '{"what": true}', "{oops"]
)
def test_bad_massage_answers_are_exit_2(run: Run, tmp_path: Path, content: str) -> None:
    """Missing, wrong-typed or unknown answers are bad input; massage stays off."""
    answers = tmp_path / "massage.json"
    answers.write_text(content)
    result = run("massage", "on", "--answers", str(answers))
    assert result.code == 2
    assert "Traceback" not in result.err
    assert json.loads(run("massage", "--json").out)["on"] is False


def test_a_clearance_brings_back_what_waited_for_it(run: Run, tmp_path: Path) -> None:
    """Pregnant: no strength; cleared by the midwife: strength back, safer versions stay."""
    history = tmp_path / "calm.json"
    history.write_text(json.dumps(calm_history()))
    assert run("import", str(history)).code == 0
    assert run("check", "--answers", write_answers(tmp_path, red_flags=["pregnancy"])).code == 0
    before = plan_ids(run)
    assert "squats" not in before
    assert "incline-release" in before
    added = run("clearance", "add", "pregnancy", "--on", "2026-11-20", "--by", "my midwife")
    assert added.code == 0, added.err
    after = plan_ids(run)
    assert "squats" in after
    assert "incline-release" in after
    listed = json.loads(run("clearance", "--json").out)
    assert listed == [{"flag": "pregnancy", "cleared_on": "2026-11-20", "by": "my midwife"}]
    findings = json.loads(
        run("check", "--answers", write_answers(tmp_path, red_flags=["pregnancy"]), "--json").out
    )
    assert findings["cleared"] == listed
    assert any("Cleared by my midwife on 20 Nov 2026" in r for r in findings["reasons"])
    exported = json.loads(run("export").out)
    assert exported["clearances"][0]["flag"] == "pregnancy"
    assert run("clearance", "remove", "pregnancy").code == 0
    assert "squats" not in plan_ids(run)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("clearance", "add", "bruising", "--on", "2026-11-20"), "cannot be cleared here"),
        (("clearance", "add", "saddle_numbness", "--on", "2026-11-20"), "cannot be cleared"),
        (("clearance", "add", "pregnancy", "--on", "2999-01-01"), "in the future"),
        (("clearance", "add", "pregnancy", "--on", "yesterday"), "not a date"),
        (("clearance", "add", "pregnancy"), "--on"),
        (("clearance", "remove", "pregnancy"), "no clearance"),
    ],
)
def test_bad_clearances_are_exit_2(run: Run, args: tuple[str, ...], message: str) -> None:
    """Only caution flags can be cleared, on a real past date; nothing else is touched."""
    result = run(*args)
    assert result.code == 2
    assert message in result.err
    assert json.loads(run("clearance", "--json").out) == []


def test_history_shows_a_flagged_session(run: Run, tmp_path: Path) -> None:
    """A session that raised the pain is marked in history and steps the next plan back."""
    from psoas.settings import Settings
    from psoas.store.database import open_database
    from psoas.store.repository import add_test, begin_session, profile_id, save_plan
    from psoas.usecases.sessions import finish

    assert run("check", "--answers", write_answers(tmp_path, pain=2)).code == 0
    settings = Settings.from_env()
    database = open_database(settings.database_url)
    with database.session() as db:
        profile = profile_id(db)
        session = begin_session(
            db, profile, save_plan(db, profile, {"routine": "full", "steps": []})
        )
        for phase, pain in (("pre", 2), ("post", 3)):
            answers = {**NEUTRAL, "pain": pain}
            add_test(db, profile, answers, {}, phase=phase, session_id=session.id)
        finish(db, profile, session.id, "finished", 8)
    database.close()
    text = run("history").out
    assert "!! discomfort was 8/10 afterwards: the next plan steps back" in text
    data = json.loads(run("history", "--json").out)
    assert data["sessions"][-1]["flag"] == "discomfort was 8/10 afterwards"
    plan = json.loads(run("plan", "--routine", "full", "--json").out)
    assert plan["step_back"] == "discomfort was 8/10 afterwards"
    assert "at your last session discomfort was 8/10" in plan["notes"][0]
    assert {s["kind"] for s in plan["steps"] if s["role"] == "practice"} == {"release", "position"}


def test_who_cleared_you_is_refused_when_it_could_rewrite_the_terminal(run: Run) -> None:
    """`--by` is printed back by `psoas clearance`: text with escape codes (clear the
    screen, turn red) is refused in one line and nothing is stored."""
    refused = run("clearance", "add", "pregnancy", "--on", "2026-11-20", "--by", "\x1b[2Jme")
    assert refused.code == 2
    assert "control characters" in refused.err
    assert "\x1b" not in refused.err
    assert json.loads(run("clearance", "--json").out) == []
