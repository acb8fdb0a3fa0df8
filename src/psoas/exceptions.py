"""Named errors. The shells turn them into one-line messages and exit codes."""

from __future__ import annotations

from collections.abc import Sequence


class PsoasError(Exception):
    """Base class of every error psoas reports to a person; exit code 1."""

    exit_code = 1


class BadInput(PsoasError):
    """Something a person gave us (a flag, a file, a form field) is not valid; exit code 2."""

    exit_code = 2


class NotFound(BadInput):
    """The thing asked for does not exist for this person: another person's record is
    not found either (HTTP 404)."""


class RoutineNotFound(NotFound):
    """No such routine for this person (a coach asking for another's is told the same)."""


class NeedsTest(BadInput):
    """There is no self-test yet, so there is no plan (HTTP 409)."""


class Refused(BadInput):
    """Well-formed, but safety says no (HTTP 409): a *get care now* answer starts nothing."""


class CatalogError(PsoasError):
    """A catalog data file is missing or does not match the schema."""


class UnknownPractice(BadInput):
    """No practice has the requested id."""

    def __init__(self, practice_id: str, suggestions: Sequence[str] = ()) -> None:
        self.practice_id = practice_id
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        # The id is echoed shortened: a pasted wall of text must not become the message.
        shown = practice_id if len(practice_id) <= 60 else practice_id[:57] + "..."
        super().__init__(f"no practice with id {shown!r}{hint}")


__all__ = [
    "BadInput",
    "CatalogError",
    "NeedsTest",
    "NotFound",
    "PsoasError",
    "Refused",
    "RoutineNotFound",
    "UnknownPractice",
]
