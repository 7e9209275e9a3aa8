"""PCI 2005–2016 and PAPI 2011–2016 readers (doisanh.build.pci_papi).

These tests read the shared source files directly (../shared/data/pci, ../shared/data/papi).
Spot checks read cells with xlrd/openpyxl and a cell map written out here by hand, so they do
not share code with the module's parser (which uses fastexcel and PCI_Import.csv).
"""
from __future__ import annotations

import tomllib
import unicodedata

import openpyxl
import polars as pl
import pytest
import xlrd

from doisanh.build import pci_papi as m
from doisanh.schema import FIGURES

DATA = m.SHARED_DIR / "data"
pytestmark = pytest.mark.skipif(not (DATA / "pci").is_dir(), reason="shared data not present")

PCI_N = {2005: 42, 2006: 64, 2007: 64, 2008: 64, **{y: 63 for y in range(2009, 2017)}}
# PAPI 2014: the workbook leaves all six dimensions of Bắc Giang and Đồng Tháp empty and
# prints 0 as their total; they are not shipped.
PAPI_N = {2011: 63, 2012: 63, 2013: 63, 2014: 61, 2015: 63, 2016: 63}

# Hand-written cell map, 1-based: (sheet index 0-based, rows to check, name column or None for
# ranked (province, score) pairs with the name left of each score, {component: column},
# rank column or None).
E, L, T, TI, I = "entry_costs", "land_access", "transparency", "time_costs", "informal_charges"  # noqa: E741
IM, B, P, S = "implementation", "policy_bias", "proactivity", "business_support"
LA, LO = "labor_policy", "law_and_order"
_PAIRS_0910 = {E: 3, L: 5, T: 7, TI: 9, I: 11, P: 13, S: 15, LA: 17, LO: 19}
_PAIRS_13 = {E: 3, L: 5, T: 7, TI: 9, I: 11, B: 13, P: 15, S: 17, LA: 19, LO: 21, "total": 23}
PCI_CELLS = {
    2005: (1, (3, 23, 44), 1, {E: 6, L: 7, T: 8, TI: 9, I: 10, IM: 11, B: 12, P: 13, S: 14,
                               "total": 15}, None),
    2006: (1, (3, 34, 66), 2, {E: 3, L: 4, T: 5, TI: 6, I: 7, B: 8, P: 9, S: 10, LA: 11, LO: 12,
                               "total": 13}, 1),
    2007: (1, (2, 33, 65), 1, {E: 5, L: 6, T: 7, TI: 8, I: 9, B: 10, P: 11, S: 12, LA: 13, LO: 14,
                               "total": 16}, 2),
    2008: (0, (3, 34, 66), None, {E: 3, L: 5, T: 7, TI: 9, I: 11, B: 13, P: 15, S: 17, LA: 19,
                                  LO: 21, "total": 25}, 1),
    2009: (0, (4, 35, 66), 3, {E: 4, L: 5, T: 6, TI: 7, I: 8, P: 9, S: 10, LA: 11, LO: 12,
                               "total": 13}, 2),
    2010: (0, (2, 33, 64), None, {**_PAIRS_0910, "total": 23}, 25),
    2011: (0, (2, 33, 64), None, {**_PAIRS_0910, "total": 21}, 23),
    2012: (0, (2, 33, 64), None, {**_PAIRS_0910, "total": 21}, 23),
    **{y: (0, (2, 33, 64), None, _PAIRS_13, 24) for y in range(2013, 2017)},
}


def _nfc(s) -> str:
    return unicodedata.normalize("NFC", str(s)).strip()


def _sheet_rows(path, sheet: int, max_row: int) -> list[list]:
    """All cells of rows 1..max_row as lists (index 0 = column A), with xlrd or openpyxl."""
    if path.suffix == ".xls":
        sh = xlrd.open_workbook(path).sheet_by_index(sheet)
        return [[None if c.ctype == xlrd.XL_CELL_EMPTY else c.value for c in sh.row(r)]
                for r in range(max_row)]
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[sheet]
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=max_row, max_col=40, values_only=True)]
    wb.close()
    return rows


@pytest.fixture(scope="module")
def pci() -> pl.DataFrame:
    return m.read_pci()


@pytest.fixture(scope="module")
def papi() -> pl.DataFrame:
    return m.read_papi()


def _lookup(df: pl.DataFrame) -> dict:
    return {(r["year"], m.unit_key(r["unit_name"]), r["component"]): r for r in df.iter_rows(named=True)}


# ---------------------------------------------------------------------------- structure


@pytest.mark.parametrize("reader", ["read_pci", "read_papi", "read_pci_tidy", "read_papi_tidy"])
def test_schema(reader, pci, papi):
    df = {"read_pci": pci, "read_papi": papi}.get(reader)
    df = df if df is not None else getattr(m, reader)()
    assert df.schema == pl.Schema(FIGURES)
    assert df["unit_name"].null_count() == 0 and df["value"].null_count() == 0
    assert not df.select("year", "unit_name", "component").is_duplicated().any()
    assert set(df["era"]) == {"pre2025"} and set(df["level"]) == {"province"}
    assert df["unit_code"].null_count() == df.height and df["rank_of"].null_count() == df.height


def test_pci_counts_and_components(pci):
    totals = pci.filter(pl.col("component") == "total").group_by("year").agg(pl.col("unit_name").n_unique())
    assert dict(totals.iter_rows()) == PCI_N
    assert pci.filter(pl.col("component") == "total").height == 42 + 64 * 3 + 63 * 8
    comps = dict(pci.group_by("year").agg(pl.col("component").unique().sort()).iter_rows())
    base = {"entry_costs", "land_access", "transparency", "time_costs", "informal_charges",
            "proactivity", "business_support", "total"}
    assert set(comps[2005]) == base | {"implementation", "policy_bias"}
    for y in range(2006, 2009):
        assert set(comps[y]) == base | {"policy_bias", "labor_policy", "law_and_order"}
    for y in range(2009, 2013):
        assert set(comps[y]) == base | {"labor_policy", "law_and_order"}
    for y in range(2013, 2017):
        assert set(comps[y]) == base | {"policy_bias", "labor_policy", "law_and_order"}
    # every province has every component of its year
    per_unit = pci.group_by("year", "unit_name").len().join(
        pci.group_by("year").agg(n=pl.col("component").n_unique()), on="year")
    assert (per_unit["len"] == per_unit["n"]).all()


def test_pci_2013_has_63_named_provinces(pci):
    names = pci.filter(pl.col("year") == 2013)["unit_name"].unique()
    assert names.len() == 63 and names.null_count() == 0 and (names.str.len_chars() > 0).all()
    assert len({m.unit_key(n) for n in names}) == 63
    assert all(unicodedata.is_normalized("NFC", n) for n in names)  # the workbook is NFD


def test_papi_counts(papi):
    totals = papi.filter(pl.col("component") == "total").group_by("year").agg(pl.col("unit_name").n_unique())
    assert dict(totals.iter_rows()) == PAPI_N
    missing = {m.unit_key(n) for n in papi.filter(pl.col("year") == 2013)["unit_name"]} - {
        m.unit_key(n) for n in papi.filter(pl.col("year") == 2014)["unit_name"]}
    assert missing == {"bacgiang", "dongthap"}
    assert (papi.group_by("year", "unit_name").len()["len"] == 7).all()
    assert papi["published_rank"].null_count() == papi.height  # the workbook prints no rank


def test_name_keys_consistent_across_years(pci, papi):
    """unit_key (name_key + the module's small alias dict) gives one key per province across
    all spellings of all years and both indices: 'Tp.HCM'/'HCMC'/'TP. Hồ Chí Minh',
    'TT- Huế'/'TT.Huế'/'Thừa Thiên-Huế', 'Đắc Lắk'/'Đăk Lăk', 'Bắc Cạn'/'Bắc Kạn', 'BRVT'…"""
    def keys(df, year):
        return {m.unit_key(n) for n in df.filter(pl.col("year") == year)["unit_name"]}

    k63 = keys(pci, 2016)
    assert len(k63) == 63
    for y in range(2005, 2017):
        assert keys(pci, y) <= k63 | {"hatay"}, y
    for y in range(2006, 2009):
        assert "hatay" in keys(pci, y)
    for y in PAPI_N:
        assert keys(papi, y) <= k63 and keys(m.read_papi_tidy(), y) == keys(papi, y)
    assert {m.unit_key(n) for n in m.read_pci_tidy()["unit_name"]} == k63 | {"hatay"}


def test_pci_ranks(pci):
    t = pci.filter(pl.col("component") == "total")
    assert t["published_rank"].null_count() == 0
    chk = t.group_by("year").agg(pl.col("published_rank").min().alias("lo"),
                                 pl.col("published_rank").max().alias("hi"),
                                 pl.col("published_rank").n_unique().alias("n"))
    for y, lo, hi, n in chk.iter_rows():
        assert (lo, hi, n) == (1, PCI_N[y], PCI_N[y])
    assert pci.filter(pl.col("component") != "total")["published_rank"].null_count() == \
        pci.filter(pl.col("component") != "total").height


# ---------------------------------------------------------------------------- spot checks


@pytest.mark.parametrize("year", sorted(PCI_CELLS))
def test_pci_cells(year, pci):
    sheet, rows, name_col, comps, rank_col = PCI_CELLS[year]
    path = DATA / "pci" / (f"PCI_{year}.xls" if year <= 2011 else f"PCI_{year}.xlsx")
    cells = _sheet_rows(path, sheet, max(rows))
    shipped = _lookup(pci)
    checked = 0
    for r in rows:
        row = cells[r - 1]
        for comp, c in comps.items():
            name = row[(name_col or c - 1) - 1]
            got = shipped[(year, m.unit_key(_nfc(name)), comp)]
            assert got["value"] == float(row[c - 1]), (year, r, comp, name)
            checked += 1
            if comp == "total" and rank_col is not None:
                assert got["published_rank"] == int(row[rank_col - 1]), (year, r, name)
    assert checked == 3 * len(comps)


def test_pci_2005_rank_sheet(pci):
    cells = _sheet_rows(DATA / "pci" / "PCI_2005.xls", 0, 43)
    shipped = _lookup(pci)
    for r in (2, 22, 43):
        name, score, rank = cells[r - 1][:3]
        got = shipped[(2005, m.unit_key(_nfc(name)), "total")]
        assert (got["value"], got["published_rank"]) == (float(score), int(rank))


@pytest.mark.parametrize("year", sorted(PAPI_N))
def test_papi_cells(year, papi):
    wb = openpyxl.load_workbook(DATA / "papi" / "PAPI_2011-2016.xlsx", read_only=True, data_only=True)
    ws = wb[f"{year}_PAPI"]
    rows = {r: list(v) for r, v in zip(range(3, 66), ws.iter_rows(min_row=3, max_row=65, max_col=32,
                                                                    values_only=True))}
    wb.close()
    cols = {"d1_participation": 4, "d2_transparency": 9, "d3_vertical_accountability": 13,
            "d4_control_of_corruption": 17, "d5_public_admin_procedures": 22,
            "d6_public_service_delivery": 27, "total": 32}
    shipped = _lookup(papi)
    check = [3, 34, 65]
    empty = [r for r, v in rows.items() if v[3] is None]
    if year == 2014:
        assert [_nfc(rows[r][2]) for r in empty] == ["Bắc Giang", "Đồng Tháp"]
        assert all(not rows[r][31] for r in empty)  # total printed as 0
        check += empty
    else:
        assert empty == []
    for r in check:
        name = _nfc(rows[r][2])
        for comp, c in cols.items():
            key = (year, m.unit_key(name), comp)
            if r in empty:
                assert key not in shipped
            else:
                assert shipped[key]["value"] == float(rows[r][c - 1]), (year, r, comp)
                assert shipped[key]["unit_name"] == name


# ---------------------------------------------------------------------------- cross-checks


def test_pci_parses_agree():
    """Workbook parse vs vietnamdata's tidy CSV: identical (not only within 1e-6) except the 50
    provinces of 2013 whose `prov` is empty in the CSV. vietnamdata's name matcher failed on
    them because PCI_2013.xlsx spells their names in decomposed Unicode (NFD)."""
    wb, tidy = m.read_pci_workbooks(), m.read_pci_tidy()
    d = m.compare_parses(wb, tidy, tol=0.0)
    assert set(d["year"]) == {2013}
    assert d["value_b"].null_count() == d.height == 50 * 11
    assert d["value_a"].null_count() == 0

    # The 50 nameless CSV rows are exactly those 50 provinces: match them on their 11 values.
    comps = [c for c, _, _ in m.PCI_COMPONENTS if c not in ("implementation",)]
    cols = {col: c for c, col, _ in m.PCI_COMPONENTS if c in comps}
    raw = pl.read_csv(DATA / "pci" / "pci_2005_2016_vietnamdata.csv", infer_schema_length=None)
    nameless = raw.filter(pl.col("year") == 2013, pl.col("prov").is_null()).select(list(cols)).rename(cols)
    missing = set(d["unit_name_key"])
    wide = (wb.filter(pl.col("year") == 2013)
            .with_columns(k=pl.col("unit_name").map_elements(m.unit_key, return_dtype=pl.String))
            .filter(pl.col("k").is_in(missing))
            .pivot("component", index="k", values="value").select(comps))
    assert sorted(wide.rows()) == sorted(nameless.select(comps).rows())


def test_papi_parses_agree():
    d = m.compare_parses(m.read_papi_workbook(), m.read_papi_tidy(), tol=0.0)
    assert d.height == 0, d


def test_compare_parses_reports_differences():
    a = m.read_papi_workbook().filter(pl.col("year") == 2016)
    b = a.with_columns(pl.when(pl.col("unit_name") == "Hà Nội").then(pl.col("value") + 1e-3)
                       .otherwise(pl.col("value")).alias("value"))
    b = b.filter(~((pl.col("unit_name") == "Cà Mau") & (pl.col("component") == "total")))
    b = b.with_columns(pl.col("unit_name").replace({"TP. Hồ Chí Minh": "TP HCM"}))
    d = m.compare_parses(a, b)
    assert d.columns == ["year", "unit_name_key", "component", "value_a", "value_b", "diff"]
    assert d.filter(pl.col("unit_name_key") == "hanoi").height == 7
    assert d.filter(pl.col("unit_name_key") == "camau")["value_b"].to_list() == [None]
    assert d.height == 8


# ---------------------------------------------------------------------------- invariants


def test_papi_total_is_sum_of_dimensions(papi):
    w = papi.pivot("component", index=["year", "unit_name"], values="value")
    dims = [c for c, _, _, _ in m.PAPI_COMPONENTS if c != "total"]
    err = w.select((pl.sum_horizontal(dims) - pl.col("total")).abs().max()).item()
    assert err < 1e-4


def test_pci_2013_weights(pci):
    with m.INDICES_TOML.open("rb") as f:
        cat = tomllib.load(f)
    version = next(v for ix in cat["index"] if ix["id"] == "pci"
                   for v in ix["version"] if v["id"] == "pci_2013")
    weights = {c["id"]: c["weight"] for c in version["components"]}
    assert list(weights.values()) == [0.5, 0.5, 2.0, 0.5, 1.0, 0.5, 0.5, 2.0, 2.0, 0.5]
    w = pci.filter(pl.col("year") >= 2013).pivot("component", index=["year", "unit_name"], values="value")
    assert w.height == 4 * 63
    calc = pl.sum_horizontal([pl.col(k) * v for k, v in weights.items()])
    assert w.select((calc - pl.col("total")).abs().max()).item() < 0.02
