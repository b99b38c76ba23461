"""The trust figures on the generated demo shop, by hand (nothing here asserts a number):

1. the data check against the generator's 13 planted problems: precision and recall of the
   high-severity findings, and every finding by severity;
2. the fairness audit of the demo shop's recommendations;
3. the track record after replaying the demo's last four weeks (forecast each week, then
   import that week's sales), with one owner change to a suggested order.

    .venv/bin/python bench/bench_trust.py [--seed 7] [--scale 1.0] [--skip-replay]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from shopkeeper.assistant.render_trust import (
    render_data_quality,
    render_fairness,
    render_track_record,
)
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.demo import generate, load
from shopkeeper.demo.quality_score import check_demo, score
from shopkeeper.demo.replay import replay
from tools.context import ToolContext
from tools.data_quality import data_quality
from tools.fairness import fairness_audit
from tools.track_record import track_record

END = date(2026, 11, 27)


def _deps(folder: Path) -> Deps:
    settings = Settings(
        database_url=f"sqlite:///{folder / 'demo.sqlite'}",
        data_dir=folder,
        today=END,
        _env_file=None,  # type: ignore[call-arg]
    )
    return Deps.build(settings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--skip-replay", action="store_true")
    args = ap.parse_args()
    shop = generate(END, args.seed, scale=args.scale)
    t0 = time.perf_counter()
    report = check_demo(shop)
    precision, recall, invented = score(shop, report)
    print(f"Data check: {time.perf_counter() - t0:.1f} s on {len(shop.sales):,} sales lines")
    print(f"  precision {precision:.3f}, recall {recall:.3f} (13 planted), invented: {invented}")
    for f in report.findings:
        print(f"  [{f.severity}] {f.check}: {f.rows}")
    with tempfile.TemporaryDirectory() as tmp:
        deps = _deps(Path(tmp))
        load(deps.engine, shop)
        with deps.sessions() as s:
            ctx = ToolContext.of(deps, s)
            print(render_data_quality(data_quality(ctx), "EUR"))
            print(render_fairness(fairness_audit(ctx), "EUR"))
    if args.skip_replay:
        return
    with tempfile.TemporaryDirectory() as tmp:
        deps = _deps(Path(tmp))
        t0 = time.perf_counter()
        replay(deps, shop, 4, n_jobs=2, progress=True)
        print(f"Replayed four weeks in {time.perf_counter() - t0:.0f} s")
        with deps.sessions() as s:
            print(render_track_record(track_record(ToolContext.of(deps, s), weeks=4), "EUR"))


if __name__ == "__main__":
    main()
