"""``psoas massage`` (ball massage is opt-in) and ``psoas clearance`` (a provider has
cleared you for a caution flag)."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context


def register(commands: Any) -> None:
    """Add the ``massage`` and ``clearance`` sub-commands."""
    massage = commands.add_parser(
        "massage",
        help=summary("massage"),
        description="Ball massage is off until you turn it on. Turning it on asks a few "
        "safety questions first (hip or spine, belly surgery, hernia, blood thinners, "
        "pregnancy); any answer that rules it out keeps it off.",
    )
    massage.add_argument("state", nargs="?", choices=("on", "off"), help="turn it on or off")
    massage.add_argument(
        "--answers", metavar="FILE", help="the safety answers as JSON instead of asking"
    )
    massage.add_argument("--json", action="store_true", help="print the state as JSON")
    massage.set_defaults(run=run_massage)

    clearance = commands.add_parser(
        "clearance",
        help=summary("clearance"),
        description="Record that your midwife, doctor or physiotherapist has cleared you for "
        "pregnancy or a hip or spine problem. It brings back what waited for that "
        "(strength, for example); the safer versions stay, and it never lifts a flag that "
        "sends you to a provider first.",
    )
    actions = clearance.add_subparsers(dest="action", metavar="ACTION", required=False)
    add = actions.add_parser("add", help="record a clearance")
    add.add_argument("flag", help="pregnancy or hip_or_spine_condition")
    add.add_argument("--on", required=True, type=past_day, metavar="YYYY-MM-DD", help="the date")
    add.add_argument("--by", metavar="WHO", help="who cleared you, e.g. 'my midwife'")
    remove = actions.add_parser("remove", help="take a clearance back")
    remove.add_argument("flag")
    clearance.add_argument("--json", action="store_true", help="list them as JSON")
    clearance.set_defaults(run=run_clearance)


def past_day(text: str) -> date:
    """A date given on the command line, not in the future (argparse type)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-20") from None
    if day > date.today():
        raise argparse.ArgumentTypeError(f"{text} is in the future")
    return day


def run_massage(args: argparse.Namespace, ctx: Context) -> int:
    """Show, turn on (after the safety questions) or turn off ball massage."""
    from psoas.core.safety import massage_refusals
    from psoas.store.repository import profile_id
    from psoas.usecases.choices import massage_state, set_massage_choice

    answers = None
    if args.state == "on":
        answers = _massage_answers(args, ctx)
        refused = massage_refusals(answers, ctx.catalog)
        if refused:
            print("Ball massage stays off, because of your answer to:")
            for question in refused:
                print(f"  - {question}")
            print("Talk it over with a healthcare provider first (general safety advice).")
            return 1
    with ctx.db.session() as db:
        profile = profile_id(db)
        if args.state is not None:
            set_massage_choice(db, profile, ctx.catalog, args.state == "on", answers)
        found = massage_state(db, profile, ctx.catalog)
    since = datetime.fromisoformat(found["since"]) if found["since"] else None
    if args.json:
        ctx.print_json({"on": since is not None, "since": since.isoformat() if since else None})
    elif since is None:
        print("Ball massage is off. Turn it on with: psoas massage on (a few questions first)")
    else:
        print(f"Ball massage is on (since {since.astimezone():%d %b %Y}). Off: psoas massage off")
    return 0


def _massage_answers(args: argparse.Namespace, ctx: Context) -> Any:
    """The catalog's massage questions, asked (or read from --answers)."""
    if args.answers:
        from psoas.cli.files import read_json_file

        return read_json_file(args.answers, "answers file")
    from psoas.cli.check_prompts import ask, yes_no

    print("Before ball massage, a few safety questions. Answer y or n.")
    return {
        check.id: ask(f"{check.question} [y/n]", yes_no(), _read)
        for check in ctx.catalog.massage_checks
    }


def _read(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise BadInput(
            "input ended before the questions were answered; massage stays off"
        ) from None


def run_clearance(args: argparse.Namespace, ctx: Context) -> int:
    """List, add or remove provider clearances."""
    from psoas.core.safety import clearable
    from psoas.store.repository import profile_id
    from psoas.usecases.choices import add_clearance, clearance_list, drop_clearance

    with ctx.db.session() as db:
        profile = profile_id(db)
        if args.action == "add":
            flag = clearable(args.flag, ctx.catalog)
            add_clearance(db, profile, ctx.catalog, flag.id, args.on, args.by)
            print(f"Noted: cleared for {flag.name.lower()} on {args.on:%d %b %Y}.")
        elif args.action == "remove":
            flag = clearable(args.flag, ctx.catalog)
            drop_clearance(db, profile, ctx.catalog, flag.id)
            print(f"Taken back: the clearance for {flag.name.lower()}.")
        found = clearance_list(db, profile)
    if args.json:
        ctx.print_json([c.to_data() for c in found])
    elif args.action is None:
        if not found:
            print("No clearances recorded. Add one with: psoas clearance add FLAG --on DATE")
        for c in found:
            by = f" by {c.by}" if c.by else ""
            print(f"{c.flag_id}: cleared{by} on {c.cleared_on:%d %b %Y}")
    return 0
