"""The official PCI (2005–2016) and PAPI (2011–2016) workbooks through the importer.

Reads the real files in ../shared/data (skipped when absent) and compares the importer's
observations with the published rows the snapshot ships (data/observations.parquet): the
shipped PCI/PAPI tables are built by the same parser (doisanh.build.pci_papi), so they must be
equal value for value. Differences allowed and explained:
- source_id: 'import:<file>' here, the build's source ids there (by design);
- warnings 'parts_sum_mismatch' in PCI 2005 (weights not published; the catalog's equal
  weights are unverified) and PCI 2011 (totals printed up to 0.55 away from the weighted sum);
- warnings 'unit_not_published' for PAPI 2014 Bắc Giang and Đồng Tháp (empty rows, not shipped).
The second, independent parse (vietnamdata's tidy CSV) is compared in tests/test_pci_papi.py;
here the importer's output is compared with it too, after resolving its names.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from doisanh import catalog, ingest
from doisanh.build import pci_papi

ROOT = Path(__file__).resolve().parents[1]
DATA = pci_papi.SHARED_DIR / "data"
pytestmark = pytest.mark.skipif(not (DATA / "pci").is_dir(), reason="shared data not present")
KEY = ["era", "level", "unit_code", "index_id", "year", "component"]
COMPARED = [*KEY, "value", "published_rank", "published_band", "is_illustrative", "method_version",
            "pub_source_id"]


@pytest.fixture(scope="module")
def shipped() -> pl.DataFrame:
    return pl.read_parquet(ROOT / "data" / "observations.parquet")


def _pci_file(year: int) -> Path:
    return DATA / "pci" / f"PCI_{year}.{pci_papi.PCI_LAYOUTS[year].ext}"


@pytest.fixture(scope="module")
def pci_results(units) -> dict[int, ingest.ImportResult]:
    out = {}
    for y in pci_papi.PCI_YEARS:
        p = _pci_file(y)
        out[y] = ingest.read_pci_workbook(p.name, p.read_bytes(), units, cat=catalog.load())
    return out


@pytest.fixture(scope="module")
def papi_result(units) -> ingest.ImportResult:
    p = DATA / "papi" / "PAPI_2011-2016.xlsx"
    return ingest.read_papi_workbook(p.name, p.read_bytes(), units)


def _published(shipped: pl.DataFrame, index_id: str, years) -> pl.DataFrame:
    return shipped.filter(pl.col("index_id") == index_id, pl.col("year").is_in(list(years)),
                          ~pl.col("is_illustrative")).select(COMPARED).sort(KEY)


@pytest.mark.parametrize("year", pci_papi.PCI_YEARS)
def test_pci_workbook_equals_shipped(year, pci_results, shipped):
    res = pci_results[year]
    assert not res.fatal and not res.errors, res.problems_frame("en")
    assert res.detected["years"] == [year]
    assert res.n_rows_read == res.n_rows_valid == res.observations.height
    got = res.observations.select(COMPARED).sort(KEY)
    want = _published(shipped, "pci", [year])
    assert got.equals(want), got.join(want, on=KEY, how="full").filter(
        pl.col("value") != pl.col("value_right"))
    assert set(res.observations["source_id"]) == {f"import:{_pci_file(year).name}"}
    # the explained differences: parts that do not add up to the printed total (PCI 2011; PCI 2005
    # no longer, since its weights were fitted to the 42 printed totals instead of assumed equal)
    codes = Counter((p.code, p.severity) for p in res.problems)
    expected = {2011: 61}.get(year)
    assert codes == (Counter({("parts_sum_mismatch", "warning"): expected}) if expected else Counter())


def test_pci_sum_warnings_name_the_total_cell(pci_results):
    p = next(p for p in pci_results[2011].problems if p.code == "parts_sum_mismatch")
    assert p.file == "PCI_2011.xls" and p.sheet == "Tong hop" and p.column == "U"
    assert 2 <= p.row <= 64 and "Σ" in p.message_en


def test_papi_workbook_equals_shipped(papi_result, shipped):
    res = papi_result
    assert not res.fatal and not res.errors
    assert res.detected == {"index_id": "papi", "years": list(pci_papi.PAPI_YEARS)}
    got = res.observations.select(COMPARED).sort(KEY)
    assert got.equals(_published(shipped, "papi", pci_papi.PAPI_YEARS))
    skipped = [(p.code, p.sheet, p.row, p.column) for p in res.problems]
    assert sorted(skipped) == [("unit_not_published", "2014_PAPI", r, "C") for r in sorted(
        r for r, n in _papi_2014_rows() if n in ("Bắc Giang", "Đồng Tháp"))]


def _papi_2014_rows():
    df = pci_papi.parse_papi_workbook(DATA / "papi" / "PAPI_2011-2016.xlsx")
    return df.filter(pl.col("year") == 2014, pl.col("component") == "total").select("row", "unit_name").rows()


def test_build_reads_through_the_importers_parser(monkeypatch):
    """The build's readers go through parse_pci_workbook / parse_papi_workbook (one code path)."""
    calls = []
    real_pci, real_papi = pci_papi.parse_pci_workbook, pci_papi.parse_papi_workbook
    monkeypatch.setattr(pci_papi, "parse_pci_workbook", lambda *a, **k: calls.append("pci") or real_pci(*a, **k))
    monkeypatch.setattr(pci_papi, "parse_papi_workbook", lambda *a, **k: calls.append("papi") or real_papi(*a, **k))
    pci_papi.read_pci_workbooks(years=[2013])
    pci_papi.read_papi_workbook()
    assert calls == ["pci", "papi"]


def test_layout_table_is_vietnamdatas_guide():
    text = (DATA / "pci" / "PCI_Import.csv").read_text(encoding="utf-8").replace("\r", "")
    assert text == pci_papi.PCI_LAYOUT_TABLE
    assert pci_papi._pci_layouts(text) == pci_papi.PCI_LAYOUTS


@pytest.mark.parametrize("year", pci_papi.PCI_YEARS)
def test_year_detected_from_header_cells_not_name(year):
    data = _pci_file(year).read_bytes()
    assert pci_papi.detect_pci_year(pci_papi.Workbook(data, "renamed.bin")) == [year]
    assert ingest.detect_official("upload.xlsx", data) == "pci"


def test_year_chosen_must_agree(units):
    data = _pci_file(2013).read_bytes()
    res = ingest.read_pci_workbook("PCI_2013.xlsx", data, units, year=2012)
    assert [(p.code, p.severity) for p in res.problems] == [("year_mismatch", "fatal")]
    with pytest.raises(ingest.ImportRefused):
        ingest.accept(res, keep_valid=True)


def test_year_in_file_name_differs_is_a_warning(units):
    res = ingest.read_pci_workbook("PCI_2012.xlsx", _pci_file(2013).read_bytes(), units)
    assert [(p.code, p.severity, p.sheet) for p in res.problems] == [("year_name_differs", "warning", "Summary_VN")]
    assert res.detected["years"] == [2013] and res.n_rows_valid == 693


def test_unknown_layouts_are_refused(units):
    tpl = ingest.template_xlsx()
    res = ingest.read_pci_workbook("mau.xlsx", tpl, units)
    assert [(p.code, p.severity) for p in res.problems] == [("layout_unknown", "fatal")]
    res = ingest.read_papi_workbook("mau.xlsx", tpl, units)
    assert [(p.code, p.severity) for p in res.problems] == [("layout_unknown", "fatal")]
    res = ingest.read_papi_workbook("PCI_2013.xlsx", _pci_file(2013).read_bytes(), units)
    assert [p.code for p in res.problems] == ["layout_unknown"]
    csv = ingest.read_pci_workbook("pci.csv", b"a,b\n1,2\n", units)
    assert [p.code for p in csv.problems] == ["layout_unknown"]


def test_read_any_detects_the_kind(units):
    p = DATA / "papi" / "PAPI_2011-2016.xlsx"
    assert ingest.read_any(p.name, p.read_bytes(), units).kind == "papi"
    assert ingest.read_any("x.xls", _pci_file(2009).read_bytes(), units).kind == "pci"
    assert ingest.read_any("mau.xlsx", ingest.template_xlsx(), units).kind == "template"


def test_importer_agrees_with_the_independent_tidy_parse(pci_results, papi_result, units):
    """vietnamdata's tidy CSV (an independent parse, resolved with the same registry) agrees
    value for value, except the 50 provinces of PCI 2013 the CSV leaves nameless (its names
    came from an NFD-spelled workbook; see tests/test_pci_papi.py)."""
    def resolve(df):
        codes = {n: units.find(n, "pre2025", "province", None)[0] for n in df["unit_name"].unique()}
        return df.with_columns(unit_code=pl.col("unit_name").replace_strict(codes)).select(
            "year", "unit_code", "component", "value")

    tidy_pci = resolve(pci_papi.read_pci_tidy())
    got = pl.concat([r.observations for r in pci_results.values()]).select("year", "unit_code", "component", "value")
    diff = got.join(tidy_pci, on=["year", "unit_code", "component"], how="anti")
    assert set(diff["year"]) == {2013} and diff.height == 50 * 11
    both = got.join(tidy_pci, on=["year", "unit_code", "component"])
    assert (both["value"] == both["value_right"]).all()

    tidy_papi = resolve(pci_papi.read_papi_tidy())
    got = papi_result.observations.select("year", "unit_code", "component", "value")
    assert got.sort("year", "unit_code", "component").equals(tidy_papi.sort("year", "unit_code", "component"))
