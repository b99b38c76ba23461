"""Area, age band and gender arrive by the customers import, kept coarse."""

from __future__ import annotations

from shopkeeper.core.importing import import_file
from tests.importing import NOW, make_db, rows, write


def test_postcodes_become_areas_and_ages_become_bands(tmp_path):
    engine, _ = make_db(tmp_path)
    path = write(
        tmp_path,
        "customers.csv",
        "Customer ID,Name,PLZ,Age,Gender\n"
        "K1,Ann Smith,10625,34,f\n"
        "K2,Bob Jones,10115,71,\n"
        "K3,Cem Kaya,Mitte,18-29,m\n",
    )
    report = import_file(engine, path, now=NOW)

    assert report.committed and report.rows_added == 3
    assert sorted(rows(engine, "SELECT area, age_band, gender FROM customers")) == [
        ("101", "65+", None),
        ("106", "30-44", "f"),
        ("Mitte", "18-29", "m"),
    ]


def test_an_impossible_age_is_a_problem(tmp_path):
    engine, _ = make_db(tmp_path)
    path = write(tmp_path, "c.csv", "Customer ID,Age\nK1,340\n")
    report = import_file(engine, path, now=NOW)

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "Age", "age must be between 0 and 120")
    ]
