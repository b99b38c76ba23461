"""The privacy commands of the command line: forget a customer (a proposal), export what
is stored about one, change their marketing consent."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from shopkeeper.core.deps import Deps


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    deps_of: Callable[[argparse.Namespace], Deps],
) -> None:
    """Add `forget`, `export-customer` and `consent` to the CLI's subcommands."""
    f = sub.add_parser("forget", help="propose erasing a customer's personal data")
    f.add_argument("customer", help="the customer's code (C-...) or name")
    f.add_argument("--as", dest="as_name", required=True, help="who asks (the owner)")
    f.add_argument("--role", default="owner", choices=["owner", "manager", "staff"])
    f.set_defaults(func=lambda a: _forget(deps_of(a), a))
    e = sub.add_parser("export-customer", help="write everything stored about one customer")
    e.add_argument("customer", help="the customer's code (C-...) or name")
    e.add_argument("--role", default="owner", choices=["owner", "manager", "staff"])
    e.set_defaults(func=lambda a: _export(deps_of(a), a))
    c = sub.add_parser("consent", help="record a customer's marketing consent (yes or no)")
    c.add_argument("customer", help="the customer's code (C-...) or name")
    c.add_argument("answer", choices=["yes", "no"])
    c.add_argument("--as", dest="as_name", required=True, help="who records it")
    c.set_defaults(func=lambda a: _consent(deps_of(a), a))


def _customer(deps: Deps, text: str, role: str) -> str:
    from tools.context import ToolContext
    from tools.customer_lookup import find_customer

    with deps.sessions() as s:
        return find_customer(ToolContext.of(deps, s, role=role), text)


def _forget(deps: Deps, args: argparse.Namespace) -> int:
    from shopkeeper.core.store.db import session_scope
    from tools.context import ToolContext, ToolError
    from tools.privacy import forget_customer

    try:
        with session_scope(deps.sessions) as s:
            ctx = ToolContext.of(deps, s, actor=args.as_name, role=args.role)
            result = forget_customer(ctx, args.customer)
    except ToolError as err:
        print(err)
        return 1
    pid = result.proposals_created[0]
    print(
        f"Proposal #{pid}: erase the personal data of {result.customer_id} "
        f"({result.sales_kept} sales stay, without a name). Approve with: "
        f"shopkeeper approve {pid} --as {args.as_name}"
    )
    return 0


def _export(deps: Deps, args: argparse.Namespace) -> int:
    from shopkeeper.app.privacy import export_customer
    from tools.context import ToolError

    if args.role != "owner":
        print("Only the owner may export a customer's personal data.")
        return 1
    try:
        path = export_customer(deps, _customer(deps, args.customer, args.role))
    except ToolError as err:
        print(err)
        return 1
    print(f"Everything stored about the customer is in {path} (readable by you only).")
    return 0


def _consent(deps: Deps, args: argparse.Namespace) -> int:
    from shopkeeper.core.erasure import set_consent
    from shopkeeper.core.store.db import session_scope
    from tools.context import ToolError

    try:
        cid = _customer(deps, args.customer, "owner")
    except ToolError as err:
        print(err)
        return 1
    with session_scope(deps.sessions) as s:
        changed = set_consent(s, cid, args.answer == "yes", deps.now(), args.as_name)
    word = "gave" if args.answer == "yes" else "withdrew"
    print(f"{cid} {word} marketing consent." if changed else f"{cid}: consent was already so.")
    return 0
