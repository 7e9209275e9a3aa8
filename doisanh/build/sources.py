"""Source ids and SOURCES rows of published figures (split from doisanh.build.published).

Each distinct (source_title, source_url) gets a stable id, 'pub_' + 10 hex digits of a sha1,
and one `doisanh.schema.SOURCES` row with its kind and licence.
"""
from __future__ import annotations

import hashlib

import polars as pl

from doisanh.schema import SOURCES, conform

def source_id(title: str | None, url: str | None) -> str:
    """'pub_' + the first 10 hex digits of sha1(url + '\\n' + title)."""
    h = hashlib.sha1(f"{url or ''}\n{title or ''}".encode()).hexdigest()
    return "pub_" + h[:10]


def attach_source_ids(df: pl.DataFrame) -> pl.DataFrame:
    """`df` with a `source_id` column (see `source_id`), replacing one if present."""
    ids = [source_id(t, u) for t, u in zip(df["source_title"].to_list(), df["source_url"].to_list())]
    return df.with_columns(source_id=pl.Series(ids, dtype=pl.String))


_LICENCE = {
    "official": "quoted figure (facts), page © its publisher",
    "news": "quoted figure (facts), page © its publisher",
    "dataset": "quoted figure (facts), dataset © its publisher",
    "seed": "seed article",
    "reference": "our research notes (shared/reference/index_methods.md)",
}
_SOURCE_KIND_ORDER = ("official", "news", "dataset", "seed", "reference")

# Repositories the published tables read figures from (shared/data/SOURCES.md): whose figures,
# and the repository's own licence. No file of theirs is copied; only the figures, as facts.
_REPOSITORIES = {
    "github.com/mdtrinh/vietnam_elections/": ("PAPI (CECODES/UNDP) and PCI (VCCI)", "no licence file"),
    "github.com/HungNT1st/CS571_Project/": ("PAPI (CECODES/UNDP)", "no licence file"),
    "github.com/tunah72/papi-dashboard/": ("PAPI (CECODES/UNDP)", "no licence file"),
    "github.com/tnguyentranphuoc-commits/": ("PCI (VCCI)", "MIT per its README, no licence file"),
    "github.com/hauphanquoc/766-Analyze/": ("Bộ chỉ số 766 (National Public Service Portal)",
                                            "no licence"),
}


def _repo_licence(url: str | None) -> str | None:
    for prefix, (whose, lic) in _REPOSITORIES.items():
        if url and prefix in url:
            return f"figures of {whose}, quoted as facts; read from the repository ({lic}); no file copied"
    return None


def published_sources(df: pl.DataFrame) -> pl.DataFrame:
    """One SOURCES row per distinct (source_title, source_url) of `df`, sorted by source_id.

    kind: the source_kind of its rows ('derived' rows cite a seed article or a page: they
    count as 'seed' when the url is a seed file, else 'reference'); if rows disagree, the
    first of official, news, dataset, seed, reference."""
    kinds: dict[tuple, set[str]] = {}
    for t, u, k in df.select("source_title", "source_url", "source_kind").iter_rows():
        if k == "derived":
            k = "seed" if (u or "").startswith("seeds/") else "reference"
        kinds.setdefault((t, u), set()).add(k)
    rows = []
    for (t, u), ks in kinds.items():
        kind = next(k for k in _SOURCE_KIND_ORDER if k in ks)
        rows.append({"source_id": source_id(t, u), "title": t or u, "url": u, "kind": kind,
                     "licence": _repo_licence(u) or _LICENCE[kind]})
    out = pl.DataFrame(rows, schema=SOURCES).sort("source_id")
    if out["source_id"].n_unique() != out.height:
        raise ValueError("published_sources: source_id collision")
    return conform(out, SOURCES, "published sources")
