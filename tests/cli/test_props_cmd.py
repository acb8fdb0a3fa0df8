"""``psoas props``: what you own and can do, kept, shown, exported, and used by plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psoas.catalog.model import Catalog
from tests.conftest import Run
from tests.core.answers import write_answers


def plan_ids(run: Run) -> list[str]:
    result = run("plan", "--routine", "full", "--json")
    assert result.code == 0, result.err
    return [step["id"] for step in json.loads(result.out)["steps"]]


def test_props_and_abilities_shape_the_plan(run: Run, tmp_path: Path) -> None:
    """Not said: everything assumed. Said: stand-ins named, the floor avoided."""
    assert run("check", "--answers", write_answers(tmp_path)).code == 0
    shown = json.loads(run("props", "--json").out)
    assert shown == {"props_owned": None, "floor": None, "face_down": None, "kneel": None}
    assert "foam-roller-hip-flexor-stretch" in plan_ids(run)
    assert run("props", "--own", "bolster", "--face-down", "no").code == 0
    shown = json.loads(run("props", "--json").out)
    assert shown == {"props_owned": ["bolster"], "floor": None, "face_down": False, "kneel": None}
    ids = plan_ids(run)
    assert "foam-roller-hip-flexor-stretch" not in ids
    assert not {"prone-press-up", "prone-quad-pull"} & set(ids)
    text = run("plan", "--routine", "full").out
    assert "No yoga block: use a firm cushion, or a folded towel or blanket." in " ".join(
        text.split()
    )
    assert run("props", "--floor", "no").code == 0
    assert plan_ids(run)[0] == "bed-checks"
    assert run("props", "--own", "none").code == 0
    assert json.loads(run("props", "--json").out)["props_owned"] == []


@pytest.mark.parametrize(
    "args", [("--own", "hat"), ("--floor", "maybe"), ("--own",), ("--own", "pillow")]
)
def test_bad_props_are_exit_2(run: Run, args: tuple[str, ...]) -> None:
    """Unknown or household props and wrong answers are refused; nothing is kept."""
    result = run("props", *args)
    assert result.code == 2
    assert json.loads(run("props", "--json").out)["props_owned"] is None


def test_props_travel_with_export_and_import(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The props and ability answers are exported and fill an empty profile on import."""
    assert run("props", "--own", "block", "lacrosse-ball", "--floor", "no").code == 0
    exported = tmp_path / "export.json"
    assert run("export", "--output", str(exported)).code == 0
    choices = json.loads(exported.read_text())["choices"]
    assert choices["props_owned"] == ["block", "lacrosse-ball"]
    assert choices["abilities"] == {"floor": False}
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other"))
    assert run("import", str(exported)).code == 0
    shown = json.loads(run("props", "--json").out)
    assert shown == {
        "props_owned": ["block", "lacrosse-ball"],
        "floor": False,
        "face_down": None,
        "kneel": None,
    }


def test_cannot_kneel_leaves_out_what_kneels_and_keeps_the_standing_lunge(
    run: Run, tmp_path: Path, catalog: Catalog
) -> None:
    """No kneeling: the all-fours leg reach (on hands and knees) is left out, saying
    why, and the lunge stays: it is done standing, and its steps and figures say so."""
    assert run("check", "--answers", write_answers(tmp_path)).code == 0
    assert "all-fours-leg-reach" in plan_ids(run)
    assert run("props", "--kneel", "no").code == 0
    assert json.loads(run("props", "--json").out)["kneel"] is False
    ids = plan_ids(run)
    assert "all-fours-leg-reach" not in ids
    assert "lunge-hip-flexor-stretch" in ids
    left = json.loads(run("plan", "--routine", "full", "--json").out)["left_out"]
    reasons = {item["id"]: item["reason"] for item in left}
    assert reasons["all-fours-leg-reach"].startswith("you cannot kneel")
    lunge = catalog.require("lunge-hip-flexor-stretch")
    assert lunge.setting == "standing"
    assert "floor" not in lunge.demands
    assert "kneel" not in lunge.demands
    for figure in lunge.figures:
        assert not any(c.startswith(("knee", "knee_far")) for c in figure.contacts)
        assert {"toes on floor", "heel_far on floor"} <= set(figure.contacts)
    assert "no knee touches the floor" in " ".join(lunge.steps)
    assert "Kneel" not in " ".join(f.caption for f in lunge.figures)


def test_no_floor_keeps_only_what_is_done_off_the_floor(
    run: Run, tmp_path: Path, catalog: Catalog
) -> None:
    """No floor: every practice the plan keeps asks nothing of the floor or a knee on it,
    and each one's figures touch the floor with the feet only (or a bed or chair)."""
    assert run("check", "--answers", write_answers(tmp_path)).code == 0
    assert run("props", "--floor", "no", "--kneel", "no").code == 0
    for practice_id in set(plan_ids(run)):
        practice = catalog.require(practice_id)
        assert not {"floor", "kneel"} & set(practice.demands), practice_id
