"""``psoas psfs``: the Patient-Specific Functional Scale, a standard outcome measure.

Not from the source articles (see :mod:`psoas.core.psfs`): up to three activities you
find hard, each rated 0 to 10, at the start and then every two weeks.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context
    from psoas.core.psfs import ActivityRating

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
    from psoas.store.reads import profile_id
    from psoas.usecases.psfs import psfs_state

    with ctx.reader() as db:
        status = psfs_state(db, profile_id(db))
    if args.action == "answer" or args.answers:
        return _answer(args, ctx, status)

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
        lines.append(f"Change: {change['sentence']}.")
    when = "now: psoas psfs answer" if status["due"] else f"on {status['next_due']}"
    lines.append(f"Next due {when}")
    return "\n".join(lines) + "\n"


def _answer(args: argparse.Namespace, ctx: Context, status: dict[str, Any]) -> int:
    from psoas.core.psfs import parse_ratings
    from psoas.store.reads import profile_id
    from psoas.usecases.psfs import answer_psfs

    if args.answers:
        from psoas.cli.files import read_json_file

        ratings = parse_ratings(read_json_file(args.answers, "PSFS answers"))
    else:
        last = status["responses"][-1]["ratings"] if status["responses"] else []
        ratings = _ask([r["activity"] for r in last])
    with ctx.db.session() as db:
        stored, replaced = answer_psfs(db, profile_id(db), ratings)
    if args.json:
        ctx.print_json({**stored.to_data(), "replaced": replaced})
    else:
        instead = " It replaces the answer you gave earlier today." if replaced else ""
        print(f"Saved: PSFS score {stored.mean:g}.{instead} Asked again in two weeks (psoas psfs).")
    return 0


def _ask(before: list[str]) -> tuple[ActivityRating, ...]:
    """Ask for the activities (the same ones as last time, when there were) and scores;
    each name is checked as it is typed, so a bad one is asked again at once, before any
    score, and nothing typed so far is lost."""
    from psoas.core.psfs import MAX_ACTIVITIES, parse_ratings

    print(ABOUT)
    names = list(before)
    if names:
        print("Rate the same activities as last time.")
    while not names or (len(names) < MAX_ACTIVITIES and not before):
        typed = _line(f"Activity {len(names) + 1} (Enter when done): ")
        try:
            name = _activity(typed, names)
        except BadInput as refused:
            print(f"  {refused} Please type it again.")
            continue
        if name is None:
            if names:
                break
            print("Name at least one activity.")
            continue
        names.append(name)
    data = [{"activity": name, "score": _score(name)} for name in names]
    return parse_ratings(data)


def _activity(typed: str, named: list[str]) -> str | None:
    """One activity's name as the scale takes it (None: none typed), or BadInput."""
    from psoas.core.psfs import ACTIVITY_CHARS, same_activity
    from psoas.validation import plain_text

    name = plain_text(typed, "The activity's name", ACTIVITY_CHARS)
    if name is not None and any(same_activity(name, other) for other in named):
        raise BadInput(f"{name!r} is named already.")
    return name


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
