"""``psoas psfs``: answered from a file and at the keyboard, its status, and the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_session_process import env_for, psoas
from tests.conftest import Run

FIRST = [{"activity": "Sitting through a film", "score": 3}, {"activity": "Running", "score": 2}]
LATER = [{"activity": "Sitting through a film", "score": 7}, {"activity": "Running", "score": 3}]


def answer(run: Run, tmp_path: Path, ratings: list[dict[str, object]]) -> None:
    path = tmp_path / "psfs.json"
    path.write_text(json.dumps(ratings))
    assert run("psfs", "answer", "--answers", str(path)).code == 0


def test_answered_twice_the_change_is_in_status_and_progress(run: Run, tmp_path: Path) -> None:
    assert "It is due now" in run("psfs").out
    answer(run, tmp_path, FIRST)
    answer(run, tmp_path, LATER)
    status = json.loads(run("psfs", "--json").out)
    assert [r["mean"] for r in status["responses"]] == [2.5, 5.0]
    assert status["change"]["verdict"] == "2.5 points better: a change that matters"
    assert status["due"] is False
    assert "Change: 2.5 -> 5, 2.5 points better" in run("psfs").out
    progress = json.loads(run("progress", "--json").out)
    assert progress["psfs"]["change"] == 2.5
    assert progress["series"]["psfs"] == [2.5, 5.0]


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
    status = json.loads(psoas(env, "psfs", "--json").stdout)
    assert [r["mean"] for r in status["responses"]] == [3.0, 5.5]
    cut = psoas(env, "psfs", "answer", stdin="7\n")
    assert cut.returncode == 2
    assert "nothing was saved" in cut.stderr


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
