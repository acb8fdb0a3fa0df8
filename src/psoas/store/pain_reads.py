"""Reading a person's pain ratings of every context: the pain answered in each self-test,
in each nightly screen and after each session (psoas.core.pain reads them as one
series). Named queries, like :mod:`psoas.store.reads`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from psoas.store.query import query, run
from psoas.store.reads import EVER, stored_tests

if TYPE_CHECKING:
    from psoas.core.pain import PainRating
    from psoas.store.database import Reader


#: Each test phase as the context of its pain rating (psoas.core.pain).
PAIN_CONTEXT = {"check": "test", "pre": "check_in", "post": "retest"}


@query
def _screen_pain() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import nightly_screens as screens

    n = screens.c
    return (
        select(n.answered_at, n.pain, n.session_id)
        .where(n.profile_id == bindparam("profile"), n.answered_at >= bindparam("since"))
        .order_by(n.answered_at, n.id)
    )


@query
def _after_session_pain() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import pain_ratings

    p = pain_ratings.c
    return (
        select(p.rated_at, p.value, p.session_id)
        .where(
            p.profile_id == bindparam("profile"),
            p.context == "after_session",
            p.rated_at >= bindparam("since"),
        )
        .order_by(p.rated_at)
    )


def pain_ratings_of(
    db: Reader, profile: int, since: datetime = EVER, tests: list[Any] | None = None
) -> list[PainRating]:
    """Every pain rating from ``since`` on, of every context (psoas.core.pain), oldest
    first; ``tests`` are the test rows already read (by :func:`_test_rows`), if any."""
    from psoas.core.pain import PainRating

    params = {"profile": profile, "since": since}
    rows = stored_tests(db, profile, since) if tests is None else tests
    found = [r for row in rows if (r := pain_of_test(*row)) is not None]
    found += [
        PainRating(when, int(pain), "screen", session_key(session))
        for when, pain, session in run(db, _screen_pain, params)
    ]
    found += [
        PainRating(when, int(value), "after_session", session_key(session))
        for when, value, session in run(db, _after_session_pain, params)
    ]
    return sorted(found, key=lambda r: r.at)


def pain_of_test(
    when: datetime, phase: str, answers: dict[str, Any], session: int | None
) -> PainRating | None:
    """A stored test's pain as a rating of its context, or None without one."""
    from psoas.core.pain import PainRating

    if phase not in PAIN_CONTEXT or not isinstance(answers.get("pain"), int):
        return None
    return PainRating(when, int(answers["pain"]), PAIN_CONTEXT[phase], session_key(session))  # type: ignore[arg-type]


def session_key(session_id: int | None) -> str | None:
    """How a pain rating names its session (psoas.core.pain.PainRating.session)."""
    return None if session_id is None else str(session_id)


__all__ = ["PAIN_CONTEXT", "pain_of_test", "pain_ratings_of", "session_key"]
