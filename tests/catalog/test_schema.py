"""Malformed catalog files fail with a message naming the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psoas.catalog.loader import DATA_DIR, load_catalog
from psoas.exceptions import CatalogError


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the real catalog files to damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def _error(data_dir: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(data_dir)
    return str(caught.value)


def test_the_copy_is_valid(data_dir: Path) -> None:
    """The untouched copy loads, so the failures below come from the edits alone."""
    assert load_catalog(data_dir).get("bolster-release") is not None


def test_unknown_kind_names_file_and_field(data_dir: Path) -> None:
    """A kind outside the vocabulary is rejected with its file and field."""
    _edit(data_dir / "practices/prone-press-up.toml", 'kind = "stretch"', 'kind = "dance"')
    message = _error(data_dir)
    assert "practices/prone-press-up.toml" in message
    assert "field 'kind'" in message


def test_missing_field_is_named(data_dir: Path) -> None:
    """A practice without its steps is rejected."""
    path = data_dir / "practices/walking.toml"
    text = path.read_text()
    start = text.index("steps = [")
    end = text.index("]", start) + 1
    path.write_text(text[:start] + text[end:])
    message = _error(data_dir)
    assert "practices/walking.toml" in message
    assert "steps" in message


def test_nested_field_is_named(data_dir: Path) -> None:
    """A bad value inside the hold table points at hold.default_s."""
    _edit(data_dir / "practices/squats.toml", "default_s = 120", 'default_s = "two minutes"')
    message = _error(data_dir)
    assert "practices/squats.toml" in message
    assert "hold.default_s" in message


def test_long_cue_is_rejected(data_dir: Path) -> None:
    """Cues are read from the floor: more than 60 characters is refused."""
    _edit(
        data_dir / "practices/walking.toml",
        '"Easy pace"',
        '"Walk at an easy pace, and keep going for quite a while longer than usual"',
    )
    message = _error(data_dir)
    assert "practices/walking.toml" in message
    assert "cues[0]" in message


def test_unknown_red_flag_in_contraindications(data_dir: Path) -> None:
    """Contraindications must be red-flag ids the planner knows."""
    _edit(
        data_dir / "practices/knee-to-chest-position.toml",
        "per_side = true",
        'per_side = true\ncontraindications = ["sore_toe"]',
    )
    message = _error(data_dir)
    assert "knee-to-chest-position.toml" in message
    assert "contraindications" in message


def test_unknown_extra_field_is_rejected(data_dir: Path) -> None:
    """A misspelt key does not slip through silently."""
    _edit(data_dir / "practices/walking.toml", "per_side = false", "per_side = false\nperside = 1")
    message = _error(data_dir)
    assert "walking.toml" in message
    assert "perside" in message


def test_min_hold_longer_than_default(data_dir: Path) -> None:
    """A minimum hold above the default hold is a contradiction."""
    _edit(data_dir / "practices/squats.toml", "min_s = 60", "min_s = 600")
    assert "min_s must not be longer than default_s" in _error(data_dir)


def test_id_must_match_file_name(data_dir: Path) -> None:
    """The file name is the id, so ids stay stable and unique."""
    _edit(data_dir / "practices/squats.toml", 'id = "squats"', 'id = "squat"')
    message = _error(data_dir)
    assert "squats.toml" in message
    assert "field 'id'" in message


def test_invalid_toml_names_the_file(data_dir: Path) -> None:
    """A syntax error is reported with the file, not a traceback."""
    (data_dir / "practices/squats.toml").write_text("id = 'squats\n")
    message = _error(data_dir)
    assert "practices/squats.toml is not valid TOML" in message


def test_red_flag_without_source_must_be_labelled(data_dir: Path) -> None:
    """Advice not from an article must say it is general safety advice."""
    _edit(
        data_dir / "red-flags.toml",
        "general_safety_advice = true\n",
        "",
    )
    assert "general_safety_advice" in _error(data_dir)


def test_unknown_source_id(data_dir: Path) -> None:
    """Only the four source articles can be cited."""
    _edit(data_dir / "practices/squats.toml", 'sources = ["001", "002"]', 'sources = ["007"]')
    message = _error(data_dir)
    assert "squats.toml" in message
    assert "sources" in message


def test_check_pointing_at_unknown_pattern(data_dir: Path) -> None:
    """A check answer can only name a pattern the test defines."""
    _edit(data_dir / "practices/sit-to-lie-test.toml", 'pattern = "subtle"', 'pattern = "sneaky"')
    assert "unknown pattern 'sneaky'" in _error(data_dir)


def test_stray_file_is_rejected(data_dir: Path) -> None:
    """Files the loader does not know are an error, not silently ignored."""
    (data_dir / "notes.toml").write_text("x = 1\n")
    assert "notes.toml: not a known catalog file" in _error(data_dir)


def test_missing_folder(tmp_path: Path) -> None:
    """A missing catalog folder is a clear error."""
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(tmp_path / "nowhere")
