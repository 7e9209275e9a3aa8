"""Published figures: the news table reader, our transcription, the choice rule, source ids."""
from __future__ import annotations

import csv
import random
import tomllib
from pathlib import Path

import polars as pl
import pytest

from doisanh import schema
from doisanh.build import published as pub

NEWS_CSV = pub.SHARED_DIR / pub.NEWS_TABLE
INDICES_TOML = Path(pub.__file__).resolve().parents[1] / "indices.toml"

needs_shared = pytest.mark.skipif(not NEWS_CSV.exists(), reason="shared/data/published not present")


@pytest.fixture(scope="module")
def transcribed() -> pl.DataFrame:
    return pub.read_transcribed()


@pytest.fixture(scope="module")
def news() -> pl.DataFrame:
    if not NEWS_CSV.exists():
        pytest.skip("shared/data/published not present")
    return pub.read_news_table()


def _one(df: pl.DataFrame, **eq) -> dict:
    cond = [pl.col(k).is_null() if v is None else pl.col(k) == v for k, v in eq.items()]
    rows = df.filter(*cond).to_dicts()
    assert len(rows) == 1, (eq, rows)
    return rows[0]


# --- news table ---------------------------------------------------------------------------------

@needs_shared
def test_news_table_keeps_every_row_and_value(news):
    with NEWS_CSV.open(encoding="utf-8") as f:
        raw = list(csv.DictReader(f))
    assert len(raw) == news.height == 2848
    assert news.columns == list(schema.FIGURES)
    assert dict(news.schema) == schema.FIGURES
    for r, got in zip(raw, news.iter_rows(named=True), strict=True):
        assert got["index_id"] == {"PAR": "par", "SIPAS": "sipas", "PCI": "pci", "PAPI": "papi", "DTI": "dti"}[r["index"]]  # noqa: E501
        assert got["year"] == int(r["year"])
        assert got["component"] == r["component"]
        assert got["value"] == (float(r["score"]) if r["score"] else None)
        assert got["published_rank"] == (int(r["rank"]) if r["rank"] else None)
        assert got["source_kind"] == r["source_kind"]
        if r["unit_name_as_printed"].startswith("(mean"):
            assert got["unit_name"] is None and got["scope"] == "national"
        else:
            assert got["unit_name"] == r["unit_name_as_printed"] and got["scope"] is None
        assert (got["era"], got["level"]) == (("post2025", "province") if r["level"] == "province_34"
                                              else ("pre2025", r["level"]))
        assert got["source_title"] or got["source_url"]
        if r["note"]:
            assert got["note"].startswith(r["note"])


@needs_shared
def test_news_table_sources_split():
    urls = ["https://thitruonghanghoa.com/tin-tuc/quang-ninh-dan-dau-papi-2020-159168.html",
            "https://m.hanoitimes.vn/thua-thien-hue-province-tops-2023-papi-report-326500.html"]
    assert pub.split_source("thitruonghanghoa.com 159168", urls) == (pub.title_from_url(urls[0]), urls[0])
    assert pub.split_source("hanoitimes PAPI 2023 article (326500)", urls)[1] == urls[1]
    t, u = pub.split_source("https://pcivietnam.vn/en/pci-subindices-of-63-provincescities (PCI 2019 table)")
    assert u == "https://pcivietnam.vn/en/pci-subindices-of-63-provincescities"
    assert t == "pcivietnam.vn: pci subindices of 63 provincescities"
    assert pub.split_source("gilimexip.com PAPI history table") == ("gilimexip.com PAPI history table", None)


# --- transcription --------------------------------------------------------------------------------

def test_transcription_schema(transcribed):
    assert transcribed.columns == [*schema.FIGURES, "parent_name"]
    assert transcribed.drop("parent_name").schema == pl.Schema(schema.FIGURES)
    assert transcribed["unit_code"].null_count() == transcribed.height
    # districts and communes carry their parent; provinces, ministries and statistics do not
    lower = transcribed.filter(pl.col("level").is_in(["district", "commune"]))
    assert lower["parent_name"].null_count() == 0
    assert transcribed.filter(pl.col("level").is_in(["province", "ministry"]))["parent_name"].null_count() == \
        transcribed.filter(pl.col("level").is_in(["province", "ministry"])).height
    # DTI 2024 is the only post-2025 figure
    post = transcribed.filter(pl.col("era") == "post2025")
    assert set(zip(post["index_id"], post["year"])) == {("dti", 2024)}


@pytest.mark.parametrize("index_id, year, level, unit, component, value, rank, rank_of", [
    ("par", 2020, "province", "Quảng Ninh", "total", 91.04, 1, 63),
    ("par", 2020, "province", "TP.Hải Phòng", "total", 90.51, 2, 63),
    ("par", 2020, "province", "Thừa Thiên Huế", "total", 88.47, 3, 63),
    ("par", 2020, "province", "Bình Dương", "total", 86.93, 4, 63),
    ("par", 2020, "province", "Bình Dương", "appraisal", 55.48, None, None),
    ("par", 2020, "province", "Bình Dương", "sipas", 8.82, None, None),
    ("par", 2020, "province", "Bình Dương", "leader_survey", 20.27, None, None),
    ("par", 2020, "province", "Bình Dương", "socio_economic", 2.36, None, None),
    ("sipas", 2017, "province", "Bình Dương", "total", 79.58, None, None),
    ("sipas", 2018, "province", "Bình Dương", "total", 85.03, None, None),
    ("sipas", 2019, "province", "Bình Dương", "total", 88.05, None, None),
    ("i766", 2023, "province", "Bình Dương", "total", 79.92, 9, 63),
    ("i766", 2023, "province", "Bình Dương", "c4_online_payment", 9.0, None, None),
    ("par", 2023, "district", "Thanh Bình", "total", 80.37, None, None),
    ("sipas", 2023, "district", "Thanh Bình", "total", 95.12, None, None),
    ("par", 2023, "commune", "Phường 2", "total", None, 27, 82),
    ("par", 2022, "commune", "Phường 2", "total", None, 72, 82),
    ("dti", 2023, "province", "Đà Nẵng", "total", 0.8340, 1, None),
    ("papi", 2020, "province", "Quảng Ninh", "total", 48.881, None, None),
    ("papi", 2015, "province", "Hà Tĩnh", "d1_participation", 6.44, None, None),
])
def test_transcription_has_the_issue_figures(transcribed, index_id, year, level, unit, component, value, rank,
                                             rank_of):
    r = _one(transcribed.filter(pl.col("source_kind") != "derived"), index_id=index_id, year=year, level=level,
             unit_name=unit, component=component)
    assert (r["value"], r["published_rank"], r["rank_of"]) == (value, rank, rank_of)
    assert r["source_title"] and r["source_kind"]


def test_transcription_statistics(transcribed):
    stats = transcribed.filter(pl.col("scope").is_not_null())
    assert stats["unit_name"].null_count() == stats.height
    assert _one(stats, index_id="par", year=2020, level="province", scope="national")["value"] == 83.72
    assert _one(stats, index_id="par", year=2020, level="ministry", scope="national")["value"] == 87.56
    assert _one(stats, index_id="par", year=2024, level="province", scope="national")["value"] == 88.37
    assert _one(stats, index_id="sipas", year=2023, scope="national")["value"] == 82.66
    regions = stats.filter(index_id="par", year=2023, level="province").filter(pl.col("scope") != "national")
    assert dict(zip(regions["scope"], regions["value"])) == {
        "RRD": 88.33, "SE": 87.79, "NMM": 87.72, "NCC": 86.82, "MRD": 85.42, "CH": 85.42}
    assert all(c == "total_mean" or c.endswith("_mean") for c in stats["component"])


def test_binh_duong_2020_breakdown_sums_to_total(transcribed):
    bd = transcribed.filter(index_id="par", year=2020, unit_name="Bình Dương")
    total = _one(bd, component="total")["value"]
    parts = bd.filter(pl.col("component") != "total")["value"].sum()
    assert abs(parts - total) < 0.005


def test_ratings_and_derived_rows(transcribed):
    thuan_an = _one(transcribed, index_id="i766", year=2023, unit_name="TP.Thuận An")
    assert thuan_an["component"] == "rating" and thuan_an["value"] is None
    assert thuan_an["note"].split(";")[0] == "khá" and thuan_an["parent_name"] == "Bình Dương"
    good = transcribed.filter(index_id="i766", year=2023, level="district", component="rating")
    assert good.filter(pl.col("note").str.starts_with("tốt;")).height == 8
    assert set(good.filter(pl.col("note").str.starts_with("tốt;"))["source_kind"]) == {"derived"}
    r = _one(transcribed, index_id="par", year=2019, unit_name="Bình Dương")
    assert (r["published_rank"], r["source_kind"]) == (17, "derived")


def _catalog() -> dict[str, list[tuple[int, int, set[str]]]]:
    with INDICES_TOML.open("rb") as f:
        toml = tomllib.load(f)
    return {ix["id"]: [(v["years"][0], v["years"][1], {c["id"] for c in v["components"]})
                       for v in ix.get("version", [])] for ix in toml["index"]}


def test_transcription_components_valid_for_their_year(transcribed):
    catalog = _catalog()
    bad = []
    for r in transcribed.select("index_id", "year", "component").unique().iter_rows(named=True):
        versions = catalog.get(r["index_id"])
        if versions is None:
            bad.append(r)
            continue
        comp = r["component"]
        if comp in ("total", "total_mean", "rating"):
            continue  # a total exists whether or not a methodology version covers the year
        ids = set().union(*(c for y0, y1, c in versions if y0 <= r["year"] <= y1))
        if comp.removesuffix("_mean") not in ids:
            bad.append(r)
    assert not bad


def test_indicators():
    ind = pub.read_indicators()
    assert dict(ind.schema) == pub.INDICATOR_COLUMNS
    on_time = _one(ind, unit_name="Bà Rịa - Vũng Tàu", indicator_en="Administrative procedure dossiers settled on time")
    assert (on_time["value"], on_time["target"], on_time["year"]) == (98.8, 98.0, 2023)
    sat = _one(ind, unit_name="Bà Rịa - Vũng Tàu", indicator_en="Satisfaction of citizens and businesses")
    assert (sat["value"], sat["target"]) == (87.06, 87.0)
    dti = _one(ind, unit_name="Thanh Bình")
    assert (dti["value"], dti["target"], dti["year"], dti["parent_name"]) == (None, 6.0, 2024, "Đồng Tháp")
    assert {95.5, 78.9} <= set(ind.filter(unit_name="Bà Rịa - Vũng Tàu")["value"].drop_nulls())


# --- choose_figures ---------------------------------------------------------------------------------

def _fig(value, kind, rank=None, unit="Quảng Ninh", title="t", note=None, **kw) -> dict:
    row = {c: None for c in schema.FIGURES}
    row.update(index_id="pci", year=2017, era="pre2025", level="province", unit_name=unit, component="total",
               value=value, published_rank=rank, source_title=title, source_kind=kind, note=note)
    row.update(kw)
    return row


def _frame(rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema.FIGURES)


CASES = [
    # (rows, index of the row that must be kept)
    ([_fig(70.7, "news", 1), _fig(70.71, "official")], 1),                      # official over news
    ([_fig(70.7, "news", 1), _fig(70.69, "seed")], 1),                         # seed over news
    ([_fig(70.7, "seed", 1), _fig(70.69, "dataset")], 1),                      # dataset over seed
    ([_fig(70.7, "news", 1), _fig(70.69, "news", 1)], 1),                      # more decimals
    ([_fig(46.0415, "news"), _fig(46.0414, "news", 1)], 1),                    # rank over none
    ([_fig(70.7, "news", 1, title="a"), _fig(70.7, "news", 1, title="b")], 0),  # the first
    ([_fig(None, "official", 1), _fig(86.93, "seed", 4)], 1),                  # a value over a rank only
    ([_fig(0.8, "news", unit="Thừa Thiên - Huế"), _fig(0.81, "official", unit="TP. Huế")], 1),  # aliases
    ([_fig(65.2, "news", unit="TP. Hồ Chí Minh"), _fig(65.19, "news", unit="Hồ Chí Minh")], 1),
]


@pytest.mark.parametrize("rows, keep", CASES)
def test_choose_figures_rule(rows, keep):
    chosen, dropped = pub.choose_figures(_frame(rows))
    assert chosen.height == 1 and dropped.height == len(rows) - 1
    assert chosen.columns == list(schema.FIGURES)
    assert chosen.row(0, named=True)["value"] == rows[keep]["value"]
    assert chosen.row(0, named=True)["source_kind"] == rows[keep]["source_kind"]
    assert dropped["reason"].null_count() == 0


def test_choose_figures_keeps_distinct_figures_apart():
    rows = [_fig(70.7, "news"), _fig(70.7, "news", year=2018), _fig(7.0, "news", component="entry_costs"),
            _fig(60.2, "news", unit=None, scope="national", component="total_mean"),
            _fig(None, "seed", 27, unit="Phường 2", level="commune"),
            _fig(None, "seed", 5, unit="Phường 2", level="commune")]
    df = _frame(rows[:4]).with_columns(parent_name=pl.lit(None, dtype=pl.String))
    communes = _frame(rows[4:]).with_columns(parent_name=pl.Series(["Vũng Tàu", "Bà Rịa"]))
    chosen, dropped = pub.choose_figures(pl.concat([df, communes]))
    assert chosen.height == 6 and dropped.height == 0
    assert chosen.columns[-1] == "parent_name"


def test_choose_figures_copies_a_missing_rank_and_reports_disagreement():
    rows = [_fig(90.09, "news", title="with value"), _fig(None, "news", 2, title="rank page", rank_of=63),
            _fig(90.1, "news", title="other")]
    chosen, dropped = pub.choose_figures(_frame(rows))
    r = chosen.row(0, named=True)
    assert (r["value"], r["published_rank"], r["rank_of"]) == (90.09, 2, 63)
    assert "rank from: rank page" in r["note"]
    reasons = dict(zip(dropped["source_title"], dropped["reason"]))
    assert "DISAGREES: value 90.1 vs chosen 90.09" in reasons["other"]
    assert "copied" in reasons["rank page"]


def test_choose_figures_is_deterministic():
    rows = [row for rs, _ in CASES for row in rs]
    rows = [dict(r, year=2000 + i // 2) for i, r in enumerate(rows)]  # CASES stay separate figures
    a = pub.choose_figures(_frame(rows))
    b = pub.choose_figures(_frame(rows))
    assert a[0].equals(b[0]) and a[1].equals(b[1])
    # without exact ties, the input order does not matter
    strict = [r for rs, _ in CASES[:5] + CASES[6:] for r in rs]  # CASES[5] is the exact tie
    strict = [dict(r, year=2000 + i // 2) for i, r in enumerate(strict)]
    expect = pub.choose_figures(_frame(strict))[0].sort("year")
    for seed in range(5):
        shuffled = strict[:]
        random.Random(seed).shuffle(shuffled)
        assert pub.choose_figures(_frame(shuffled))[0].sort("year").equals(expect)


@needs_shared
def test_known_disagreements_resolve_by_the_rule(news, transcribed):
    figs = pl.concat([news.with_columns(parent_name=pl.lit(None, dtype=pl.String)), transcribed])
    chosen, dropped = pub.choose_figures(figs)
    key = ["index_id", "year", "era", "level", "unit_name", "component", "scope"]
    assert chosen.height + dropped.height == figs.height
    keyed = chosen.with_columns(k=pl.Series([pub.unit_key(n, lv) for n, lv in zip(chosen["unit_name"],
                                                                                     chosen["level"])]))
    assert not keyed.select(*[c for c in key if c != "unit_name"], "k", "parent_name").is_duplicated().any()

    def value(index_id, year, unit, component="total"):
        return _one(keyed, index_id=index_id, year=year, k=pub.unit_key(unit), component=component,
                    level="province", era="pre2025")

    assert value("pci", 2017, "Quảng Ninh")["value"] == 70.69       # more decimals
    assert value("pci", 2019, "TP. Hồ Chí Minh")["value"] == 67.16  # the only row
    assert value("par", 2018, "Quảng Ninh")["value"] is None        # misprint left empty, rank kept
    assert value("par", 2018, "Quảng Ninh")["published_rank"] == 1
    assert value("papi", 2023, "Thừa Thiên Huế")["value"] == 46.0414  # rank over none
    assert value("papi", 2020, "Quảng Ninh")["value"] == 48.811
    assert value("par", 2012, "Đà Nẵng")["value"] == 87.12           # dataset over news (as the snapshot)
    assert value("par", 2020, "Bình Dương")["value"] == 86.93        # value over a rank-only news row


# --- sources ------------------------------------------------------------------------------------------

def test_source_ids_are_stable_and_match_sources(transcribed):
    assert pub.source_id("t", "u") == pub.source_id("t", "u") != pub.source_id("t", "v")
    assert pub.source_id("t", "u").startswith("pub_") and len(pub.source_id("t", "u")) == 14
    with_ids = pub.attach_source_ids(transcribed)
    src = pub.published_sources(with_ids)
    assert dict(src.schema) == schema.SOURCES
    assert src["source_id"].is_unique().all()
    assert set(with_ids["source_id"]) == set(src["source_id"])
    kinds = dict(zip(src["url"], src["kind"]))
    assert kinds["seeds/001_ca70977d9400daf8.txt"] == "seed"
    assert kinds["papi.org.vn/eng/by-province?tinh=ha-tinh&y=2015"] == "official"
    assert set(src["licence"]) <= {"quoted figure (facts), page © its publisher", "seed article",
                                   "quoted figure (facts), dataset © its publisher"}
