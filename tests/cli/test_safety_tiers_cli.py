"""Every tier and every pain band through ``psoas check --answers --json`` and ``psoas plan``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psoas.catalog.loader import load_catalog
from tests.conftest import Run
from tests.core.answers import write_answers

CATALOG = load_catalog()


@pytest.mark.parametrize(("flag", "tier"), [(f.id, f.tier) for f in CATALOG.asked_flags()])
def test_each_flag_through_the_cli(run: Run, tmp_path: Path, flag: str, tier: str) -> None:
    """check --json names the tier; plan --json follows it; plan's text leads with it."""
    answers = write_answers(tmp_path, red_flags=[flag])
    findings = json.loads(run("check", "--answers", answers, "--json").out)
    assert findings["tier"] == tier
    assert findings["see_provider"] is True
    plan = json.loads(run("plan", "--routine", "full", "--json").out)
    text = run("plan", "--routine", "full").out
    if tier == "urgent":
        assert (plan["urgent"], plan["steps"]) == (True, [])
        assert text.startswith("!! Get medical care today")
    elif tier == "stop":
        assert plan["rest_only"] is True
        assert {s["kind"] for s in plan["steps"]} == {"position"}
        assert text.startswith("Rest plan")
    else:
        assert plan["left_out"]
        assert "Check with a healthcare provider first" in text


@pytest.mark.parametrize(
    ("pain", "band", "rest_only"),
    [
        (0, "mild", False),
        (3, "mild", False),
        (4, "moderate", False),
        (6, "moderate", False),
        (7, "severe", True),
        (10, "severe", True),
    ],
)
def test_each_pain_band_through_the_cli(
    run: Run, tmp_path: Path, pain: int, band: str, rest_only: bool
) -> None:
    """The rating alone sets the band, with no flag ticked."""
    findings = json.loads(
        run("check", "--answers", write_answers(tmp_path, pain=pain), "--json").out
    )
    assert findings["pain_band"] == band
    plan = json.loads(run("plan", "--routine", "full", "--json").out)
    assert plan["rest_only"] is rest_only
    if band != "mild":
        assert "strength" not in {s["kind"] for s in plan["steps"]}


def test_a_rise_since_the_last_test_counts(run: Run, tmp_path: Path) -> None:
    """2 last time, 5 now: severe, said in the reasons with both numbers."""
    run("check", "--answers", write_answers(tmp_path, pain=2))
    findings = json.loads(run("check", "--answers", write_answers(tmp_path, pain=5), "--json").out)
    assert findings["pain_band"] == "severe"
    assert findings["previous_pain"] == 2
    assert "severe_pain" in findings["red_flags"]
    assert any("Pain 5/10, up from 2 at your last rating" in r for r in findings["reasons"])
