"""The validated-catalog snapshot is reused while the files are unchanged, and only then."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psoas.catalog.loader import DATA_DIR, json_view, load_catalog, load_catalog_data
from psoas.catalog.model import Catalog
from psoas.exceptions import CatalogError


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the catalog files."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_snapshot_is_written_and_equals_a_fresh_load(data_dir: Path, tmp_path: Path) -> None:
    """The first load writes a snapshot in both forms; the second returns an equal catalog."""
    snaps = tmp_path / "snaps"
    first = load_catalog(data_dir, [snaps])
    assert sorted(p.suffix for p in snaps.iterdir()) == [".json", ".pickle"]
    second = load_catalog(data_dir, [snaps])
    assert second == first
    assert load_catalog_data(data_dir, [snaps]) == json_view(first)


def test_changed_file_invalidates_the_snapshot(data_dir: Path, tmp_path: Path) -> None:
    """Editing a data file is seen at once, even with a snapshot present."""
    snaps = tmp_path / "snaps"
    load_catalog(data_dir, [snaps])
    path = data_dir / "practices/walking.toml"
    path.write_text(path.read_text().replace('name = "Walking"', 'name = "Walking outdoors"'))
    walking = load_catalog(data_dir, [snaps]).require("walking")
    assert walking.name == "Walking outdoors"
    assert len(list(snaps.glob("*.pickle"))) == 1, "old snapshots are cleaned up"


def test_a_broken_file_fails_even_with_an_old_snapshot(data_dir: Path, tmp_path: Path) -> None:
    """A snapshot never hides a newly broken file."""
    snaps = tmp_path / "snaps"
    load_catalog(data_dir, [snaps])
    (data_dir / "practices/walking.toml").write_text("id = 3\n")
    with pytest.raises(CatalogError):
        load_catalog(data_dir, [snaps])


def test_corrupt_snapshot_is_rebuilt(data_dir: Path, tmp_path: Path) -> None:
    """Damaged snapshot files are ignored and replaced, never fatal."""
    snaps = tmp_path / "snaps"
    good = load_catalog(data_dir, [snaps])
    for snap in snaps.iterdir():
        snap.write_bytes(b"\x80garbage")
    assert load_catalog(data_dir, [snaps]) == good
    assert load_catalog_data(data_dir, [snaps]) == json_view(good)


def test_unwritable_snapshot_folder_falls_back(data_dir: Path, tmp_path: Path) -> None:
    """When the first folder cannot be written, the next one gets the snapshot."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    fallback = tmp_path / "fallback"
    catalog = load_catalog(data_dir, [blocked, fallback])
    assert isinstance(catalog, Catalog)
    assert len(list(fallback.glob("catalog-*.pickle"))) == 1


def test_fallback_folder_is_only_worked_out_when_needed(data_dir: Path, tmp_path: Path) -> None:
    """With a snapshot in the first folder, later folders are never asked for."""
    snaps = tmp_path / "snaps"
    load_catalog(data_dir, [snaps])
    asked: list[str] = []

    def folders():  # type: ignore[no-untyped-def]
        yield snaps
        asked.append("fallback")
        yield tmp_path / "other"

    load_catalog(data_dir, folders())
    assert asked == []
