"""``psoas catalog`` and ``psoas show``: read the catalog."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from psoas.catalog.vocabulary import KINDS
from psoas.cli.commands import summary

if TYPE_CHECKING:
    from psoas.cli.context import Context


def register(commands: Any) -> None:
    """Add the ``catalog`` and ``show`` sub-commands."""
    catalog = commands.add_parser(
        "catalog", help=summary("catalog"), description="List the practices in the catalog."
    )
    catalog.add_argument("--kind", choices=KINDS, help="only practices of this kind")
    catalog.add_argument("--json", action="store_true", help="print JSON")
    catalog.set_defaults(run=run_catalog)

    show = commands.add_parser(
        "show", help=summary("show"), description="Show one practice in full."
    )
    show.add_argument("id", metavar="ID", help="practice id, e.g. bolster-release")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--svg", metavar="FILE", help="also write the practice's figures as SVG")
    show.add_argument("--png", metavar="FILE", help="also write the position it ends in as PNG")
    show.add_argument(
        "--moving", metavar="FILE", help="also write the practice as an animated SVG loop"
    )
    show.set_defaults(run=run_show)


def run_catalog(args: argparse.Namespace, ctx: Context) -> int:
    """List practices, optionally of one kind."""
    if args.json:
        data = ctx.catalog_data
        if args.kind:
            data = {**data, "practices": [p for p in data["practices"] if p["kind"] == args.kind]}
        ctx.print_json(data)
        return 0
    from psoas.cli.practice_text import catalog_text

    catalog = ctx.catalog
    practices = catalog.of_kind(args.kind) if args.kind else list(catalog.practices)
    print(catalog_text(catalog, practices, with_safety=args.kind is None), end="")
    return 0


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    """Print one practice, or exit 2 with close matches for an unknown id."""
    if args.svg or args.png or args.moving:
        _write_figures(ctx, args.id, args.svg, args.png, args.moving)
    if args.json:
        practices = {p["id"]: p for p in ctx.catalog_data["practices"]}
        if args.id not in practices:
            from psoas.catalog.lookup import suggest_ids
            from psoas.exceptions import UnknownPractice

            raise UnknownPractice(args.id, suggest_ids(args.id, practices))
        ctx.print_json(practices[args.id])
        return 0
    from psoas.cli.practice_text import practice_text

    practice = ctx.catalog.require(args.id)
    print(practice_text(practice, ctx.catalog), end="")
    for path in (args.svg, args.png, args.moving):
        if path:
            print(f"Figure written to {path}.")
    return 0


def _write_figures(
    ctx: Context, practice_id: str, svg: str | None, png: str | None, moving: str | None
) -> None:
    """Write the figures asked for; each file is written whole or not at all."""
    practice = ctx.catalog.require(practice_id)
    outputs: list[tuple[str, bytes]] = []
    if svg:
        from psoas.render.figures import practice_svg

        outputs.append((svg, practice_svg(practice).encode()))
    if png:
        from psoas.render.figures import key_figure
        from psoas.render.mpl import scene_png
        from psoas.render.scene import build_scene

        outputs.append((png, scene_png(build_scene(key_figure(practice)))))
    if moving:
        from psoas.render.motion import practice_motion_svg

        outputs.append((moving, practice_motion_svg(practice).encode()))
    from psoas.cli.files import write_file

    for path, data in outputs:
        write_file(path, data)
