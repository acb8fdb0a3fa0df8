"""The ``psoas`` command line: a thin shell over the catalog and the domain core.

Start-up must feel instant, so this module imports only the standard library's
``argparse``; each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from psoas import __version__
from psoas.cli import (
    assess_cmd,
    catalog_cmd,
    figure_cmd,
    measure_cmd,
    progress_cmd,
    remind_cmd,
    session_cmd,
    web_cmd,
)
from psoas.exceptions import PsoasError

#: Command modules, in the order ``psoas --help`` lists them.
COMMANDS = (
    web_cmd,
    assess_cmd,
    session_cmd,
    progress_cmd,
    remind_cmd,
    catalog_cmd,
    figure_cmd,
    measure_cmd,
)


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with one sub-command per command function."""
    parser = _Parser(
        prog="psoas",
        description="A guided psoas self-care program: self-test, release, stretch, "
        "strengthen, re-test.",
    )
    parser.add_argument("--version", action="version", version=f"psoas {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failure, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from psoas.cli.context import Context

    ctx = Context()
    try:
        if args.command is None:
            from psoas.cli.welcome import welcome

            sys.stdout.write(welcome(ctx))
            return 0
        code: int = args.run(args, ctx)
    except PsoasError as exc:
        print(f"psoas: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("psoas: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        ctx.close()
    return code


__all__ = ["build_parser", "main"]
