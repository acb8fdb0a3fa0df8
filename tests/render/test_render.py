"""SVG figures, PNG and the printable handout, checked as files a person would open."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.planner import ROUTINES, build_plan
from psoas.render.figures import practice_svg
from psoas.render.handout import Reader, entries, handout_pdf
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
    """The handout starts a page per routine (a long one runs on), and every page renders
    to a non-blank image."""
    findings = assess(answers(), catalog)
    plans = [build_plan(catalog, findings, routine) for routine in ROUTINES]
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(handout_pdf(catalog, plans, Reader(name="Sam")))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(ROUTINES) <= len(pages) <= 2 * len(ROUTINES)
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
    letter = tmp_path / "letter.pdf"
    made = run("handout", "--routine", "bedtime", "--pdf", str(letter), "--paper", "letter")
    assert made.code == 0, made.err
    assert "LETTER" in made.out
    assert word_boxes(letter)[0][6:] == (612.0, 792.0)
    refused = run("handout", "--pdf", str(tmp_path / "x.pdf"), "--link", "javascript:alert(1)")
    assert refused.code == 2
    assert "--link must be an http:// or https:// address" in refused.err
    assert not (tmp_path / "x.pdf").exists()


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


def test_progress_chart_shades_the_persons_own_smallest_real_change() -> None:
    """With repeated captures, the photo panel shades the person's MDC either side of
    each side's first measuring and says so, with the number the words use; without
    repeats there is no band. Empty measures keep their own capitals (PSFS)."""
    from datetime import UTC, datetime, timedelta

    from psoas.charts import progress_chart
    from psoas.core.progress import progress

    day = datetime(2026, 3, 1, 21, tzinfo=UTC)
    angles = [
        (day + timedelta(days=days, minutes=3 * n), "left", angle)
        for days, captures in ((0, (14.0, 12.5, 15.1)), (56, (3.1, 4.4, 2.6)))
        for n, angle in enumerate(captures)
    ]
    repeated = progress([], thigh_angles=angles)
    assert repeated.photo_reliability is not None
    texts = _texts(progress_chart(repeated, "svg"))
    assert "band: ±3.1°, your own smallest real change" in texts
    assert f"{repeated.photo_reliability.shown_mdc:.1f}" == "3.1"
    assert repeated.photo_changes()["left"]["words"].endswith("(more than 3.1°)")
    assert any("activities you find hard (PSFS, 0–10)" in t for t in texts)
    single = progress([], thigh_angles=[angles[0], angles[3]])
    assert not any(t.startswith("band:") for t in _texts(progress_chart(single, "svg")))


def test_the_photo_panels_legend_sits_beside_its_title_not_on_the_band_note() -> None:
    """With both sides photographed, the legend stands in the title's line, clear of
    the title, the band's note and the figure's edge."""
    from datetime import UTC, datetime, timedelta

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from psoas.charts import progress_figure
    from psoas.core.progress import progress

    day = datetime(2026, 3, 1, 21, tzinfo=UTC)
    angles = [
        (day + timedelta(days=days, minutes=3 * n), side, angle)
        for side in ("left", "right")
        for days, captures in ((0, (14.0, 12.5, 15.1)), (56, (3.1, 4.4, 2.6)))
        for n, angle in enumerate(captures)
    ]
    fig = progress_figure(progress([], thigh_angles=angles))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    (panel,) = [ax for ax in fig.axes if ax.get_legend() is not None]
    texts = {t.get_text(): t.get_window_extent(renderer) for t in panel.texts}
    legend = panel.get_legend().get_window_extent(renderer)
    title, note = (
        texts["Thigh angle from photos"],
        texts["band: ±3.1°, your own smallest real change"],
    )
    assert title.x1 < legend.x0
    assert not legend.overlaps(note)
    assert legend.x1 <= fig.bbox.x1


def test_each_photo_measuring_shows_its_captures_as_an_error_bar() -> None:
    """A bar from the lowest capture to the highest on each measuring of more than one
    capture, in its side's colour; a single reading has none."""
    from datetime import UTC, datetime, timedelta

    from matplotlib.collections import LineCollection

    from psoas.charts import progress_figure
    from psoas.core.progress import progress

    day = datetime(2026, 3, 1, 21, tzinfo=UTC)
    angles = [
        (day + timedelta(days=days, minutes=3 * n), side, angle)
        for side, days, captures in (
            ("left", 0, (14.0, 12.5, 15.1)),
            ("left", 56, (3.1, 4.4, 2.6)),
            ("right", 0, (9.0,)),
        )
        for n, angle in enumerate(captures)
    ]
    fig = progress_figure(progress([], thigh_angles=angles))
    (panel,) = [ax for ax in fig.axes if ax.get_legend() is not None]
    (bars,) = [c for c in panel.collections if isinstance(c, LineCollection)]
    ends = sorted(sorted(y for _, y in segment) for segment in bars.get_segments())
    assert ends == [[2.6, 4.4], [12.5, 15.1]]


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
    from psoas.core.pain import PainRating

    pain = [PainRating(p.taken_at, p.pain, "check_in") for p in points]
    data = progress(points, pain)
    day_svg = progress_chart(data, "svg")
    texts = _texts(day_svg)
    assert {"a pencil", "fingers", "a hand", "no", "yes"} <= set(texts)
    assert any("within 2 points of the first rating" in t for t in texts)
    for month in ("Mar", "Apr"):  # each date is labelled once, under the last panel only
        assert texts.count(month) == 1
    night_svg = progress_chart(data, "svg", "night")
    assert b"#16120f" in night_svg
    assert b"#16120f" not in day_svg


def word_boxes(pdf: Path) -> list[tuple[int, str, float, float, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax, page width, page height) for every word, from
    poppler's pdftotext -bbox."""
    import re

    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    boxes = []
    for number, page in enumerate(done.stdout.split("<page ")[1:], 1):
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"', page)[:2])
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            boxes.append((number, match.group(5), x0, y0, x1, y1, width, height))
    return boxes


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_handout_text_stays_inside_its_column_on_every_routine(
    catalog: Catalog, tmp_path: Path, paper: str
) -> None:
    """Every word of every routine's page lies inside the margins, on A4 and Letter,
    with the findings, a long name and a link at the top."""
    from psoas.render.handout import MARGIN

    findings = assess(answers(back_gap="hand", tighter_side="left", gap_even=False), catalog)
    plans = [build_plan(catalog, findings, routine) for routine in ROUTINES]
    reader = Reader(
        name="Alexandra Konstantinopoulou-Fitzwilliam", findings=findings,
        link_base="http://192.168.100.200:8000",
    )  # fmt: skip
    pdf = tmp_path / f"{paper}.pdf"
    pdf.write_bytes(handout_pdf(catalog, plans, reader, paper))
    boxes = word_boxes(pdf)
    assert len({box[0] for box in boxes}) >= len(ROUTINES)
    inside = MARGIN * 72 - 1
    for page, word, x0, y0, x1, y1, width, height in boxes:
        assert x0 >= inside, (page, word, x0)
        assert x1 <= width - inside, (page, word, x1, width)
        assert y0 >= inside - 16, (page, word, y0)  # pdftotext counts the font ascent
        assert y1 <= height - inside + 10, (page, word, y1, height)
    words = " ".join(box[1] for box in boxes)
    assert "Alexandra" in words
    assert "Your test found" in words
    assert "http://192.168.100.200:8000/catalog/bolster-release" in words


def test_a_short_routine_fills_its_page_with_larger_figures(
    catalog: Catalog, tmp_path: Path
) -> None:
    """Three practices: the words reach past half of the page (steps, feel, stop, link),
    rather than leaving two thirds of it blank."""
    findings = assess(answers(), catalog)
    plan = build_plan(catalog, findings, "bedtime")
    assert len(entries(plan)) <= 4
    pdf = tmp_path / "short.pdf"
    pdf.write_bytes(handout_pdf(catalog, [plan], Reader()))
    boxes = [box for box in word_boxes(pdf) if box[0] == 1]
    body = [box for box in boxes if "Self-care" not in box[1]]
    lowest = max(box[5] for box in body if box[5] < body[0][7] - 80)
    assert lowest > 0.5 * boxes[0][7]


def test_handout_ends_with_the_person_s_progress_once_there_is_some(
    run: Run, tmp_path: Path
) -> None:
    """One test: no progress page. Two: a last page with each measure in words and the
    pain verdict, from the same numbers as `psoas progress`."""
    from tests.core.answers import write_answers

    assert run("check", "--answers", write_answers(tmp_path, pain=5)).code == 0
    pdf = tmp_path / "one.pdf"
    assert run("handout", "--routine", "bedtime", "--pdf", str(pdf)).code == 0
    assert "Your progress" not in " ".join(b[1] for b in word_boxes(pdf))
    assert run("check", "--answers", write_answers(tmp_path, pain=2)).code == 0
    pdf = tmp_path / "two.pdf"
    made = run("handout", "--routine", "bedtime", "--pdf", str(pdf))
    assert "and your progress" in made.out
    boxes = word_boxes(pdf)
    last = " ".join(b[1] for b in boxes if b[0] == max(b[0] for b in boxes))
    assert "Your progress" in last
    assert "5 → 2, 3 points less (60 %): a meaningful improvement (2 points or more)" in last
    pain = json.loads(run("progress", "--json").out)["pain"]
    assert (pain["first"], pain["latest"]) == (5, 2)
