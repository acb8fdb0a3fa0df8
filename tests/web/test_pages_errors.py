"""Errors on pages are pages; the API keeps JSON; the web never tells a person to run a
command; API docs served by psoas itself; compressed answers."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.web.conftest import answers, post


def local(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def test_an_unknown_page_is_the_app_s_own_404(make_client: Callable[..., TestClient]) -> None:
    client = local(make_client)
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no page at this address" in page.text
    assert '<nav aria-label="Main">' in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not Found"}


def test_a_bad_query_value_on_a_page_says_which_and_why(
    make_client: Callable[..., TestClient],
) -> None:
    client = local(make_client)
    post(client, "/api/tests", answers())
    page = client.get("/plan", params={"minutes": "abc"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "minutes: " in page.text
    assert "&#39;abc&#39;" in page.text
    api = client.get("/api/plan", params={"minutes": "abc"})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["query", "minutes"]


def test_a_very_long_id_is_shortened_in_the_message(
    make_client: Callable[..., TestClient],
) -> None:
    client = local(make_client)
    long_id = "x" * 3000
    page = client.get(f"/catalog/{long_id}")
    assert page.status_code == 404
    message = re.search(r'<p class="notice" role="alert">(.*?)</p>', page.text, re.S)
    assert message is not None
    assert len(message.group(1)) < 200
    assert "xxx..." in message.group(1)
    api = client.get(f"/api/catalog/{long_id}").json()["detail"]
    assert len(api) < 200


def test_web_messages_never_name_a_command(make_client: Callable[..., TestClient]) -> None:
    """The calendar from the web says to tap Start; the unknown-practice error names no
    command (the terminal adds its own hint)."""
    client = local(make_client)
    post(client, "/api/tests", answers())
    ics = client.get("/api/reminders.ics", params={"at": "21:30", "breaks": "true"}).text
    ics = ics.replace("\r\n ", "")  # unfold the calendar's long lines
    assert "Open psoas and tap Start." in ics
    assert "psoas start" not in ics
    assert "psoas catalog" not in client.get("/api/catalog/nope").json()["detail"]
    assert "psoas catalog" not in client.get("/catalog/nope").text


def test_api_docs_are_served_by_psoas(make_client: Callable[..., TestClient]) -> None:
    """No CDN, no inline script (the CSP forbids both); the assets come from this server."""
    client = local(make_client)
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    sources = re.findall(r'<script src="([^"]+)"', docs.text)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', docs.text)
    assert sources
    assert all(src.startswith("/") for src in sources + styles)
    assert re.search(r"<script>", docs.text) is None
    for url in sources + styles:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 100
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert "unsafe-inline" not in docs.headers["content-security-policy"]
    assert client.get("/api/openapi.json").json()["info"]["title"] == "psoas"


def test_answers_are_compressed(make_client: Callable[..., TestClient]) -> None:
    client = local(make_client)
    for url in ("/static/player.js", "/api/catalog", "/"):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers.get("content-encoding") == "gzip", url
    plain = client.get("/static/player.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
