"""``psoas history``, ``progress``, ``export`` and ``import``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary

if TYPE_CHECKING:
    from psoas.cli.context import Context


def register(commands: Any) -> None:
    """Add the history, progress, export and import sub-commands."""
    history = commands.add_parser("history", help=summary("history"))
    history.add_argument("--limit", type=int, default=20, metavar="N", help="sessions shown (text)")
    history.add_argument("--json", action="store_true", help="print JSON (every session)")
    history.set_defaults(run=run_history)

    progress = commands.add_parser("progress", help=summary("progress"))
    progress.add_argument("--json", action="store_true", help="print JSON")
    progress.add_argument("--png", metavar="FILE", help="also draw the chart as a PNG file")
    progress.set_defaults(run=run_progress)

    week = commands.add_parser(
        "week",
        help=summary("week"),
        description="The seven days ending today: sessions done and skipped, minutes, how "
        "your tests moved, and what changes in the plan from now on, and why.",
    )
    week.add_argument("--json", action="store_true", help="print JSON")
    week.set_defaults(run=run_week)

    export = commands.add_parser("export", help=summary("export"))
    export.add_argument(
        "--format",
        choices=("json", "csv", "fhir"),
        default="json",
        help="json (default, re-importable), csv, or fhir: a FHIR R4B Bundle for a clinical "
        "record (tests, pain, sessions, routines, PSFS; importable too)",
    )
    export.add_argument("--name", help="fhir: the name to give as the Patient's (else none)")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    export.set_defaults(run=run_export)

    importer = commands.add_parser("import", help=summary("import"))
    importer.add_argument("file", metavar="FILE", help="a file made by `psoas export`")
    importer.add_argument("--json", action="store_true", help="print the counts as JSON")
    importer.set_defaults(run=run_import)


def run_week(args: argparse.Namespace, ctx: Context) -> int:
    """The week in review."""
    from psoas.store.reads import profile_id
    from psoas.usecases.record import load_week

    with ctx.reader() as db:
        week = load_week(db, profile_id(db), ctx.catalog)
    if args.json:
        ctx.print_json(week.to_data())
        return 0
    print(week_text(week), end="")
    return 0


def week_text(week: Any) -> str:
    """The week for a terminal: done, moved, next."""
    from psoas.cli.text import bullets

    span = f"{week.start:%a %d %b} to {week.end:%a %d %b}"
    lines = [f"This week ({span}):"]
    if not week.sessions:
        lines.append("  no sessions yet this week. Start one with: psoas start")
    else:
        lines.append(
            f"  {_count(week.sessions, 'session')} ({week.counted}), "
            f"{_count(week.steps_done, 'step')} done, {week.steps_skipped} skipped, "
            f"{week.minutes:g} min."
        )
    lines += ["", "How your tests moved:"]
    lines += bullets(week.moved) if week.moved else ["  no change this week."]
    lines += ["", "What changes next:", *bullets(week.next_week)]
    return "\n".join(lines) + "\n"


def run_history(args: argparse.Namespace, ctx: Context) -> int:
    """Sessions and their totals, newest last."""
    from datetime import date

    from psoas.core.progress import summarize_history
    from psoas.store.reads import profile_id, session_summaries

    with ctx.reader() as db:
        sessions = session_summaries(db, profile_id(db))
    summary = summarize_history(sessions, date.today())
    if args.json:
        ctx.print_json({"summary": summary.to_data(), "sessions": [s.to_data() for s in sessions]})
        return 0
    if not sessions:
        print("No sessions yet. Start one with: psoas start")
        return 0
    shown = sessions[-args.limit :] if args.limit > 0 else sessions
    from psoas.core.session_record import OUTCOME_WORDS

    header = ("date", "routine", "counts as", "status", "done", "skip", "part", "min")
    print("{:<17} {:<11} {:<12} {:<12} {:>4} {:>4} {:>4} {:>6}".format(*header))
    for s in shown:
        when = s.started_at.astimezone().strftime("%a %d %b %H:%M")
        print(
            f"{when:<17} {s.routine:<11} {OUTCOME_WORDS[s.outcome]:<12} "
            f"{s.status.replace('_', ' '):<12} "
            f"{s.done:>4} {s.skipped:>4} {s.partial:>4} {s.seconds_held / 60:>6.1f}"
        )
        if s.flag:
            print(f"{'':<17} !! {s.flag}: the next plan steps back")
    if len(shown) < len(sessions):
        print(f"({len(sessions) - len(shown)} older sessions not shown; --limit 0 shows all)")
    from psoas.cli.text import wrap

    print()
    print(
        wrap(
            f"Sessions: {summary.words} (done: ended with more than half of its steps done). "
            f"Steps done {summary.steps_done}, skipped {summary.steps_skipped}, partial "
            f"{summary.steps_partial}; {summary.minutes:g} min in all."
        )
    )
    print(
        f"Streak: {_days(summary.current_streak_days)} now, longest "
        f"{_days(summary.longest_streak_days)} (a rest day between sessions keeps it going)."
    )
    return 0


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def run_progress(args: argparse.Namespace, ctx: Context) -> int:
    """Trends of the test's own measures and of pain."""
    from psoas.store.reads import profile_id
    from psoas.usecases.record import facts_of, progress_of

    with ctx.reader() as db:
        profile = profile_id(db)
        result = progress_of(db, profile)
        facts = facts_of(db, profile, ctx.catalog)
    if args.png:
        from psoas.cli.files import write_file

        write_file(args.png, _chart_png(ctx, result))
    if args.json:
        ctx.print_json({**result.to_data(), "facts": facts.to_data()})
        return 0
    if not result.tests:
        print("No tests yet. Take one with: psoas check")
        return 0
    print(facts_text(facts))
    print(progress_text(result))
    if args.png:
        print(f"Chart written to {args.png}.")
    return 0


#: Drawn charts kept in the cache folder; the oldest go first.
CHARTS_KEPT = 8


def _chart_png(ctx: Context, result: Any) -> bytes:
    """The progress chart as PNG: drawn once per state of the data, then read from the
    cache folder until a new test or rating changes it (the app's own choice, because
    drawing takes far longer than reading)."""
    from psoas.charts import chart_key, progress_chart

    folder = ctx.settings.cache_dir / "charts"
    kept = folder / f"progress-{chart_key(result, 'day')}.png"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    png = progress_chart(result, "png")
    try:  # a cache that cannot be written only costs the next run the drawing
        folder.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(".part")
        partial.write_bytes(png)
        partial.replace(kept)
        for old in sorted(folder.glob("progress-*.png"), key=lambda f: f.stat().st_mtime)[
            :-CHARTS_KEPT
        ]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    return png


LABELS = {
    "bolster_height_cm": "Bolster height (cm)",
    "thighs_flat": "Thighs flat (1 yes, 0 no)",
    "back_gap": "Back gap (0 pencil, 1 fingers, 2 hand)",
    "gap_even": "Left/right even (1 yes, 0 no)",
    "ribs_stick_out": "Ribs rising (1 yes, 0 no)",
    "pain": "Pain before practice (0-10)",
    "discomfort_after": "Discomfort after sessions (0-10)",
    "measured_thigh_left_deg": "Thigh angle from photos, left (degrees)",
    "measured_thigh_right_deg": "Thigh angle from photos, right (degrees)",
    "psfs": "PSFS: activities you find hard (0-10, higher is better)",
}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def facts_text(facts: Any) -> str:
    """The facts every surface tells (psoas.core.facts), under "Now:"."""
    from psoas.cli.text import wrap

    return "\n".join(["Now:", *(wrap(line, "  - ", "    ") for line in facts.lines()), ""])


def progress_text(result: Any) -> str:
    """Each measure in words with dates and its trend, then the pain verdict."""
    from psoas.cli.text import wrap
    from psoas.core.progress import PHOTO_MEASURES

    checkins = result.tests - result.full_tests
    lines = [
        f"{_count(result.tests, 'test')}: {_count(result.full_tests, 'self-test')} and "
        f"{_count(checkins, 'check-in')}."
    ]
    lines.append("Where your nights start (re-tests after the release are kept apart):")
    trends = {t.measure: t for t in result.trends}
    for told in result.words:
        trend = trends.get(told.measure)
        mark = f"  [{trend.direction}]" if trend and trend.direction != "unknown" else ""
        lines.append(wrap(f"{told.text}{mark}", "  - ", "    "))
    # Pain and the photo angles are told in sentences of their own below.
    in_words = {w.measure for w in result.words} | set(PHOTO_MEASURES) | {"pain"}
    for trend in result.trends:
        if trend.measure in in_words:
            continue
        first = "-" if trend.first is None else f"{trend.first:g}"
        latest = "-" if trend.latest is None else f"{trend.latest:g}"
        lines.append(f"  - {LABELS[trend.measure]}: {first} → {latest} [{trend.direction}]")
    # Pain and the PSFS are told once, in the facts above (facts_text).
    photo = result.photo_words()
    if photo:
        lines.append("")
        lines.extend(wrap(sentence) for sentence in photo)
    return "\n".join(lines)


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write everything stored as JSON (re-importable) or CSV (for spreadsheets)."""
    from psoas.store.reads import profile_id
    from psoas.usecases.transfer import export_text

    with ctx.reader() as db:
        text, data = export_text(db, profile_id(db), ctx.catalog, args.format, args.name)
    if args.output:
        from psoas.cli.files import write_file

        write_file(args.output, text)
        print(f"Exported to {args.output}: {export_contents(data, args.format)}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def export_contents(data: dict[str, Any], fmt: str) -> str:
    """What an export holds, in words (the person knows what they are handing over)."""
    kinds = ["tests", "sessions", "pain_ratings", "measurements", "screens"]
    kinds += ["routines", "psfs"] if fmt != "csv" else []
    if fmt == "json":
        kinds.append("clearances")
    counts = [f"{len(data.get(k, []))} {k.replace('_', ' ')}" for k in kinds]
    left = "; clearances and your choices stay in the JSON export" if fmt == "fhir" else ""
    return ", ".join(counts).replace("psfs", "PSFS answerings") + left


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    """Validate the whole file, then add what is new in one transaction."""
    from psoas.cli.files import read_json_file
    from psoas.store.database import check_integrity
    from psoas.store.repository import profile_id
    from psoas.usecases.import_checks import parse_any_export
    from psoas.usecases.transfer import import_file

    parsed = parse_any_export(read_json_file(args.file, "export file"))
    check_integrity(ctx.db)  # never add to a damaged file
    with ctx.db.session() as db:
        result = import_file(db, profile_id(db), parsed, ctx.catalog)
    if args.json:
        ctx.print_json({"added": result.added, "skipped": result.skipped})
    else:
        added = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in result.added.items())
        skipped = sum(result.skipped.values())
        print(f"Imported {added}; {skipped} already present and skipped.")
    return 0
