"""The `shopkeeper` command: demo, chat, ask, import, scan, refresh, brief, alerts, proposals,
approve, reject."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from shopkeeper.app.failures import failure_message
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.storage_errors import shown_url


def _settings(args: argparse.Namespace) -> Settings:
    """The settings `main` was given (or read from the environment), with `--db` applied."""
    base: Settings = args.base_settings or Settings()
    if args.db:
        url = f"sqlite:///{Path(args.db).expanduser().as_posix()}"
        return base.model_copy(update={"database_url": url})
    return base


def _deps(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from shopkeeper.core.deps import Deps

    return Deps.build(_settings(args))


def cmd_demo(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from shopkeeper.app.workflows import refresh_forecasts
    from shopkeeper.core.store.models import Product
    from shopkeeper.demo import generate, load, with_alert_plants

    deps = _deps(args)
    where = shown_url(deps.settings.db_url)  # never with the password
    with deps.sessions() as s:
        has_data = bool(s.scalar(select(func.count()).select_from(Product)))
    if has_data and args.if_missing:
        print("The demo shop is already loaded.")
        return 0
    if has_data and not args.reset:
        print(f"{where} already holds a shop. Use --reset to replace it, or --db.")
        return 1
    if has_data:
        deps.engine.dispose()
        path = deps.settings.db_url.removeprefix("sqlite:///")
        if not deps.settings.db_url.startswith("sqlite:///"):
            print("--reset only works on a SQLite file; drop the PostgreSQL database yourself.")
            return 1
        Path(path).unlink()
        deps = _deps(args)
    t0 = time.perf_counter()
    print("Generating the demo shop (a made-up deli, fixed seed)...", flush=True)
    shop = with_alert_plants(generate(end=deps.today(), seed=args.seed), seed=args.seed)
    load(deps.engine, shop)
    print(
        f"Loaded {len(shop.products)} products, {len(shop.sales):,} sales lines, "
        f"{len(shop.customers):,} customers in {time.perf_counter() - t0:.1f} s.",
        flush=True,
    )
    print("Forecasting every product (once; stored until new sales arrive)...", flush=True)
    t1 = time.perf_counter()
    refresh_forecasts(deps)
    print(f"Forecasts ready in {time.perf_counter() - t1:.1f} s. Database: {where}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from shopkeeper.app.workflows import refresh_forecasts

    deps = _deps(args)
    t0 = time.perf_counter()
    run = refresh_forecasts(deps)
    n = run.result.facts["unique_id"].nunique() if len(run.result.facts) else 0
    print(f"Forecast {n} products in {time.perf_counter() - t0:.1f} s.")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from shopkeeper.assistant.factory import make_assistant
    from shopkeeper.chat import terminal_text

    assistant = make_assistant(_deps(args))
    try:
        answer = assistant.ask(" ".join(args.question), thread="cli:ask")
    finally:
        assistant.close()
    data = answer.to_dict() | {"answer": terminal_text(answer)}
    print(
        json.dumps(data, ensure_ascii=False, default=str)
        if args.json
        else terminal_text(answer, notes=True)
    )
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from shopkeeper.chat import run_chat

    return run_chat(_deps(args), user=args.as_name, new=args.new)


def cmd_bot(args: argparse.Namespace) -> int:
    from bot.app import run

    return run(_deps(args))


def cmd_import(args: argparse.Namespace) -> int:
    from shopkeeper.app.scan import run_scan
    from shopkeeper.app.workflows import after_import, scan_text
    from shopkeeper.core.importing import DataCheck, Limits, import_file

    deps = _deps(args)
    report = import_file(
        deps.engine,
        Path(args.file),
        args.kind,
        skip_bad_rows=args.skip_bad_rows,
        progress=sys.stderr.isatty(),
        now=deps.now(),
        limits=Limits.from_settings(deps.settings),
        data_check=DataCheck(deps.today(), deps.settings.country),
    )
    print(report.summary())
    if report.committed and report.kind == "sales" and report.rows_added:
        done = after_import(deps)
        print(done.headline() + "\n" + scan_text(done.scan, deps.settings.currency))
    elif report.committed and report.kind == "deliveries":  # late or short: news at once
        print(scan_text(run_scan(deps), deps.settings.currency))
    return 0 if report.committed else 2


def cmd_scan(args: argparse.Namespace) -> int:
    from shopkeeper.app.scan import run_scan
    from shopkeeper.app.workflows import scan_text

    deps = _deps(args)
    print(scan_text(run_scan(deps), deps.settings.currency))
    return 0


def cmd_proposals(args: argparse.Namespace) -> int:
    from shopkeeper.app.order_documents import show_text
    from shopkeeper.assistant.render import proposal_line, render_proposals
    from shopkeeper.core import proposals

    deps = _deps(args)
    if args.show is not None:
        shown = show_text(deps, args.show)
        print(shown or f"There is no proposal #{args.show}.")
        return 0 if shown else 1
    with deps.sessions.begin() as s:
        items = proposals.list_proposals(s, deps.now(), None if args.all else "pending")
        if args.all:
            print("\n".join(proposal_line(p, deps.settings.currency) for p in items) or "None.")
        else:
            print(render_proposals(items, deps.settings.currency))
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from shopkeeper.app.workflows import decide
    from shopkeeper.chat import decision_text

    amend = {}
    for item in args.quantity or []:
        sku, _, n = item.partition("=")
        try:
            amend[sku.strip()] = float(n)
        except ValueError:
            print(f"--quantity takes SKU=NUMBER, not '{item}'.")
            return 2
    deps, who, changed = _deps(args), (args.as_name, args.role), amend or None
    done = decide(deps, args.id, args.verb, *who, args.reason, changed)
    print(decision_text(done, deps.settings.currency))
    return 0 if done.ok else 1


def build_parser() -> argparse.ArgumentParser:
    from shopkeeper.cli_brief import add_brief_commands
    from shopkeeper.cli_members import add_invite_command
    from shopkeeper.cli_privacy import add_commands as add_privacy_commands
    from shopkeeper.core.importing import KINDS, describe_columns

    p = argparse.ArgumentParser(prog="shopkeeper", description=__doc__)
    p.add_argument("--db", help="SQLite file to use (shortcut for DATABASE_URL)")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="create the generated demo shop and forecast it")
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--reset", action="store_true", help="replace the shop in this database")
    d.add_argument("--if-missing", action="store_true", help="do nothing if a shop is loaded")
    d.set_defaults(func=cmd_demo)

    c = sub.add_parser("chat", help="talk to the assistant in the terminal")
    c.add_argument("--as", dest="as_name", default="owner", help="your name (for approvals)")
    c.add_argument("--new", action="store_true", help="forget the earlier conversation")
    c.set_defaults(func=cmd_chat)

    a = sub.add_parser("ask", help="ask one question")
    a.add_argument("question", nargs="+")
    a.add_argument("--json", action="store_true", help="print one JSON object")
    a.set_defaults(func=cmd_ask)

    i = sub.add_parser(
        "import",
        help="import a CSV/XLSX file",
        description=describe_columns(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    i.add_argument("file")
    i.add_argument("--kind", choices=KINDS, help="what the file holds (default: from the header)")
    i.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and list the skipped ones",
    )
    i.set_defaults(func=cmd_import)

    sub.add_parser("bot", help="run the Telegram bot (token from .env)").set_defaults(func=cmd_bot)
    sub.add_parser("scan", help="stock-out scan: warn and propose orders").set_defaults(
        func=cmd_scan
    )
    sub.add_parser("refresh", help="re-forecast every product now").set_defaults(func=cmd_refresh)

    add_invite_command(sub, _deps)
    add_brief_commands(sub, _deps)
    _add_decision_commands(sub)
    add_privacy_commands(sub, _deps)
    return p


def _add_decision_commands(sub: Any) -> None:
    pr = sub.add_parser("proposals", help="list proposals waiting for a decision")
    pr.add_argument("--all", action="store_true", help="also decided ones")
    pr.add_argument("--show", type=int, metavar="ID", help="one proposal (and its order document)")
    pr.set_defaults(func=cmd_proposals)
    for verb in ("approve", "reject"):
        x = sub.add_parser(verb, help=f"{verb} a proposal")
        x.add_argument("id", type=int)
        x.add_argument("--as", dest="as_name", required=True, help="who decides")
        x.add_argument("--role", default="owner", choices=["owner", "manager", "staff"])
        x.add_argument("--reason", help="a note kept with the decision")
        if verb == "approve":
            x.add_argument(
                "--quantity",
                action="append",
                metavar="SKU=N",
                help="change a line's quantity before approving",
            )
        x.set_defaults(func=cmd_decide, verb=verb, quantity=None)


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command; an unexpected error prints a short message with an id, not a trace.

    Args:
        argv: the command line without the program name (default: `sys.argv[1:]`).
        settings: the shop's settings (default: read from the environment and `.env`);
            tests pass theirs so the fixed clock and data folder reach every command.
    """
    args = build_parser().parse_args(argv)
    args.base_settings = settings
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(failure_message(exc, lambda: _settings(args), args.command), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
