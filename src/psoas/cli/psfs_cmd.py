"""``psoas psfs``: the Patient-Specific Functional Scale, a standard outcome measure.

Not from the source articles (see :mod:`psoas.core.psfs`): up to three activities you
find hard, each rated 0 to 10, at the start and then every two weeks.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context
    from psoas.core.psfs import ActivityRating, PsfsResponse

ABOUT = (
    "The Patient-Specific Functional Scale (Stratford and others, 1995), a standard "
    "measure physiotherapists use; it is not from psoas's articles. Name up to three "
    "activities your back or hip makes hard, and rate each from 0 (I cannot do it) to "
    "10 (as well as before the problem)."
)


def register(commands: Any) -> None:
    """Add the ``psfs`` sub-command."""
    psfs = commands.add_parser("psfs", help=summary("psfs"), description=ABOUT)
    psfs.add_argument(
        "action", nargs="?", choices=("status", "answer"), default="status",
        help="status (default): your scores, the change and when it is due; answer: rate now",
    )  # fmt: skip
    psfs.add_argument(
        "--answers",
        metavar="FILE",
        help='the ratings as JSON instead of asking ([{"activity": "...", "score": 0-10}]; '
        "'-' for stdin)",
    )
    psfs.add_argument("--json", action="store_true", help="print JSON")
    psfs.set_defaults(run=run_psfs)


def run_psfs(args: argparse.Namespace, ctx: Context) -> int:
    """Show the scale's record, or answer it now."""
    from psoas.core.psfs import psfs_summary
    from psoas.store.psfs_records import psfs_of
    from psoas.store.reads import profile_id

    with ctx.reader() as db:
        responses = psfs_of(db, profile_id(db))
    if args.action == "answer" or args.answers:
        return _answer(args, ctx, responses)
    status = psfs_summary(responses, date.today())
    if args.json:
        ctx.print_json(status)
        return 0
    print(status_text(status), end="")
    return 0


def status_text(status: dict[str, Any]) -> str:
    """The record for a terminal."""
    lines = []
    if not status["responses"]:
        lines.append("No PSFS yet. It is due now: psoas psfs answer")
        return "\n".join(lines) + "\n"
    for r in status["responses"]:
        rated = ", ".join(f"{x['activity']} {x['score']}" for x in r["ratings"])
        lines.append(f"{r['taken_at'][:10]}  score {r['mean']:g}  ({rated})")
    change = status["change"]
    if change:
        lines.append(f"Change: {change['first']:g} -> {change['latest']:g}, {change['verdict']}.")
    when = "now: psoas psfs answer" if status["due"] else f"on {status['next_due']}"
    lines.append(f"Next due {when}")
    return "\n".join(lines) + "\n"


def _answer(args: argparse.Namespace, ctx: Context, responses: list[PsfsResponse]) -> int:
    from psoas.core.psfs import parse_ratings
    from psoas.store.psfs_records import add_psfs
    from psoas.store.reads import profile_id

    if args.answers:
        from psoas.cli.files import read_json_file

        ratings = parse_ratings(read_json_file(args.answers, "PSFS answers"))
    else:
        ratings = _ask(responses[-1].ratings if responses else ())
    with ctx.db.connect() as db:
        stored = add_psfs(db, profile_id(db), ratings)
    if args.json:
        ctx.print_json(stored.to_data())
    else:
        print(f"Saved: PSFS score {stored.mean:g}. Asked again in two weeks (psoas psfs).")
    return 0


def _ask(before: tuple[ActivityRating, ...]) -> tuple[ActivityRating, ...]:
    """Ask for the activities (the same ones as last time, when there were) and scores."""
    from psoas.core.psfs import MAX_ACTIVITIES, parse_ratings

    print(ABOUT)
    names = [r.activity for r in before]
    if names:
        print("Rate the same activities as last time.")
    while not names or (len(names) < MAX_ACTIVITIES and not before):
        name = _line(f"Activity {len(names) + 1} (Enter when done): ").strip()
        if not name:
            if names:
                break
            print("Name at least one activity.")
            continue
        names.append(name)
    data = [{"activity": name, "score": _score(name)} for name in names]
    return parse_ratings(data)


def _score(name: str) -> int:
    while True:
        text = _line(f"{name}: 0 (cannot do it) to 10 (as before)? ").strip()
        if text.isdigit() and 0 <= int(text) <= 10:
            return int(text)
        print("A whole number from 0 to 10, please.")


def _line(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise BadInput("the PSFS was not finished; nothing was saved") from None
