"""Every published table of ../shared/data/published reaches the snapshot, and the coverage count.

The fidelity test reads ../shared/data/published/*.csv through the build's own reader and
checks each figure against data/ (skipped when ../shared is absent, like the other build
tests); the spelling and coverage tests run on small frames.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from doisanh import catalog
from doisanh.build import coverage
from doisanh.build import published_tables as pt
from doisanh.build.published import SHARED_DIR, decimals
from doisanh.names import UnitResolver
from doisanh.text import name_key

DATA = Path(__file__).resolve().parents[1] / "data"
PUBLISHED = SHARED_DIR / pt.PUBLISHED_DIR
needs_shared = pytest.mark.skipif(not PUBLISHED.is_dir(), reason="shared/data/published not present")


# --- spellings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("label, expected", [
    ("D4 Control of Corruption", "d4_control_of_corruption"),
    ("4: Control of Corruption in the Public Sector", "d4_control_of_corruption"),
    ("Dimension 4: Control of Corruption in the Public Sector", "d4_control_of_corruption"),
    ("Chỉ số nội dung 8: Quản trị điện tử", "d8_e_governance"),
    ("trách nhiệm với người dân", "d3_vertical_accountability"),
    ("Citizen participation at the grassroots level", "d1_participation"),
    ("d2_transparency", "d2_transparency"),
])
def test_papi_dimensions_three_spellings(label, expected):
    ids = {c.id for c in catalog.load()["papi"].version_for(2020).components}
    assert pt.component_id("papi", label, ids) == expected


@pytest.mark.parametrize("index_id, year, label, expected", [
    ("i766", 2026, "CKMB", "c1_transparency"), ("i766", 2026, "TDGQ", "c2_progress"),
    ("i766", 2026, "CLGQ", "c4_online_services"), ("i766", 2026, "MDSH", "c3_digitisation"),
    ("i766", 2026, "TTTT", "c4_online_payment"), ("i766", 2026, "MDHL", "c5_satisfaction"),
    ("i766", 2026, "onlineService", "c4_online_services"), ("i766", 2026, "digitized", "c3_digitisation"),
    ("pci", 2020, "Tính minh bạch", "transparency"), ("pci", 2024, "Law & Order", "law_and_order"),
    ("dti", 2020, "xã hội số", "pillar_digital_society"),
    ("dti", 2022, "Network Information Security", "cyber_security"),
    ("par", 2020, "得分 (điểm thẩm định / appraised score)", "appraisal"),
    ("par", 2022, "Xây dựng và tổ chức thực hiện thể chế/VBQPPL (法的文書の起草と実施)", "f2_institutions"),
    ("par", 2019, "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh", "f2_legal_docs"),
])
def test_component_spellings(index_id, year, label, expected):
    ids = {c.id for c in catalog.load()[index_id].version_for(year).components}
    assert pt.component_id(index_id, label, ids) == expected


@pytest.mark.parametrize("printed, note, expected", [
    ("HNOI", "province=Hà Nội (file code 'HNOI', id 1 in GSO order)", "Hà Nội"),
    ("ĐNANG", "province=Đà Nẵng (file code 'ĐNANG')", "Đà Nẵng"),
    ("UBND tỉnh Đồng Tháp", None, "tỉnh Đồng Tháp"),
    ("UBND xã M’Drắk", None, "xã M'Drắk"),
    ("广宁省 (Quảng Ninh)", None, "Quảng Ninh"),
    ("Quảng Nam (クアンナム省)", None, "Quảng Nam"),
    ("TP. Đà Nẵng (cũ / former)", None, "TP. Đà Nẵng"),
    ("Ba Ria-Vung Tau", None, "Ba Ria-Vung Tau"),
])
def test_unit_names(printed, note, expected):
    assert pt.unit_name(printed, note) == expected


def test_a_ministry_mean_and_a_department(tmp_path):
    raw = pl.DataFrame({
        "index": ["PAR", "PAR", "766", "SIPAS"], "year": ["2023", "2023", "2026", "2021"],
        "unit_name_as_printed": ["Bộ Tư pháp", "(mean of 17 ministries)", "Sở Xây dựng - Tỉnh Đắk Lắk",
                                 "(highest of 63 provinces)"],
        "level": ["ministry", "ministry", "province_department", "province"],
        "component": ["total", "total_mean", "total", "total_max"],
        "score": ["89.95", "84.38", "73.44", "94.07"], "rank": ["1", None, "2", None],
        "source": ["https://a.vn/x"] * 4, "source_kind": ["official"] * 4, "note": [None] * 4,
    })
    figs, dropped = pt.normalise(raw, catalog.load(), "t.csv")
    assert figs.select("level", "scope", "component").rows() == [
        ("ministry", None, "total"), ("ministry", "national", "total_mean")]
    assert sorted(dropped["reason"].str.slice(0, 12).to_list()) == ["provincial d", "statistic ot"]


def test_a_table_with_other_columns_is_refused(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("index,year,unit\nPCI,2025,Hà Nội\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing columns"):
        pt.read_table(f)


# --- coverage -------------------------------------------------------------------------------------

def test_coverage_counts_published_values_only():
    units = pl.DataFrame({
        "era": ["pre2025"] * 3, "level": ["province"] * 3, "unit_code": ["01", "02", "28"],
        "valid_to": [None, None, date(2008, 7, 31)]}, schema_overrides={"valid_to": pl.Date})
    obs = pl.DataFrame({
        "era": ["pre2025"] * 5, "level": ["province"] * 5, "unit_code": ["01", "02", "01", "02", "28"],
        "index_id": ["pci", "pci", "papi", "papi", "pci"], "year": [2015, 2015, 2015, 2015, 2015],
        "component": ["total"] * 5, "value": [60.0, 61.0, None, 30.0, 50.0],
        "is_illustrative": [False, True, False, False, False]},
        schema_overrides={"year": pl.Int16})
    t = coverage.table(obs, units)
    got = {(r["index_id"], r["year"]): (r["published"], r["cells"]) for r in t.iter_rows(named=True)
           if r["era"] == "pre2025"}
    assert got[("pci", 2015)] == (1, 2)       # illustrative 02 and Hà Tây (gone by 2015) not counted
    assert got[("papi", 2015)] == (1, 2)      # a rank-only cell (value null) not counted
    assert got[("par", 2016)] == (0, 2)
    assert coverage.share(t) == (2, 6 * 10 * 2)
    md = coverage.markdown(t)
    assert "2 of 120 cells published (1.7 %)" in md and "| pci | 1 | 0 |" in md


# --- the snapshot holds every published figure ----------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    if not PUBLISHED.is_dir():
        pytest.skip("shared/data/published not present")
    cat = catalog.load()
    figs, dropped = pt.read_published(cat, SHARED_DIR)
    units = pl.read_parquet(DATA / "units.parquet")
    obs = pl.read_parquet(DATA / "observations.parquet")
    return figs, dropped, units, obs


def _codes(figs: pl.DataFrame, units: pl.DataFrame) -> list[str | None]:
    res = UnitResolver(units)
    ministries = {name_key(n): c for n, c in units.filter(level="ministry").select("name_vi", "unit_code").rows()}
    out = []
    for r in figs.iter_rows(named=True):
        if r["scope"] is not None:
            out.append(None)
        elif r["level"] == "ministry":
            out.append(ministries.get(name_key(r["unit_name"])))
        elif r["level"] == "commune":
            p = res.resolve(r["parent_name"], era=r["era"], level="province")
            out.append(res.resolve(r["unit_name"], era=r["era"], level="commune", province_code=p))
        else:
            out.append(res.resolve(r["unit_name"], era=r["era"], level=r["level"]))
    return out


@needs_shared
def test_every_table_is_read(shipped):
    figs, dropped, _, _ = shipped
    files = sorted(p.name for p in PUBLISHED.glob("*.csv"))
    assert len(files) >= 5
    n_rows = sum(pl.read_csv(PUBLISHED / f, infer_schema=False).height for f in files)
    rank_only_drops = dropped.filter(pl.col("reason").str.starts_with("rank only")).height
    classes = figs.filter(component="rating").height  # one more row per printed class (766 portal)
    assert figs.height - classes + dropped.height - rank_only_drops == n_rows


@needs_shared
def test_every_published_figure_is_in_the_snapshot(shipped):
    figs, _, units, obs = shipped
    ratings = figs.filter(component="rating")
    figs = figs.filter(pl.col("component") != "rating")
    figs = figs.filter(pl.col("scope").is_null()).with_columns(
        unit_code=pl.Series(_codes(figs.filter(pl.col("scope").is_null()), units), dtype=pl.String))
    unresolved = figs.filter(pl.col("unit_code").is_null())
    assert unresolved.is_empty(), unresolved.select("index_id", "year", "level", "unit_name").unique().rows()[:10]
    key = ["era", "level", "unit_code", "index_id", "year", "component"]
    # every value any table prints for the fact: a figure may lose to another source's value
    printed = figs.filter(pl.col("value").is_not_null()).group_by(key).agg(printed=pl.col("value"))
    got = figs.join(obs.select(*key, "value", "published_rank", "is_illustrative"), on=key,
                    how="left", suffix="_shipped").join(printed, on=key, how="left")
    missing = got.filter(pl.col("is_illustrative").is_null())
    assert missing.is_empty(), missing.select(*key).unique().rows()[:10]
    flagged = got.filter(pl.col("is_illustrative") & pl.col("value").is_not_null())
    assert flagged.is_empty(), flagged.select(*key, "value").rows()[:10]
    # the shipped value agrees with one printed value to the printed precision (the official
    # workbooks of complete years carry more decimals than a page printing the same figure)
    wrong = [r for r in got.filter(pl.col("value").is_not_null()).iter_rows(named=True)
             if not any(abs(r["value_shipped"] - v) <= 0.5 * 10 ** -decimals(v) + 1e-9 for v in r["printed"])]
    # …or it lost to another source by the stated rule, and BUILD_REPORT lists the disagreement
    report = (DATA / "BUILD_REPORT.md").read_text(encoding="utf-8")
    disagreements = report.split("## Sources disagree", 1)[1].split("\n## ", 1)[0]
    unlisted = [r for r in wrong if f"- {r['index_id']} {r['year']} {r['level']} {r['unit_code']} "
                f"{r['component']}: kept" not in disagreements]
    assert not unlisted, [(r["index_id"], r["year"], r["unit_code"], r["component"], r["value"],
                           r["value_shipped"]) for r in unlisted[:10]]
    # a rank-only figure keeps a rank
    ranks = got.filter(pl.col("value").is_null() & pl.col("published_rank_shipped").is_null())
    assert ranks.is_empty(), ranks.select(*key, "published_rank").rows()[:10]
    # a printed class (766 portal, 2026) is the band of the unit's total
    assert ratings.height >= 100
    rated = ratings.with_columns(unit_code=pl.Series(_codes(ratings, units), dtype=pl.String)).join(
        obs.filter(component="total").select("era", "level", "unit_code", "index_id", "year", "published_band"),
        on=["era", "level", "unit_code", "index_id", "year"], how="left")
    bands = {b.name_vi: b.id for b in catalog.load()["i766"].bands_for(2026)}
    assert [bands.get(n) for n in rated["note"]] == rated["published_band"].to_list()


@needs_shared
def test_coverage_of_the_snapshot(shipped):
    _, _, units, obs = shipped
    t = coverage.table(obs, units)
    pre = {(r["index_id"], r["year"]): r["published"] for r in t.filter(era="pre2025").iter_rows(named=True)}
    assert all(pre[("pci", y)] == 63 for y in range(2015, 2023))
    assert all(pre[("papi", y)] >= 60 for y in range(2015, 2025))
    got, cells = coverage.share(t)
    assert cells == 3780 and got / cells > 1 / 3
    assert t.filter(era="post2025", index_id="i766", year=2026)["published"].item() == 34


def test_every_source_has_an_address_or_says_it_has_none():
    sources = pl.read_parquet(DATA / "sources.parquet")
    silent = sources.filter((pl.col("url").fill_null("") == "") & ~pl.col("title").str.contains("no URL"))
    assert silent.is_empty(), silent.select("source_id", "title").rows()


# --- a deployer's extra table ---------------------------------------------------------------------

def _extra(tmp_path: Path) -> Path:
    f = tmp_path / "pci_2025_extra.csv"
    f.write_text("index,year,unit_name_as_printed,level,component,score,rank,source,source_kind,note\n"
                 "PCI,2023,TP HCM,province,total,65.5,12,https://example.org/pci-2023,official,test row\n",
                 encoding="utf-8")
    return f


@needs_shared
def test_an_added_table_is_read_beside_the_shared_ones(tmp_path):
    cat = catalog.load()
    base, _ = pt.read_published(cat, SHARED_DIR)
    more, _ = pt.read_published(cat, SHARED_DIR, (_extra(tmp_path),))
    assert more.height == base.height + 1
    row = more.tail(1).row(0, named=True)
    assert (row["index_id"], row["year"], row["unit_name"], row["value"], row["published_rank"]) == \
        ("pci", 2023, "HCM", 65.5, 12)


def test_build_refuses_a_missing_added_table(tmp_path, capsys):
    from doisanh.build.__main__ import main
    assert main(["--add", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out")]) == 2
    assert "nope.csv" in capsys.readouterr().err and not (tmp_path / "out").exists()
