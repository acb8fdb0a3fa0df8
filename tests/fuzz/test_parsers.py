"""Every parser of outside input, fed anything (hypothesis): it answers with its value or
a one-line BadInput, never another exception, whatever the depth, size or text."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from psoas.catalog.loader import load_catalog
from psoas.core.assessment import parse_answers
from psoas.core.nightly import parse_screen
from psoas.exceptions import BadInput
from psoas.usecases.import_checks import parse_export
from psoas.validation import parse_json
from psoas.web.security import local_path, names_this_computer
from tests.core.answers import NEUTRAL

CATALOG = load_catalog()
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def refused_in_one_line(parse: Any, data: Any) -> None:
    """``parse(data)`` returns, or refuses with a BadInput of one line."""
    message = ""
    try:
        parse(data)
    except BadInput as exc:
        message = str(exc)
    assert "\n" not in message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_parse_json_takes_any_bytes(raw: bytes | str) -> None:
    refused_in_one_line(lambda r: parse_json(r, "the file", BadInput), raw)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=20_000), st.sampled_from(["[", '{"a":']))
def test_parse_json_takes_any_depth(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    refused_in_one_line(
        lambda r: parse_json(r, "the file", BadInput), opener * depth + "1" + closer * depth
    )


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_parse_answers_takes_any_json(data: Any) -> None:
    refused_in_one_line(parse_answers, data)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(NEUTRAL)), JSON, max_size=6))
def test_parse_answers_takes_any_field_values(changes: dict[str, Any]) -> None:
    refused_in_one_line(parse_answers, {**NEUTRAL, **changes})


@settings(max_examples=200, deadline=None)
@given(JSON | st.fixed_dictionaries({"red_flags": JSON, "pain": JSON}))
def test_parse_screen_takes_any_json(data: Any) -> None:
    refused_in_one_line(lambda d: parse_screen(d, CATALOG), data)


@settings(max_examples=200, deadline=None)
@given(
    JSON
    | st.fixed_dictionaries(
        {"format": st.just("psoas-export"), "version": st.just(1)},
        optional={"tests": JSON, "sessions": JSON, "pain_ratings": JSON, "screens": JSON},
    )
)
def test_parse_export_takes_any_json(data: Any) -> None:
    refused_in_one_line(parse_export, data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_the_page_after_login_is_always_local(target: str) -> None:
    kept = local_path(target)
    assert kept.startswith("/")
    assert not kept.startswith(("//", "/\\"))
    assert "\\" not in kept
    assert kept in (target, "/")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_host_header_is_judged_without_error(host: str) -> None:
    assert names_this_computer(host) in (True, False)
