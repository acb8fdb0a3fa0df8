"""The person's record told back: progress, history, the week in review, a client at a
glance for their coach, and the period a report covers.

Every surface (``psoas progress|history|week``, the Progress page, the coach's pages,
the PDF report, the API) calls these, so the bolster height, the tighter side, pain
and its change, adherence and the PSFS change are each derived once, by the core's
rule, and told the same way everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from psoas.catalog.model import Catalog
from psoas.core.adherence import RED_FLAG_DAYS, adherence, prescriptions_from
from psoas.core.facts import PersonFacts
from psoas.core.overview import ClientOverview, client_overview, within
from psoas.core.pain import pain_change, pain_series
from psoas.core.progress import HistorySummary, Progress, progress, summarize_history
from psoas.core.psfs import psfs_change
from psoas.core.tonight import dose_tonight
from psoas.exceptions import BadInput
from psoas.store.pain_reads import pain_ratings_of
from psoas.store.psfs_records import psfs_of
from psoas.store.reads import (
    measured_thigh_angles,
    points_of,
    session_summaries,
    stored_tests,
)
from psoas.store.routine_records import routine_events
from psoas.store.safety_records import red_flags_since
from psoas.store.tonight import read_tonight_record
from psoas.usecases.tonight import load_tonight, strength_ids

if TYPE_CHECKING:
    from psoas.core.adherence import Prescription
    from psoas.core.pain import PainRating
    from psoas.core.psfs import PsfsResponse
    from psoas.core.session_record import SessionSummary
    from psoas.core.tonight import Tonight
    from psoas.core.week import Week
    from psoas.render.report import ReportInput
    from psoas.store.database import Reader

#: The longest period one report covers (a year): its weekly table stays readable.
MAX_REPORT_DAYS = 366


def progress_of(db: Reader, profile: int) -> Progress:
    """The person's progress: every test measure, pain and photo angle over time."""
    tests = stored_tests(db, profile)
    return progress(
        points_of(tests),
        pain_ratings_of(db, profile, tests=tests),
        measured_thigh_angles(db, profile),
        psfs_of(db, profile),
    )


def history_of(
    db: Reader, profile: int, today: date | None = None
) -> tuple[list[SessionSummary], HistorySummary]:
    """Every session, oldest first, and the totals with the streak."""
    sessions = session_summaries(db, profile)
    return sessions, summarize_history(sessions, today or date.today())


@dataclass(frozen=True)
class _Record:
    """What the facts, a coach's overview and a report are told from, read once."""

    tonight: Tonight | None
    tests: list[Any]
    pain: list[PainRating]
    sessions: list[SessionSummary]
    psfs: list[PsfsResponse]
    prescriptions: list[Prescription]


def _read(db: Reader, profile: int, catalog: Catalog) -> _Record:
    tests = stored_tests(db, profile)
    return _Record(
        tonight=load_tonight(db, profile, catalog),
        tests=tests,
        pain=pain_ratings_of(db, profile, tests=tests),
        sessions=session_summaries(db, profile),
        psfs=psfs_of(db, profile),
        prescriptions=prescriptions_from(routine_events(db, profile)),
    )


def facts_of(
    db: Reader,
    profile: int,
    catalog: Catalog,
    today: date | None = None,
    start: date | None = None,
) -> PersonFacts:
    """The five facts every surface tells (psoas.core.facts), each from its one rule:
    the bolster height and tighter side of tonight's plan, pain and its change, the
    adherence with the sessions by how they count, and the PSFS change. Without
    ``start``, of the whole record and the last 8 weeks; with it, of the period from
    ``start`` to ``today`` (a report's)."""
    return _facts(_read(db, profile, catalog), today or date.today(), start)


def _facts(record: _Record, day: date, start: date | None) -> PersonFacts:
    first = start or date.min
    tonight = record.tonight
    series = pain_series([r for r in record.pain if within(r.at, first, day)])
    sessions = [s for s in record.sessions if first <= s.day <= day]
    weeks = 8 if start is None else report_weeks(start, day)
    side = tonight.findings.tighter_side if tonight else None
    return PersonFacts(
        bolster=tonight.findings.bolster if tonight else None,
        tighter_side=side,
        tighter_side_by=tonight.measured.get("tighter_side") if tonight and side else None,
        pain_latest=series[-1] if series else None,
        pain=pain_change(series),
        adherence=adherence(sessions, record.prescriptions, day, weeks),
        history=summarize_history(sessions, day),
        psfs=psfs_change([r for r in record.psfs if within(r.taken_at, first, day)]),
    )


def report_weeks(start: date, end: date) -> int:
    """How many seven-day spans ending ``end`` a report of ``start`` to ``end`` shows."""
    return max(1, math.ceil(((end - start).days + 1) / 7))


def load_week(db: Reader, profile: int, catalog: Catalog, today: date | None = None) -> Week:
    """The week ending ``today`` in review (:func:`psoas.core.week.week_summary`)."""
    from psoas.core.week import week_summary

    day = today or date.today()
    record = read_tonight_record(db, profile, strength_ids(catalog), datetime.now(UTC))
    walk = catalog.get("walking")
    tests = stored_tests(db, profile)
    return week_summary(
        session_summaries(db, profile),
        points_of(tests),
        record.nights,
        day,
        dose_tonight(record, catalog, day),
        walk.hold.default_s // 60 if walk else 10,
        measured_thigh_angles(db, profile),
        pain_ratings_of(db, profile, tests=tests),
    )


def overview_of(
    db: Reader,
    profile: int,
    catalog: Catalog,
    today: date | None = None,
    weeks: int = 8,
    start: date | None = None,
) -> ClientOverview:
    """A client at a glance for the ``weeks`` ending ``today``: with ``start``, the pain
    and PSFS of that period only (the report's), else of the whole record."""
    day = today or date.today()
    return _overview(db, profile, _read(db, profile, catalog), day, weeks, start)


def _overview(
    db: Reader, profile: int, record: _Record, day: date, weeks: int, start: date | None
) -> ClientOverview:
    first = start or date.min
    since = datetime.combine(day, datetime.min.time(), UTC) - timedelta(days=RED_FLAG_DAYS)
    return client_overview(
        today=day,
        sessions=record.sessions,
        prescriptions=record.prescriptions,
        pain=[r for r in record.pain if within(r.at, first, day)],
        psfs=[r for r in record.psfs if within(r.taken_at, first, day)],
        red_flags_lately=red_flags_since(db, profile, since),
        findings=None if record.tonight is None else record.tonight.findings,
        weeks=weeks,
    )


def report_input(
    db: Reader, profile: int, catalog: Catalog, name: str, start: date, end: date
) -> ReportInput:
    """Everything the progress report (:mod:`psoas.render.report`) shows for the period,
    from one read of the record."""
    from psoas.render.report import ReportInput

    if not start <= end:
        raise BadInput("the report's start must not be after its end")
    if (end - start).days > MAX_REPORT_DAYS:
        raise BadInput(f"a report covers at most {MAX_REPORT_DAYS} days")
    record = _read(db, profile, catalog)
    overview = _overview(db, profile, record, end, report_weeks(start, end), start)
    progress_then = progress(
        [p for p in points_of(record.tests) if within(p.taken_at, start, end)],
        [r for r in record.pain if within(r.at, start, end)],
        [m for m in measured_thigh_angles(db, profile) if within(m[0], start, end)],
        [r for r in record.psfs if within(r.taken_at, start, end)],
    )
    return ReportInput(name, start, end, overview, progress_then, _facts(record, end, start))


__all__ = [
    "MAX_REPORT_DAYS",
    "facts_of",
    "history_of",
    "load_week",
    "overview_of",
    "progress_of",
    "report_input",
]
