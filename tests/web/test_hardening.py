"""Hardening against hostile requests: writes stay with their owner, sizes are capped
before anything is parsed, redirects stay on this site, odd ids and hosts are refused."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.web.conftest import NO_FLAGS, answers, post
from tests.web.test_security import lan, login

__all__ = ["lan"]  # the fixture, used by name


def test_import_cannot_attach_records_to_another_person_s_session(
    lan: Callable[[], TestClient],
) -> None:
    """Bob imports a file naming Ann's session: refused, and Ann's session gains nothing."""
    ann, bob = lan(), lan()
    login(ann, "ann")
    login(bob, "bob")
    post(ann, "/api/tests", answers(pain=2))
    post(ann, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS})
    crafted = ann.get("/api/export").json()
    for row in (*crafted["tests"], *crafted["pain_ratings"], *crafted["screens"]):
        row["uid"] = str(uuid.uuid4())  # new records, aimed at Ann's session
    before = {**ann.get("/api/export").json(), "exported_at": None}
    response = post(bob, "/api/import", crafted)
    assert response.status_code == 400
    assert "belongs to someone else" in response.json()["detail"]
    assert {**ann.get("/api/export").json(), "exported_at": None} == before
    assert bob.get("/api/export").json()["tests"] == []
