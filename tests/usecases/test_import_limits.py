"""An import never trusts a record beyond what it can prove: nothing dated more than a
day ahead, no hold longer than its step allows, no step outside its plan. Each limit
on both sides, through the command line (exit 2, one line) and the API (HTTP 400),
with nothing stored when a file is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Run
from tests.core.answers import NEUTRAL, logged_release
from tests.web.conftest import client, make_client, post  # noqa: F401 - fixtures by name

NOW = datetime.now(UTC).replace(microsecond=0)
PLAN = {"routine": "bedtime", "steps": [{"id": "bolster-release", "seconds": 600}] * 2}


def session(*, started: datetime = NOW - timedelta(days=2), **step: Any) -> dict[str, Any]:
    """An export of one finished session with one logged step (``step`` overrides)."""
    logged = logged_release(started, **step)
    return {
        "format": "psoas-export",
        "version": 1,
        "sessions": [
            {
                "uid": "s-1",
                "routine": "bedtime",
                "started_at": started.isoformat(),
                "ended_at": (started + timedelta(minutes=20)).isoformat(),
                "status": "finished",
                "plan": PLAN,
                "steps": [logged],
            }
        ],
    }


def a_test(when: datetime) -> dict[str, Any]:
    return {
        "format": "psoas-export",
        "version": 1,
        "tests": [{"uid": "t-1", "taken_at": when.isoformat(), "answers": NEUTRAL}],
    }


def psfs(when: datetime) -> dict[str, Any]:
    rated = [{"activity": "Sitting", "score": 4}]
    return {
        "format": "psoas-export",
        "version": 1,
        "psfs": [{"uid": "p-1", "taken_at": when.isoformat(), "ratings": rated}],
    }


def clearance(day: str) -> dict[str, Any]:
    return {
        "format": "psoas-export",
        "version": 1,
        "clearances": [{"uid": "c-1", "flag": "pregnancy", "cleared_on": day}],
    }


REFUSED = {
    "a session dated 9999-12-31": (
        session(started=datetime(9999, 12, 30, tzinfo=UTC)),
        "sessions.0.started_at is in the future",
    ),
    "a test two days ahead": (a_test(NOW + timedelta(days=2)), "tests.0.taken_at is in the future"),
    "a PSFS two days ahead": (psfs(NOW + timedelta(days=2)), "psfs.0.taken_at is in the future"),
    "a clearance next week": (
        clearance((NOW + timedelta(days=7)).date().isoformat()),
        "clearances.0.cleared_on is in the future",
    ),
    "a hold of a billion seconds": (
        session(seconds_held=10**9),
        "sessions.0.steps.0.seconds_held is 1000000000, longer than the step allows (4200 s",
    ),
    "a hold a second too long": (
        session(seconds_held=600 + 3600 + 1),
        "longer than the step allows",
    ),
    "a step index of -1": (session(index=-1), "sessions.0.steps.0.index must be 0 to 1"),
    "a test in the year 1": (
        a_test(datetime(1, 1, 1, tzinfo=UTC)),
        "tests.0.taken_at is before 2000 (0001-01-01)",
    ),
    "a clearance in 1999": (clearance("1999-12-31"), "clearances.0.cleared_on is before 2000"),
    "a step past its plan": (session(index=2), "sessions.0.steps.0.index must be 0 to 1"),
}
TAKEN = {
    "a test a few hours ahead (a clock off)": a_test(NOW + timedelta(hours=20)),
    "a hold at its longest": session(seconds_held=600 + 3600),
    "the plan's last step": session(index=1),
    "a clearance today": clearance(NOW.date().isoformat()),
    "a test on 1 January 2000": a_test(datetime(2000, 1, 1, 12, tzinfo=UTC)),
}


@pytest.mark.parametrize("name", REFUSED)
def test_the_command_line_refuses_in_one_line(run: Run, tmp_path: Path, name: str) -> None:
    """Exit 2, the field and the reason in one line, and nothing of the file stored."""
    data, message = REFUSED[name]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = run("import", str(path))
    assert result.code == 2
    assert message in result.err
    assert result.err.count("\n") == 1
    stored = json.loads(run("export").out)
    assert stored["sessions"] == stored["tests"] == stored["psfs"] == stored["clearances"] == []


@pytest.mark.parametrize("name", TAKEN)
def test_the_limits_take_what_is_within_them(run: Run, tmp_path: Path, name: str) -> None:
    """Just inside each limit, the record is imported."""
    path = tmp_path / "good.json"
    path.write_text(json.dumps(TAKEN[name]))
    result = run("import", str(path), "--json")
    assert result.code == 0, result.err
    assert sum(json.loads(result.out)["added"].values()) == 1


@pytest.mark.parametrize("name", ["a session dated 9999-12-31", "a step index of -1"])
def test_the_api_refuses_with_a_400(client: TestClient, name: str) -> None:  # noqa: F811
    """The same refusal, as HTTP 400 with the same words."""
    data, message = REFUSED[name]
    response = post(client, "/api/import", data)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert client.get("/api/history").json()["total"] == 0
