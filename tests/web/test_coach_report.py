"""The coach's clients page and a client's progress report (a real PDF, its pages
rendered), reachable only by a coach the client invited."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.core.answers import calm_history
from tests.web.conftest import NO_FLAGS, answers, post
from tests.web.test_security import lan, login  # noqa: F401 - the fixture is used by name


def test_clients_page_shows_adherence_and_flags(lan: Callable[[], TestClient]) -> None:  # noqa: F811
    ann, cat = lan(), lan()
    login(ann, "ann")
    login(cat, "cat")
    assert "No client has invited you yet" in cat.get("/clients").text
    post(ann, "/api/import", calm_history(nights=3, pain=1))
    post(ann, "/api/tests", answers(pain=4))  # 3 points above the check-ins: pain up
    post(ann, "/api/coaches", {"username": "cat"})
    page = cat.get("/clients").text
    assert '<a href="/clients/ann">ann</a>' in page
    assert "<strong>This week: 3 done</strong>" in page
    assert "no routine prescribed" in page
    assert "Pain has risen 3 points in 1 day, from 1 on" in page
    client = cat.get("/clients/ann").text
    assert "<title>ann · psoas</title>" in client
    assert "3 sessions done (no routine prescribed) in 8 weeks" in client
    assert "Progress report (PDF)" in client


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_progress_report_is_a_pdf_whose_pages_render(
    lan: Callable[[], TestClient],  # noqa: F811
    tmp_path: Path,
) -> None:
    ann, bob, cat = lan(), lan(), lan()
    for client, name in ((ann, "ann"), (bob, "bob"), (cat, "cat")):
        login(client, name)
    history = calm_history(nights=5, pain=2)
    started = history["sessions"][0]["started_at"]
    history["psfs"] = [
        {
            "uid": "psfs-1",
            "taken_at": started,
            "ratings": [{"activity": "Sitting at work", "score": 4}],
        }
    ]
    post(ann, "/api/import", history)
    post(ann, "/api/tests", answers(pain=1))
    post(ann, "/api/psfs", [{"activity": "sitting AT work", "score": 5}])
    replaced = post(ann, "/api/psfs", [{"activity": "Sitting at work", "score": 7}]).json()
    assert replaced["replaced"] is True  # the same day: it replaces, no change is made
    post(
        ann,
        "/api/sessions",
        {"routine": "bedtime", "screen": {**NO_FLAGS, "red_flags": ["night_pain"], "pain": 1}},
    )
    assert cat.get("/clients/ann/report.pdf").status_code == 404
    post(ann, "/api/coaches", {"username": "cat"})
    assert bob.get("/clients/ann/report.pdf").status_code == 404
    response = cat.get("/clients/ann/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    import matplotlib.image as mpimg

    for page in pages:
        assert mpimg.imread(page).std() > 0.05, f"{page.name} looks blank"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    assert "psoas · Progress report" in words
    assert "In the last 4 weeks: 5 sessions done (no routine prescribed)." in words
    assert (
        "PSFS: On the activity rated both times (Sitting at work): "
        "4 → 7, 3 points better: a change that matters." in words
    )
    assert "red flag reported: night pain" in words
    bad = cat.get("/clients/ann/report.pdf?start=2026-12-01&end=2026-11-01")
    assert bad.status_code == 400
    assert cat.get("/clients/ann/report.pdf?start=yesterday").status_code == 422
