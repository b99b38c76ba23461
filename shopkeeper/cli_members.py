"""The members command of the command line: a one-time code to join the Telegram bot."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from shopkeeper.core.deps import Deps


def add_invite_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    deps_of: Callable[[argparse.Namespace], Deps],
) -> None:
    """Add `invite` to the CLI's subcommands."""
    inv = sub.add_parser("invite", help="make a one-time code to join the Telegram bot")
    inv.add_argument("--role", default="owner", choices=["owner", "manager", "staff"])
    inv.add_argument(
        "--days",
        type=int,
        default=7,
        choices=range(1, 91),
        metavar="1-90",
        help="days until the code expires (default 7)",
    )
    inv.set_defaults(func=lambda a: _invite(deps_of(a), a))


def _invite(deps: Deps, args: argparse.Namespace) -> int:
    from shopkeeper.core.members import create_invite

    code = create_invite(deps, role=args.role, created_by="command line", days=args.days)
    print(
        f"Invite code for a new {args.role}: {code}\n"
        f"In Telegram, send the bot: /start {code}\n"
        f"The code works once and expires in {args.days} day(s)."
    )
    return 0
