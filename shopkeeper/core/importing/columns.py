"""The columns each kind of file has, and the other names shops' exports give them."""

from __future__ import annotations

from shopkeeper.core.importing.column_spec import SKU_NAMES as _SKU_NAMES
from shopkeeper.core.importing.column_spec import SUPPLIER_NAMES as _SUPPLIER
from shopkeeper.core.importing.column_spec import Column
from shopkeeper.core.importing.column_spec import column as _col
from shopkeeper.core.importing.columns_crm import CODE_NAMES, CRM_SPECS
from shopkeeper.core.importing.offer_columns import SUPPLIER_OFFERS

# Specific names first: a Shopify export's "Name" is the order number, "Lineitem name" the product.
_NAME_NAMES = "product name, item name, lineitem name, product title, artikelbezeichnung, "
_NAME_NAMES += "artikelname, bezeichnung, name, product, item, title, description, item description"
_CATEGORY = "category, product category, department, product group, product type, "
_CATEGORY += "warengruppe, kategorie"
_PRICE = "price, unit price, sale price, selling price, retail price, price each, "
_PRICE += "lineitem price, item price, preis, einzelpreis, verkaufspreis, vk, vk preis"

SALES = (
    _col(
        "date",
        "date",
        "date, timestamp, ts, datetime, date time, order date, sale date, sales date, "
        "transaction date, invoice date, receipt date, created at, paid at, sold at, "
        "datum, belegdatum, verkaufsdatum",
        required=True,
    ),
    _col("sku", "sku", _SKU_NAMES, required=True),
    _col(
        "quantity",
        "quantity",
        "quantity, qty, units, menge, anzahl, pieces, pcs, units sold, qty sold, quantity sold, "
        "lineitem quantity, stück, stk",
        required=True,
    ),
    _col("unit_price", "price", _PRICE),
    _col(
        "line_total",
        "line total",
        "line total, total, amount, line amount, total price, net sales, gross sales, revenue, "
        "subtotal, betrag, umsatz, gesamt, gesamtpreis",
    ),
    _col("time", "time", "time, order time, sale time, uhrzeit"),
    _col(
        "order_id",
        "order",
        "order id, order, order number, order no, order ref, receipt, receipt no, "
        "receipt number, receipt id, ticket, ticket no, ticket number, transaction, "
        "transaction id, transaction no, invoice, invoice no, invoice number, bon, bonnummer, "
        "beleg, belegnummer, belegnr",
    ),
    _col(
        "customer_ref",
        "customer",
        "customer id, customer, customer no, customer number, customer ref, "
        "customer reference, client, client id, client no, member id, loyalty id, kunde, "
        "kundennummer, kundennr, kunden nr",
    ),
    _col("channel", "channel", "channel, sales channel, source, store, shop, outlet, kanal"),
    _col("promo", "promo", "promo, promotion, on promo, on promotion, promo flag, deal, aktion"),
    _col("discount_code", "discount code", CODE_NAMES),
    _col("product_name", "product name", _NAME_NAMES),
    _col("category", "category", _CATEGORY),
)

PRODUCTS = (
    _col("sku", "sku", _SKU_NAMES, required=True),
    _col("name", "name", _NAME_NAMES, required=True),
    _col("category", "category", _CATEGORY),
    _col(
        "unit_cost",
        "unit cost",
        "unit cost, cost, cost price, purchase price, buy price, buying price, net cost, "
        "wholesale price, cogs, einkaufspreis, ek, ek preis",
    ),
    _col("price", "price", _PRICE + ", rrp, msrp, list price, variant price"),
    _col(
        "pack_size",
        "pack size",
        "pack size, pack, case size, case qty, units per case, units per pack, inner, "
        "packing unit, verpackungseinheit, ve, vpe",
    ),
    _col(
        "moq",
        "minimum order quantity",
        "moq, min order qty, min order quantity, minimum order quantity, min qty, "
        "mindestbestellmenge",
    ),
    _col(
        "shelf_life_days",
        "shelf life days",
        "shelf life days, shelf life, days shelf life, keeps days, best before days, "
        "haltbarkeit, haltbarkeit tage, mhd tage",
    ),
    _col("supplier", "supplier", _SUPPLIER),
    _col("active", "active", "active, status, enabled, is active, listed, aktiv"),
)

SUPPLIERS = (
    _col(
        "name", "supplier name", _SUPPLIER, weak="name, company, company name, firma", required=True
    ),
    _col(
        "lead_time_days",
        "lead time",
        "lead time days, lead time, leadtime, delivery time, delivery days, lieferzeit, "
        "lieferzeit tage",
    ),
    _col(
        "min_order_value",
        "minimum order value",
        "min order value, minimum order value, min order, minimum order, mov, "
        "min order amount, mindestbestellwert",
    ),
    _col(
        "review_period_days",
        "order every days",
        "order every days, order every, review period, review period days, order interval, "
        "order cycle, days between orders, bestellrhythmus",
    ),
    _col("contact", "contact", "contact, contact person, kontakt", weak="ansprechpartner"),
    _col("email", "email", "", weak="email, e mail, mail, email address"),
    _col("phone", "phone", "", weak="phone, telephone, tel, mobile, phone number, telefon"),
)

CUSTOMERS = (
    _col(
        "customer_ref",
        "customer",
        "customer id, customer, customer no, customer number, customer ref, "
        "customer reference, client id, client, client no, member id, loyalty id, "
        "kundennummer, kundennr, kunden nr, kunde",
        required=True,
    ),
    _col("name", "name", "name, customer name, full name, client name, kundenname"),
    _col("first_name", "first name", "first name, firstname, given name, vorname"),
    _col("last_name", "last name", "last name, lastname, surname, family name, nachname"),
    _col("email", "email", "email, e mail, mail, email address"),
    _col("phone", "phone", "phone, telephone, tel, mobile, phone number, telefon"),
    _col(
        "marketing_consent",
        "marketing consent",
        "marketing consent, consent, accepts marketing, accepts email marketing, "
        "email marketing consent, newsletter, opt in, email opt in, marketing opt in, "
        "einwilligung, werbeeinwilligung",
    ),
    _col(
        "first_seen",
        "first seen",
        "first seen, customer since, created at, created, signup date, registered, "
        "registration date, kunde seit",
    ),
    _col("area", "postcode", "postcode, post code, postal code, zip, zip code, plz, area"),
    _col("age_band", "age band", "age band, age group, age range, altersgruppe, age, alter"),
    _col("gender", "gender", "gender, sex, geschlecht"),
)

STOCK = (
    _col("sku", "sku", _SKU_NAMES, required=True),
    _col(
        "on_hand",
        "on hand",
        "on hand, stock, in stock, qty on hand, quantity on hand, stock level, stock on hand, "
        "available, inventory, bestand, lagerbestand, counted qty, counted quantity",
        weak="quantity, qty, units, menge, count",
        required=True,
    ),
    _col(
        "counted_at",
        "count date",
        "counted at, count date, counted on, stocktake date, inventory date, inventurdatum",
        weak="date, datum, timestamp, as of",
    ),
)

DELIVERIES = (
    _col(
        "reference",
        "purchase order",
        "purchase order, po, po number, po no, po ref, purchase order number, order reference, "
        "order ref, bestellnummer, bestellung",
        weak="reference, order, order number, order id",
        required=True,
    ),
    _col("supplier", "supplier", _SUPPLIER, required=True),
    _col("sku", "sku", _SKU_NAMES, required=True),
    _col(
        "ordered_at",
        "order date",
        "ordered at, order date, ordered on, po date, bestelldatum",
        weak="ordered",
        required=True,
    ),
    _col(
        "quantity_ordered",
        "quantity ordered",
        "quantity ordered, qty ordered, ordered qty, ordered quantity, bestellmenge",
        weak="quantity, qty, units, menge",
        required=True,
    ),
    _col("expected_at", "expected date", "expected at, expected date, expected, due date, eta"),
    _col(
        "received_at",
        "received date",
        "received at, received date, date received, received on, delivery date, delivered at, "
        "delivered on, lieferdatum, wareneingang",
    ),
    _col(
        "quantity_received",
        "quantity received",
        "quantity received, qty received, received qty, received quantity, received, delivered, "
        "delivered qty, geliefert, liefermenge",
    ),
    _col(
        "quantity_rejected",
        "quantity rejected",
        "quantity rejected, qty rejected, rejected qty, rejected, damaged, defective, reklamiert",
    ),
    _col(
        "unit_cost", "unit cost", "unit cost, cost, cost price, purchase price, ek, einkaufspreis"
    ),
)

COMPETITOR_PRICES = (
    _col(
        "date",
        "date",
        "date, price date, observed on, observed at, checked on, checked at, seen on, "
        "survey date, datum, erhebungsdatum",
        required=True,
    ),
    _col("sku", "sku", _SKU_NAMES, required=True),
    _col(
        "competitor",
        "competitor",
        "competitor, competitor name, rival, retailer, competing store, other shop, "
        "mitbewerber, wettbewerber, konkurrent",
        required=True,
    ),
    _col(
        "price",
        "price",
        "competitor price, their price, rival price, price, shelf price, observed price, "
        "preis, wettbewerbspreis",
        required=True,
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "sales": SALES,
    "products": PRODUCTS,
    "suppliers": SUPPLIERS,
    "stock": STOCK,
    "customers": CUSTOMERS,
    "deliveries": DELIVERIES,
    "competitor_prices": COMPETITOR_PRICES,
    "supplier_offers": SUPPLIER_OFFERS,
    **{kind: tuple(_col(*spec) for spec in specs) for kind, specs in CRM_SPECS.items()},
}
