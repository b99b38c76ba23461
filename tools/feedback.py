"""`feedback_summary`: what customers say — sentiment over the period and its trend, the
themes found in the messages, and the products most complained about. Texts were
pseudonymised when stored; quotes are shown as stored."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select

from analytics.feedback import WORD, find_themes, stem
from analytics.rfm import LABELS
from shopkeeper.core.store.crm_models import Feedback
from shopkeeper.core.store.models import Product
from shopkeeper.core.text_vectors import from_bytes
from tools.campaign_data import margin_lines, standing
from tools.context import ToolContext, ToolError
from tools.crm_results import FeedbackSummary, ProductComplaints, ThemeSummary

MAX_THEMES = 5
ALERT_DAYS = 14
VALUED = {"champions", "loyal"}
QUOTE_CHARS = 160


def _messages(ctx: ToolContext, start: datetime, end: datetime) -> pd.DataFrame:
    rows = ctx.session.execute(
        select(
            Feedback.received_at,
            Feedback.customer_id,
            Feedback.text,
            Feedback.sentiment,
            Feedback.skus,
            Feedback.vector,
        ).where(Feedback.received_at >= start, Feedback.received_at < end)
    ).all()
    cols = ["received_at", "customer_id", "text", "sentiment", "skus", "vector"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["skus"] = [list((s or {}).get("skus", [])) for s in frame["skus"]]
    return frame


def _about(frame: pd.DataFrame, product: str, names: dict[str, str]) -> pd.DataFrame:
    """Messages that name `product` (any catalogue product whose name has its words)."""
    wanted = {stem(w) for w in WORD.findall(product)}
    if not wanted:
        raise ToolError(f"'{product}' does not name a product; say which one.")
    skus = {sku for sku, n in names.items() if wanted <= {stem(w) for w in WORD.findall(n)}}
    in_text = frame["text"].map(lambda t: wanted <= {stem(w) for w in WORD.findall(t)})
    named = frame["skus"].map(lambda s: bool(skus & set(s)))
    if not skus and not in_text.any():
        raise ToolError(f"No product and no message mentions '{product}'.")
    return frame[in_text | named]


def _share(frame: pd.DataFrame, label: str) -> float | None:
    return round(float((frame["sentiment"] == label).mean()), 3) if len(frame) else None


def _trend(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "no earlier messages to compare with"
    diff = now - before
    if abs(diff) < 0.05:
        return f"about the same share of negative messages ({now:.0%} vs {before:.0%})"
    word = "more" if diff > 0 else "fewer"
    return f"{word} negative messages than the period before ({now:.0%} vs {before:.0%})"


def _themes(frame: pd.DataFrame) -> tuple[list[ThemeSummary], str]:
    have = frame[frame["vector"].notna()].reset_index(drop=True)
    if len(have) < 4:
        return [], "too few messages with text vectors to find themes"
    vectors = np.stack([from_bytes(v) for v in have["vector"]]).astype(np.float64)
    found = find_themes(have["text"].tolist(), vectors)
    out = []
    for theme in found.themes[:MAX_THEMES]:
        part = have.iloc[list(theme.rows)]
        texts = dict.fromkeys(str(have.at[i, "text"])[:QUOTE_CHARS] for i in theme.central)
        quotes = list(texts)[:2]
        out.append(
            ThemeSummary(
                name=theme.name,
                messages=len(part),
                negative_share=round(float((part["sentiment"] == "negative").mean()), 3),
                quotes=quotes,
            )
        )
    return out, found.method


def _complaints(frame: pd.DataFrame, names: dict[str, str]) -> list[ProductComplaints]:
    rows = frame.explode("skus").dropna(subset=["skus"])
    if rows.empty:
        return []
    g = rows.groupby("skus")["sentiment"]
    table = pd.DataFrame(
        {"negative": g.apply(lambda s: int((s == "negative").sum())), "n": g.size()}
    )
    table = table[table["negative"] > 0].sort_values(["negative", "n"], ascending=False).head(5)
    return [
        ProductComplaints(
            sku=str(sku),
            name=names.get(str(sku), str(sku)),
            negative=int(r["negative"]),
            mentions=int(r["n"]),
        )
        for sku, r in table.iterrows()
    ]


def _alerts(ctx: ToolContext, frame: pd.DataFrame) -> list[str]:
    """Recent negative messages from the shop's best customers, with what to do."""
    recent = frame[
        (frame["sentiment"] == "negative")
        & frame["customer_id"].notna()
        & (
            frame["received_at"]
            >= datetime.combine(ctx.today - timedelta(days=ALERT_DAYS), time.min)
        )
    ]
    if recent.empty:
        return []
    segment = standing(margin_lines(ctx), ctx.today)["segment"]
    out = []
    for row in recent.itertuples(index=False):
        seg = segment.get(row.customer_id)
        if seg in VALUED:
            out.append(
                f"{row.customer_id} ({LABELS[str(seg)]}) was unhappy on "
                f"{row.received_at:%d %b}: reply personally; a small voucher for them would "
                "be a campaign proposal for one customer."
            )
    return out


def feedback_summary(
    ctx: ToolContext,
    product: str | None = None,
    days: int = 90,
    start: date | None = None,
    end: date | None = None,
    period_label: str | None = None,
) -> FeedbackSummary:
    """What customers are saying: the share of negative and positive messages over the last
    `days` (or from `start` to `end`) and against the period before, the main themes (with
    counts and short quotes, names already replaced by customer codes) and the products most
    complained about.

    Args:
        product: only messages about this product (e.g. "croissants"); default all.
        days: the length of the period, ending yesterday (default 90).
        start: first day of the period instead (with `end`, inclusive).
        end: last day of the period (default yesterday).
        period_label: how the person named the period (for the answer).
    """
    if start is not None:
        last = min(end or ctx.today - timedelta(days=1), ctx.today - timedelta(days=1))
        days = (last - start).days + 1
        if days < 1:
            raise ToolError(f"There is no feedback yet for {period_label or start}: it is ahead.")
    if days < 1 or days > 730:
        raise ToolError("days must be between 1 and 730.")
    stop = end + timedelta(days=1) if start is not None and end is not None else ctx.today
    end_at = datetime.combine(min(stop, ctx.today), time.min)
    start_at, before = end_at - timedelta(days=days), end_at - timedelta(days=2 * days)
    names = {sku: name for sku, name in ctx.session.execute(select(Product.sku, Product.name))}
    frame, earlier = _messages(ctx, start_at, end_at), _messages(ctx, before, start_at)
    if product:
        frame, earlier = _about(frame, product, names), _about(earlier, product, names)
    neg, prev = _share(frame, "negative"), _share(earlier, "negative")
    themes, method = _themes(frame)
    why = [
        f"{len(frame)} messages from {start_at:%d %b %Y} to {end_at - timedelta(days=1):%d %b %Y}."
    ]
    if not len(frame):
        why.append("No feedback in this period: import a feedback file or forward messages.")
    return FeedbackSummary(
        period_start=start_at.date(),
        period_end=(end_at - timedelta(days=1)).date(),
        product=product,
        messages=len(frame),
        negative_share=neg,
        positive_share=_share(frame, "positive"),
        previous_negative_share=prev,
        previous_positive_share=_share(earlier, "positive"),
        trend=_trend(neg, prev),
        themes=themes,
        complaints=_complaints(frame, names),
        method=method + "; sentiment per message from its e5 vector (see docs/feedback.md)",
        alerts=_alerts(ctx, frame),
        why=why,
    )
