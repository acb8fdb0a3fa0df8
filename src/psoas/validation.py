"""Validate JSON-like data into our dataclasses with pydantic, with one-line errors.

pydantic is imported only when something is validated, never at start-up.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from psoas.exceptions import PsoasError

T = TypeVar("T")


@cache
def _adapter(schema: Any) -> Any:
    """One pydantic TypeAdapter per schema: building one is far dearer than using it."""
    from pydantic import TypeAdapter

    return TypeAdapter(schema)


def validate_as(schema: type[T], data: Any, what: str, error: type[PsoasError]) -> T:
    """``data`` as a ``schema`` instance, or ``error`` naming ``what`` and the first bad field."""
    from pydantic import ValidationError

    try:
        result: T = _adapter(schema).validate_python(data)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise error(describe(exc, what)) from None
    return result


def describe(exc: Any, what: str) -> str:
    """One line naming the first bad field of a pydantic ``ValidationError``."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    if not where:
        return f"{what}: {message}{more}"
    if first["type"] == "missing":
        detail = "is required"
    elif first["type"] in ("unexpected_keyword_argument", "extra_forbidden"):
        detail = "is not a known field"
    else:
        detail = f"is invalid: {message}"
    return f"{what}: field '{where}' {detail}{more}"


__all__ = ["describe", "validate_as"]


#: How deeply JSON from outside may nest. The app's own choice: psoas's own files nest
#: five levels at most, and a limit far below Python's recursion limit keeps every
#: parser and validator after it safe.
MAX_JSON_DEPTH = 32


def parse_json(text: str | bytes, what: str, error: type[PsoasError]) -> Any:
    """JSON from outside (a file, a request body) as Python data, or ``error`` in one line:
    not JSON, NaN or Infinity, a number too long to read, or nesting deeper than
    :data:`MAX_JSON_DEPTH`."""
    import json

    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise error(
            f"{what} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise error(f"{what} nests too deeply (at most {MAX_JSON_DEPTH} levels)") from None
    except ValueError as exc:  # a number of thousands of digits, NaN, Infinity
        reason = str(exc).split(":")[0] if "digits" in str(exc) else str(exc)
        raise error(f"{what} is not usable JSON: {reason}") from None
    except UnicodeDecodeError:
        raise error(f"{what} is not UTF-8 text") from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise error(f"{what} nests too deeply (at most {MAX_JSON_DEPTH} levels)")
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest in ``data`` (walked without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                return level
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def plain_text(text: str | None, what: str, limit: int = 100) -> str | None:
    """``text`` stripped (None when empty), or :class:`BadInput` when it is longer than
    ``limit`` or holds control characters, which could clear or recolour a terminal
    that later prints it."""
    from psoas.exceptions import BadInput

    cleaned = (text or "").strip()
    if len(cleaned) > limit:
        raise BadInput(f"{what} must be at most {limit} characters")
    if not cleaned.isprintable():
        raise BadInput(f"{what} holds control characters")
    return cleaned or None


def name_key(text: str) -> str:
    """A name a person typed, as names are compared: any case, in any script ("Été" and
    "ÉTÉ"), outer and repeated spaces ignored (the app's own choice: a person who types
    a name again in other capitals means the same one)."""
    return " ".join(text.casefold().split())
