"""``psoas serve`` (the web app) and ``psoas user`` (accounts for serving beyond this computer)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context


def register(commands: Any) -> None:
    """Add ``serve`` and ``user``."""
    serve = commands.add_parser(
        "serve",
        help=summary("serve"),
        description="Serve the web app. On 127.0.0.1 (the default) there is one local user and "
        "no login; on any other address accounts are required (see `psoas user add`).",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    serve.set_defaults(run=run_serve)

    user = commands.add_parser("user", help=summary("user"))
    actions = user.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add an account; the password is asked for")
    add.add_argument("username")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    passwd = actions.add_parser(
        "passwd", help="give an account a new password (ends all its sessions)"
    )
    passwd.add_argument("username")
    passwd.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    actions.add_parser("list", help="list accounts")
    user.set_defaults(run=run_user)


def _port_free(host: str, port: int) -> bool:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def run_serve(args: argparse.Namespace, ctx: Context) -> int:
    """Check the address, build the app, serve it."""
    import os

    import uvicorn

    from psoas.web.app import create_app

    if not 1 <= args.port <= 65535:
        raise BadInput("--port must be between 1 and 65535")
    if not 1 <= args.workers <= 64:
        raise BadInput("--workers must be between 1 and 64")
    if not _port_free(args.host, args.port):
        raise BadInput(
            f"cannot listen on {args.host}:{args.port} (in use or not this machine's); try --port"
        )
    app = create_app(ctx.settings, args.host)  # fails early, with a message, without accounts
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"psoas is running at http://{shown}:{args.port}/  (Ctrl+C stops it)", flush=True)
    if args.workers > 1:
        app.state.psoas.db.close()
        os.environ["PSOAS_HOST"] = args.host
        uvicorn.run(
            "psoas.web.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            proxy_headers=True,
        )
    else:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=True)
    return 0


def run_user(args: argparse.Namespace, ctx: Context) -> int:
    """Add or list accounts, or give one a new password."""
    from psoas.web.auth import create_user
    from psoas.web.logins import change_password

    if args.action == "list":
        from sqlalchemy import select

        from psoas.store.models import User

        with ctx.db.session() as db:
            for name in db.scalars(select(User.username).order_by(User.username)):
                print(name)
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        import getpass

        password = getpass.getpass(f"Password for {args.username}: ")
        if getpass.getpass("Again: ") != password:
            raise BadInput("the two passwords differ")
    name = args.username.strip().lower()
    if args.action == "passwd":
        change_password(ctx.db, name, password)
        print(f"New password for {name}; every session of the account has ended.")
        return 0
    create_user(ctx.db, args.username, password)
    print(f"Added {name}.")
    return 0
