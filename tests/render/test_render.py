"""SVG figures, PNG and the printable handout, checked as files a person would open."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.planner import ROUTINES, build_plan
from psoas.render.figures import practice_svg
from psoas.render.handout import entries, handout_pdf
from tests.conftest import Run
from tests.core.answers import answers

SVG = "{http://www.w3.org/2000/svg}"


def test_every_practice_renders_an_accessible_svg(catalog: Catalog) -> None:
    """Each practice gives well-formed SVG with a title, a description and a viewBox."""
    for practice in catalog.practices:
        root = ET.fromstring(practice_svg(practice))
        assert root.get("viewBox"), practice.id
        assert root.get("role") == "img"
        assert root.findtext(f"{SVG}title") == practice.name
        assert root.findtext(f"{SVG}desc")
        assert "currentColor" in ET.tostring(root, encoding="unicode")
        assert root.findall(f".//{SVG}line"), practice.id


def test_show_svg_and_png(run: Run, tmp_path: Path) -> None:
    """``psoas show prone-press-up --svg f.svg --png f.png`` writes both files."""
    svg, png = tmp_path / "f.svg", tmp_path / "f.png"
    result = run("show", "prone-press-up", "--svg", str(svg), "--png", str(png))
    assert result.code == 0, result.err
    assert "Psoas length:  about +" in result.out
    assert ET.parse(svg).getroot().findtext(f"{SVG}title") == "Prone press-up"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_length_command(run: Run) -> None:
    """``psoas length`` prints the relative length; exit 2 for impossible angles."""
    import json

    data = json.loads(run("length", "--hip-flexion", "90", "--json").out)
    assert data["relative_length"] < 0.9
    assert json.loads(run("length", "--hip-flexion", "-20", "--json").out)["relative_length"] > 1
    assert "sitting" in run("length", "--hip-flexion", "0").out
    refused = run("length", "--hip-flexion", "400")
    assert refused.code == 2
    assert "400 must be between -40 and 140" in refused.err


def test_show_json_carries_the_length(run: Run) -> None:
    """``show --json`` has the practice's modelled psoas length."""
    import json

    data = json.loads(run("show", "lunge-hip-flexor-stretch", "--json").out)
    assert data["psoas_length"]["change_percent"] > 0
    assert data["psoas_length"]["sitting_change_percent"] < 0


def test_handout_entries_merge_sides_and_tests(catalog: Catalog) -> None:
    """A per-side practice and the test/re-test each appear once on the page."""
    plan = build_plan(
        catalog, assess(answers(gap_even=False, tighter_side="left"), catalog), "full"
    )
    listed = entries(plan)
    ids = [e.practice_id for e in listed]
    assert len(ids) == len(set(ids))
    lunge = next(e for e in listed if e.practice_id == "lunge-hip-flexor-stretch")
    assert "left" in lunge.hold
    assert "right" in lunge.hold
    test = next(e for e in listed if e.practice_id == "sit-to-lie-test")
    assert "before and after" in test.hold


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed"
)
def test_handout_pdf_pages_render(catalog: Catalog, tmp_path: Path) -> None:
    """The handout has one page per routine, and every page renders to a non-blank image."""
    findings = assess(answers(), catalog)
    plans = [build_plan(catalog, findings, routine) for routine in ROUTINES]
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(handout_pdf(catalog, plans, "Sam"))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(ROUTINES)
    import matplotlib.image as mpimg

    for page in pages:
        pixels = mpimg.imread(page)
        assert pixels.std() > 0.05, f"{page.name} looks blank"


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed"
)
def test_handout_says_what_to_feel_when_to_stop_and_who_cleared(run: Run, tmp_path: Path) -> None:
    """Each practice on the page has its feel and stop lines; a clearance is printed."""
    from tests.core.answers import write_answers

    assert run("check", "--answers", write_answers(tmp_path, red_flags=["pregnancy"])).code == 0
    assert (
        run("clearance", "add", "pregnancy", "--on", "2026-11-20", "--by", "my midwife").code == 0
    )
    pdf = tmp_path / "full.pdf"
    assert run("handout", "--routine", "full", "--pdf", str(pdf)).code == 0
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    text = " ".join(done.stdout.split())
    assert "Cleared: pregnancy by my midwife on 20 Nov 2026." in text
    assert "Incline release" in text
    assert "Feel: A pull at the front of the back hip" in text
    assert "Stop if the front knee or the low back hurts" in text
    assert "stop lines are general safety advice" in text


def test_handout_command(run: Run, tmp_path: Path) -> None:
    """``psoas handout --routine bedtime --pdf FILE`` writes a PDF even before any test."""
    pdf = tmp_path / "bedtime.pdf"
    result = run("handout", "--routine", "bedtime", "--pdf", str(pdf))
    assert result.code == 0, result.err
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "general routines" in result.out


def _texts(svg: bytes) -> list[str]:
    import re

    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())


def test_progress_chart_draws_a_line_per_photographed_side() -> None:
    """The photo panel has a left and a right line (with a legend) once both sides were
    photographed, only the side there is otherwise; measures without data are named in
    one line instead of empty panels."""
    from datetime import UTC, datetime, timedelta

    from psoas.charts import progress_chart
    from psoas.core.progress import progress

    day = datetime(2026, 3, 1, tzinfo=UTC)
    both = progress([], thigh_angles=[(day, "left", 14.0), (day + timedelta(days=3), "right", 5.0)])
    texts = _texts(progress_chart(both, "svg"))
    assert {"left", "right", "Thigh angle from photos"} <= set(texts)
    assert any(t.startswith("No data yet: bolster height") for t in texts)
    one = _texts(progress_chart(progress([], thigh_angles=[(day, "left", 14.0)]), "svg"))
    assert "left" in one
    assert "right" not in one


def test_progress_chart_names_states_and_dates_once() -> None:
    """Yes/no and three-level measures are labelled as words, each date label appears
    once, the pain band is drawn, and the night palette differs from the day one."""
    from datetime import UTC, datetime, timedelta

    from psoas.charts import progress_chart
    from psoas.core.progress import SelfTestPoint, progress

    day = datetime(2026, 3, 1, 21, tzinfo=UTC)
    points = [
        SelfTestPoint.from_answers(
            day + timedelta(days=n),
            "pre",
            {
                "pain": 4 - n % 3,
                "thighs_flat": n > 20,
                "back_gap": "hand" if n < 10 else "fingers",
                "gap_even": True,
                "ribs_stick_out": n < 30,
            },
        )
        for n in range(60)
    ]
    data = progress(points)
    day_svg = progress_chart(data, "svg")
    texts = _texts(day_svg)
    assert {"a pencil", "fingers", "a hand", "no", "yes"} <= set(texts)
    assert any("within 2 points of the first test" in t for t in texts)
    for month in ("Mar", "Apr"):  # each date is labelled once, under the last panel only
        assert texts.count(month) == 1
    night_svg = progress_chart(data, "svg", "night")
    assert b"#16120f" in night_svg
    assert b"#16120f" not in day_svg
