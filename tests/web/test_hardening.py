"""Hardening against hostile requests: writes stay with their owner, sizes are capped
before anything is parsed, redirects stay on this site, odd ids and hosts are refused."""

from __future__ import annotations

import io
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from psoas.exceptions import PsoasError
from psoas.store import database as database_module
from psoas.web import logins
from psoas.web.app import create_app, public_database_message
from psoas.web.limits import MB
from psoas.web.pages import SESSIONS_PER_PAGE
from psoas.web.security import local_path
from psoas.web.state import MIN_SECRET_LENGTH, SECRET_FILE, load_secret
from tests.core.answers import calm_history
from tests.web.conftest import NO_FLAGS, answers, csrf, post, settings_for
from tests.web.test_security import PASSWORD, lan, login

__all__ = ["lan"]  # the fixture, used by name


def post_raw(client: TestClient, url: str, body: bytes) -> Any:
    """POST these bytes as JSON, with the CSRF header."""
    headers = {**csrf(client), "Content-Type": "application/json"}
    return client.post(url, content=body, headers=headers)


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


def test_an_oversized_body_is_refused_before_parsing_or_sign_in(
    lan: Callable[[], TestClient],
) -> None:
    """2 MB to the login and 33 MB to the import, signed out: 413, with a short answer
    that echoes nothing; streamed without a length, the same."""
    client = lan()
    big = b'{"username": "' + b"a" * (2 * MB) + b'"}'
    response = post_raw(client, "/api/login", big)
    assert response.status_code == 413
    assert len(response.content) < 200
    assert post_raw(client, "/api/import", b" " * (33 * MB)).status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(3):
            yield b" " * MB

    streamed = client.post(
        "/api/login", content=chunks(), headers={**csrf(client), "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413


def test_import_checks_the_sign_in_before_reading_the_body(
    lan: Callable[[], TestClient],
) -> None:
    assert post_raw(lan(), "/api/import", b"not json at all").status_code == 401


def test_a_422_names_the_field_without_echoing_the_value(client: TestClient) -> None:
    post(client, "/api/tests", answers())
    body = {"routine": "bedtime", "screen": {"red_flags": [], "pain": "x" * 500_000}}
    response = post(client, "/api/sessions", body)
    assert response.status_code == 422
    assert len(response.content) < 1000
    assert response.json()["detail"][0]["loc"] == ["body", "screen", "pain"]


def test_a_session_id_beyond_the_database_s_integers_is_a_422(client: TestClient) -> None:
    assert client.get(f"/api/sessions/{2**64}").status_code == 422
    assert client.get(f"/api/sessions/{2**31}").status_code == 422
    assert client.get(f"/api/sessions/{2**31 - 1}").status_code == 404


@pytest.mark.parametrize(
    "target",
    ["/\\evil.example", "//evil.example", "https://evil.example", "/\t/evil.example", "evil"],
)
def test_the_page_after_login_is_always_on_this_site(target: str) -> None:
    assert local_path(target) == "/"


def test_the_login_page_keeps_only_local_next_paths(lan: Callable[[], TestClient]) -> None:
    client = lan()
    assert 'data-next="/"' in client.get("/login", params={"next": "/\\evil.example"}).text
    assert 'data-next="/progress"' in client.get("/login", params={"next": "/progress"}).text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
        (b'{"a": ' + b"9" * 5000 + b"}", "not usable JSON"),
        (b'{"format": "psoas-export", "version": 1, "x": NaN}', "not usable JSON"),
    ],
)
def test_hostile_json_in_an_import_is_a_400(client: TestClient, raw: bytes, message: str) -> None:
    response = post_raw(client, "/api/import", raw)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def exported_with_a_plan(client: TestClient) -> dict[str, Any]:
    post(client, "/api/tests", answers())
    post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS})
    return client.get("/api/export").json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda plan: plan.pop("steps"), "a list of steps"),
        (lambda plan: plan["steps"][0].update(seconds=-5), "whole seconds"),
        (lambda plan: plan["steps"][0].update(seconds="ten"), "whole seconds"),
        (lambda plan: plan["steps"][0].update(id="\x1b[2J"), "a practice id"),
        (lambda plan: plan["steps"][0].update(id="no-such-practice"), "does not have"),
    ],
)
def test_an_imported_plan_is_checked_like_a_new_one(
    client: TestClient, spoil: Callable[[dict[str, Any]], Any], message: str
) -> None:
    """A plan without steps, with seconds that are not a duration, or with an unknown
    or terminal-clearing id is refused whole; nothing is added and export still works."""
    data = exported_with_a_plan(client)
    spoil(data["sessions"][0]["plan"])
    response = post_raw(client, "/api/import", json.dumps(data).encode())
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert len(client.get("/api/export").json()["sessions"]) == 1


def test_an_imported_routine_name_must_be_a_routine(client: TestClient) -> None:
    data = exported_with_a_plan(client)
    data["sessions"][0]["routine"] = "\x1b[31mred"
    response = post_raw(client, "/api/import", json.dumps(data).encode())
    assert response.status_code == 400
    assert "routine" in response.json()["detail"]


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("[::1]:8765", True),
        ("127.0.0.2", True),
        ("evil.example", False),
        ("evil.example:8765", False),
        ("192.168.1.10:8765", False),
        ("", False),
    ],
)
def test_served_without_accounts_only_this_computer_s_names_are_answered(
    client: TestClient, host: str, allowed: bool
) -> None:
    """DNS rebinding: a page on another site whose name points at 127.0.0.1 sends its
    own name as the Host, and is refused before any route runs."""
    response = client.get("/api/history", headers={"Host": host})
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 400


def test_a_locked_database_is_a_503_that_names_no_file_and_ping_still_answers(
    make_client: Callable[..., TestClient], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer holds the SQLite file: the API says the database is busy without
    naming where it is, and /api/ping answers meanwhile."""
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    client = make_client()
    post(client, "/api/tests", answers())
    holder = sqlite3.connect(tmp_path / "psoas.db")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        response = post(client, "/api/tests", answers())
        assert response.status_code == 503
        detail = response.json()["detail"]
        assert "busy" in detail
        assert "psoas.db" not in detail
        assert str(tmp_path) not in detail
        assert client.get("/api/ping").status_code == 200
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("database postgresql+psycopg://ann:***@db.internal:5432/psoas: timeout", "not answering"),
        ("the database sqlite:////home/ann/psoas.db is locked by another psoas", "busy"),
        ("the database sqlite:////home/ann/psoas.db is damaged (malformed)", "damaged"),
    ],
)
def test_database_messages_for_visitors_name_no_host_user_or_file(message: str, shown: str) -> None:
    public = public_database_message(message)
    assert shown in public
    for secret in ("ann", "db.internal", "5432", "psoas.db", "/home"):
        assert secret not in public


def test_an_empty_signing_key_file_is_replaced_whole(tmp_path: Path) -> None:
    """A 0-byte key (a full disk when it was first written) gives way to a new key,
    written to a temporary file and moved into place; a short key is refused."""
    settings = settings_for(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}")
    key_file = tmp_path / SECRET_FILE
    key_file.write_text("")
    key = load_secret(settings)
    assert len(key) >= MIN_SECRET_LENGTH
    assert key_file.read_text() == key
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert load_secret(settings) == key
    key_file.write_text("short")
    with pytest.raises(PsoasError, match="too short"):
        load_secret(settings)


def signed_in_as(lan: Callable[[], TestClient], name: str) -> TestClient:
    client = lan()
    assert login(client, name) == 200
    return client


def cookie_copy(client: TestClient, other: TestClient) -> TestClient:
    """``other`` carrying ``client``'s cookies: the same session on a second device."""
    for name, value in client.cookies.items():
        other.cookies.set(name, value)
    return other


def test_logout_ends_the_session_everywhere(lan: Callable[[], TestClient]) -> None:
    """A copy of the session cookie (another device, or a stolen one) stops working
    once the person signs out."""
    ann = signed_in_as(lan, "ann")
    copy = cookie_copy(ann, lan())
    assert copy.get("/api/history").status_code == 200
    assert post(ann, "/api/logout", {}).status_code == 200
    assert copy.get("/api/history").status_code == 401
    assert login(ann, "ann") == 200  # signing in again works
    assert ann.get("/api/history").status_code == 200


def test_a_new_password_ends_other_sessions(
    lan: Callable[[], TestClient], run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changed on the web, this device stays signed in and the others are out; changed
    with `psoas user passwd`, every session ends."""
    ann, other = signed_in_as(lan, "ann"), signed_in_as(lan, "ann")
    changed = post(ann, "/api/password", {"current": PASSWORD, "new": "a brand new passphrase"})
    assert changed.status_code == 200
    assert ann.get("/api/history").status_code == 200
    assert other.get("/api/history").status_code == 401
    wrong = post(ann, "/api/password", {"current": "not it at all", "new": "whatever else 123"})
    assert wrong.status_code == 403

    monkeypatch.setenv("PSOAS_HOME", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("yet another passphrase\n"))
    result = run("user", "passwd", "ann", "--password-stdin")
    assert result.code == 0, result.err
    assert ann.get("/api/history").status_code == 401
    assert login(ann, "ann", "yet another passphrase") == 200


def test_the_csrf_token_belongs_to_its_session(lan: Callable[[], TestClient]) -> None:
    """The token from before the login, or from someone else's session, is refused."""
    ann = lan()
    before = csrf(ann)["X-CSRF-Token"]
    assert login(ann, "ann") == 200
    after = csrf(ann)["X-CSRF-Token"]
    assert after != before
    body = {"username": "cat"}
    assert ann.post("/api/coaches", json=body, headers={"X-CSRF-Token": before}).status_code == 403
    bob = signed_in_as(lan, "bob")
    bobs = csrf(bob)["X-CSRF-Token"]
    assert ann.post("/api/coaches", json=body, headers={"X-CSRF-Token": bobs}).status_code == 403
    assert ann.post("/api/coaches", json=body, headers={"X-CSRF-Token": after}).status_code == 201


def at_address(tmp_path: Path, address: str) -> TestClient:
    """A client from ``address`` of a second app (another worker) on the same database."""
    settings = settings_for(tmp_path, f"sqlite:///{tmp_path / 'psoas.db'}")
    client = TestClient(
        create_app(settings, "0.0.0.0"), base_url="https://testserver", client=(address, 50000)
    )
    client.__enter__()
    return client


def test_the_login_limit_holds_across_concurrent_requests_and_workers(
    lan: Callable[[], TestClient], tmp_path: Path
) -> None:
    """Forty wrong guesses at once, shared by two workers: at most five reach the
    password check (401; fewer when requests overlap, each counting the others), the
    rest wait (429)."""
    workers = [lan(), at_address(tmp_path, "testclient")]
    for worker in workers:
        csrf(worker)

    def guess(i: int) -> int:
        return login(workers[i % 2], "ann", f"wrong guess {i}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(guess, range(40)))
    assert 1 <= codes.count(401) <= logins.PAIR_LIMIT
    assert codes.count(401) + codes.count(429) == 40


def test_guessing_from_elsewhere_does_not_lock_a_person_out(
    lan: Callable[[], TestClient], tmp_path: Path
) -> None:
    """Someone at another address uses up the tries at Ann's name; Ann still signs in."""
    lan()  # the users
    guesser, ann = at_address(tmp_path, "203.0.113.9"), at_address(tmp_path, "198.51.100.4")
    for _ in range(logins.PAIR_LIMIT):
        assert login(guesser, "ann", "not her password") == 401
    assert login(guesser, "ann") == 429
    assert login(ann, "ann") == 200


#: What each path parameter of the API names, and whose it is. A new route with a
#: parameter not listed here fails the test below until someone says what it is.
PUBLIC_PARAMETERS = {"practice_id"}  # the catalog, the same for everyone
OWN_PARAMETERS = {"flag_id"}  # a caution flag, looked up among the viewer's own records


def test_every_route_refuses_another_person_s_ids(lan: Callable[[], TestClient]) -> None:
    """Every route of the app's own table, tried by Bob with Ann's session id and Ann's
    name: none answers 2xx, and Ann's record is unchanged afterwards."""
    ann, bob = signed_in_as(lan, "ann"), signed_in_as(lan, "bob")
    post(ann, "/api/tests", answers(pain=2))
    session = post(ann, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()
    clearance = {"flag": "pregnancy", "cleared_on": "2026-01-01", "by": "Dr Who"}
    assert post(ann, "/api/clearances", clearance).status_code == 201
    routine = {"name": "Ann's", "items": [{"practice": "bolster-release"}]}
    key = post(ann, "/api/routines", routine).json()["uid"]
    before = {**ann.get("/api/export").json(), "exported_at": None}
    values = {"session_id": str(session["id"]), "username": "ann", "key": key}
    tried = 0
    for path, methods in ann.get("/api/openapi.json").json()["paths"].items():
        names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        if not names or set(names) <= PUBLIC_PARAMETERS:
            continue
        unknown = set(names) - set(values) - OWN_PARAMETERS
        assert not unknown, f"{path}: say whose {unknown} is, in this test"
        url = path
        for name in names:
            url = url.replace("{" + name + "}", values.get(name, "pregnancy"))
        for method in methods:
            headers = csrf(bob)
            response = bob.request(method.upper(), url, json={}, headers=headers)
            tried += 1
            assert response.status_code >= 400, f"{method.upper()} {url}: {response.status_code}"
    assert tried >= 8
    assert bob.get("/clients/ann").status_code == 404
    assert {**ann.get("/api/export").json(), "exported_at": None} == before


def test_a_session_the_app_remembers_is_still_refused_to_another_person(
    lan: Callable[[], TestClient],
) -> None:
    """Ann saves a step (the app now keeps her session's person and plan in memory);
    Bob's step for the same session, on the same app, is still not found, and nothing
    of his is stored."""
    ann = signed_in_as(lan, "ann")
    bob = TestClient(ann.app, base_url=str(ann.base_url))
    assert login(bob, "bob") == 200
    post(ann, "/api/tests", answers(pain=2))
    session = post(ann, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()
    step = {"index": 0, "status": "done", "seconds_held": 30}
    assert post(ann, f"/api/sessions/{session['id']}/steps", step).status_code == 201
    theirs = {"index": 1, "status": "skipped", "seconds_held": 0}
    assert post(bob, f"/api/sessions/{session['id']}/steps", theirs).status_code == 404
    assert ann.get(f"/api/sessions/{session['id']}").json()["finished"] == [0]


def test_one_address_cannot_guess_at_many_names(
    lan: Callable[[], TestClient], tmp_path: Path
) -> None:
    """Past twenty tries from one address, whatever the names, that address waits."""
    lan()
    guesser = at_address(tmp_path, "203.0.113.7")
    limit = logins.ADDRESS_LIMIT
    codes = [login(guesser, f"name{i}", "not a password") for i in range(limit + 2)]
    assert codes == [401] * limit + [429] * 2


def test_history_comes_in_pages_from_the_newest(client: TestClient) -> None:
    """Seven sessions, pages of three: the newest three, then three older, then the
    first one; the totals always count all seven."""
    post(client, "/api/tests", answers())
    ids = [
        post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS}).json()["uid"]
        for _ in range(7)
    ]
    pages, offset = [], 0
    while offset is not None:
        page = client.get("/api/history", params={"limit": 3, "offset": offset}).json()
        assert page["total"] == 7
        assert page["summary"]["sessions"] == 7
        pages.append([s["uid"] for s in page["sessions"]])
        offset = page["older"]
    assert pages == [ids[4:], ids[1:4], ids[:1]]
    assert client.get("/api/history", params={"limit": 501}).status_code == 422


def test_the_progress_page_lists_sessions_a_page_at_a_time(client: TestClient) -> None:
    """95 nights: the page shows the newest 40 with a link to older ones, the last page
    the first 15 with a link back, and a bad offset is refused."""
    post(client, "/api/import", calm_history(nights=95))
    first = client.get("/progress").text
    rows = '<tr class="session">'
    assert first.count(rows) == SESSIONS_PER_PAGE
    assert "1–40 of 95, newest first" in first
    assert 'href="/progress?offset=40#sessions">Older' in first
    assert "Newer</a>" not in first
    last = client.get("/progress", params={"offset": 80}).text
    assert last.count(rows) == 15
    assert "81–95 of 95" in last
    assert 'href="/progress?offset=40#sessions">Newer' in last
    assert "Older</a>" not in last
    newest = client.get("/api/history", params={"limit": 1}).json()["sessions"][0]["day"]
    day = date.fromisoformat(newest)
    shown = f'<tr class="session"><td>{day:%a} {day.day} {day:%b}<br>'
    assert shown in first
    assert shown not in last
    assert client.get("/progress", params={"offset": -1}).status_code == 422


def test_the_same_step_sent_twice_at_once_is_saved_once_without_an_error(
    make_client: Callable[..., TestClient], postgres_url: str
) -> None:
    """The phone's queue and a live request can send one step at the same moment: the
    other write lands between this request's check and its insert (a second, real
    connection), and the answer is still "already saved", not a database error."""
    import uuid

    from sqlalchemy import create_engine, event, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        client = make_client(url)
        post(client, "/api/tests", answers())
        session = post(client, "/api/sessions", {"routine": "bedtime", "screen": NO_FLAGS})
        session_id = session.json()["id"]
        engine = client.app.state.psoas.db.engine  # type: ignore[attr-defined]
        other = create_engine(url)
        raced: list[bool] = []

        def first_elsewhere(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.startswith("INSERT INTO step_logs") and not raced:
                raced.append(True)
                with other.begin() as writer:
                    writer.execute(
                        text(
                            "INSERT INTO step_logs (session_id, step_index, practice_id, role,"
                            " status, planned_seconds, seconds_held, ended_at) VALUES"
                            " (:s, 0, 'sit-to-lie-test', 'test', 'done', 60, 60, now())"
                        ),
                        {"s": session_id},
                    )

        event.listen(engine, "before_cursor_execute", first_elsewhere)
        step = {"index": 0, "status": "done", "seconds_held": 60}
        response = post(client, f"/api/sessions/{session_id}/steps", step)
        assert raced == [True]
        assert response.status_code == 201, response.text
        assert response.json()["saved"] is False
        history = client.get("/api/history").json()["sessions"][-1]
        assert history["done"] == 1
        other.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
