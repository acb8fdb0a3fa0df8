"""Tonight's plans kept on the phone (GET /api/plan/offline), and a session started
offline opened from its sealed plan when the network returns."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from psoas.exceptions import BadInput
from psoas.web import offline
from psoas.web.offline import pack_key
from tests.web.conftest import NO_FLAGS, Client, answers, post


def pack_after_test(client: Client, **changes: Any) -> dict[str, Any]:
    """A self-test on record; the offline pack for the bedtime routine."""
    assert post(client, "/api/tests", answers(pain=1, **changes)).status_code == 201
    response = client.get("/api/plan/offline?routine=bedtime")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def offline_start(sealed: str, screen: dict[str, Any], **changes: Any) -> dict[str, Any]:
    given = {
        "uid": str(uuid.uuid4()),
        "started_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "seal": sealed,
        **changes,
    }
    return {"routine": "bedtime", "screen": screen, "offline": given}


def test_the_pack_holds_a_plan_for_every_pain_and_caution_flag(client: Client) -> None:
    """Every pain rating, with and without each caution flag; each plan is the one the
    server gives for that screen online."""
    pack = pack_after_test(client)
    caution = ["hip_or_spine_condition", "pregnancy"]
    keys = {pack_key(flags, pain) for flags in ([], *([f] for f in caution), caution)
            for pain in range(11)}  # fmt: skip
    assert set(pack["plans"]) == keys
    online = post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()
    packed = pack["plans"]["|0"]["plan"]
    assert [s["id"] for s in packed["steps"]] == [s["id"] for s in online["plan"]["steps"]]
    pregnant = pack["plans"]["pregnancy|0"]["plan"]
    assert pregnant["steps"][0]["id"] == "roll-down-test"
    assert packed["steps"][0]["id"] != "roll-down-test"


def test_a_standing_flag_is_not_packed_twice(client: Client) -> None:
    """Pregnancy noted in the self-test stands every night: the pack has no key for it."""
    pack = pack_after_test(client, red_flags=["pregnancy"])
    assert pack["standing_flags"] == ["pregnancy"]
    assert len(pack["plans"]) == 22
    assert not any("pregnancy" in key for key in pack["plans"])
    assert pack["plans"]["|1"]["plan"]["steps"][0]["id"] == "roll-down-test"


def test_no_pack_before_a_self_test(client: Client) -> None:
    response = client.get("/api/plan/offline?routine=bedtime")
    assert response.status_code == 409
    assert response.json()["code"] == "needs_test"


def test_an_offline_session_opens_once_from_its_seal(client: Client) -> None:
    """The session opens with the sealed plan and the phone's start time and id; sent
    again (its answer was lost) it opens the same session; its steps then save."""
    pack = pack_after_test(client)
    screen = {"red_flags": ["pregnancy"], "pain": 3}
    body = offline_start(pack["plans"]["pregnancy|3"]["seal"], screen)
    first = post(client, "/api/sessions", body)
    assert first.status_code == 201
    opened = first.json()
    assert opened["uid"] == body["offline"]["uid"]
    assert opened["plan"] == pack["plans"]["pregnancy|3"]["plan"]
    again = post(client, "/api/sessions", body)
    assert again.status_code == 200
    assert again.json()["id"] == opened["id"]

    step = {"index": 0, "status": "done", "seconds_held": 90}
    assert post(client, f"/api/sessions/{opened['id']}/steps", step).status_code == 201
    sessions = client.get("/api/history").json()["sessions"]
    assert len(sessions) == 1
    assert sessions[0]["uid"] == body["offline"]["uid"]
    assert sessions[0]["done"] == 1
    started = datetime.fromisoformat(sessions[0]["started_at"])
    sent = datetime.fromisoformat(body["offline"]["started_at"])
    assert abs(started - sent) < timedelta(seconds=1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seal": "not-a-seal"}, "is not a plan this server made"),
        ({"started_at": "2020-01-01T00:00:00+00:00"}, "is not a time this session could start"),
        ({"started_at": "2099-01-01T00:00:00+00:00"}, "is not a time this session could start"),
    ],
)
def test_bad_offline_starts_are_refused(
    client: Client, change: dict[str, Any], message: str
) -> None:
    pack = pack_after_test(client)
    body = offline_start(pack["plans"]["|2"]["seal"], {"red_flags": [], "pain": 2}, **change)
    response = post(client, "/api/sessions", body)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert client.get("/api/history").json()["sessions"] == []


def test_a_seal_is_for_its_own_screen_and_person(client: Client) -> None:
    """A plan packed for pain 2 cannot open a session answered with pain 8 (which needs
    the rest plan), and it is no one else's."""
    pack = pack_after_test(client)
    seal = pack["plans"]["|2"]["seal"]
    response = post(client, "/api/sessions", offline_start(seal, {"red_flags": [], "pain": 8}))
    assert response.status_code == 400
    assert "other answers" in response.json()["detail"]
    state = client.app.state.psoas  # type: ignore[attr-defined]
    from psoas.core.nightly import Screen

    with pytest.raises(BadInput, match="someone else"):
        offline.open_seal(state, 999, seal, Screen((), 2))


def test_an_old_seal_is_refused(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = pack_after_test(client)
    monkeypatch.setattr(offline, "SEAL_MAX_AGE", timedelta(seconds=-1))
    body = offline_start(pack["plans"]["|0"]["seal"], NO_FLAGS)
    body["offline"]["started_at"] = datetime.now(UTC).isoformat()
    response = post(client, "/api/sessions", body)
    assert response.status_code == 400
    assert "two weeks old" in response.json()["detail"]
