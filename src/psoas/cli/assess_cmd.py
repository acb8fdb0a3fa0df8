"""``psoas check`` (the self-test) and ``psoas plan`` (a personal routine)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context
    from psoas.core.assessment import Answers, Findings
    from psoas.core.planner import Plan
    from psoas.core.tonight import Tonight

ROUTINE_CHOICES = ("bedtime", "pre-walk", "desk-break", "full")
#: What a routine argument may name: the app's routines, or ``own`` (the chosen one).
PLAN_CHOICES = (*ROUTINE_CHOICES, "own")
ROUTINE_HELP = (
    "bedtime, pre-walk, desk-break, full, or own (default: your chosen routine, else bedtime)"
)


def register(commands: Any) -> None:
    """Add the ``check`` and ``plan`` sub-commands."""
    check = commands.add_parser(
        "check",
        help=summary("check"),
        description="Take the sit-to-lie self-test and the safety questions. Without "
        "--answers it asks one question at a time and explains each check.",
    )
    check.add_argument("--answers", metavar="FILE", help="answers as JSON ('-' for stdin)")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--no-save", action="store_true", help="do not store this test")
    check.set_defaults(run=run_check)

    plan = commands.add_parser(
        "plan",
        help=summary("plan"),
        description="Build a personal routine from the latest stored test, or from --answers.",
    )
    plan.add_argument("--routine", choices=PLAN_CHOICES, metavar="ROUTINE", help=ROUTINE_HELP)
    plan.add_argument("--minutes", type=_minutes, metavar="N", help="time budget in minutes")
    plan.add_argument(
        "--answers", metavar="FILE", help="answers as JSON instead of the latest test"
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.set_defaults(run=run_plan)


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not 1 <= value <= 600:
        raise argparse.ArgumentTypeError(f"{text} must be between 1 and 600 minutes")
    return value


def read_answers_file(name: str) -> Answers:
    """Answers from a JSON file (or stdin for ``-``), as :class:`BadInput` when invalid."""
    from psoas.cli.files import read_json_file
    from psoas.core.assessment import parse_answers

    return parse_answers(read_json_file(name, "answers file"))


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    """Take the self-test, show the findings, store them."""
    if args.answers:
        answers = read_answers_file(args.answers)
    else:
        from psoas.cli.check_prompts import UrgentCare, ask_answers

        try:
            answers = ask_answers(ctx.catalog)
        except UrgentCare:
            print("\nThe self-test stops here and nothing was saved. Please get care first.")
            return 1
    from psoas.store.repository import profile_id
    from psoas.usecases.selftest import take_test

    with ctx.db.session() as db:
        findings = take_test(db, profile_id(db), ctx.catalog, answers, save=not args.no_save)
    if args.json:
        ctx.print_json(findings.to_data())
    else:
        print(findings_text(findings, not args.no_save), end="")
    return 0


def run_plan(args: argparse.Namespace, ctx: Context) -> int:
    """Build and print the plan for a routine."""
    from psoas.store.reads import profile_id
    from psoas.usecases.tonight import plan_for_tonight

    given = read_answers_file(args.answers) if args.answers else None
    tonight = load_tonight_or_exit(ctx, given)
    with ctx.reader() as db:
        plan = plan_for_tonight(
            db, ctx.catalog, profile_id(db), tonight, args.routine, args.minutes
        )
    if args.json:
        ctx.print_json(plan.to_data())
    else:
        print(plan_text(plan), end="")
    return 0


def load_tonight_or_exit(ctx: Context, given: Answers | None = None) -> Tonight:
    """Tonight's picture; exit 2 with the next step when there is no self-test yet."""
    from psoas.store.reads import profile_id
    from psoas.usecases.tonight import load_tonight

    with ctx.reader() as db:
        tonight = load_tonight(db, profile_id(db), ctx.catalog, given=given)
    if tonight is None:
        raise BadInput("no self-test yet: run `psoas check` first, or pass --answers FILE")
    return tonight


def findings_text(findings: Findings, saved: bool) -> str:
    """The findings for a terminal: patterns, bolster height, reasons, what next."""
    from psoas.cli.text import bullets, wrap
    from psoas.core.units import format_length

    names = {
        "hip_flexion": "hip flexion",
        "rib_thrust": "rib thrust",
        "one_side_tighter": f"{findings.tighter_side or 'one'} side tighter",
        "subtle": "subtle",
    }
    if findings.urgent:
        return wrap(f"!! {findings.reasons[0]}", "", "   ") + "\n" + ("Saved.\n" if saved else "")
    lines = []
    if findings.see_provider and findings.tier == "caution":
        caution = "Check this program with a healthcare provider; psoas uses safer versions."
        lines += [f"!! {caution}", ""]
    elif findings.see_provider:
        lines += ["!! See a healthcare provider before going on with this program.", ""]
    shown = ", ".join(names[p] for p in findings.patterns) or "no tight-psoas pattern today"
    if not findings.tested:
        shown = "not done (safety questions only)"
    lines.append(f"Your test: {shown}")
    lines.append(f"Bolster height: {format_length(findings.bolster_height_cm)}")
    lines += ["", "Why:", *bullets(findings.reasons)]
    lines.append("")
    if saved:
        lines.append("Saved.")
    lines.append("Next: psoas plan --routine bedtime")
    return "\n".join(lines) + "\n"


def plan_text(plan: Plan) -> str:
    """The plan for a terminal: warnings first, numbered steps with times, then notes."""
    from psoas.cli.text import bullets, wrap
    from psoas.core.units import format_duration, format_length

    if plan.urgent:
        return wrap(f"!! {plan.warnings[0]}", "", "   ") + "\n"
    title = plan.title
    if plan.rest_only:
        title = f"Rest plan (instead of {title.lower()})"
    lines = [f"{title}: {format_duration(plan.total_seconds)}"]
    if plan.author:
        title += f", from your physiotherapist {plan.author}"
        lines[0] = f"{title}: {format_duration(plan.total_seconds)}"
    if plan.pause_seconds:
        lines[0] += f", with {format_duration(plan.pause_seconds)} to get ready and switch sides"
    if plan.budget_seconds is not None:
        lines[0] += f" (budget {format_duration(plan.budget_seconds)})"
    lines += [wrap(warning, "!! ", "   ") for warning in plan.warnings]
    lines.append("")
    for n, step in enumerate(plan.steps, start=1):
        label = step.name
        if step.role == "retest":
            label = "Re-test"
        if step.sets:
            label += f", set {step.set_no} of {step.sets}: {step.reps} reps"
        if step.side:
            label += f" ({step.side})"
        if step.bolster_height_cm is not None:
            label += f", bolster {format_length(step.bolster_height_cm)}"
        lines.append(f"{n:>3}. {label:<52} {format_duration(step.seconds):>10}")
        lines.append(wrap(step.why, "       "))
    if plan.notes:
        lines += ["", "Notes:", *bullets(plan.notes)]
    return "\n".join(lines) + "\n"
