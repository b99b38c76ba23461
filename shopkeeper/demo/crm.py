"""Customer feedback and past campaigns for the demo shop, with their ground truth.

Drawn from their own random stream after the rest of the shop is made, so every other table
and figure of the demo stays exactly as it was; campaigns only *add* sales lines (the extra
orders a campaign caused), marked with the campaign's code.

- Feedback: messages in English, German and Spanish on six planted themes, each theme with
  its sentiment and, for some, the product it is about; some messages carry the sender's
  name or phone number (pseudonymised on loading).
- Campaigns: two with a customer list and a random holdout, one code-only social post. A
  contacted customer places an extra order with the probability of their RFM segment at the
  campaign's start (`UPLIFT`), so each campaign's true uplift is known.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.repeat_purchase import purchase_summary
from analytics.rfm import score_rfm

# Extra orders per contacted customer, by RFM segment at the start: win-back offers work best
# on customers who are drifting away, least on those who come anyway.
UPLIFT = {
    "at_risk": 0.8,
    "hibernating": 0.3,
    "lost": 0.15,
    "occasional": 0.12,
    "new": 0.08,
    "loyal": 0.05,
    "champions": 0.03,
}
CAMPAIGNS = (
    # name, channel, start (days before end), days, cost, offer, code, holdout share (None: no list)
    ("Spring win-back e-mail", "email", 300, 14, 60.0, "10 % off", "WIN10", 0.5),
    ("Summer SMS thank-you", "sms", 200, 14, 90.0, "10 % off", "SUN10", 0.4),
    ("Autumn bakery post", "social", 120, 10, 40.0, "15 % off pastries", "BAKE15", None),
)
DISCOUNT = 0.9
THEMES = {
    # theme: (sentiment, product name or None, weight, {language: templates})
    "stale croissants": (
        "negative",
        "Croissant",
        3,
        {
            "en": [
                "The croissants were stale again this morning.",
                "Croissant was dry and stale, not fresh at all.",
                "Bought two croissants, both stale. Disappointing.",
            ],
            "de": [
                "Die Croissants waren heute wieder alt und trocken.",
                "Croissant nicht frisch, leider altbacken.",
            ],
            "es": ["Los croissants estaban duros y nada frescos."],
        },
    ),
    "oat milk out of stock": (
        "negative",
        "Oat Milk Barista 1L",
        2,
        {
            "en": [
                "Oat Milk Barista is out of stock again, third time this month.",
                "No Oat Milk Barista on the shelf again, please order more.",
            ],
            "de": ["Oat Milk Barista schon wieder ausverkauft, bitte mehr bestellen."],
            "es": ["Otra vez no hay Oat Milk Barista, siempre agotada."],
        },
    ),
    "long queue": (
        "negative",
        None,
        2,
        {
            "en": [
                "Waited fifteen minutes at the till, the queue was far too long.",
                "Queue at the checkout on Saturday was ridiculous, only one till open.",
            ],
            "de": ["An der Kasse musste ich ewig warten, viel zu lange Schlange."],
            "es": ["La cola en la caja era larguísima, esperé mucho tiempo."],
        },
    ),
    "friendly staff": (
        "positive",
        None,
        3,
        {
            "en": [
                "The staff are always so friendly and helpful, thank you!",
                "Lovely friendly team, they remembered my name. Great service.",
            ],
            "de": ["Das Personal ist immer sehr freundlich und hilfsbereit, danke!"],
            "es": ["El personal es muy amable y simpático, ¡gracias!"],
        },
    ),
    "delicious almond croissant": (
        "positive",
        "Almond Croissant",
        2,
        {
            "en": [
                "The Almond Croissant is delicious, best in town!",
                "Absolutely love your Almond Croissant, so tasty.",
            ],
            "de": ["Das Almond Croissant ist super lecker, das beste in der Stadt!"],
            "es": ["El Almond Croissant está delicioso, ¡el mejor!"],
        },
    ),
    "prices too high": (
        "negative",
        None,
        1,
        {
            "en": [
                "Prices have gone up too much, everything is so expensive now.",
                "Too expensive lately, the prices are much higher than the supermarket.",
            ],
            "de": ["Die Preise sind viel zu hoch geworden, alles ist so teuer."],
            "es": ["Los precios han subido demasiado, todo está muy caro."],
        },
    ),
}
LANGUAGE_SHARE = {"en": 0.7, "de": 0.2, "es": 0.1}
CHANNELS = ("email", "google review", "in-store", "telegram")


@dataclass(frozen=True, eq=False)
class CrmDemo:
    """The CRM tables of the demo (columns as the import writes them) and their truth.

    feedback: received_at, customer_id, channel, rating, text, theme, sentiment, sku.
    campaigns: id, name, channel, start, end, cost, offer, discount_code.
    campaign_targets: campaign_id, customer_id, holdout.
    campaign_sales: extra sales lines (same columns as sales), the orders campaigns caused.
    truth: per campaign: contacted, holdout, true_orders (expected extra orders), and per
        segment true_orders_per_customer.
    """

    feedback: pd.DataFrame
    campaigns: pd.DataFrame
    campaign_targets: pd.DataFrame
    campaign_sales: pd.DataFrame
    truth: pd.DataFrame


def _feedback(shop: object, rng: np.random.Generator, n: int) -> pd.DataFrame:
    products = shop.products  # type: ignore[attr-defined]
    pii = shop.customer_pii.set_index("customer_id")  # type: ignore[attr-defined]
    members = shop.customers["id"].to_numpy()  # type: ignore[attr-defined]
    sku_of = dict(zip(products["name"], products["sku"], strict=True))
    end = pd.Timestamp(shop.truth.end)  # type: ignore[attr-defined]
    names = list(THEMES)
    weights = np.array([THEMES[t][2] for t in names], dtype=float)
    langs = list(LANGUAGE_SHARE)
    rows = []
    for i in range(n):
        theme = names[rng.choice(len(names), p=weights / weights.sum())]
        sentiment, product, _, texts = THEMES[theme]
        lang = langs[rng.choice(len(langs), p=list(LANGUAGE_SHARE.values()))]
        options = texts[lang]
        text = options[rng.integers(len(options))]
        cid = members[rng.integers(len(members))] if rng.random() < 0.7 else None
        if cid is not None and rng.random() < 0.15 and isinstance(pii.at[cid, "name"], str):
            text = f"{pii.at[cid, 'name']} here. {text}"  # pseudonymised when loaded
        if rng.random() < 0.05:
            text += " Call me on +49 30 555 01234."
        good = sentiment == "positive"
        rating = float(rng.integers(4, 6) if good else rng.integers(1, 3))
        rows.append(
            {
                "received_at": end
                - pd.Timedelta(days=int(rng.integers(1, 181)))
                + pd.Timedelta(minutes=int(rng.integers(8 * 60, 20 * 60))),
                "customer_id": cid,
                "channel": CHANNELS[rng.integers(len(CHANNELS))],
                "rating": rating if rng.random() < 0.7 else None,
                "text": text,
                "theme": theme,
                "sentiment": sentiment,
                "sku": sku_of.get(product) if product else None,
                "language": lang,
                "key": hashlib.sha1(f"demo-feedback:{i}:{text}".encode()).hexdigest(),
            }
        )
    return pd.DataFrame(rows).sort_values("received_at", ignore_index=True)


def _standing(lines: pd.DataFrame, day: date) -> pd.Series:
    mine = lines[lines["customer_id"].notna() & (lines["ts"] < pd.Timestamp(day))]
    tx = pd.DataFrame(
        {"customer_id": mine["customer_id"], "ds": mine["ts"], "amount": mine["revenue"]}
    )
    return score_rfm(purchase_summary(tx, pd.Timestamp(day)), day).customers["segment"]


def _extra_orders(
    who: list[str], start: date, days: int, code: str, shop: object, rng: np.random.Generator
) -> pd.DataFrame:
    """One extra order (1-3 popular products at the campaign price) per customer in `who`."""
    sales = shop.sales  # type: ignore[attr-defined]
    price = shop.products.set_index("sku")["price"]  # type: ignore[attr-defined]
    popular = sales["sku"].value_counts(normalize=True)
    rows = []
    for k, cid in enumerate(who):
        day = pd.Timestamp(start) + pd.Timedelta(days=int(rng.integers(days)))
        ts = day + pd.Timedelta(minutes=int(rng.integers(8 * 60, 19 * 60)))
        for sku in rng.choice(popular.index, int(rng.integers(1, 4)), replace=False, p=popular):
            rows.append(
                {
                    "ts": ts,
                    "order_id": f"CMP-{code}-{k:05d}",
                    "sku": sku,
                    "quantity": 1.0,
                    "unit_price": round(float(price[sku]) * DISCOUNT, 2),
                    "customer_id": cid,
                    "channel": "store",
                    "promo": False,
                    "discount_code": code,
                }
            )
    return pd.DataFrame(rows)


def _campaigns(shop: object, rng: np.random.Generator) -> tuple[pd.DataFrame, ...]:
    sales = shop.sales  # type: ignore[attr-defined]
    end: date = shop.truth.end  # type: ignore[attr-defined]
    consent = shop.customers.set_index("id")["marketing_consent"]  # type: ignore[attr-defined]
    lines = sales[["ts", "customer_id"]].assign(revenue=sales["quantity"] * sales["unit_price"])
    camps, targets, extra, truth = [], [], [], []
    for cid, (name, channel, back, days, cost, offer, code, share) in enumerate(CAMPAIGNS, 1):
        start = end - timedelta(days=back)
        camps.append(
            {
                "id": cid,
                "name": name,
                "channel": channel,
                "start": start,
                "end": start + timedelta(days=days - 1),
                "cost": cost,
                "offer": offer,
                "discount_code": code,
            }
        )
        if share is None:  # a post anyone could see: some members use the code
            users = list(rng.choice(consent.index, 25, replace=False))
            extra.append(_extra_orders(users, start, days, code, shop, rng))
            truth.append({"campaign": name, "contacted": 0, "holdout": 0, "true_orders": None})
            continue
        seg = _standing(lines, start)
        ids = sorted(i for i in seg.index if consent.get(i, False))
        held = set(rng.choice(ids, round(share * len(ids)), replace=False).tolist())
        sent = [i for i in ids if i not in held]
        p = np.array([UPLIFT[seg[i]] for i in sent])
        buyers = [i for i, hit in zip(sent, rng.random(len(sent)) < p, strict=True) if hit]
        orders = _extra_orders(buyers, start, days, code, shop, rng)
        extra.append(orders)
        lines = pd.concat(
            [lines, orders[["ts", "customer_id"]].assign(revenue=orders["unit_price"])]
        )
        targets += [{"campaign_id": cid, "customer_id": i, "holdout": i in held} for i in ids]
        by_seg = pd.Series(p, index=[seg[i] for i in sent]).groupby(level=0).mean()
        truth.append(
            {
                "campaign": name,
                "contacted": len(sent),
                "holdout": len(held),
                "true_orders": float(p.sum()),
                "realised_orders": len(buyers),
                "true_orders_per_customer": by_seg.round(3).to_dict(),
            }
        )
    return pd.DataFrame(camps), pd.DataFrame(targets), pd.concat(extra), pd.DataFrame(truth)


def generate_crm(shop: object, seed: int, n_feedback: int = 300) -> CrmDemo:
    """The demo's feedback and campaigns, from their own random stream (see module doc)."""
    rng = np.random.default_rng([seed, 1014])
    feedback = _feedback(shop, rng, n_feedback)
    campaigns, targets, extra, truth = _campaigns(shop, rng)
    first_id = int(shop.sales["id"].max()) + 1  # type: ignore[attr-defined]
    extra = extra.sort_values(["ts", "order_id", "sku"], ignore_index=True)
    extra.insert(0, "id", np.arange(first_id, first_id + len(extra)))
    extra.insert(
        1,
        "line_key",
        [hashlib.sha1(f"demo-crm:{seed}:{i}".encode()).hexdigest() for i in range(len(extra))],
    )
    return CrmDemo(feedback, campaigns, targets, extra, truth)
