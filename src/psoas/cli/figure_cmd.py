"""``psoas length`` (the psoas length model) and ``psoas handout`` (a printable PDF)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from psoas.cli.assess_cmd import PLAN_CHOICES
from psoas.cli.commands import summary
from psoas.cli.safety_cmd import past_day
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context


def _degrees(low: float, high: float) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of degrees") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} must be between {low:g} and {high:g}")
        return value

    return parse


def register(commands: Any) -> None:
    """Add the ``length`` and ``handout`` sub-commands."""
    length = commands.add_parser(
        "length",
        help=summary("length"),
        description="Estimate the psoas muscle-tendon length relative to standing (1.0) from "
        "hip flexion (negative = extension) and lumbar extension (negative = flexion).",
    )
    length.add_argument("--hip-flexion", type=_degrees(-40, 140), required=True, metavar="DEG")
    length.add_argument("--lumbar-extension", type=_degrees(-60, 45), default=0.0, metavar="DEG")
    length.add_argument("--json", action="store_true", help="print JSON")
    length.set_defaults(run=run_length)

    handout = commands.add_parser(
        "handout",
        help=summary("handout"),
        description="Write a PDF with one page per routine: each step's figure, hold, cues "
        "and cautions. Uses --answers or the latest test; without either, a general routine.",
    )
    handout.add_argument(
        "--routine",
        choices=PLAN_CHOICES,
        help="one routine, or own: your chosen routine (default: all four, and yours)",
    )
    handout.add_argument("--pdf", required=True, metavar="FILE", help="PDF file to write")
    handout.add_argument("--answers", metavar="FILE", help="answers as JSON")
    handout.add_argument("--minutes", type=float, metavar="N", help="time budget per routine")
    handout.add_argument("--for", dest="made_for", default="", metavar="NAME", help="name shown")
    handout.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)"
    )
    handout.add_argument(
        "--link",
        metavar="URL",
        help="where psoas is served (e.g. http://192.168.1.5:8000): each practice links there",
    )
    handout.set_defaults(run=run_handout)

    report = commands.add_parser(
        "report",
        help=summary("report"),
        description="A printable progress report over a period, to give your physiotherapist: "
        "sessions done against planned week by week, the test, pain, the PSFS and the flags, "
        "then the chart.",
    )
    report.add_argument("--pdf", required=True, metavar="FILE", help="PDF file to write")
    report.add_argument("--from", dest="start", type=past_day, metavar="YYYY-MM-DD",
                        help="first day (default: 4 weeks before the last)")  # fmt: skip
    report.add_argument("--to", dest="end", type=past_day, metavar="YYYY-MM-DD",
                        help="last day (default: today)")  # fmt: skip
    report.add_argument("--for", dest="made_for", default="", metavar="NAME", help="name shown")
    report.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)"
    )
    report.set_defaults(run=run_report)


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    """Write the progress report for the period."""
    from datetime import date, timedelta

    from psoas.cli.files import write_file
    from psoas.render.report import report_pdf
    from psoas.store.reads import profile_id
    from psoas.usecases.record import report_input

    end = args.end or date.today()
    start = args.start or end - timedelta(days=27)
    with ctx.db.connect() as db:
        name = args.made_for or "You"
        report = report_input(db, profile_id(db), ctx.catalog, name, start, end)
    write_file(args.pdf, report_pdf(report, args.paper))
    print(f"Report for {start:%d %b %Y} to {end:%d %b %Y} written to {args.pdf}.")
    return 0


def run_length(args: argparse.Namespace, ctx: Context) -> int:
    """Print the model's relative length for the given angles."""
    from psoas.core.psoas_length import (
        STANDING_LENGTH_M,
        path_length_m,
        relative_length,
        sitting_change_percent,
    )

    relative = relative_length(args.hip_flexion, args.lumbar_extension)
    if args.json:
        ctx.print_json(
            {
                "hip_flexion": args.hip_flexion,
                "lumbar_extension": args.lumbar_extension,
                "relative_length": round(relative, 4),
                "length_cm": round(path_length_m(args.hip_flexion, args.lumbar_extension) * 100, 1),
                "standing_length_cm": round(STANDING_LENGTH_M * 100, 1),
            }
        )
        return 0
    print(
        f"Hip flexion {args.hip_flexion:g}°, lumbar extension {args.lumbar_extension:g}°: "
        f"psoas about {relative:.3f} of its standing length ({(relative - 1) * 100:+.0f} %). "
        f"For comparison, sitting: {sitting_change_percent():+d} %."
    )
    return 0


def _link(url: str | None) -> str | None:
    """The served address for links, or BadInput when it is not an http(s) address."""
    if url is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or not url.isprintable():
        raise BadInput(f"--link must be an http:// or https:// address, not {url[:80]!r}")
    return url.strip().rstrip("/")


def run_handout(args: argparse.Namespace, ctx: Context) -> int:
    """Build the plans and write the PDF."""

    from datetime import date

    from psoas.cli.assess_cmd import read_answers_file
    from psoas.core.planner import ROUTINES
    from psoas.render.handout import Reader, handout_pdf
    from psoas.store.repository import profile_id
    from psoas.usecases.record import progress_of
    from psoas.usecases.tonight import (
        load_tonight,
        plan_for_tonight,
        tonight_or_general,
        tonight_routine,
    )
    from psoas.validation import plain_text

    given = read_answers_file(args.answers) if args.answers else None
    general = False
    with ctx.db.session() as db:
        if given is not None:
            tonight = load_tonight(db, profile_id(db), ctx.catalog, given=given)
        else:
            tonight, general = tonight_or_general(db, profile_id(db), ctx.catalog)
            if general:
                print("No self-test stored: the handout shows the general routines.")
    assert tonight is not None
    if args.minutes is not None and not 1 <= args.minutes <= 600:
        raise BadInput("--minutes must be between 1 and 600")
    with ctx.db.connect() as db:
        profile = profile_id(db)
        routines = [args.routine] if args.routine else list(ROUTINES)
        if not args.routine and tonight_routine(db, profile, date.today()) is not None:
            routines.append("own")
        plans = [
            plan_for_tonight(
                db, ctx.catalog, profile, tonight, r, None if r == "own" else args.minutes
            )
            for r in routines
        ]
    with ctx.db.session() as db:
        progress = progress_of(db, profile_id(db))
    reader = Reader(
        name=plain_text(args.made_for, "--for") or "",
        findings=None if general else tonight.findings,
        link_base=_link(args.link),
        progress=progress,
    )
    pdf = handout_pdf(ctx.catalog, plans, reader, args.paper)
    from psoas.cli.files import write_file

    write_file(args.pdf, pdf)
    more = " and your progress" if progress.tests >= 2 else ""
    print(f"Wrote {args.pdf}: {len(plans)} routine(s){more} on {args.paper.upper()} paper.")
    return 0
