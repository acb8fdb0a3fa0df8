"""Export and import, for ``psoas export|import`` and ``/api/export|import``.

An export writes everything stored for the person (JSON to import again, CSV, or a FHIR
Bundle). An import is all-or-nothing: the whole file is validated before anything is
written (psoas.usecases.import_checks.parse_any_export), everything goes in one transaction,
rows whose uid is stored already are skipped (a second import adds nothing), a session
uid another person holds is refused, and what the person has said already stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psoas.catalog.model import Catalog
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from psoas.store.database import Reader
    from psoas.store.export_format import ExportFile
    from psoas.store.transfer import ImportResult

#: What an import counts, in this order.
KINDS = (
    "tests",
    "sessions",
    "pain_ratings",
    "measurements",
    "screens",
    "clearances",
    "routines",
    "psfs",
)


def export_text(
    db: Reader, profile: int, catalog: Catalog, fmt: str, name: str | None = None
) -> tuple[str, dict[str, Any]]:
    """Everything stored for the person as ``json``, ``csv`` or ``fhir`` text (a FHIR
    Patient gets ``name``, else none), and the export's data (to say what it holds).
    JSON and CSV also tell the facts every surface tells (psoas.core.facts), computed
    by the same rules; an import reads them as a summary and keeps nothing of them."""
    from psoas.store.export_csv import export_csv
    from psoas.store.exporting import export_data, export_json
    from psoas.usecases.record import facts_of

    if fmt not in ("json", "csv", "fhir"):
        raise BadInput("format must be json, csv or fhir")
    data = export_data(db, profile)
    if fmt != "fhir":
        data["facts"] = facts_of(db, profile, catalog).to_data()
    if fmt == "fhir":
        import json

        from psoas.fhir_bundle import to_bundle

        return json.dumps(to_bundle(data, name), indent=1, ensure_ascii=False) + "\n", data
    return (export_csv(data) if fmt == "csv" else export_json(data)), data


def import_file(db: Session, profile: int, parsed: ExportFile, catalog: Catalog) -> ImportResult:
    """Add what the validated file holds that the database lacks (in one transaction)."""
    # Only here: an export reads with the fast SQLite reader and needs none of this.
    from psoas.core.assessment import assess
    from psoas.store.models import Measurement, NightlyScreen, PainRating, SelfTest
    from psoas.store.transfer import (
        ImportResult,
        add_new,
        ids_of_tests,
        measurement_row,
        pain_row,
        screen_row,
        self_test_row,
    )

    result = ImportResult(added=dict.fromkeys(KINDS, 0), skipped=dict.fromkeys(KINDS, 0))
    session_ids = _import_sessions(db, profile, parsed, catalog, result)

    def session_id(uid: str | None) -> int | None:
        return session_ids.get(uid) if uid else None

    add_new(
        db,
        result,
        "tests",
        SelfTest,
        parsed.tests,
        lambda test: self_test_row(
            profile, test, assess(test.answers, catalog).to_data(), session_id(test.session_uid)
        ),
    )
    add_new(
        db,
        result,
        "pain_ratings",
        PainRating,
        parsed.pain_ratings,
        lambda rating: pain_row(profile, rating, session_id(rating.session_uid)),
    )
    tests = ids_of_tests(db, profile, {m.test_uid for m in parsed.measurements if m.test_uid})
    add_new(
        db,
        result,
        "measurements",
        Measurement,
        parsed.measurements,
        lambda measured: measurement_row(
            profile, measured, tests.get(measured.test_uid) if measured.test_uid else None
        ),
    )
    add_new(
        db,
        result,
        "screens",
        NightlyScreen,
        parsed.screens,
        lambda screen: screen_row(profile, screen, session_id(screen.session_uid)),
    )
    _import_clearances(db, profile, parsed, result)
    _import_routines(db, profile, parsed, catalog, result)
    _import_psfs(db, profile, parsed, result)
    _fill_choices(db, profile, parsed)
    return result


def _import_sessions(
    db: Session, profile: int, parsed: ExportFile, catalog: Catalog, result: ImportResult
) -> dict[str, int]:
    """Add the sessions the database lacks; each uid in the file with its id. Only the
    importer's own sessions can be named: a uid another person holds is refused, so a
    file never reaches another person's record."""
    from psoas.store.transfer import add_session, session_owners

    owners = session_owners(db, [s.uid for s in parsed.sessions])
    if any(owner != profile for _, owner in owners.values()):
        raise BadInput("import: a session in the file belongs to someone else on this server")
    ids = {uid: sid for uid, (sid, _) in owners.items()}
    for i, session in enumerate(parsed.sessions):
        named = {step.practice_id for step in session.steps}
        named |= {step["id"] for step in (session.plan or {}).get("steps", [])}
        if any(catalog.get(p) is None for p in named):
            raise BadInput(f"import: sessions.{i} names a practice psoas does not have")
        if session.uid in ids:
            result.skipped["sessions"] += 1
            continue
        ids[session.uid] = add_session(db, profile, session)
        result.added["sessions"] += 1
    return ids


def _import_clearances(db: Session, profile: int, parsed: ExportFile, result: ImportResult) -> None:
    """Add clearances for flags that have none yet; a clearance already kept stays."""
    from psoas.store.transfer import add_clearance_row, kept_clearances

    flags, uids = kept_clearances(db, profile)
    for cleared in parsed.clearances:
        if cleared.flag in flags or cleared.uid in uids:
            result.skipped["clearances"] += 1
            continue
        add_clearance_row(db, profile, cleared)
        result.added["clearances"] += 1


def _import_routines(
    db: Session, profile: int, parsed: ExportFile, catalog: Catalog, result: ImportResult
) -> None:
    """Add the routines the database lacks, each checked against the catalog first."""
    from psoas.usecases.routines import import_routine

    for i, item in enumerate(parsed.routines):
        kept = {
            "status": item.status,
            "author": item.author,
            "starts_on": item.starts_on,
            "chosen": item.chosen,
        }
        try:
            added = import_routine(db, profile, catalog, item.uid, item.routine, **kept)
        except BadInput as exc:
            raise BadInput(f"import: routines.{i}: {exc}") from None
        (result.added if added else result.skipped)["routines"] += 1


def _import_psfs(db: Session, profile: int, parsed: ExportFile, result: ImportResult) -> None:
    """Add the PSFS answerings the database lacks, each checked first."""
    from psoas.core.psfs import parse_ratings
    from psoas.store.psfs_records import add_psfs, psfs_uids

    known = psfs_uids(db)
    for i, item in enumerate(parsed.psfs):
        try:
            ratings = parse_ratings(item.ratings)
        except BadInput as exc:
            raise BadInput(f"import: psfs.{i}: {exc}") from None
        if item.uid in known:
            result.skipped["psfs"] += 1
            continue
        add_psfs(db, profile, ratings, taken_at=item.taken_at, uid=item.uid)
        result.added["psfs"] += 1


def _fill_choices(db: Session, profile: int, parsed: ExportFile) -> None:
    """The person's choices from the file fill in only what they have not said here:
    massage on since the earlier time, props and ability answers not given yet."""
    from psoas.store.models import utcnow
    from psoas.store.transfer import choices_now

    row = choices_now(db, profile)
    choices = parsed.choices
    if choices and choices.massage_on_at:
        row.massage_on_at = row.massage_on_at or choices.massage_on_at
    if choices and choices.props_owned is not None and row.props_owned is None:
        row.props_owned = list(choices.props_owned)
    if choices and choices.abilities:
        given: dict[str, bool] = {str(k): v for k, v in choices.abilities.items()}
        row.abilities = {**given, **(row.abilities or {})}
    row.safety_changed_at = utcnow()


__all__ = ["KINDS", "export_text", "import_file"]
