"""The JSON API: the whole program through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import NO_FLAGS, answers, post


def test_openapi_describes_the_api(client: TestClient) -> None:
    """Every API route is in the OpenAPI document."""
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/tests", "/api/plan", "/api/sessions", "/api/sessions/{session_id}/steps"):
        assert path in paths


def test_full_flow(client: TestClient) -> None:
    """Test, plan, session with steps and re-test, finish, then history and progress."""
    before = client.get("/api/plan")
    assert before.status_code == 409
    assert before.json()["code"] == "needs_test"
    findings = post(client, "/api/tests", answers(back_gap="hand", pain=5))
    assert findings.status_code == 201
    assert findings.json()["patterns"] == ["rib_thrust"]

    plan = client.get("/api/plan", params={"routine": "bedtime"}).json()
    assert [s["id"] for s in plan["steps"]][:2] == ["sit-to-lie-test", "bolster-release"]
    assert plan["steps"][1]["cues"]

    started = post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()
    sid = started["id"]
    assert client.get("/api/sessions/current").json()["id"] == sid
    assert (
        post(
            client,
            f"/api/sessions/{sid}/tests",
            {"phase": "pre", "answers": answers(back_gap="hand", pain=5)},
        ).status_code
        == 201
    )
    for index in range(3):
        response = post(
            client,
            f"/api/sessions/{sid}/steps",
            {"index": index, "status": "done", "seconds_held": 60},
        )
        assert response.json()["saved"] is True
    again = post(
        client, f"/api/sessions/{sid}/steps", {"index": 0, "status": "done", "seconds_held": 60}
    )
    assert again.json()["saved"] is False  # sent twice by a flaky network: stored once
    post_test = post(
        client,
        f"/api/sessions/{sid}/tests",
        {"phase": "post", "answers": answers(back_gap="fingers", pain=3)},
    )
    assert "Back gap: hand → fingers (less arch)." in post_test.json()["compared"]
    post(client, f"/api/sessions/{sid}/steps", {"index": 3, "status": "skipped", "seconds_held": 0})
    assert post(client, f"/api/sessions/{sid}/finish", {"discomfort": 2}).json() == {
        "status": "finished"
    }
    assert client.get("/api/sessions/current").status_code == 404

    session = client.get("/api/history").json()["sessions"][-1]
    assert (session["done"], session["skipped"], session["status"]) == (3, 1, "finished")
    progress = client.get("/api/progress").json()
    assert progress["tests"] == 3
    back_gap = next(t for t in progress["trends"] if t["measure"] == "back_gap")
    assert back_gap["direction"] == "same"  # each night started with "hand"
    assert progress["series"]["after_back_gap"] == [1]  # "fingers" after the release
    chart = client.get("/api/progress/chart.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")


def test_export_import_and_calendar(client: TestClient) -> None:
    """Export JSON and CSV, import it back (duplicates skipped), download a calendar."""
    post(client, "/api/tests", answers())
    exported = client.get("/api/export").json()
    assert client.get("/api/export", params={"format": "csv"}).text.startswith("record,")
    result = post(client, "/api/import", exported).json()
    assert result["skipped"]["tests"] == 1
    assert result["added"]["tests"] == 0
    ics = client.get("/api/reminders.ics", params={"at": "21:30", "days": "weekdays"})
    assert b"RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" in ics.content


def test_bad_input_is_4xx_and_changes_nothing(client: TestClient) -> None:
    """Bad bodies, fields and ids: 4xx with a message; nothing stored."""
    assert post(client, "/api/tests", answers(pain=11)).status_code == 400
    assert post(client, "/api/tests", [1, 2]).status_code in (400, 422)
    assert client.get("/api/tests/latest").status_code == 404
    assert client.get("/api/plan", params={"routine": "nap"}).status_code in (400, 422)
    assert client.get("/api/plan", params={"minutes": "-3"}).status_code == 422
    assert client.get("/api/catalog/bolster-relase").status_code == 404
    assert (
        post(
            client, "/api/import", {"format": "psoas-export", "version": 1, "tests": [{"uid": "x"}]}
        ).status_code
        == 400
    )
    post(client, "/api/tests", answers())
    sid = post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()["id"]
    for body in (
        {"index": 99, "status": "done", "seconds_held": 1},
        {"index": 0, "status": "maybe", "seconds_held": 1},
        {"index": 0, "status": "done", "seconds_held": -4},
    ):
        assert post(client, f"/api/sessions/{sid}/steps", body).status_code == 400
    assert post(client, f"/api/sessions/{sid}/finish", {"discomfort": 42}).status_code == 400
    assert client.get("/api/history").json()["sessions"][-1]["done"] == 0


def test_catalog_api(client: TestClient) -> None:
    """The catalog as JSON, one practice, and its figure as SVG."""
    practices = client.get("/api/catalog").json()["practices"]
    assert len(practices) >= 26
    lunge = client.get("/api/catalog/lunge-hip-flexor-stretch").json()
    assert lunge["psoas_length"]["change_percent"] > 0
    svg = client.get("/api/catalog/bolster-release/figure.svg", params={"bolster_cm": 22})
    assert svg.text.startswith("<svg")
    assert "<title" in svg.text
    still = client.get("/api/catalog/squats/figure.svg").text
    moving = client.get("/api/catalog/squats/figure.svg", params={"moving": True}).text
    assert "<animate " not in still
    assert still.count("<text") == 2, "two numbered keyframes side by side"
    assert "psoas-moving" in moving
    assert "<animate " in moving


def test_pages_render(client: TestClient) -> None:
    """Every page renders, before and after a test."""
    for path in (
        "/",
        "/check",
        "/plan",
        "/session",
        "/catalog",
        "/catalog/prone-press-up",
        "/progress",
        "/settings",
        "/offline",
    ):
        assert client.get(path).status_code == 200, path
    post(client, "/api/tests", answers())
    home = client.get("/").text
    assert "Start tonight" in home
    plan = client.get("/plan", params={"routine": "full", "minutes": 20}).text
    assert "<svg" in plan
    assert client.get("/catalog/nope").status_code == 404


def test_week_card_on_home_and_in_the_api(client: TestClient) -> None:
    """The home page shows this week, the same as ``/api/week``."""
    from tests.core.answers import calm_history

    post(client, "/api/import", calm_history(nights=2, days_ago=1))
    post(client, "/api/tests", answers(pain=1))
    week = client.get("/api/week").json()
    assert week["sessions"] == 2
    home = client.get("/").text
    assert "This week" in home
    assert "2 sessions (2 done)" in home
    for line in week["next_week"]:
        assert line.split(":")[0] in home


def test_the_service_worker_cache_follows_the_static_files(tmp_path: Path) -> None:
    """sw.js names its cache after the static files: a changed file, a new cache."""
    import shutil

    from psoas.web.app import STATIC, service_worker_source

    copy = tmp_path / "static"
    shutil.copytree(STATIC, copy)
    first = service_worker_source(copy)
    assert 'var CACHE = "psoas-v1";' not in first
    assert first == service_worker_source(copy)
    (copy / "player.js").write_text((copy / "player.js").read_text() + "\n// changed\n")
    assert service_worker_source(copy) != first


def test_the_progress_chart_is_drawn_once_per_state_of_the_data(client: TestClient) -> None:
    """The chart's ETag names its data: asked again with it, the answer is 304 with no
    body, until a new test changes the data; each palette is its own chart."""
    post(client, "/api/tests", answers(back_gap="hand"))
    post(client, "/api/tests", answers(back_gap="fingers"))
    first = client.get("/api/progress/chart.svg")
    assert first.status_code == 200
    etag = first.headers["etag"]
    again = client.get("/api/progress/chart.svg", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    night = client.get("/api/progress/chart.svg", params={"theme": "night"})
    assert night.headers["etag"] != etag
    post(client, "/api/tests", answers(back_gap="pencil"))
    changed = client.get("/api/progress/chart.svg", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.content != first.content
