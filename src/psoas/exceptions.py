"""Named errors. The shells turn them into one-line messages and exit codes."""

from __future__ import annotations

from collections.abc import Sequence


class PsoasError(Exception):
    """Base class of every error psoas reports to a person; exit code 1."""

    exit_code = 1


class BadInput(PsoasError):
    """Something a person gave us (a flag, a file, a form field) is not valid; exit code 2."""

    exit_code = 2


class CatalogError(PsoasError):
    """A catalog data file is missing or does not match the schema."""


class UnknownPractice(BadInput):
    """No practice has the requested id."""

    def __init__(self, practice_id: str, suggestions: Sequence[str] = ()) -> None:
        self.practice_id = practice_id
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"no practice with id {practice_id!r}{hint} (see `psoas catalog` for every id)"
        )


__all__ = ["BadInput", "CatalogError", "PsoasError", "UnknownPractice"]
