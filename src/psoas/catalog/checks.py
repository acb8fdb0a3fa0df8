"""The field checks the catalog's dataclasses run in ``__post_init__``.

Shared by :mod:`.model` and :mod:`.safety_model`; pydantic runs them while it
validates a data file, and their messages name the field.
"""

from __future__ import annotations

#: Longest cue: it is read from the floor at arm's length, a few words at most.
CUE_MAX_CHARS = 60
#: Shortest sentence-like text (names, steps, meanings).
TEXT_MIN_CHARS = 3
#: Longest "what to feel" and "stop if" line: one glance from the floor.
SENSATION_MAX_CHARS = 70
#: The label that marks advice that does not come from the articles.
GENERAL_ADVICE_LABEL = "General safety advice"

CONFIG = {"extra": "forbid"}


def require_kebab_case(value: str, what: str) -> None:
    parts = value.split("-")
    if not all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts):
        raise ValueError(f"{what} {value!r} must be kebab-case (lower-case words joined by '-')")


def require_texts(field_name: str, values: tuple[str, ...] | list[str], max_chars: int = 0) -> None:
    for index, value in enumerate(values):
        if len(value.strip()) < TEXT_MIN_CHARS:
            raise ValueError(f"{field_name}[{index}] is empty or too short")
        if max_chars and len(value) > max_chars:
            raise ValueError(
                f"{field_name}[{index}] has {len(value)} characters; keep it to {max_chars}"
            )


def require_nonempty(**fields: tuple[object, ...]) -> None:
    for name, values in fields.items():
        if not values:
            raise ValueError(f"{name} needs at least one entry")


def require_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {value}")


def require_attribution(
    what: str, sources: tuple[str, ...], labelled: bool, flag: str = "general_safety_advice"
) -> None:
    """Everything names the articles it comes from, or is labelled as the app's own advice."""
    if not sources and not labelled:
        raise ValueError(f"{what} needs source ids or {flag} = true")


__all__ = [
    "CONFIG",
    "CUE_MAX_CHARS",
    "GENERAL_ADVICE_LABEL",
    "SENSATION_MAX_CHARS",
    "TEXT_MIN_CHARS",
    "require_attribution",
    "require_kebab_case",
    "require_nonempty",
    "require_range",
    "require_texts",
]
