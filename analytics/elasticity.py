"""Own-price elasticity: how much the units sold change when the price changes by 1 %.

The model is log-log: log(expected units per day) = e · log(price) + promotion + weekday
+ season + trend + log(shop traffic) + constant, so `e` is the constant price elasticity
(-1.5: a 10 % higher price sells about 14 % fewer units, since 1.1^-1.5 = 0.87). It is fitted
as a Poisson regression with that log link (statsmodels GLM), so days with no sales count
and the estimate is not biased the way OLS on log(units) is. Standard errors are clustered
by week (robust to over-dispersion and to days of one week moving together); the interval
is the usual normal one.

A promotion flag absorbs promotion effects (display, leaflet, the discount), so the estimate
comes from shelf-price changes. When a product's own price never changed enough, products of
its category whose prices did change are pooled (each with its own level, trend and season;
one shared elasticity). Days that look out of stock are left out: they show no sales
because there was nothing to sell, not because of the price.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_DAYS_AT_PRICE = 21  # days on sale at the second price before a change can teach anything
MIN_PRICE_STEP = 0.03  # log-price range below this is rounding, not a price change
MIN_DAYS = 56
MIN_SALE_DAYS = 60  # days with a sale: fewer cannot show a reaction to price
PLAUSIBLE = (-8.0, 3.0)  # estimates outside this range are artefacts of thin data
USABLE_WIDTH = 2.5  # a wider interval cannot steer a price: pool with similar products
STOCKOUT_P = 0.01  # a zero run this improbable at the recent sales rate is a stock-out
MIN_STOCKOUT_RUN = 3  # shorter runs are quiet days (a slow Sunday), not stock-outs
RECENT_DAYS = 28


@dataclass(frozen=True)
class ElasticityEstimate:
    """An elasticity with its interval, or why there is none (elasticity None)."""

    sku: str
    elasticity: float | None
    lo: float | None
    hi: float | None
    level: float
    method: str  # "own" | "category" | "none"
    n_days: int
    products: tuple[str, ...]  # SKUs whose price changes the estimate comes from
    price_levels: tuple[tuple[float, int], ...]  # (shelf price, days at it) of `sku`
    reason: str


def daily_panel(lines: pd.DataFrame, open_days: pd.DatetimeIndex) -> pd.DataFrame:
    """Daily units and prices per product over the days the shop was open.

    Args:
        lines: sku, ds (datetime), quantity, unit_price, promo.
        open_days: days the shop sold anything (closed days are left out).

    Returns:
        unique_id, ds, units, price (mean price paid; on days without sales the last shelf
        price), promo (bool), from each product's first to its last sale day.
    """
    t = lines.assign(
        ds=pd.to_datetime(lines["ds"]).dt.normalize(),
        rev=lines["quantity"] * lines["unit_price"],
        promo=lines["promo"].astype(bool),
    )
    g = t.groupby(["sku", "ds"], sort=True)
    day = pd.DataFrame(
        {"units": g["quantity"].sum(), "rev": g["rev"].sum(), "promo": g["promo"].any()}
    )
    day["price"] = (day["rev"] / day["units"].where(day["units"] > 0)).round(4)
    frames = []
    for sku, d in day.reset_index(level=0).groupby("sku", sort=True):
        span = open_days[(open_days >= d.index.min()) & (open_days <= d.index.max())]
        f = d.reindex(span)
        flag = f["promo"].astype(float)  # 1, 0, or NaN on days without sales
        # A day without sales kept the promotion or the shelf price of the days around it.
        run = flag.ffill().fillna(0.0) * flag.bfill().fillna(0.0)
        promo = flag.fillna(run).astype(bool)
        shelf = f["price"].where(flag == 0.0).ffill().bfill()
        price = f["price"].fillna(shelf * np.where(promo, _promo_ratio(d), 1.0))
        frames.append(
            pd.DataFrame(
                {
                    "unique_id": sku,
                    "ds": span,
                    "units": f["units"].fillna(0.0).to_numpy(),
                    "price": price.to_numpy(),
                    "promo": promo.to_numpy(),
                }
            )
        )
    cols = ["unique_id", "ds", "units", "price", "promo"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def _promo_ratio(d: pd.DataFrame) -> float:
    on = d.loc[d["promo"], "price"].median()
    off = d.loc[~d["promo"], "price"].median()
    return float(on / off) if pd.notna(on) and pd.notna(off) and off > 0 else 1.0


def likely_stockouts(panel: pd.DataFrame) -> pd.Series:
    """True on zero-sale days inside a run that is improbable at the recent sales rate."""
    out = pd.Series(False, index=panel.index)
    for _, p in panel.groupby("unique_id", sort=False):
        units = p["units"].to_numpy(dtype=float)
        rate = pd.Series(units).shift(1).rolling(RECENT_DAYS, min_periods=7).mean().to_numpy()
        zero = units == 0
        run_id = np.cumsum(~zero)
        first = pd.Series(np.arange(len(units))).groupby(run_id).transform("min").to_numpy()
        length = pd.Series(zero).groupby(run_id).transform("sum").to_numpy()
        start_rate = np.nan_to_num(rate[np.minimum(first + 1, len(units) - 1)])
        improbable = np.exp(-start_rate * length) < STOCKOUT_P
        out.loc[p.index] = zero & improbable & (length >= MIN_STOCKOUT_RUN)
    return out


def price_levels(p: pd.DataFrame) -> tuple[tuple[float, int], ...]:
    """(shelf price, days at it) for the days not on promotion, most days first."""
    shelf = p.loc[~p["promo"].astype(bool), "price"].round(2)
    counts = shelf.value_counts()
    return tuple((float(k), int(v)) for k, v in counts.items())


def has_price_variation(p: pd.DataFrame) -> bool:
    """Whether a product's shelf price changed enough, for long enough, to learn from."""
    levels = price_levels(p)
    lasting = [price for price, days in levels if days >= MIN_DAYS_AT_PRICE and price > 0]
    if len(lasting) < 2:
        return False
    return bool(np.log(max(lasting)) - np.log(min(lasting)) >= MIN_PRICE_STEP)


def estimate_elasticity(
    panel: pd.DataFrame,
    sku: str,
    peers: list[str],
    traffic: pd.Series | None = None,
    level: float = 0.95,
) -> ElasticityEstimate:
    """The price elasticity of `sku`: from its own price history, else pooled over `peers`.

    Args:
        panel: `daily_panel` rows (may hold other products too).
        sku: the product.
        peers: similar products (its category) to pool when `sku` lacks price changes.
        traffic: orders per open day (index ds), a control for how busy the shop was.
        level: confidence level of the interval.
    """
    panel = panel[panel["unique_id"].isin([sku, *peers])]
    panel = panel[~likely_stockouts(panel)] if len(panel) else panel
    own = panel[panel["unique_id"] == sku]
    levels = price_levels(own) if len(own) else ()
    alone = None
    if _usable(own):
        alone = _fit(own, sku, [sku], traffic, level, levels, "own")
        if _plausible(alone) and _width(alone) <= USABLE_WIDTH:
            return alone
    # Too little price variation of its own (or too little to pin it down): pool the
    # category's products whose prices changed, this one included when it did.
    varied = [s for s in peers if s != sku and _usable(panel[panel["unique_id"] == s])]
    if alone is not None and varied:
        varied = [sku, *varied]
    if varied:
        data = panel[panel["unique_id"].isin(varied)]
        pooled = _fit(data, sku, varied, traffic, level, levels, "category")
        if _plausible(pooled) and (alone is None or _width(pooled) < _width(alone)):
            return pooled
    if alone is not None and _plausible(alone):
        return alone
    return ElasticityEstimate(
        sku, None, None, None, level, "none", len(own), (), levels,
        "Its shelf price has not changed enough (at least 3 % for at least 3 weeks), nor "
        "that of similar products, to tell how customers react to price.",
    )  # fmt: skip


def _usable(p: pd.DataFrame) -> bool:
    return (
        len(p) >= MIN_DAYS
        and int((p["units"] > 0).sum()) >= MIN_SALE_DAYS
        and has_price_variation(p)
    )


def _width(est: ElasticityEstimate) -> float:
    return float("inf") if est.lo is None or est.hi is None else est.hi - est.lo


def _plausible(est: ElasticityEstimate) -> bool:
    e = est.elasticity
    return e is not None and np.isfinite(e) and PLAUSIBLE[0] <= e <= PLAUSIBLE[1]


def _design(data: pd.DataFrame, traffic: pd.Series | None, pooled: bool) -> pd.DataFrame:
    ds = pd.to_datetime(data["ds"])
    x = pd.DataFrame(index=data.index)
    x["log_price"] = np.log(data["price"].astype(float))
    x["promo"] = data["promo"].astype(float)
    dow = pd.get_dummies(ds.dt.dayofweek, prefix="dow", drop_first=True, dtype=float)
    x = x.join(dow.set_axis(data.index))
    if traffic is not None:
        t = np.log(ds.dt.normalize().map(traffic).astype(float).clip(lower=1.0))
        x["log_traffic"] = (t - t.mean()).to_numpy()
    # Yearly season as two harmonics (not 11 months: a month without sales would make
    # its coefficient run off to minus infinity), plus a trend, per product.
    own = pd.DataFrame(index=data.index)
    own["trend"] = ((ds - ds.min()).dt.days / 365.25).to_numpy()
    angle = 2 * np.pi * ds.dt.dayofyear.to_numpy() / 365.25
    for k in (1, 2):
        own[f"sin{k}"] = np.sin(k * angle)
        own[f"cos{k}"] = np.cos(k * angle)
    if not pooled:
        x = x.join(own)
        x.insert(0, "const", 1.0)  # what sm.add_constant(..., has_constant="add") adds
        return x
    prod = pd.get_dummies(data["unique_id"], prefix="p", dtype=float).set_axis(data.index)
    for col in prod.columns:
        for term in own.columns:
            x[f"{col}_{term}"] = prod[col] * own[term]
    return x.join(prod)


def _fit(
    data: pd.DataFrame,
    sku: str,
    used: list[str],
    traffic: pd.Series | None,
    level: float,
    levels: tuple[tuple[float, int], ...],
    method: str,
) -> ElasticityEstimate:
    import statsmodels.api as sm  # lazily: about a second, and only price advice fits
    from scipy import stats

    data = data[data["price"] > 0].dropna(subset=["price"])
    x = _design(data, traffic, pooled=method == "category")
    x = x.loc[:, x.abs().sum() > 0]
    week = pd.to_datetime(data["ds"]).dt.to_period("W").astype(str)
    groups = pd.factorize(week)[0]
    fit = sm.GLM(data["units"].astype(float), x, family=sm.families.Poisson()).fit(
        cov_type="cluster", cov_kwds={"groups": groups}
    )
    e = float(fit.params["log_price"])
    se = float(fit.bse["log_price"])
    z = float(stats.norm.ppf(0.5 + level / 2))
    if method == "own":
        prices = ", ".join(f"{p:.2f} for {d} days" for p, d in levels[:4])
        reason = (
            f"From this product's own shelf-price changes ({prices}), allowing for "
            "promotions, weekday, season, trend and how busy the shop was."
        )
    elif sku in used:
        reason = (
            "Its own price changes were too few or too small to pin the reaction down, so "
            f"they are pooled with {len(used) - 1} similar product(s) of its category whose "
            "prices changed too (one shared elasticity); allowing for promotions, weekday, "
            "season, trend and how busy the shop was."
        )
    else:
        reason = (
            f"Its own price hardly changed, so this is the typical reaction in its category, "
            f"from {len(used)} similar product(s) whose prices did change; allowing for "
            "promotions, weekday, season, trend and how busy the shop was."
        )
    return ElasticityEstimate(
        sku, e, e - z * se, e + z * se, level, method, len(data), tuple(used), levels, reason
    )
