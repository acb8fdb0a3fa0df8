"""``psoas psfs``: answered from a file and at the keyboard, its status, and the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_session_process import env_for, psoas
from tests.conftest import Run

FIRST = [{"activity": "Sitting through a film", "score": 3}, {"activity": "Running", "score": 2}]
LATER = [{"activity": "Sitting through a film", "score": 7}, {"activity": "Running", "score": 3}]


def answer(run: Run, tmp_path: Path, ratings: list[dict[str, object]]) -> dict[str, object]:
    path = tmp_path / "psfs.json"
    path.write_text(json.dumps(ratings))
    done = run("psfs", "answer", "--answers", str(path), "--json")
    assert done.code == 0, done.err
    answered: dict[str, object] = json.loads(done.out)
    return answered


def answered_before(run: Run, tmp_path: Path, ratings: list[dict[str, object]], days: int) -> None:
    """An answering ``days`` ago, brought in by an import (answers given now are now)."""
    from datetime import UTC, datetime, timedelta

    when = (datetime.now(UTC) - timedelta(days=days)).isoformat()
    export = {
        "format": "psoas-export",
        "version": 1,
        "psfs": [{"uid": f"psfs-{days}", "taken_at": when, "ratings": ratings}],
    }
    path = tmp_path / f"psfs-{days}.json"
    path.write_text(json.dumps(export))
    assert run("import", str(path)).code == 0


def test_answered_twice_the_change_is_in_status_and_progress(run: Run, tmp_path: Path) -> None:
    assert "It is due now" in run("psfs").out
    answered_before(run, tmp_path, FIRST, days=15)
    answer(run, tmp_path, LATER)
    status = json.loads(run("psfs", "--json").out)
    assert [r["mean"] for r in status["responses"]] == [2.5, 5.0]
    assert status["change"]["verdict"] == "2.5 points better: a change that matters"
    assert status["due"] is False
    said = " ".join(run("psfs").out.split())
    assert (
        "Change: On the 2 activities rated both times (Sitting through a film, Running): "
        "2.5 → 5, 2.5 points better: a change that matters." in said
    )
    progress = json.loads(run("progress", "--json").out)
    assert progress["psfs"]["change"] == 2.5
    assert progress["series"]["psfs"] == [2.5, 5.0]


def test_an_answer_within_a_day_replaces_the_last_one(run: Run, tmp_path: Path) -> None:
    """Two answers seconds apart are one answering (the second replaces the first), never
    a change; a day later it is a new answering."""
    assert answer(run, tmp_path, FIRST)["replaced"] is False
    assert answer(run, tmp_path, LATER)["replaced"] is True
    status = json.loads(run("psfs", "--json").out)
    assert [r["mean"] for r in status["responses"]] == [5.0]
    assert status["change"] is None
    exported = json.loads(run("export").out)
    assert len(exported["psfs"]) == 1


def test_the_change_is_judged_on_the_activities_both_rated(run: Run, tmp_path: Path) -> None:
    """Three activities at first (mean 3.0), then one new one (5.0): no change can be
    judged, not "2 points better"; with one activity in common, its own 3-point rule."""
    three = [
        {"activity": "Sitting through a film", "score": 2},
        {"activity": "Running", "score": 3},
        {"activity": "Lifting a child", "score": 4},
    ]
    answered_before(run, tmp_path, three, days=30)
    answered_before(run, tmp_path, [{"activity": "Gardening", "score": 5}], days=15)
    change = json.loads(run("psfs", "--json").out)["change"]
    assert change["shared"] == []
    assert change["change"] is None
    assert change["meaningful"] is False
    assert "no activity was rated both times" in change["sentence"]
    answer(
        run, tmp_path, [{"activity": "RUNNING", "score": 5}, {"activity": "Cycling", "score": 9}]
    )
    change = json.loads(run("psfs", "--json").out)["change"]
    assert change["shared"] == ["RUNNING"]
    assert (change["first"], change["latest"], change["threshold"]) == (3, 5, 3)
    assert change["meaningful"] is False  # 2 points on one activity is under its 3
    assert change["latest_score"] == 7.0  # the answering's own score is still shown


def test_psfs_travels_with_export_and_import(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(run, tmp_path, FIRST)
    exported = tmp_path / "export.json"
    run("export", "--output", str(exported))
    assert json.loads(exported.read_text())["psfs"][0]["ratings"] == FIRST
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "elsewhere"))
    assert json.loads(run("import", str(exported), "--json").out)["added"]["psfs"] == 1
    assert json.loads(run("import", str(exported), "--json").out)["skipped"]["psfs"] == 1
    assert json.loads(run("psfs", "--json").out)["responses"][0]["mean"] == 2.5


def test_bad_answers_exit_2(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"activity": "Run", "score": 12}]))
    result = run("psfs", "answer", "--answers", str(path))
    assert result.code == 2
    assert "the score is a whole number 0 to 10" in result.err
    assert json.loads(run("psfs", "--json").out)["responses"] == []


def test_at_the_keyboard_the_same_activities_come_back(tmp_path: Path) -> None:
    """The first time: name activities (Enter ends), then score each; the next time
    only the scores are asked, for the same activities."""
    env = env_for(tmp_path, "sqlite")
    first = psoas(env, "psfs", "answer", stdin="Sitting through a film\nRunning\n\n4\nx\n2\n")
    assert first.returncode == 0, first.stderr
    assert "A whole number from 0 to 10" in first.stdout
    second = psoas(env, "psfs", "answer", stdin="6\n5\n")
    assert second.returncode == 0, second.stderr
    assert "same activities as last time" in second.stdout
    assert "It replaces the answer you gave earlier today" in second.stdout
    status = json.loads(psoas(env, "psfs", "--json").stdout)
    assert [r["mean"] for r in status["responses"]] == [5.5]
    cut = psoas(env, "psfs", "answer", stdin="7\n")
    assert cut.returncode == 2
    assert "nothing was saved" in cut.stderr


def test_a_name_with_a_control_character_is_asked_again_at_once(tmp_path: Path) -> None:
    """An activity typed with an escape code is refused before its score is asked, and
    asked again; what was typed before is kept, and the answering is saved."""
    env = env_for(tmp_path, "sqlite")
    typed = "Sitting\nRun\x1b[2Jning\nrunning\nSITTING\nCycling\n4\n6\n8\n"
    done = psoas(env, "psfs", "answer", stdin=typed)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("holds control characters") == 1
    assert out.index("holds control characters") < out.index("Sitting: 0 (cannot do it)")
    assert "'SITTING' is named already" in out
    status = json.loads(psoas(env, "psfs", "--json").stdout)
    rated = status["responses"][0]["ratings"]
    assert [(r["activity"], r["score"]) for r in rated] == [
        ("Sitting", 4),
        ("running", 6),
        ("Cycling", 8),
    ]


def test_the_progress_report_for_a_period_is_a_pdf(run: Run, tmp_path: Path) -> None:
    """`psoas report` writes the period's report; a period backwards is refused."""
    import shutil
    import subprocess

    answer(run, tmp_path, FIRST)
    pdf = tmp_path / "report.pdf"
    done = run("report", "--pdf", str(pdf), "--for", "Ann")
    assert done.code == 0, done.err
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "answered once in this period" in " ".join(text.split())
    backwards = run("report", "--pdf", str(pdf), "--from", "2026-11-20", "--to", "2026-11-01")
    assert backwards.code == 2
    assert "start must not be after its end" in backwards.err
