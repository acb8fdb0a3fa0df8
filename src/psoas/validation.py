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
