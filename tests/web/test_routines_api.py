"""Routines through the API: the person's own, and a coach's for an inviting client, with
isolation on every coach route."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import NO_FLAGS, answers, csrf, post
from tests.web.test_security import lan, login  # noqa: F401 - the fixture is used by name

EVENING: dict[str, Any] = {
    "name": "Evening",
    "items": [
        {"practice": "bolster-release", "hold_s": 420},
        {"practice": "lunge-hip-flexor-stretch", "hold_s": 60, "side": "left", "note": "Soft knee"},
    ],
}
FROM_CAT: dict[str, Any] = {
    "name": "From Cat",
    "note": "Twice a week, with a day between.",
    "items": [{"practice": "squats", "sets": 2, "reps": 8}],
}


def put(client: TestClient, url: str, body: Any) -> Any:
    return client.put(url, json=body, headers=csrf(client))


def delete(client: TestClient, url: str) -> Any:
    return client.delete(url, headers=csrf(client))


def test_own_routine_through_the_api_to_a_session(client: TestClient) -> None:
    """Saved, chosen, planned, started and run like any other; then back to the app's."""
    post(client, "/api/tests", answers())
    made = post(client, "/api/routines", EVENING)
    assert made.status_code == 201
    uid = made.json()["uid"]
    assert [c["action"] for c in made.json()["changes"]] == ["created"]
    assert client.get("/api/plan").json()["routine"] == "bedtime"
    assert put(client, "/api/routines/chosen", {"routine": uid}).json() == {"chosen": uid}
    plan = client.get("/api/plan").json()
    assert (plan["routine"], plan["title"], plan["routine_uid"]) == ("own", "Evening", uid)
    lunge = next(s for s in plan["steps"] if s["id"] == "lunge-hip-flexor-stretch")
    assert (lunge["side"], lunge["seconds"], lunge["note"]) == ("left", 60, "Soft knee")
    assert lunge["cues"]  # the player's cues come with it
    session = post(client, "/api/sessions", {"screen": NO_FLAGS}).json()
    assert session["plan"]["title"] == "Evening"
    step = {"index": 0, "status": "done", "seconds_held": 60}
    assert post(client, f"/api/sessions/{session['id']}/steps", step).status_code == 201
    history = client.get("/api/history").json()["sessions"][-1]
    assert (history["routine"], history["done"]) == ("own", 1)
    changed = put(client, f"/api/routines/{uid}", {**EVENING, "name": "Evening, longer"})
    assert changed.json()["name"] == "Evening, longer"
    assert client.get("/api/plan").json()["title"] == "Evening, longer"  # the cache follows
    put(client, "/api/routines/chosen", {"routine": None})
    assert client.get("/api/plan").json()["routine"] == "bedtime"
    assert delete(client, f"/api/routines/{uid}").json() == {"deleted": "Evening, longer"}
    assert client.get("/api/routines").json() == []
    assert client.get(f"/api/routines/{uid}").json()["status"] == "archived"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "X", "items": [{"practice": "nope"}]}, "no practice with id 'nope'"),
        ({"name": "X", "items": [{"practice": "bolster-release", "hold_s": 30}]}, "at least 300 s"),
        ({"name": "X", "items": []}, "1 to 30 practices"),
        ({"items": [{"practice": "squats"}]}, "field 'name' is required"),
        ({"name": "X", "items": "squats"}, "field 'items' is invalid"),
    ],
)
def test_bad_routines_are_400_with_the_reason(
    client: TestClient, body: dict[str, Any], message: str
) -> None:
    response = post(client, "/api/routines", body)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_unknown_routines_are_404_and_offered_ones_cannot_be_chosen(client: TestClient) -> None:
    assert client.get("/api/routines/nothing").status_code == 404
    assert put(client, "/api/routines/chosen", {"routine": "nothing"}).status_code == 404
    assert post(client, "/api/routines/nothing/accept", {}).status_code == 404
    assert client.get("/api/plan?routine=own").status_code in (400, 409)


def test_a_coach_prescribes_and_the_client_accepts(lan: Callable[[], TestClient]) -> None:  # noqa: F811
    """Cat writes a routine for Ann, who invited her: offered (not yet tonight's plan),
    accepted (tonight's plan, named as Cat's), then Cat's change waits for Ann."""
    ann, cat = lan(), lan()
    login(ann, "ann")
    login(cat, "cat")
    post(ann, "/api/tests", answers())
    assert post(cat, "/api/clients/ann/routines", {"routine": FROM_CAT}).status_code == 404
    post(ann, "/api/coaches", {"username": "cat"})
    made = post(cat, "/api/clients/ann/routines", {"routine": FROM_CAT, "starts_on": None})
    assert made.status_code == 201
    uid = made.json()["uid"]
    offered = ann.get("/api/routines").json()[0]
    assert (offered["status"], offered["author"], offered["chosen"]) == ("offered", "cat", False)
    assert ann.get("/api/plan").json()["routine"] == "bedtime"
    assert put(ann, "/api/routines/chosen", {"routine": uid}).status_code == 400
    accepted = post(ann, f"/api/routines/{uid}/accept", {}).json()
    assert (accepted["status"], accepted["chosen"]) == ("accepted", True)
    plan = ann.get("/api/plan").json()
    assert plan["title"] == "From Cat"
    assert plan["notes"][0] == "Twice a week, with a day between."
    more = {**FROM_CAT, "items": [{"practice": "deadlifts", "sets": 3, "reps": 6}]}
    assert put(cat, f"/api/clients/ann/routines/{uid}", {"routine": more}).status_code == 200
    waiting = ann.get(f"/api/routines/{uid}").json()
    assert waiting["routine"]["items"][0]["practice"] == "squats"
    assert waiting["offered_change"]["items"][0]["practice"] == "deadlifts"
    refused = put(ann, f"/api/routines/{uid}", FROM_CAT)
    assert refused.status_code == 400
    assert "save a copy" in refused.json()["detail"]
    post(ann, f"/api/routines/{uid}/accept", {})
    assert ann.get("/api/plan").json()["steps"][1]["id"] == "deadlifts"
    seen = cat.get("/api/clients/ann/routines").json()
    assert [(c["by"], c["action"]) for c in seen[0]["changes"]] == [
        ("cat", "offered"),
        (None, "accepted"),
        ("cat", "edited"),
        (None, "accepted"),
    ]


def test_every_coach_route_is_closed_to_others(lan: Callable[[], TestClient]) -> None:  # noqa: F811
    """Bob was never invited; Cat cannot reach Ann's own routine; once Ann withdraws
    Cat, every coach route answers 404 for her."""
    ann, bob, cat = lan(), lan(), lan()
    for client, name in ((ann, "ann"), (bob, "bob"), (cat, "cat")):
        login(client, name)
    post(ann, "/api/coaches", {"username": "cat"})
    own = post(ann, "/api/routines", EVENING).json()["uid"]
    theirs = post(cat, "/api/clients/ann/routines", {"routine": FROM_CAT}).json()["uid"]
    body = {"routine": FROM_CAT}
    for who in (bob,):
        assert who.get("/api/clients/ann/routines").status_code == 404
        assert post(who, "/api/clients/ann/routines", body).status_code == 404
        assert put(who, f"/api/clients/ann/routines/{theirs}", body).status_code == 404
        assert delete(who, f"/api/clients/ann/routines/{theirs}").status_code == 404
        assert who.get(f"/api/routines/{theirs}").status_code == 404  # not in Bob's own
    assert put(cat, f"/api/clients/ann/routines/{own}", body).status_code == 404
    assert delete(cat, f"/api/clients/ann/routines/{own}").status_code == 404
    assert [r["uid"] for r in cat.get("/api/clients/ann/routines").json()] == [theirs]
    assert ann.get("/api/coaches").json() == [{"username": "cat"}]
    assert delete(ann, "/api/coaches/cat").json() == {"ok": True}
    assert ann.get("/api/coaches").json() == []
    assert cat.get("/api/clients/ann/routines").status_code == 404
    assert cat.get("/api/clients/ann/progress").status_code == 404
    assert put(cat, f"/api/clients/ann/routines/{theirs}", body).status_code == 404
    assert delete(ann, "/api/coaches/cat").status_code == 404
    assert ann.get(f"/api/routines/{theirs}").json()["author"] == "cat"  # still Ann's to keep


def test_psfs_through_the_api_and_for_the_coach(lan: Callable[[], TestClient]) -> None:  # noqa: F811
    """Ann answers the PSFS; Cat, once invited, reads it; Bob never can."""
    ann, bob, cat = lan(), lan(), lan()
    for client, name in ((ann, "ann"), (bob, "bob"), (cat, "cat")):
        login(client, name)
    assert ann.get("/api/psfs").json()["due"] is True
    assert "The PSFS is due" not in ann.get("/").text  # not before the first self-test
    post(ann, "/api/tests", answers())
    assert "The PSFS is due" in ann.get("/").text
    rated = [{"activity": "Sitting at work", "score": 4}]
    made = post(ann, "/api/psfs", rated)
    assert made.status_code == 201
    assert made.json()["mean"] == 4.0
    assert post(ann, "/api/psfs", [{"activity": "x", "score": 40}]).status_code == 400
    assert ann.get("/api/psfs").json()["due"] is False
    assert "The PSFS is due" not in ann.get("/").text
    assert cat.get("/api/clients/ann/psfs").status_code == 404
    post(ann, "/api/coaches", {"username": "cat"})
    assert cat.get("/api/clients/ann/psfs").json()["responses"][0]["ratings"] == rated
    assert bob.get("/api/clients/ann/psfs").status_code == 404
    assert "Sitting at work 4" in cat.get("/clients/ann").text


def test_the_fhir_download_is_a_valid_bundle_and_imports_back(
    client: TestClient, make_client: Callable[..., TestClient]
) -> None:
    """GET /api/export?format=fhir gives a Bundle the FHIR models accept; POST /api/import
    takes it back on another database."""
    from fhir.resources.R4B.bundle import Bundle

    post(client, "/api/tests", answers(pain=3))
    post(client, "/api/routines", EVENING)
    post(client, "/api/psfs", [{"activity": "Sitting", "score": 5}])
    response = client.get("/api/export?format=fhir")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = response.json()
    Bundle.model_validate(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Observation", "CarePlan", "Questionnaire"} <= kinds
    other = make_client("sqlite:///" + str(Path(tempfile.mkdtemp()) / "other.db"))
    imported = other.post("/api/import", content=response.content, headers=csrf(other))
    assert imported.status_code == 200, imported.text
    assert imported.json()["added"]["routines"] == 1
    assert other.get("/api/psfs").json()["responses"][0]["mean"] == 5.0


def test_a_prescribed_routine_run_tonight_counts_for_the_coach(
    lan: Callable[[], TestClient],  # noqa: F811
) -> None:
    """Cat prescribes twice a week; Ann accepts and runs it; Cat's clients page counts it."""
    ann, cat = lan(), lan()
    login(ann, "ann")
    login(cat, "cat")
    post(ann, "/api/tests", answers())
    post(ann, "/api/coaches", {"username": "cat"})
    twice = {**FROM_CAT, "per_week": 2}
    uid = post(cat, "/api/clients/ann/routines", {"routine": twice}).json()["uid"]
    # Offered is not prescribed: nothing is planned until Ann accepts it, and then only
    # from today (a day of twice a week, rounded up: one session this week).
    assert "This week: 0 done" in cat.get("/clients").text
    post(ann, f"/api/routines/{uid}/accept", {})
    assert "This week: 0 of 1 done" in cat.get("/clients").text
    session = post(ann, "/api/sessions", {"screen": NO_FLAGS}).json()
    assert session["plan"]["author"] == "cat"
    for index in range(len(session["plan"]["steps"])):
        step = {"index": index, "status": "done", "seconds_held": 30}
        post(ann, f"/api/sessions/{session['id']}/steps", step)
    post(ann, f"/api/sessions/{session['id']}/finish", {"status": "finished", "discomfort": 1})
    page = cat.get("/clients").text
    assert "This week: 1 of 1 done" in page
    assert "routine From Cat, 2 a week" in page
