"""Safety through the API: tiers, pain bands, tonight's screen, massage, clearances."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from psoas.catalog.loader import load_catalog
from tests.core.answers import calm_history
from tests.web.conftest import NO_FLAGS, answers, post

CATALOG = load_catalog()
SAFE_MASSAGE = {c.id: c.safe_answer for c in CATALOG.massage_checks}


def kinds(plan: dict[str, Any]) -> set[str]:
    return {s["kind"] for s in plan["steps"]}


def demands(plan: dict[str, Any]) -> set[str]:
    return {d for s in plan["steps"] for d in CATALOG.require(s["id"]).demands}


@pytest.mark.parametrize(("flag", "tier"), [(f.id, f.tier) for f in CATALOG.asked_flags()])
def test_every_flag_in_its_tier_through_the_api(client: TestClient, flag: str, tier: str) -> None:
    """Each asked flag: the findings name its tier and the plan does what the tier says."""
    findings = post(client, "/api/tests", answers(red_flags=[flag])).json()
    assert findings["tier"] == tier
    assert findings["see_provider"] is True
    post(client, "/api/massage", {"on": True, "answers": SAFE_MASSAGE})
    plan = client.get("/api/plan", params={"routine": "full"}).json()
    if tier == "urgent":
        assert plan["urgent"] is True
        assert plan["steps"] == []
        assert plan["warnings"][0].startswith("Get medical care today")
    elif tier == "stop":
        assert plan["rest_only"] is True
        assert kinds(plan) == {"position"}
    else:
        red_flag = CATALOG.red_flag(flag)
        assert red_flag is not None
        ruled_out = set(red_flag.avoid) | set(red_flag.avoid_until_cleared)
        assert "roller_pressure" in ruled_out
        assert not demands(plan) & ruled_out


@pytest.mark.parametrize(
    ("pain", "band", "holds"),
    [
        (2, "mild", {"massage", "strength", "stretch"}),
        (5, "moderate", {"stretch", "release"}),
        (8, "severe", {"position"}),
    ],
)
def test_pain_bands_through_the_api(
    client: TestClient, pain: int, band: str, holds: set[str]
) -> None:
    """The 0–10 rating alone decides: massage and strength only when mild; rest when severe."""
    post(client, "/api/import", calm_history(pain=max(0, pain - 1)))  # no sudden rise
    post(client, "/api/massage", {"on": True, "answers": SAFE_MASSAGE})
    post(client, "/api/tests", answers(pain=pain))
    plan = client.get("/api/plan", params={"routine": "full"}).json()
    assert plan["pain_band"] == band
    assert holds <= kinds(plan)
    if band != "mild":
        assert not kinds(plan) & {"massage", "strength"}
        assert "end_range" not in demands(plan)


def test_the_screen_is_required_and_shapes_tonight(client: TestClient) -> None:
    """No screen, no session; tonight's pain 8 makes tonight a rest plan, stored with it."""
    post(client, "/api/tests", answers(pain=1))
    missing = post(client, "/api/sessions", {"routine": "full"})
    assert missing.status_code == 422
    started = post(
        client, "/api/sessions", {"routine": "full", "screen": {"red_flags": [], "pain": 8}}
    )
    assert started.status_code == 201
    body = started.json()
    assert body["plan"]["rest_only"] is True
    assert body["screen"] == {"red_flags": [], "pain": 8}
    exported = client.get("/api/export").json()
    assert exported["screens"][-1]["pain"] == 8
    assert exported["screens"][-1]["session_uid"] == body["uid"]


@pytest.mark.parametrize("flag", [f.id for f in CATALOG.flags_of_tier("urgent")])
def test_a_get_care_now_screen_starts_nothing(client: TestClient, flag: str) -> None:
    """An urgent screen answer is a 409 with one message; no session exists after it."""
    post(client, "/api/tests", answers())
    refused = post(
        client, "/api/sessions", {"routine": "bedtime", "screen": {"red_flags": [flag], "pain": 1}}
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "urgent"
    assert refused.json()["detail"].startswith("Get medical care today")
    assert client.get("/api/sessions/current").status_code == 404
    assert client.get("/api/history").json()["sessions"] == []


@pytest.mark.parametrize(
    "screen",
    [
        {"red_flags": ["sore_toe"], "pain": 1},
        {"red_flags": ["severe_pain"], "pain": 1},
        {"red_flags": [], "pain": 11},
        {"red_flags": [], "pain": "two"},
        {"red_flags": "none", "pain": 1},
        {"pain": 1},
    ],
)
def test_a_bad_screen_is_4xx(client: TestClient, screen: dict[str, Any]) -> None:
    """Malformed screens are refused with a message, and start nothing."""
    post(client, "/api/tests", answers())
    response = post(client, "/api/sessions", {"routine": "bedtime", "screen": screen})
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    assert client.get("/api/sessions/current").status_code == 404


def test_massage_needs_every_answer_and_a_safe_one(client: TestClient) -> None:
    """Massage is off by default; unsafe or missing answers keep it off."""
    post(client, "/api/tests", answers())
    state = client.get("/api/massage").json()
    assert state["on"] is False
    assert {q["id"] for q in state["questions"]} == set(SAFE_MASSAGE)
    assert "massage" not in kinds(client.get("/api/plan", params={"routine": "full"}).json())
    unsafe = post(client, "/api/massage", {"on": True, "answers": {**SAFE_MASSAGE, "hernia": True}})
    assert unsafe.status_code == 409
    assert "hernia" in unsafe.json()["detail"]
    assert post(client, "/api/massage", {"on": True, "answers": {}}).status_code == 400
    assert post(client, "/api/massage", {"on": "yes"}).status_code == 400
    assert client.get("/api/massage").json()["on"] is False
    turned = post(client, "/api/massage", {"on": True, "answers": SAFE_MASSAGE})
    assert turned.json()["on"] is True
    assert "massage" in kinds(client.get("/api/plan", params={"routine": "full"}).json())


def test_clearances_through_the_api(client: TestClient) -> None:
    """A clearance brings strength back for pregnancy; bad ones are 4xx."""
    post(client, "/api/import", calm_history())
    post(client, "/api/tests", answers(red_flags=["pregnancy"]))
    assert "strength" not in kinds(client.get("/api/plan", params={"routine": "full"}).json())
    for body in (
        {"flag": "bruising", "cleared_on": "2026-11-01"},
        {"flag": "pregnancy", "cleared_on": "soon"},
        {"flag": "pregnancy", "cleared_on": "2999-01-01"},
        {"flag": "pregnancy", "cleared_on": "2026-11-01", "by": 7},
        {"flag": "pregnancy", "cleared_on": "2026-11-01", "by": "x" * 101},
        [],
    ):
        assert post(client, "/api/clearances", body).status_code in (400, 422), body
    recolour = {"flag": "pregnancy", "cleared_on": "2026-11-01", "by": "Dr \x1b[2J\x1b[31mX"}
    refused = post(client, "/api/clearances", recolour)
    assert refused.status_code == 400
    assert "control characters" in refused.json()["detail"]
    assert client.get("/api/clearances").json() == []
    added = post(
        client,
        "/api/clearances",
        {"flag": "pregnancy", "cleared_on": "2026-11-01", "by": "Dr Ruiz"},
    )
    assert added.status_code == 201
    plan = client.get("/api/plan", params={"routine": "full"}).json()
    assert "strength" in kinds(plan)
    assert plan["findings"]["cleared"] == [
        {"flag": "pregnancy", "cleared_on": "2026-11-01", "by": "Dr Ruiz"}
    ]
    removed = client.delete(
        "/api/clearances/pregnancy", headers={"X-CSRF-Token": client.cookies["psoas_csrf"]}
    )
    assert removed.status_code == 200
    assert client.get("/api/clearances").json() == []


def _age_session(client: TestClient, session_id: int, hours: float) -> None:
    """Move a session's start back (as if it began on another night)."""
    from psoas.store.models import SessionRecord

    state = client.app.state.psoas  # type: ignore[attr-defined]
    with state.db.session() as db:
        record = db.get_one(SessionRecord, session_id)
        record.started_at -= timedelta(hours=hours)


def test_resuming_on_another_night_asks_the_screen_again(client: TestClient) -> None:
    """After 12 h the session needs a screen; nothing new goes on, a stop flag restarts."""
    post(client, "/api/tests", answers())
    sid = post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()["id"]
    assert client.get("/api/sessions/current").json()["needs_screen"] is False
    _age_session(client, sid, 13)
    assert client.get("/api/sessions/current").json()["needs_screen"] is True
    same = post(client, f"/api/sessions/{sid}/screen", {"screen": NO_FLAGS}).json()
    assert same["action"] == "continue"
    assert same["session"]["id"] == sid
    bruised = post(
        client, f"/api/sessions/{sid}/screen", {"screen": {"red_flags": ["bruising"], "pain": 2}}
    ).json()
    assert bruised["action"] == "restarted"
    assert bruised["session"]["plan"]["rest_only"] is True
    assert client.get("/api/sessions/current").json()["id"] == bruised["session"]["id"]
    urgent = post(
        client,
        f"/api/sessions/{sid}/screen",
        {"screen": {"red_flags": ["saddle_numbness"], "pain": 2}},
    )
    assert urgent.status_code in (404, 409)


def test_a_session_that_raised_the_pain_steps_the_next_plan_back(client: TestClient) -> None:
    """Re-test 2+ points worse: flagged in history, the next plan is releases and positions."""
    post(client, "/api/tests", answers(pain=2))
    sid = post(
        client, "/api/sessions", {"routine": "full", "screen": {"red_flags": [], "pain": 2}}
    ).json()["id"]
    post(client, f"/api/sessions/{sid}/tests", {"phase": "pre", "answers": answers(pain=None)})
    post(client, f"/api/sessions/{sid}/tests", {"phase": "post", "answers": answers(pain=3)})
    post(client, f"/api/sessions/{sid}/finish", {"status": "finished", "discomfort": 7})
    flagged = client.get("/api/history").json()["sessions"][-1]
    assert flagged["flag"] == "discomfort was 7/10 afterwards"
    plan = client.get("/api/plan", params={"routine": "full"}).json()
    assert plan["step_back"] == "discomfort was 7/10 afterwards"
    assert {s["kind"] for s in plan["steps"] if s["role"] == "practice"} <= {"release", "position"}


def test_the_test_at_the_start_takes_tonight_s_pain(client: TestClient) -> None:
    """The session's first test does not ask pain again: it is the screen's."""
    post(client, "/api/tests", answers(pain=1))
    sid = post(
        client, "/api/sessions", {"routine": "bedtime", "screen": {"red_flags": [], "pain": 3}}
    ).json()["id"]
    saved = post(
        client, f"/api/sessions/{sid}/tests", {"phase": "pre", "answers": answers(pain=None)}
    )
    assert saved.status_code == 201
    assert saved.json()["pain"] == 3


def test_the_test_at_the_start_sets_tonight_s_bolster(client: TestClient) -> None:
    """A descent measured at the start changes the bolster of tonight's steps (and the
    saved plan, for a resume); one not done changes nothing."""
    post(client, "/api/tests", answers(thighs_lift=True, lift_height_cm=15))
    started = post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()
    sid = started["id"]
    result = post(
        client,
        f"/api/sessions/{sid}/tests",
        {"phase": "pre", "answers": answers(thighs_lift=True, lift_height_cm=23, pain=None)},
    ).json()
    assert result["session_bolster_cm"] == 23
    plan = client.get(f"/api/sessions/{sid}").json()["plan"]
    assert next(s for s in plan["steps"] if s["id"] == "bolster-release")["bolster_height_cm"] == 23
    again = post(
        client,
        f"/api/sessions/{sid}/tests",
        {"phase": "post", "answers": answers(thighs_lift=None, pain=1)},
    ).json()
    assert again["session_bolster_cm"] is None


def test_a_bolster_set_through_one_worker_shows_through_another(
    make_client: Callable[..., TestClient], database_url: str
) -> None:
    """Two workers on one database: the player has read its session and saved a step
    through one; the test at the start goes through the other and sets the bolster. The
    first shows the new height at once, and still saves steps."""
    first = make_client(database_url)
    post(first, "/api/tests", answers(thighs_lift=True, lift_height_cm=15))
    sid = post(first, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()["id"]
    step = {"index": 0, "status": "done", "seconds_held": 60}
    assert post(first, f"/api/sessions/{sid}/steps", step).status_code == 201

    def bolster(client: TestClient) -> float:
        plan = client.get("/api/sessions/current").json()["plan"]
        return float(
            next(s for s in plan["steps"] if "bolster_height_cm" in s)["bolster_height_cm"]
        )

    assert bolster(first) == 15
    second = make_client(database_url)
    pre = {"phase": "pre", "answers": answers(thighs_lift=True, lift_height_cm=23, pain=None)}
    assert post(second, f"/api/sessions/{sid}/tests", pre).status_code == 201
    assert bolster(first) == 23
    step = {"index": 1, "status": "skipped", "seconds_held": 0}
    assert post(first, f"/api/sessions/{sid}/steps", step).status_code == 201
    assert first.get(f"/api/sessions/{sid}").json()["finished"] == [0, 1]


def test_props_through_the_api(client: TestClient) -> None:
    """What a person has is kept, validated, and used by the plan."""
    post(client, "/api/tests", answers())
    assert client.get("/api/props").json()["props_owned"] is None
    for body in (
        {"props_owned": ["hat"]},
        {"props_owned": "bolster"},
        {"floor": "no"},
        {"size": 3},
        [],
    ):
        assert post(client, "/api/props", body).status_code in (400, 422), body
    kept = post(client, "/api/props", {"props_owned": ["bolster"], "floor": False}).json()
    assert (kept["props_owned"], kept["floor"], kept["face_down"]) == (["bolster"], False, None)
    plan = client.get("/api/plan", params={"routine": "full"}).json()
    assert plan["steps"][0]["id"] == "bed-checks"
    assert all("floor" not in CATALOG.require(s["id"]).demands for s in plan["steps"])
