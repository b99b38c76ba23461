"""Per-kind validation: which cells must be there, what they must look like, and what
the rows must agree on (known products, one row per key)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from shopkeeper.core.importing.checks import Checked, Checker
from shopkeeper.core.importing.headers import HeaderMatch
from shopkeeper.core.importing.limits import Limits
from shopkeeper.core.importing.reader import RawTable
from shopkeeper.core.importing.validate_crm import check_campaigns, check_feedback


@dataclass(frozen=True)
class Catalog:
    """What the database already holds that a file may refer to (read before writing)."""

    prices: dict[str, float] = field(default_factory=dict)  # sku -> catalogue price

    def hint(self, sku: str) -> str:
        """' (did you mean 'ABC'?)' when a known SKU differs only in case or spacing."""
        wanted = "".join(sku.split()).casefold()
        for known in self.prices:
            if "".join(known.split()).casefold() == wanted:
                return f"; did you mean '{known}'?"
        return ""


def validate(
    table: RawTable, match: HeaderMatch, catalog: Catalog, limits: Limits | None = None
) -> Checked:
    """Check every row of `table` as a file of `match.kind` (numbers within `limits`)."""
    check = Checker(table, match, limits)
    check.add_table_problems(table.problems)
    _KIND_CHECKS[match.kind](check, catalog)
    result = check.result()
    result.notes[:0] = table.notes
    return result


def _unknown_products(check: Checker, sku: pd.Series, catalog: Catalog, advice: str) -> None:
    unknown = (sku.notna() & ~sku.isin(catalog.prices.keys())).to_numpy()
    cells = sku.to_numpy(dtype=object)[unknown]
    hints = {s: catalog.hint(s) for s in set(cells.tolist())} if len(cells) < 10_000 else {}
    check.report(
        unknown,
        "sku",
        (f"unknown product '{s}' ({advice}{hints.get(s, '')})" for s in cells),
    )


def _sales(check: Checker, catalog: Catalog) -> None:
    if check.has("time"):
        # A separate time column joins its date when the date has no time of its own.
        date, clock = check.raw("date"), check.raw("time")
        joined = date.where(clock.isna() | date.str.contains(":", na=False), date + " " + clock)
        check.table.frame[check.positions["date"]] = joined.fillna("")
    check.date("date", required=True)
    sku = check.text("sku", required=True, max_len=64)
    qty = check.number("quantity", required=True)
    price = check.number("unit_price", minimum=0)
    total = check.number("line_total")
    check.text("order_id", max_len=80)
    check.text("customer_ref", max_len=120)
    channel = check.text("channel", max_len=40)
    check.frame["channel"] = channel.fillna("store")
    check.frame["promo"] = check.flag("promo").astype("boolean").fillna(False).astype(bool)
    check.text("discount_code", max_len=40)
    name = check.text("product_name", max_len=300)
    check.text("category", max_len=120)

    from_total = price.isna() & total.notna()
    price = price.mask(from_total, (total / qty.where(qty != 0)).abs().fillna(0.0))
    # The line key uses the file's own price: a later catalogue change must not make an
    # old line look new.
    check.frame["key_price"] = price
    known = sku.isin(catalog.prices.keys())
    from_catalog = price.isna() & known & ~check.bad
    price = price.mask(from_catalog, sku.map(catalog.prices))
    if from_catalog.any():
        check.notes.append(
            f"{int(from_catalog.sum()):,} lines had no price; used the catalogue price."
        )
    check.frame["unit_price"] = price

    # An unknown SKU is created when the file names it; otherwise it is a problem.
    if check.has("product_name"):
        advice = "not in products and no name given for it in this file"
    else:
        advice = "not in products; import products first or add a name column"
    named = name.notna() & ~known & sku.notna()
    _unknown_products(check, sku.where(~sku.isin(set(sku[named].tolist()))), catalog, advice)
    no_price = (price.isna() & sku.notna() & qty.notna() & ~check.bad).to_numpy()
    check.report(no_price, "unit_price", "price is empty")
    # Only good named rows create a product; other rows of a SKU that is not created are bad.
    source = check.frame.loc[named.to_numpy() & ~check.bad].drop_duplicates("sku")
    created = set(source["sku"].tolist())
    _unknown_products(
        check, sku.where(~known & ~sku.isin(created) & ~pd.Series(check.bad)), catalog, advice
    )
    check.extra["new_products"] = pd.DataFrame(
        {
            "sku": source["sku"],
            "name": source["product_name"],
            "category": source["category"].fillna("uncategorised"),
            "price": source["unit_price"].fillna(0.0),
        }
    ).reset_index(drop=True)


def _products(check: Checker, catalog: Catalog) -> None:
    sku = check.text("sku", required=True, max_len=64)
    check.text("name", required=True, max_len=300)
    check.text("category", max_len=120)
    check.number("unit_cost", minimum=0)
    check.number("price", minimum=0)
    check.number("pack_size", above=0, whole=True)
    check.number("moq", above=0, whole=True)
    check.number("shelf_life_days", above=0, whole=True)
    check.text("supplier", max_len=200)
    check.flag("active")
    check.duplicates([sku], "sku", "sku")


def _suppliers(check: Checker, catalog: Catalog) -> None:
    name = check.text("name", required=True, max_len=200)
    check.number("lead_time_days", minimum=0)
    check.number("min_order_value", minimum=0)
    check.number("review_period_days", above=0, whole=True)
    parts = [check.text(c).to_numpy(dtype=object) for c in ("contact", "email", "phone")]
    rows = zip(*parts, strict=True)
    joined = [" / ".join(v for v in cells if isinstance(v, str)) for cells in rows]
    contact = pd.Series(joined, dtype=object).replace("", None)
    check.frame["contact"] = contact
    check.report(contact.str.len().gt(300).fillna(False), "contact", "contact is too long")
    check.duplicates([name.str.casefold()], "name", "supplier")


def _customers(check: Checker, catalog: Catalog) -> None:
    ref = check.text("customer_ref", required=True, max_len=120)
    name = check.text("name", max_len=200)
    first, last = check.text("first_name"), check.text("last_name")
    both = (first.fillna("") + " " + last.fillna("")).str.strip()
    check.frame["name"] = name.where(name.notna(), both.where(both != ""))
    email = check.text("email", max_len=200)
    bad_email = email.notna() & ~email.str.contains(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", na=False)
    cells = email[bad_email].tolist()
    check.report(
        bad_email, "email", (f"email '{e}' does not look like an email address" for e in cells)
    )
    check.text("phone", max_len=60)
    check.flag("marketing_consent")
    check.date("first_seen")
    _attributes(check)
    check.duplicates([ref], "customer_ref", "customer")


def _attributes(check: Checker) -> None:
    """Area, age band and gender, kept coarse: a postcode's first three characters, an age
    as its band. They serve the fairness audit only."""
    area = check.text("area", max_len=20)
    postcode = area.str.fullmatch(r"[A-Za-z]{0,2}\d{4,}|\d{3,}[- ]?\d*", na=False)
    check.frame["area"] = area.where(~postcode, area.str.replace(r"[- ]", "", regex=True).str[:3])
    band = check.text("age_band", max_len=10)
    years = pd.to_numeric(band, errors="coerce")
    check.report(
        (years.notna() & ((years < 0) | (years > 120))).to_numpy(bool),
        "age_band",
        "age must be between 0 and 120",
    )
    cut = pd.cut(years, [0, 17, 29, 44, 64, 120], labels=["<18", "18-29", "30-44", "45-64", "65+"])
    check.frame["age_band"] = band.where(years.isna(), cut.astype(object))
    check.text("gender", max_len=20)


def _stock(check: Checker, catalog: Catalog) -> None:
    sku = check.text("sku", required=True, max_len=64)
    check.number("on_hand", required=True)
    counted = check.date("counted_at")
    if check.raw("counted_at").isna().any():
        check.notes.append("Counts without a date were recorded as counted at the time of import.")
    _unknown_products(check, sku, catalog, "not in products; import products first")
    check.duplicates([sku, counted.astype(str)], "sku", "count of sku")


def _deliveries(check: Checker, catalog: Catalog) -> None:
    ref = check.text("reference", required=True, max_len=80)
    # Exports often write a purchase order's supplier and dates on its first line only.
    for name in ("supplier", "ordered_at", "expected_at"):
        if check.has(name):
            col = check.raw(name)
            col = col.fillna(col.groupby(ref).transform("first"))
            check.table.frame[check.positions[name]] = col.fillna("")
    supplier = check.text("supplier", required=True, max_len=200)
    sku = check.text("sku", required=True, max_len=64)
    ordered = check.date("ordered_at", required=True)
    check.date("expected_at")
    received = check.date("received_at")
    check.number("quantity_ordered", required=True, above=0)
    got = check.number("quantity_received", minimum=0)
    check.number("quantity_rejected", minimum=0)
    check.number("unit_cost", minimum=0)
    _unknown_products(check, sku, catalog, "not in products; import products first")
    check.report(
        (got.notna() & received.isna() & check.raw("received_at").isna()).to_numpy(),
        "quantity_received",
        "quantity received is given but the received date is empty",
    )
    check.report(
        (received < ordered).to_numpy(), "received_at", "received date is before the order date"
    )
    many = supplier.str.casefold().groupby(ref).transform("nunique") > 1
    check.report(
        many.to_numpy(bool), "supplier", "this purchase order names more than one supplier"
    )
    check.duplicates([ref, sku, received.astype(str)], "sku", "delivery of sku")


def _competitor_prices(check: Checker, catalog: Catalog) -> None:
    day = check.date("date", required=True)
    sku = check.text("sku", required=True, max_len=64)
    who = check.text("competitor", required=True, max_len=120)
    check.number("price", required=True, above=0)
    _unknown_products(check, sku, catalog, "not in products; import products first")
    check.duplicates(
        [sku, who.str.casefold(), day.dt.normalize().astype(str)], "sku", "price of sku"
    )


def _supplier_offers(check: Checker, catalog: Catalog) -> None:
    supplier = check.text("supplier", required=True, max_len=200)
    sku = check.text("sku", required=True, max_len=64)
    check.number("unit_cost", required=True, above=0)
    check.number("pack_size", above=0, whole=True)
    check.number("moq", minimum=0, whole=True)
    check.number("lead_time_days", minimum=0)
    _unknown_products(check, sku, catalog, "not in products; import products first")
    check.duplicates([supplier.str.casefold(), sku], "sku", "offer of sku")


_KIND_CHECKS = {
    "sales": _sales,
    "products": _products,
    "suppliers": _suppliers,
    "stock": _stock,
    "customers": _customers,
    "deliveries": _deliveries,
    "competitor_prices": _competitor_prices,
    "supplier_offers": _supplier_offers,
    "feedback": check_feedback,
    "campaigns": check_campaigns,
}
