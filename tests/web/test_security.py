"""Every security rule: accounts beyond loopback, cookies, CSRF, rate limits, scoping, headers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from psoas.web.app import AccountsNeeded, create_app
from psoas.web.auth import create_user
from tests.web.conftest import NO_FLAGS, answers, csrf, post, settings_for

PASSWORD = "correct horse battery"


def test_refuses_to_serve_beyond_loopback_without_accounts(tmp_path: Path) -> None:
    """On a LAN address with no account, the app will not start."""
    with pytest.raises(AccountsNeeded, match="psoas user add"):
        create_app(settings_for(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}"), "0.0.0.0")


@pytest.fixture
def lan(make_client: Callable[..., TestClient], tmp_path: Path) -> Callable[[], TestClient]:
    """Clients of an app served on 0.0.0.0, with two users (ann, bob) and a coach (cat)."""
    first = make_client(host="127.0.0.1")
    state = first.app.state.psoas  # type: ignore[attr-defined]
    for name in ("ann", "bob", "cat"):
        create_user(state.db, name, PASSWORD)
    return lambda: make_client(host="0.0.0.0")


def login(client: TestClient, name: str, password: str = PASSWORD) -> int:
    return post(client, "/api/login", {"username": name, "password": password}).status_code


def test_pages_and_api_need_a_login(lan: Callable[[], TestClient]) -> None:
    """Signed out: pages redirect to the login, the API answers 401."""
    client = lan()
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/"
    assert client.get("/api/history").status_code == 401
    assert client.get("/login").status_code == 200


def test_login_sets_a_secure_httponly_samesite_cookie(lan: Callable[[], TestClient]) -> None:
    """A correct login sets the session cookie with the safe attributes."""
    client = lan()
    response = post(client, "/api/login", {"username": "ann", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    for attribute in ("httponly", "secure", "samesite=strict"):
        assert attribute in cookie
    assert client.get("/api/history").status_code == 200


def test_wrong_password_and_rate_limit(lan: Callable[[], TestClient]) -> None:
    """Wrong passwords are 401; after 5 the login is refused (429) even with the right one."""
    client = lan()
    for _ in range(5):
        assert login(client, "ann", "wrong password!") == 401
    assert login(client, "ann") == 429


def test_every_query_is_scoped_to_the_user(lan: Callable[[], TestClient]) -> None:
    """Another user's session id is 404; their data never shows."""
    ann, bob = lan(), lan()
    login(ann, "ann")
    login(bob, "bob")
    post(ann, "/api/tests", answers(pain=7))
    sid = post(ann, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()["id"]
    assert bob.get(f"/api/sessions/{sid}").status_code == 404
    assert (
        post(
            bob, f"/api/sessions/{sid}/steps", {"index": 0, "status": "done", "seconds_held": 1}
        ).status_code
        == 404
    )
    assert post(bob, f"/api/sessions/{sid}/finish", {}).status_code == 404
    assert bob.get("/api/tests/latest").status_code == 404
    assert bob.get("/api/history").json()["sessions"] == []
    assert bob.get("/api/export").json()["tests"] == []


def test_coach_sees_only_clients_who_invited_them(lan: Callable[[], TestClient]) -> None:
    """A coach reads an inviting client's progress and plan, and nobody else's."""
    ann, cat = lan(), lan()
    login(ann, "ann")
    login(cat, "cat")
    post(ann, "/api/tests", answers(back_gap="hand"))
    assert cat.get("/api/clients/ann/progress").status_code == 404
    assert post(ann, "/api/coaches", {"username": "cat"}).status_code == 201
    assert cat.get("/api/clients").json() == [{"username": "ann"}]
    progress = cat.get("/api/clients/ann/progress").json()
    assert progress["latest_test"]["findings"]["patterns"] == ["rib_thrust"]
    assert cat.get("/api/clients/ann/plan").status_code == 200
    assert cat.get("/api/clients/bob/progress").status_code == 404
    assert cat.get("/clients/ann").status_code == 200
    assert post(ann, "/api/coaches", {"username": "nobody"}).status_code == 400


def test_csrf_is_required_on_every_unsafe_request(client: TestClient) -> None:
    """Without the token (or with a wrong one) a POST is refused with 403."""
    assert client.post("/api/tests", json=answers()).status_code == 403
    wrong = {"X-CSRF-Token": "not-the-token"}
    client.get("/api/ping")
    assert client.post("/api/tests", json=answers(), headers=wrong).status_code == 403
    assert client.post("/api/tests", json=answers(), headers=csrf(client)).status_code == 201


def test_security_headers(client: TestClient) -> None:
    """Pages and API carry a strict CSP and the usual headers."""
    for path in ("/", "/api/catalog"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_user_text_is_escaped(lan: Callable[[], TestClient]) -> None:
    """Text a person typed (who cleared them) is shown escaped, never run; a script
    address after login is dropped."""
    client = lan()
    login(client, "ann")
    assert "Hello, ann" in client.get("/").text
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    clearance = {"flag": "pregnancy", "cleared_on": "2026-01-01", "by": script}
    assert post(client, "/api/clearances", clearance).status_code == 201
    html = client.get("/settings").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    xss = client.get("/login", params={"next": "javascript:alert(1)"}).text
    assert "javascript:alert" not in xss


def test_usernames_and_passwords_are_checked(lan: Callable[[], TestClient]) -> None:
    """Weak passwords and odd usernames are refused."""
    client = lan()
    state = client.app.state.psoas  # type: ignore[attr-defined]
    from psoas.exceptions import BadInput

    with pytest.raises(BadInput):
        create_user(state.db, "dan", "short")
    with pytest.raises(BadInput):
        create_user(state.db, "<script>", PASSWORD)
    with pytest.raises(BadInput):
        create_user(state.db, "ann", PASSWORD)
