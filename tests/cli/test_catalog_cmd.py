"""``psoas catalog`` and ``psoas show``: text, JSON and exit codes."""

from __future__ import annotations

import json

from psoas import __version__
from psoas.catalog.model import Catalog
from tests.conftest import Run


def test_no_arguments_says_what_to_do_next(run: Run) -> None:
    """``psoas`` alone explains itself and names the next commands."""
    result = run()
    assert result.code == 0
    assert "Next: psoas check" in result.out
    assert "psoas show bolster-release" in result.out
    assert "not medical advice" in result.out


def test_version(run: Run) -> None:
    """``psoas --version`` prints the package version."""
    result = run("--version")
    assert result.code == 0
    assert result.out.strip() == f"psoas {__version__}"


def test_catalog_lists_every_practice_grouped_by_kind(run: Run, catalog: Catalog) -> None:
    """The text listing holds every id under its kind's heading, then the red flags."""
    result = run("catalog")
    assert result.code == 0
    for practice in catalog.practices:
        assert practice.id in result.out
    assert result.out.index("RELEASE") < result.out.index("bolster-release")
    assert "RED FLAGS" in result.out
    assert "general safety advice" in result.out
    assert "soccer" in result.out


def test_catalog_kind_filter(run: Run, catalog: Catalog) -> None:
    """``--kind stretch`` lists the six stretches and nothing else."""
    result = run("catalog", "--kind", "stretch")
    assert result.code == 0
    stretches = {p.id for p in catalog.practices if p.kind == "stretch"}
    assert len(stretches) == 6
    for practice in catalog.practices:
        assert (practice.id in result.out) is (practice.id in stretches), practice.id
    assert "RED FLAGS" not in result.out


def test_catalog_json_holds_everything(run: Run, catalog: Catalog) -> None:
    """``catalog --json`` holds every practice, the red flags and the background facts."""
    result = run("catalog", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert [p["id"] for p in data["practices"]] == catalog.ids()
    assert {f["id"] for f in data["red_flags"]} >= {"pregnancy", "bruising"}
    assert {s["id"] for s in data["background"]["signs"]} == {
        "short_stride",
        "squat_pain",
        "tender",
    }


def test_catalog_json_kind_filter(run: Run) -> None:
    """``--kind`` filters the JSON practices too."""
    data = json.loads(run("catalog", "--kind", "release", "--json").out)
    assert [p["id"] for p in data["practices"]] == [
        "bed-release",
        "bolster-release",
        "incline-release",
        "pelvis-block-release",
        "side-lying-release",
    ]


def test_bad_kind_exits_2_with_one_line(run: Run) -> None:
    """An unknown kind is bad input: exit 2 and a short message."""
    result = run("catalog", "--kind", "yoga")
    assert result.code == 2
    assert "invalid choice: 'yoga'" in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_show_json_has_sources_000_and_003(run: Run) -> None:
    """``show bolster-release --json`` is the practice with its source ids."""
    result = run("show", "bolster-release", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["id"] == "bolster-release"
    assert data["sources"] == ["000", "003"]
    assert data["hold"] == {"default_s": 600, "min_s": 300}
    assert data["bolster_height"] == {"min_cm": 13, "max_cm": 20}
    assert data["kind"] == "release"
    assert data["per_side"] is False


def test_show_text_is_readable(run: Run) -> None:
    """Text output has numbered steps, the hold, props, cautions and sources."""
    result = run("show", "bolster-release")
    assert result.code == 0
    out = result.out
    assert "Bolster release" in out
    assert "   1. " in out
    assert "   7. " in out
    assert "Hold:  10 min (at least 5 min)" in out
    assert "13–20 cm (5–8 in)" in out
    assert "Props:  bolster, pillow; optional: blanket" in out
    assert "Cautions" in out
    assert "Sources:  articles 000, 003" in out


def test_show_per_side_and_when_it_is_left_out(run: Run) -> None:
    """A per-side practice says so; the safety rules that leave it out are spelt out."""
    out = run("show", "psoas-point-ball-massage").out
    assert "each side" in out
    assert "Left out with pregnancy (nothing face down)." in out
    assert "Left out with a known hip-joint or spine problem (no ball pressure), until" in out
    assert "Off until you turn ball massage on" in out


def test_show_says_what_to_feel_and_when_to_stop(run: Run) -> None:
    """Every shown practice has its feel line and its labelled stop line."""
    out = run("show", "lunge-hip-flexor-stretch").out
    assert "Feel: A pull at the front of the back hip" in out
    assert "Stop if the front knee or the low back hurts (general safety advice)" in out


def test_show_names_the_safer_version(run: Run) -> None:
    """A practice with a safer version names it, and the safer version says what it is."""
    out = run("show", "bolster-release").out
    assert "Left out with pregnancy (no long spells flat on the back); instead: incline" in out
    incline = run("show", "incline-release").out
    assert "General safety advice: a safer version" in incline


def test_show_test_lists_checks_and_meanings(run: Run) -> None:
    """The self-test shows each check with what each answer means."""
    out = run("show", "sit-to-lie-test").out
    assert "Check back-gap" in out
    assert "pencil:" in out
    assert "hand:" in out


def test_unknown_id_exits_2_with_suggestions(run: Run) -> None:
    """A typo exits 2 and suggests the close matches, in text and JSON mode alike."""
    for args in (("show", "bolster-relase"), ("show", "bolster-relase", "--json")):
        result = run(*args)
        assert result.code == 2
        assert result.out == ""
        assert "did you mean: bolster-release" in result.err
        assert "Traceback" not in result.err


def test_partial_id_suggests_all_that_contain_it(run: Run) -> None:
    """A fragment such as ``prone`` suggests the practices that contain it."""
    result = run("show", "prone")
    assert result.code == 2
    assert "prone-cross-over-stretch" in result.err


def test_unknown_command_exits_2(run: Run) -> None:
    """An unknown sub-command is bad input."""
    result = run("dance")
    assert result.code == 2
    assert "invalid choice" in result.err
