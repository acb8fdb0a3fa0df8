"""``psoas routine``: compose routines of your own, choose one as tonight's plan, and
answer the routines your physiotherapist writes for you."""

from __future__ import annotations

import argparse
import re
import shlex
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context
    from psoas.store.routine_records import RoutineRecord

STEP_HELP = (
    "a practice id, then optional parts after colons: a hold (90, 90s or 7min), sets x reps "
    "(3x10), a side (left or right); e.g. bolster-release:7min glute-core-strength:3x10"
)


def register(commands: Any) -> None:
    """Add the ``routine`` sub-command and its actions."""
    routine = commands.add_parser(
        "routine",
        help=summary("routine"),
        description="Routines of your own, built from the catalog's practices (their holds, "
        "sets, sides and notes are yours; tonight's safety rules still apply), and those "
        "your physiotherapist writes for you.",
    )
    actions = routine.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="your routines, and which one is tonight's")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    new = actions.add_parser("new", help="compose a routine from practice ids")
    new.add_argument("name", help="what to call it")
    new.add_argument("steps", nargs="+", metavar="STEP", help=STEP_HELP)
    new.add_argument("--no-tests", action="store_true", help="without the self-test first and last")
    new.add_argument("--note", help="a few words shown with the plan")
    new.set_defaults(run=run_new)

    save = actions.add_parser(
        "save", help="save a routine from a JSON file (as `psoas routine show --json` writes)"
    )
    save.add_argument("file", metavar="FILE", help="the routine as JSON ('-' for stdin)")
    save.set_defaults(run=run_save)

    show = actions.add_parser("show", help="one routine, with every change made to it")
    show.add_argument("name", help="its name or id")
    show.add_argument("--json", action="store_true", help="print the routine as JSON (to edit)")
    show.set_defaults(run=run_show)

    use = actions.add_parser("use", help="make a routine tonight's plan")
    use.add_argument("name", nargs="?", help="its name or id")
    use.add_argument("--app", action="store_true", help="back to the app's own routines")
    use.set_defaults(run=run_use)

    for verb, words in (("accept", "accept"), ("decline", "decline")):
        answer = actions.add_parser(verb, help=f"{words} a routine your physiotherapist wrote")
        answer.add_argument("name", help="its name or id")
        answer.set_defaults(run=run_answer, accept=verb == "accept")

    delete = actions.add_parser("delete", help="take a routine off your list")
    delete.add_argument("name", help="its name or id")
    delete.set_defaults(run=run_delete)


_HOLD = re.compile(r"^(\d+)(s|sec|min|m)?$")
_SETS = re.compile(r"^(\d+)x(\d+)$")


def parse_step(text: str) -> dict[str, Any]:
    """``ID[:PART...]`` as a routine item: parts are a hold, sets x reps and a side."""
    practice, *parts = text.strip().split(":")
    item: dict[str, Any] = {"practice": practice}
    for part in (p.strip().lower() for p in parts):
        hold, sets = _HOLD.match(part), _SETS.match(part)
        if hold:
            scale = 60 if hold.group(2) in ("min", "m") else 1
            item["hold_s"] = int(hold.group(1)) * scale
        elif sets:
            item["sets"], item["reps"] = int(sets.group(1)), int(sets.group(2))
        elif part in ("left", "right"):
            item["side"] = part
        else:
            raise BadInput(f"step {text[:60]!r}: cannot read {part[:20]!r} ({STEP_HELP})")
    return item


def run_new(args: argparse.Namespace, ctx: Context) -> int:
    """Compose a routine from the command line, and save it."""
    data = {
        "name": args.name,
        "items": [parse_step(step) for step in args.steps],
        "with_tests": not args.no_tests,
        "note": args.note,
    }
    return _save(ctx, data)


def run_save(args: argparse.Namespace, ctx: Context) -> int:
    """Save a routine from a JSON file; one of the same name is changed."""
    from psoas.cli.files import read_json_file

    return _save(ctx, read_json_file(args.file, "routine file"))


def _save(ctx: Context, data: Any) -> int:
    from psoas.core.own_routines import parse_routine
    from psoas.store.reads import profile_id
    from psoas.usecases.routines import save_own

    routine = parse_routine(data, ctx.catalog)
    with ctx.db.session() as db:
        _, changed = save_own(db, profile_id(db), routine)
    done = "Changed" if changed else "Saved"
    print(f"{done} {routine.name!r} ({len(routine.items)} practices).")
    if not changed:
        print(f"Make it tonight's plan: psoas routine use {shlex.quote(routine.name)}")
    return 0


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """Every routine, the chosen one marked."""
    from psoas.store.reads import profile_id
    from psoas.store.routine_records import routine_records

    with ctx.reader() as db:
        records = routine_records(db, profile_id(db))
    if args.json:
        ctx.print_json([record.to_data() for record in records])
        return 0
    if not records:
        print("No routines of your own yet. Compose one, for example:")
        print("  psoas routine new Evening bolster-release:7min lunge-hip-flexor-stretch:60")
        return 0
    for record in records:
        print(_line(record))
    if not any(r.chosen for r in records):
        print("\nTonight's plan is the app's own routine; `psoas routine use NAME` changes it.")
    return 0


def _line(record: RoutineRecord) -> str:
    mark = "*" if record.chosen else " "
    who = f", from your physiotherapist {record.author}" if record.author else ""
    state = {
        "offered": " (waiting for you: psoas routine accept NAME)",
        "declined": " (declined)",
    }.get(record.status, "")
    if record.offered is not None:
        state = " (a change is waiting for you: psoas routine accept NAME)"
    starts = f", from {record.starts_on:%d %b}" if record.starts_on else ""
    steps = len(record.routine.items)
    return f"{mark} {record.name}: {steps} practices{who}{starts}{state}"


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    """One routine's practices and doses, and its changes."""
    from psoas.core.units import format_duration
    from psoas.store.reads import profile_id
    from psoas.store.routine_records import changes_of, find_routine

    with ctx.reader() as db:
        profile = profile_id(db)
        record = find_routine(db, profile, args.name)
        changes = changes_of(db, profile, record.uid)
    if args.json:
        ctx.print_json(record.routine.to_data())
        return 0
    print(_line(record).lstrip("* ").strip())
    if record.routine.note:
        print(f"  {record.routine.note}")
    for n, item in enumerate(record.routine.items, 1):
        practice = ctx.catalog.get(item.practice)
        name = practice.name if practice else item.practice
        dose = [format_duration(item.hold_s) if item.hold_s else "its usual hold"]
        if item.sets or item.reps:
            dose.append(f"{item.sets or 1} x {item.reps or '-'}")
        if item.side != "both":
            dose.append(f"{item.side} side only")
        note = f" - {item.note}" if item.note else ""
        print(f"  {n}. {name} ({', '.join(dose)}){note}")
    if not record.routine.with_tests:
        print("  (no self-test first and last)")
    print("\nChanges:")
    for change in changes:
        who = f"your physiotherapist {change.by}" if change.by else "you"
        print(
            f"  {change.at.astimezone():%d %b %Y %H:%M}  {change.action.replace('_', ' ')} by {who}"
        )
    return 0


def run_use(args: argparse.Namespace, ctx: Context) -> int:
    """Choose tonight's routine (or go back to the app's)."""
    from psoas.store.reads import profile_id
    from psoas.usecases.routines import choose

    if args.app == bool(args.name):
        raise BadInput("name a routine, or give --app to go back to the app's routines")
    with ctx.db.session() as db:
        chosen = choose(db, profile_id(db), None if args.app else args.name)
    if chosen is None:
        print("Tonight's plan is the app's own routine again (psoas plan).")
    else:
        print(f"Tonight's plan is {chosen.name!r}: psoas plan shows it, psoas start runs it.")
    return 0


def run_answer(args: argparse.Namespace, ctx: Context) -> int:
    """Accept or decline a routine (or a change) from your physiotherapist."""
    from psoas.store.reads import profile_id
    from psoas.usecases.routines import answer

    with ctx.db.session() as db:
        record = answer(db, profile_id(db), args.name, args.accept)
    if args.accept:
        print(f"Accepted: {record.name!r} is tonight's plan (psoas routine use --app goes back).")
    else:
        print(f"Declined {record.name!r}; your plan is as it was.")
    return 0


def run_delete(args: argparse.Namespace, ctx: Context) -> int:
    """Take a routine off the list (its changes are kept)."""
    from psoas.store.reads import profile_id
    from psoas.usecases.routines import archive

    with ctx.db.session() as db:
        name = archive(db, profile_id(db), args.name)
    print(f"Deleted {name!r}.")
    return 0
