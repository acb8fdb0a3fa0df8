"""The API against its own OpenAPI description (schemathesis): generated requests, valid
and not, to every operation never get a 5xx, and answers match their declared schema."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from psoas.web.app import create_app
from tests.core.answers import NEUTRAL
from tests.web.conftest import settings_for

TOKEN = "t" * 43


def web_app() -> Any:
    """The app on a fresh SQLite database with a self-test on record (so plans exist).
    Built when the module loads: schemathesis reads the schema to make one test per
    operation at collection time."""
    from fastapi.testclient import TestClient

    folder = Path(tempfile.mkdtemp(prefix="psoas-fuzz-"))
    app = create_app(settings_for(folder, f"sqlite:///{folder / 'psoas.db'}"), "127.0.0.1")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        client.cookies.set("psoas_csrf", TOKEN)
        client.post("/api/tests", json=NEUTRAL, headers={"X-CSRF-Token": TOKEN})
    return app


schema = schemathesis.openapi.from_asgi(
    "/api/openapi.json", web_app(), headers={"Host": "127.0.0.1"}
)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_operation_answers_5xx_or_outside_its_schema(case: Any) -> None:
    response = case.call(
        headers={"X-CSRF-Token": TOKEN, "Host": "127.0.0.1"}, cookies={"psoas_csrf": TOKEN}
    )
    case.validate_response(
        response,
        checks=(
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ),
    )
