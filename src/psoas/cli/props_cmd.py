"""``psoas props``: what you own and what you can do, so plans use only that."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.catalog.model import Catalog
    from psoas.cli.context import Context

YES_NO = ("yes", "no")


def register(commands: Any) -> None:
    """Add the ``props`` sub-command."""
    props = commands.add_parser(
        "props",
        help=summary("props"),
        description="Say which props you own and whether you can get down to the floor, "
        "lie face down and kneel. Plans then use only those: a stand-in where the catalog has "
        "one (a folded towel for the block), a bed or standing version where there is one, "
        "and otherwise the practice is left out, saying why. With no options, shows what you "
        "said.",
    )
    props.add_argument(
        "--own",
        nargs="+",
        metavar="PROP",
        help="every prop you own, e.g. bolster block lacrosse-ball ('none' for none)",
    )
    props.add_argument("--floor", choices=YES_NO, help="can you get down to the floor?")
    props.add_argument("--face-down", choices=YES_NO, help="can you lie face down?")
    props.add_argument("--kneel", choices=YES_NO, help="can you kneel on one knee?")
    props.add_argument("--json", action="store_true", help="print what is kept as JSON")
    props.set_defaults(run=run_props)


def owned_props(words: list[str], catalog: Catalog) -> list[str]:
    """Validate ``--own``: catalog props a person may own, or ``none``."""
    if words == ["none"]:
        return []
    askable = {p.id for p in catalog.props if not p.household}
    for word in words:
        if word not in askable:
            raise BadInput(f"unknown prop {word!r}; choose from {', '.join(sorted(askable))}")
    return words


def run_props(args: argparse.Namespace, ctx: Context) -> int:
    """Keep and show what the person owns and can do."""
    from psoas.catalog.vocabulary import ABILITIES
    from psoas.store.repository import profile_id
    from psoas.usecases.choices import props_state, set_props

    props = owned_props(args.own, ctx.catalog) if args.own else None
    said = {k: getattr(args, k) == "yes" for k in ABILITIES if getattr(args, k)}
    with ctx.db.session() as db:
        profile = profile_id(db)
        if props is not None or said:
            set_props(db, profile, ctx.catalog, {"props_owned": props, **said})
        state = props_state(db, profile, ctx.catalog)
    owned = state["props_owned"]
    if args.json:
        ctx.print_json({"props_owned": owned, **{k: state[k] for k in ABILITIES}})
        return 0
    names: dict[str, str] = {p.id: p.name for p in ctx.catalog.props}
    if owned is None:
        print("Props: not said yet, so plans assume you have them all (psoas props --own ...).")
    else:
        print("Props you own: " + (", ".join(names.get(p, p) for p in owned) or "none"))
    for ability in state["abilities"]:
        value = ability["can"]
        said_now = "not said yet" if value is None else ("yes" if value else "no")
        print(f"{ability['question']} {said_now}")
    return 0
