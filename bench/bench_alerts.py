"""Alert precision on the full-size demo shop: replay eight weeks of daily alert checks (with
the live check's memory and daily cap) and count what would have been sent.

    PYTHONPATH=. python bench/bench_alerts.py [--scale 1.0] [--days 56]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from shopkeeper.app import alerts
from shopkeeper.app.alert_inputs import LOOKBACK_DAYS, read_inputs, replay
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.demo import generate, load, with_alert_plants

END = date(2026, 11, 27)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--days", type=int, default=56)
    args = ap.parse_args()
    shop = with_alert_plants(generate(END, scale=args.scale))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{Path(tmp) / 'demo.sqlite'}",
            today=END,
            _env_file=None,  # type: ignore[call-arg]
        )
        deps = Deps.build(settings)
        load(deps.engine, shop)
        first = END - timedelta(days=args.days - 1)
        with deps.sessions() as s:
            inputs = read_inputs(s, first - timedelta(days=LOOKBACK_DAYS))
        t0 = time.perf_counter()
        sent = replay(inputs, first, args.days, alerts.rules(deps), settings.alerts_max_per_day)
        took = time.perf_counter() - t0
        deps.engine.dispose()
    assert shop.alert_plants is not None
    planted = set(zip(shop.alert_plants["kind"], shop.alert_plants["sku"], strict=True))
    print(f"scale {args.scale}: {len(sent)} alerts in {args.days} days "
          f"({len(sent) / args.days:.2f} a day), replayed in {took:.0f} s")  # fmt: skip
    print("by kind:", dict(Counter(a.kind for _, a in sent)))
    for kind, sku in sorted(planted):
        when = [d for d, a in sent if (a.kind, a.sku) == (kind, sku)]
        print(f"planted {kind} {sku}: {'alerted ' + str(when[0]) if when else 'MISSED'}")
    for day, a in sent:
        print(f"  {day} {a.kind:20} {a.money:8.2f}  {a.headline}")


if __name__ == "__main__":
    main()
