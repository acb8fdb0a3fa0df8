"""A client at a glance, for their coach and for the report: adherence, the baseline
the plan uses, pain, the PSFS and the flags, each read from the one rule that derives
it (psoas.core.adherence, .tonight, .pain, .psfs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psoas.core.adherence import Adherence, Prescription, adherence, coach_flags, quiet_for
from psoas.core.assessment import Findings
from psoas.core.pain import PainRating, PainRise, pain_series, recent_rise
from psoas.core.psfs import PsfsResponse, psfs_summary
from psoas.core.session_record import SessionSummary


@dataclass(frozen=True)
class ClientOverview:
    """What a coach sees of a client, every value from its one rule."""

    today: date
    #: The routine in force now, and how often it is planned (None: nightly / none).
    routine: str | None
    per_week: int | None
    adherence: Adherence
    days_since_session: int | None
    #: Tonight's findings (the baseline the plan uses), or None before any test.
    findings: Findings | None
    #: The latest rating of the pain series, and a recent rise (psoas.core.pain).
    pain: PainRating | None
    rise: PainRise | None
    psfs: dict[str, Any]
    flags: tuple[str, ...]

    def to_data(self) -> dict[str, Any]:
        """JSON-ready (the API and the templates read this)."""
        found = self.findings
        return {
            "today": self.today.isoformat(),
            "routine": self.routine,
            "per_week": self.per_week,
            "adherence": self.adherence.to_data(),
            "this_week": self.adherence.weeks[-1].to_data(),
            "weeks": [w.to_data() for w in self.adherence.weeks],
            "days_since_session": self.days_since_session,
            "baseline": None
            if found is None
            else {
                "patterns": list(found.patterns),
                "tighter_side": found.tighter_side,
                "bolster_height_cm": found.bolster_height_cm,
                "bolster_height_source": found.bolster_height_source,
            },
            "pain": None if self.pain is None else self.pain.value,
            "pain_at": None if self.pain is None else self.pain.at.isoformat(timespec="seconds"),
            "pain_rise": None if self.rise is None else self.rise.to_data(),
            "psfs": self.psfs,
            "flags": list(self.flags),
        }


def client_overview(
    *,
    today: date,
    sessions: Sequence[SessionSummary],
    prescriptions: Sequence[Prescription],
    pain: Sequence[PainRating],
    psfs: Sequence[PsfsResponse],
    red_flags_lately: Sequence[str],
    findings: Findings | None,
    weeks: int = 8,
) -> ClientOverview:
    """The overview of the ``weeks`` ending ``today``."""
    series = pain_series(pain)
    rise = recent_rise(series)
    now = [p for p in prescriptions if p.in_force(today)]
    return ClientOverview(
        today=today,
        routine=now[-1].routine if now else None,
        per_week=now[-1].per_week if now else None,
        adherence=adherence(sessions, prescriptions, today, weeks),
        days_since_session=quiet_for(sessions, today),
        findings=findings,
        pain=series[-1] if series else None,
        rise=rise,
        psfs=psfs_summary(list(psfs), today),
        flags=tuple(coach_flags(sessions, today, rise, red_flags_lately)),
    )


def within(moment: datetime, start: date, end: date) -> bool:
    """True when ``moment`` falls on a day from ``start`` to ``end`` (local time)."""
    return start <= moment.astimezone().date() <= end


__all__ = ["ClientOverview", "client_overview", "within"]
