"""The contact sheet of every figure, and every figure's PNG at one size."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from psoas.catalog.model import Catalog
from psoas.render.mpl import scene_png
from psoas.render.scene import build_scene

REPO = Path(__file__).resolve().parents[2]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_figure_s_png_has_the_same_size(catalog: Catalog) -> None:
    """Lying, kneeling or standing: one canvas, so one PNG size."""
    sizes = {
        png_size(scene_png(build_scene(catalog.require(pid).figures[-1])))
        for pid in ("bolster-release", "squats", "lunge-hip-flexor-stretch", "side-lying-release")
    }
    assert len(sizes) == 1


def test_make_figures_writes_a_sheet_of_every_practice(tmp_path: Path, catalog: Catalog) -> None:
    """scripts/figures (make figures) writes one page naming every practice with a
    figure, with a loop for each practice of several keyframes, and the README's PNGs."""
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "figures"), str(tmp_path)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    sheet = (tmp_path / "build" / "figures.html").read_text()
    drawn = [p for p in catalog.practices if p.figures]
    for practice in drawn:
        assert f"id='{practice.id}'" in sheet
    moving = sum(1 for p in drawn if len(p.figures) > 1)
    assert sheet.count('class="psoas-figure psoas-moving"') == 2 * moving  # light and dark
    assert len(list((tmp_path / "docs" / "figures").glob("*.png"))) == 4
