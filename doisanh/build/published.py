"""Published figures collected from pages and articles, as `doisanh.schema.FIGURES` frames.

Three inputs:
- `read_news_table`: shared/data/published/news_and_official_figures.csv as printed (figures
  copied from news and official pages; provinces and ministries only). The build reads it,
  with every other published table, through doisanh.build.published_tables, which also maps
  spellings to the catalog;
- `read_transcribed`: build/published_figures.csv, our hand transcription of the seed
  articles and of the [S] figures of shared/reference/index_methods.md. It returns FIGURES
  plus a `parent_name` column (district for a commune, province for a district) that the
  caller uses to resolve codes (doisanh.names) and then drops;
- `read_indicators`: build/published_indicators.csv, targets and local indicators that are
  not index figures (on-time rates, satisfaction targets, target ranks).

`choose_figures` keeps one row where several sources give the same figure and returns the
alternatives it dropped, with the reason. `published_sources` / `attach_source_ids` give
each distinct (source_title, source_url) a stable id and its `doisanh.schema.SOURCES` row
(both in doisanh.build.sources, importable from here).

The snapshot build (doisanh/build/assemble.py) resolves names to codes first and then
applies the same rule on codes (`assemble.choose`, with the same `KIND_ORDER`);
`choose_figures` here is the name-based version, kept for checking figures before codes
exist. Typical use (news table first: "first" is the last tie-break of the rule;
keep `parent_name` through `choose_figures`, which compares it, and drop it once codes are
resolved):

    news = read_news_table().with_columns(parent_name=pl.lit(None, dtype=pl.String))
    figs = attach_source_ids(pl.concat([news, read_transcribed()]))
    chosen, dropped = choose_figures(figs)
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import polars as pl

from doisanh import schema
from doisanh.schema import ERAS, FIGURES, LEVELS, conform
from doisanh.text import name_key

# source ids and rows live in doisanh.build.sources; kept importable from here
from doisanh.build.sources import attach_source_ids, published_sources, source_id  # noqa: F401

SHARED_DIR = Path(__file__).resolve().parents[2].parent / "shared"
REPO_DIR = Path(__file__).resolve().parents[2]
NEWS_TABLE = Path("data") / "published" / "news_and_official_figures.csv"
TRANSCRIBED = REPO_DIR / "build" / "published_figures.csv"
INDICATORS = REPO_DIR / "build" / "published_indicators.csv"

SOURCE_KINDS = ("official", "news", "dataset", "seed", "reference", "derived")
# Rank of a source kind in the choice rule, the same in choose_figures and in the snapshot
# build (doisanh.build.assemble.choose): official > dataset > seed > news > derived > reference.
KIND_ORDER = {"official": 0, "dataset": 1, "seed": 2, "news": 3, "derived": 4, "reference": 5}
_OTHER_KIND = 9

_INDEX_IDS = {"PAR": "par", "SIPAS": "sipas", "PCI": "pci", "PAPI": "papi", "DTI": "dti"}

# name_key → name_key for spellings name_key() cannot join by itself (provinces and
# ministries only). Same direction as doisanh.names.ALIASES (former name → current short name).
ALIASES: dict[str, str] = {
    "thuathienhue": "hue",     # Thừa Thiên Huế, Thừa Thiên - Huế; 'TP. Huế' keys to 'hue'
    "tthue": "hue",            # TT-Huế
    "hcm": "hochiminh",        # TP.HCM ('TP. Hồ Chí Minh' and 'Hồ Chí Minh' already key to 'hochiminh')
    "tphcm": "hochiminh",
    "hcmc": "hochiminh",
    "brvt": "bariavungtau",
    "nganhangnhanuoc": "nganhangnhanuocvietnam",
}

# the transcription file names its source by title and address; the snapshot table
# (doisanh.schema.INDICATORS) keeps a source_id instead
INDICATOR_COLUMNS = {
    **{k: v for k, v in schema.INDICATORS.items() if k not in ("source_id", "note")},
    "source_title": pl.String,
    "source_url": pl.String,
    "note": pl.String,
}

_TRANSCRIBED_COLUMNS = {**FIGURES, "parent_name": pl.String}


# --- the news and official table --------------------------------------------------------------

def read_news_table(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """The 2,848 figures of shared/data/published/news_and_official_figures.csv as FIGURES.

    Values are the printed strings read as floats (null where only a rank was printed).
    Level 'province_34' (DTI 2024) becomes level 'province', era 'post2025'. Rows of
    '(mean of 63 provinces)' become statistics: unit_name null, scope 'national'.
    `source` is split into source_url / source_title by `split_source`; a remark printed after
    a URL is appended to `note` as 'source: <remark>'."""
    raw = pl.read_csv(shared_dir / NEWS_TABLE, infer_schema=False)
    urls = [s for s in raw["source"].unique().to_list() if s and _is_url(s)]
    split = {s: split_source(s, urls) for s in raw["source"].unique().to_list()}
    is_mean = pl.col("unit_name_as_printed").str.starts_with("(mean")
    remark = pl.col("source").str.extract(r"^https?://\S+\s+\((.*)\)$", 1)
    df = raw.with_columns(
        index_id=pl.col("index").replace_strict(_INDEX_IDS),
        era=pl.when(pl.col("level") == "province_34").then(pl.lit("post2025")).otherwise(pl.lit("pre2025")),
        level=pl.when(pl.col("level") == "province_34").then(pl.lit("province")).otherwise(pl.col("level")),
        unit_name=pl.when(is_mean).then(None).otherwise(pl.col("unit_name_as_printed")),
        unit_code=pl.lit(None, dtype=pl.String),
        scope=pl.when(is_mean).then(pl.lit("national")).otherwise(None),
        value=pl.col("score").cast(pl.Float64, strict=True),
        published_rank=pl.col("rank").cast(pl.Int32, strict=True),
        rank_of=pl.lit(None, dtype=pl.Int32),
        source_title=pl.col("source").replace_strict({k: v[0] for k, v in split.items()}, default=None),
        source_url=pl.col("source").replace_strict({k: v[1] for k, v in split.items()}, default=None),
        note=pl.when(remark.is_null()).then(pl.col("note"))
        .otherwise(pl.concat_str(pl.col("note") + "; ", pl.lit("source: ") + remark, ignore_nulls=True)),
    )
    out = conform(df, FIGURES, "published news table")
    _check(out, "published news table")
    return out


def split_source(source: str, known_urls: list[str] = ()) -> tuple[str, str | None]:
    """(title, url) for a `source` cell of the news table.

    - 'https://host/path' → (title made from host and path, url);
    - 'https://host/path (remark)' → the same; the remark (e.g. 'PCI 2019 table, excerpt
      truncated after rank 23') goes to the row's note (see `read_news_table`), so one page
      keeps one title and one source id;
    - a short form such as 'thitruonghanghoa.com 159168' or 'hanoitimes PAPI 2023 article
      (326500)' → the full URL in `known_urls` with that host word and that id, and the
      title made from it (so it gets the same source id as the rows citing the URL);
    - several citations joined by ';' → (the cell as title, url of the first one resolved);
    - anything unresolved → (the cell, None)."""
    source = source.strip()
    if _is_url(source):
        url = source.split(" ", 1)[0]
        return title_from_url(url), url
    parts = [p.strip() for p in source.split(";") if p.strip()]
    resolved = [_resolve_short(p, known_urls) for p in parts]
    first = next((u for u in resolved if u), None)
    if len(parts) == 1 and first:
        return title_from_url(first), first
    return source, first


def title_from_url(url: str) -> str:
    """Host and the most wordy path segment, ids dropped:
    'https://www.pcivietnam.vn/en/provinces/lam-dong' → 'pcivietnam.vn: lam dong'."""
    u = urlsplit(url if "//" in url else "//" + url)
    host = u.netloc.removeprefix("www.")
    best: list[str] = []
    for seg in (s for s in u.path.split("/") if s):
        seg = re.sub(r"\.[A-Za-z]{2,5}$", "", unquote(seg))
        words = [w for w in re.split(r"[-_+\s]+", seg) if w and not re.fullmatch(r"[A-Za-z]{0,4}\d{5,}", w)]
        if sum(any(ch.isalpha() for ch in w) for w in words) >= sum(any(ch.isalpha() for ch in w) for w in best):
            best = words
    return f"{host}: {' '.join(best)}" if any(any(ch.isalpha() for ch in w) for w in best) else host


def _is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def _resolve_short(part: str, known_urls: list[str]) -> str | None:
    words = re.findall(r"[\w.]+", part)
    if not words:
        return None
    host_word = words[0].lower()
    ids = [t for w in words[1:] for t in w.split("/") if re.search(r"\d{4,}", t) and not re.fullmatch(r"(19|20)\d\d", t)]  # noqa: E501
    if not ids:
        return None
    ident = max(ids, key=lambda t: sum(ch.isdigit() for ch in t))
    hits = {u for u in known_urls if host_word.removeprefix("www.") in u.lower() and ident.lower() in u.lower()}
    return hits.pop() if len(hits) == 1 else None


# --- our transcription -------------------------------------------------------------------------

def read_transcribed(path: Path = TRANSCRIBED) -> pl.DataFrame:
    """build/published_figures.csv as FIGURES plus `parent_name` (last column).

    `parent_name` names the district of a commune or the province of a district, as the
    source printed it; it is null for provinces, ministries and statistics. Resolve codes
    with it, then drop it (FIGURES has no such column)."""
    raw = pl.read_csv(path, infer_schema=False)
    df = raw.with_columns(unit_code=pl.lit(None, dtype=pl.String))
    out = conform(df, _TRANSCRIBED_COLUMNS, str(path))
    _check(out, str(path))
    return out


def read_indicators(path: Path = INDICATORS) -> pl.DataFrame:
    """build/published_indicators.csv: targets and local indicators (INDICATOR_COLUMNS)."""
    return conform(pl.read_csv(path, infer_schema=False), INDICATOR_COLUMNS, str(path))


def _check(df: pl.DataFrame, table: str) -> None:
    """Raise ValueError for values outside the closed vocabularies of FIGURES."""
    problems = []
    for col, allowed in (("era", ERAS), ("level", LEVELS), ("source_kind", SOURCE_KINDS),
                         ("index_id", tuple(_INDEX_IDS.values()) + ("i766",))):
        bad = df.filter(~pl.col(col).is_in(list(allowed)) | pl.col(col).is_null())[col].unique().to_list()
        if bad:
            problems.append(f"{col} {bad}")
    stat = df.filter(pl.col("scope").is_not_null() & pl.col("unit_name").is_not_null())
    if stat.height:
        problems.append(f"{stat.height} statistic rows with a unit_name")
    orphan = df.filter(pl.col("scope").is_null() & pl.col("unit_name").is_null())
    if orphan.height:
        problems.append(f"{orphan.height} unit rows without unit_name")
    empty = df.filter(pl.col("value").is_null() & pl.col("published_rank").is_null()
                      & (pl.col("component") != "rating"))
    if empty.height:
        problems.append(f"{empty.height} rows with neither value nor rank")
    if problems:
        raise ValueError(f"{table}: " + "; ".join(problems))


# --- choosing between sources -------------------------------------------------------------------

def unit_key(name: str | None, level: str | None = None) -> str:
    """Key for comparing unit names across sources: name_key, then ALIASES for provinces
    and ministries ('Thừa Thiên - Huế', 'TP. Huế' → 'hue'). '' for None."""
    if name is None:
        return ""
    k = name_key(name)
    return ALIASES.get(k, k) if level in (None, "province", "ministry") else k


def decimals(value: float | None) -> int:
    """Decimals of the shortest repr of the float; -1 for null. Trailing zeros of the printed
    string are lost when it was read as a float ('72.10' counts 1), so '70.69' beats '70.7'
    but '72.10' does not beat '72.1' (the same number anyway)."""
    if value is None:
        return -1
    s = repr(float(value))
    if "e" in s or "." not in s:
        return 0
    return len(s.split(".")[1].rstrip("0"))


GROUP_KEY = ("index_id", "year", "era", "level", "_unit_key", "_parent_key", "component", "_scope")


def choose_figures(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep one row per figure; return (chosen, dropped).

    A figure is (index_id, year, era, level, unit, component, scope), the unit compared by
    `unit_key` (and the parent's, when a `parent_name` column is present). Among rows of
    one figure the rule is, in order:

    0. a row with a value over a rank-only row (a rank-only row is not a competing reading
       of the value: without this, a news page that printed only ranks, e.g. PAR 2020 ranks
       1–5, would hide the scores the seed article prints for the same provinces);
    1. by source kind, `KIND_ORDER`: official > dataset > seed > news > derived > reference;
    2. more decimals over fewer (`decimals`);
    3. a row with a published rank over one without;
    4. the first in the input (so the caller's order is the last tie-break).

    When the chosen row has no rank and a dropped row of the same figure has one, the rank
    (and rank_of) of the best such row, by the same order, is copied in, and the chosen
    row's note says where it came from. When it has a rank but no rank_of, rank_of is taken
    from a dropped row printing the same rank ('4th' and '4/34' agree).

    `dropped` has every input column plus `reason` (why it lost, and whether it agrees with
    the chosen value and rank) and `chosen_value`, `chosen_rank`, `chosen_source_title`.

    The disagreements listed in shared/data/SOURCES.md resolve as follows:
    - PCI 2017 Quảng Ninh 70.69 (doanhnghiep.vinhphuc.gov.vn) vs 70.7 (vov.vn, shrc.agu.edu.vn,
      our transcription): all news, so rule 2 keeps 70.69.
    - PCI 2019 TP.HCM: the official 2019 table prints N/A and has no rank 14, so the table
      holds no official row; the single row (67.16, rank 14, a Vĩnh Phúc page) is kept as is.
    - Quảng Trị, Vietnamese vs English PCI pages: only the English page's rows (2017–2022)
      are in the table, so nothing competes. Were both added, both are official and print
      the same decimals (2006: 52.17 vs 52.18; 2013 informal charges 5.13 vs 7.57), so rule 3
      and then rule 4 (the first in the input) would decide, and `dropped` would flag the
      disagreement; likewise the ranks (2011: 14 vs 13; 2007: 46 vs 47).
    - Quảng Ninh PAR 2018 printed as 81 (misprint): the table leaves the score empty, the row
      keeps rank 1 with no value; nothing competes with it.
    - PAPI 2023 Thừa Thiên Huế 46.0415 vs 46.0414: both news, 4 decimals; rule 3 keeps 46.0414
      (the row with rank 1).
    - PAPI 2020 Quảng Ninh 48.811 (news table) vs 48.881 (index_methods.md): both news,
      3 decimals; rule 3 keeps 48.811 (rank 1), which is also the sum of its 8 dimensions.
    - PAR 2023 Hải Phòng 91.81 (news table, rank 2) vs 91.87 (index_methods.md, no rank):
      rule 3 keeps 91.81.
    - PAR 2012 Đà Nẵng 87.14 (VietnamPlus, news) vs 87.12 (letrinhan dataset, = 53.25 + 33.87):
      rule 1 keeps 87.12, as the snapshot does (rank 1 copied from the news row).
    """
    cols = df.columns
    has_parent = "parent_name" in cols
    levels = df["level"].to_list()
    work = df.with_columns(
        _unit_key=pl.Series([unit_key(n, lv) for n, lv in zip(df["unit_name"].to_list(), levels)],
                            dtype=pl.String),
        _parent_key=(pl.Series([unit_key(n, "district") for n in df["parent_name"].to_list()], dtype=pl.String)
                     if has_parent else pl.lit("")),
        _scope=pl.col("scope").fill_null(""),
        _no_value=pl.col("value").is_null(),
        _kind=pl.col("source_kind").replace_strict(KIND_ORDER, default=_OTHER_KIND, return_dtype=pl.Int8),
        _neg_decimals=pl.Series([-decimals(v) for v in df["value"].to_list()], dtype=pl.Int32),
        _no_rank=pl.col("published_rank").is_null(),
    ).with_row_index("_pos")
    order = [*GROUP_KEY, "_no_value", "_kind", "_neg_decimals", "_no_rank", "_pos"]
    work = work.sort(order).with_columns(_n=pl.int_range(pl.len()).over(list(GROUP_KEY)))

    best = work.filter(pl.col("_n") == 0)
    others = work.filter(pl.col("_n") > 0)

    # Rank of the best alternative, for chosen rows without a rank.
    ranked = (others.filter(pl.col("published_rank").is_not_null())
              .group_by(list(GROUP_KEY), maintain_order=True).first()
              .select(*GROUP_KEY, _alt_rank="published_rank", _alt_rank_of="rank_of", _alt_pos="_pos",
                      _alt_src=pl.coalesce("source_title", "source_url")))
    best = best.join(ranked, on=list(GROUP_KEY), how="left", nulls_equal=True)
    fill = pl.col("published_rank").is_null() & pl.col("_alt_rank").is_not_null()
    best = best.with_columns(
        published_rank=pl.when(fill).then("_alt_rank").otherwise("published_rank"),
        rank_of=pl.when(fill & pl.col("rank_of").is_null()).then("_alt_rank_of").otherwise("rank_of"),
        note=pl.when(fill).then(pl.concat_str(
            pl.col("note").fill_null(""), pl.when(pl.col("note").is_not_null()).then(pl.lit("; ")).otherwise(pl.lit("")),  # noqa: E501
            pl.lit("rank from: "), pl.col("_alt_src").fill_null("another source"))).otherwise("note"),
        _rank_copied_from=pl.when(fill).then("_alt_pos"),
    )
    # "rank r of n": n from an alternative that prints the same rank, when the chosen row has none.
    of = (others.filter(pl.col("rank_of").is_not_null() & pl.col("published_rank").is_not_null())
          .group_by([*GROUP_KEY, "published_rank"], maintain_order=True).first()
          .select(*GROUP_KEY, "published_rank", _same_rank_of="rank_of"))
    best = (best.join(of, on=[*GROUP_KEY, "published_rank"], how="left", nulls_equal=True)
            .with_columns(rank_of=pl.coalesce("rank_of", "_same_rank_of")))

    ref = best.select(*GROUP_KEY, _c_no_value="_no_value", _c_kind="_kind", _c_neg_decimals="_neg_decimals",
                      _c_own_rank=pl.col("_rank_copied_from").is_null() & pl.col("published_rank").is_not_null(),
                      _c_copied="_rank_copied_from",
                      chosen_value="value", chosen_rank="published_rank",
                      chosen_source_title=pl.coalesce("source_title", "source_url"))
    dropped = others.join(ref, on=list(GROUP_KEY), how="left", nulls_equal=True)
    dropped = dropped.with_columns(reason=pl.Series(
        [_reason(r) for r in dropped.iter_rows(named=True)], dtype=pl.String))

    chosen = best.sort("_pos").select(cols)
    dropped = dropped.sort("_pos").select(*cols, "reason", "chosen_value", "chosen_rank", "chosen_source_title")
    return chosen, dropped


def _reason(r: dict) -> str:
    if r["_no_value"] and not r["_c_no_value"]:
        why = "rank only; another row has the value"
    elif r["_kind"] != r["_c_kind"]:
        why = "source kind: official > dataset > seed > news > derived > reference"
    elif r["_neg_decimals"] != r["_c_neg_decimals"]:
        why = f"fewer decimals ({-r['_neg_decimals']} < {-r['_c_neg_decimals']})"
    elif r["_no_rank"] and r["_c_own_rank"]:
        why = "no rank; the chosen row has one"
    else:
        why = "same rule rank; the first in the input is kept"
    diffs = []
    if r["value"] is not None and r["chosen_value"] is not None and r["value"] != r["chosen_value"]:
        diffs.append(f"value {r['value']:g} vs chosen {r['chosen_value']:g}")
    if r["published_rank"] is not None and r["chosen_rank"] is not None and r["published_rank"] != r["chosen_rank"]:
        diffs.append(f"rank {r['published_rank']} vs chosen {r['chosen_rank']}")
    if r["_c_copied"] is not None and r["_c_copied"] == r["_pos"]:
        why += "; its rank was copied to the chosen row"
    return why + ("; DISAGREES: " + ", ".join(diffs) if diffs else "; agrees")
