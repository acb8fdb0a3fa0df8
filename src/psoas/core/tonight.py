"""Tonight's picture: the answers that hold tonight, the findings and the person's
choices, worked out from a record read from storage (:class:`TonightRecord`).

Every shell (``psoas plan``, ``psoas start``, the web app and the API) plans from
this one function, through the use-case layer, so they all plan from the same facts:
the baseline (:mod:`psoas.core.baseline`: the full test and the check-ins before a
release, never the re-test after it), the bolster height, tonight's screen (the one
being answered, or a stored one newer than the baseline), the pain a rise is measured
from (:mod:`psoas.core.pain`), the provider clearances, the choices, the last
session's flag and the dose by the record (:mod:`psoas.core.progression`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from psoas.catalog.model import Catalog
from psoas.core.assessment import (
    Answers,
    Findings,
    assess,
    stored_answers,
)
from psoas.core.baseline import (
    FULL_TEST,
    StoredTest,
    bolster_height,
    current_baseline,
    measures_better,
)
from psoas.core.bolster import starting_bolster_height_cm
from psoas.core.nightly import Screen, tonight_answers
from psoas.core.pain import PainNow, PainRating, pain_now, pain_series
from psoas.core.plan_types import PlanChoices
from psoas.core.progression import Night, Progression, progression
from psoas.core.safety import Clearance, limits_of

#: Walking's starting length in minutes when the catalog has no walking practice.
WALK_START_MIN = 10


@dataclass(frozen=True)
class TonightRecord:
    """Everything tonight's picture is built from, as storage holds it (nothing decided)."""

    #: The newest full test, the check-ins since, and the newest test with a lift height
    #: when it is older (psoas.core.baseline).
    tests: Sequence[StoredTest] = ()
    #: Pain ratings of the rise window and the newest few (psoas.core.pain).
    pain: Sequence[PainRating] = ()
    #: The newest stored screen and when it was answered.
    latest_screen: Screen | None = None
    latest_screen_at: datetime | None = None
    clearances: Sequence[Clearance] = ()
    massage_on: bool = False
    #: Props owned (None until said) and the person's ability answers ({"floor": False}).
    props_owned: frozenset[str] | None = None
    abilities: dict[str, bool] = field(default_factory=dict)
    #: The flag of the newest session that ended, if any.
    last_session_flag: str | None = None
    #: The newest ended sessions as the progression rules see them, oldest first.
    nights: Sequence[Night] = field(default_factory=tuple)
    #: The first full self-test: its day and answers.
    first_test: tuple[date, Answers] | None = None


@dataclass(frozen=True)
class Tonight:
    """What tonight's plan is built from."""

    answers: Answers
    findings: Findings
    choices: PlanChoices
    #: Answer field -> the test that measured the value in use (psoas.core.baseline).
    measured: dict[str, str] = field(default_factory=dict)


def tonight_picture(
    record: TonightRecord,
    catalog: Catalog,
    now: datetime,
    today: date,
    *,
    screen: Screen | None = None,
    given: Answers | None = None,
) -> Tonight | None:
    """Tonight's picture from ``record``, or None before the first self-test.

    ``screen`` is a screen being answered now (not yet stored); without it, a stored
    screen newer than the baseline gives tonight's flags and pain. ``given`` are
    answers given now (a self-test being taken, or ``psoas plan --answers``): they are
    the picture, with the bolster kept from earlier tests when they measured none.
    """
    starting = starting_bolster_height_cm(catalog)
    series = pain_series(record.pain)
    if given is not None:
        told = pain_now(series, now, given.pain)
        bolster = bolster_height([*record.tests, StoredTest(now, FULL_TEST, given)], starting)
        findings = assess(
            given, catalog, **_pain_args(told), clearances=record.clearances, bolster=bolster
        )
        return Tonight(given, findings, _choices(record, catalog, today, given))
    baseline = current_baseline(record.tests, starting)
    if baseline is None:
        return None
    if screen is not None:
        told = pain_now(series, now, screen.pain)
    else:
        at = record.latest_screen_at
        if record.latest_screen is not None and at is not None and at > baseline.since:
            screen = record.latest_screen
        told = pain_now(series, now)
    pain = told.value if told else baseline.answers.pain
    answers = replace(tonight_answers(baseline.answers, screen, catalog), pain=pain)
    findings = assess(
        answers,
        catalog,
        **_pain_args(told),
        clearances=record.clearances,
        measured=baseline.measured,
        bolster=baseline.bolster,
    )
    choices = _choices(record, catalog, today, baseline.answers)
    return Tonight(answers, findings, choices, dict(baseline.measured))


def general_answers() -> Answers:
    """Answers with nothing tested and no pain, for what shows the routines before the
    first self-test (handouts, reminders)."""
    blank = dict.fromkeys(("thighs_lift", "thighs_flat", "back_gap", "gap_even"))
    return stored_answers({**blank, "ribs_stick_out": None, "pain": 0})


def _pain_args(told: PainNow | None) -> dict[str, Any]:
    """What :func:`assess` takes of the pain a plan goes by."""
    if told is None:
        return {}
    return {"previous_pain": told.reference, "previous_pain_words": told.reference_words}


def _choices(record: TonightRecord, catalog: Catalog, today: date, now: Answers) -> PlanChoices:
    """The person's choices, and tonight's dose with the test answers that hold ``now``."""
    return PlanChoices(
        massage=record.massage_on,
        step_back=record.last_session_flag,
        progression=dose_tonight(record, catalog, today, now),
        owned=record.props_owned,
        unable=limits_of(record.abilities),
    )


def dose_tonight(
    record: TonightRecord, catalog: Catalog, today: date, now: Answers | None = None
) -> Progression:
    """Tonight's dose from the record (:mod:`psoas.core.progression`): the nights, and
    whether any measure of the test is better than at the first self-test (for the
    six-week review), measured against ``now`` (the answers that hold now; by default
    the baseline's)."""
    moved = None
    if record.first_test is not None:
        if now is None:
            baseline = current_baseline(record.tests)
            now = baseline.answers if baseline else None
        if now is not None:
            moved = measures_better(record.first_test[1], now)
    walk = catalog.get("walking")
    return progression(
        record.nights,
        today,
        first_test=record.first_test[0] if record.first_test else None,
        moved=moved,
        walk_start_min=walk.hold.default_s // 60 if walk else WALK_START_MIN,
    )


__all__ = [
    "Tonight",
    "TonightRecord",
    "dose_tonight",
    "general_answers",
    "tonight_picture",
]
