"""The `shopkeeper brief` and `shopkeeper alerts` commands: the week in one message, and what
changed enough to alert about (listed, not sent)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any


def add_brief_commands(sub: Any, deps_of: Callable[[argparse.Namespace], Any]) -> None:
    """Register both commands; `deps_of` builds the shop from the parsed arguments."""
    br = sub.add_parser("brief", help="the week in one message: last week against forecast")
    br.add_argument("--week", help="first day of the week to review (default: the last full week)")
    br.add_argument("--json", action="store_true", help="print one JSON object")
    br.set_defaults(func=cmd_brief, deps_of=deps_of)
    al = sub.add_parser("alerts", help="what changed enough to alert about (sends nothing)")
    al.set_defaults(func=cmd_alerts, deps_of=deps_of)


def cmd_brief(args: argparse.Namespace) -> int:
    from datetime import date

    from shopkeeper.app.brief import week_brief
    from shopkeeper.assistant.render_brief import brief_text
    from tools.context import ToolError

    try:
        start = date.fromisoformat(args.week) if args.week else None
    except ValueError:
        print(f"--week takes a date like 2026-11-23, not '{args.week}'.")
        return 2
    deps = args.deps_of(args)
    try:
        result = week_brief(deps, start)
    except ToolError as err:
        print(err)
        return 1
    if args.json:
        print(json.dumps({"tool": "weekly_brief", "result": result.to_dict()}, ensure_ascii=False))
    else:
        print(brief_text(result, deps.settings.currency))
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from shopkeeper.app.alerts import due_alerts

    deps = args.deps_of(args)
    due = due_alerts(deps)
    for a in due:
        print(f"- {a.headline} (about {a.money:,.2f} {deps.settings.currency} a week)")
        print(f"  Why I think so: {a.why}\n  Suggested: {a.action}")
    if not due:
        print("No new alerts: nothing has changed enough to tell you about.")
    return 0
