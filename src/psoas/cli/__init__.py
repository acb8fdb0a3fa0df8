"""The ``psoas`` command line: a thin shell over the catalog and the domain core.

Start-up must feel instant, so this module imports only the standard library's
``argparse`` and the table of commands; only the module of the command being run
is imported, and each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from psoas import __version__
from psoas.cli.commands import COMMANDS
from psoas.exceptions import PsoasError


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _wanted(argv: Sequence[str] | None) -> str | None:
    """The sub-command named on the command line, if any (the first word that is one)."""
    words = sys.argv[1:] if argv is None else argv
    return next((w for w in words if w in COMMANDS), None)


def build_parser(argv: Sequence[str] | None = (), full: bool = False) -> argparse.ArgumentParser:
    """The argument parser. Only the module of the command being run is imported and fills
    in its options; the others appear by name and summary (enough for ``--help``).
    ``full=True`` registers every command completely (for documentation and tests).
    """
    import importlib

    wanted = None if full else _wanted(argv)
    wanted_module = COMMANDS[wanted][0] if wanted else None
    parser = _Parser(
        prog="psoas",
        description="A guided psoas self-care program: self-test, release, stretch, "
        "strengthen, re-test.",
    )
    parser.add_argument("--version", action="version", version=f"psoas {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    registered: set[str] = set()
    for name, (module_name, summary) in COMMANDS.items():
        if full or module_name == wanted_module:
            if module_name not in registered:
                importlib.import_module(f"psoas.cli.{module_name}").register(commands)
                registered.add(module_name)
        else:
            commands.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failure, 2 bad input)."""
    parser = build_parser(argv)
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
        from psoas.exceptions import UnknownPractice

        where = " (see `psoas catalog` for every id)" if isinstance(exc, UnknownPractice) else ""
        print(f"psoas: error: {exc}{where}", file=sys.stderr)
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
