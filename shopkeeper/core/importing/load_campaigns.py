"""Writing campaigns and the customers they targeted (a holdout flag marks the control).

A campaign is one per name; a later file with the same name updates its details and adds
customers to its list. Customer refs the shop does not know become customers (as sales do).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select, update

from shopkeeper.core.importing.load_customers import ensure_customers
from shopkeeper.core.importing.writing import T, Written, cell, day, new_id

_FIELDS = ("channel", "start", "end", "cost", "offer", "discount_code")


def _details(first: Any) -> dict[str, Any]:
    values = {f: cell(getattr(first, f)) for f in _FIELDS}
    values["start"], values["end"] = day(first.start), day(first.end)
    values["cost"] = float(values["cost"] or 0.0)
    return values


def write_campaigns(conn: Connection, good: pd.DataFrame) -> Written:
    """Add or update campaigns and add their targeted customers."""
    campaigns, targets = T["campaigns"], T["campaign_targets"]
    existing = {
        name.casefold(): (cid, dict(rest))
        for cid, name, *vals in conn.execute(
            select(campaigns.c.id, campaigns.c.name, *(campaigns.c[f] for f in _FIELDS))
        )
        for rest in [zip(_FIELDS, vals, strict=True)]
    }
    refs = good.dropna(subset=["customer_ref"])
    first_seen = refs.groupby("customer_ref")["start"].min()
    ids, created = ensure_customers(conn, {r: d.date() for r, d in first_seen.items()})
    out = Written(created={"customers": created})
    for name, rows in good.groupby(good["name"].str.casefold(), sort=False):
        values = _details(rows.iloc[0])
        changed = False
        if name in existing:
            cid, old = existing[name]
            if values != old:
                conn.execute(update(campaigns).where(campaigns.c.id == cid).values(**values))
                changed = True
        else:
            result = conn.execute(insert(campaigns).values(name=rows["name"].iat[0], **values))
            cid = new_id(result)
        have = set(
            conn.execute(
                select(targets.c.customer_id).where(targets.c.campaign_id == cid)
            ).scalars()
        )
        new = [
            {"campaign_id": cid, "customer_id": ids[r], "holdout": bool(h)}
            for r, h in zip(rows["customer_ref"], rows["holdout"], strict=True)
            if isinstance(r, str) and ids[r] not in have
        ]
        if new:
            conn.execute(insert(targets), new)
        if name not in existing:
            out.added += 1
        elif changed or new:
            out.updated += 1
        else:
            out.unchanged += 1
    return out
