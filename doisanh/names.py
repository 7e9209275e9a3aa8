"""Resolve unit names as sources print them to registry codes, and search units.

    r = UnitResolver(units)
    r.resolve("TP HCM", era="pre2025", level="province")      # '79'
    r.resolve("Thừa Thiên - Huế", era="pre2025", level="province")  # '46'
    r.suggest("Ho Chi Mihn", era="pre2025", level="province")  # [('79', 'Hồ Chí Minh')]
    search_units(units, "thuan an")                            # Thuận An first

Matching is exact on doisanh.text.name_key (diacritics, case, punctuation,
spacing and one leading type word ignored; NFC/NFD and old/new tone placement
fold to the same key), or else, after mapping the few abbreviations and former names in
ALIASES. There is no fuzzy matching in resolve(): near misses go to suggest().
Ministries are not in the registry and stay unresolved.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict

import polars as pl

from doisanh import schema
from doisanh.text import fold, name_key

# name_key of a spelling → name_key of the registry's short name. Only what
# name_key() cannot see by itself: abbreviations and former or English names.
# Tried only when the name itself matches nothing ('Phường Sài Gòn' is a commune).
ALIASES: dict[str, str] = {
    "hcm": "hochiminh",            # TP HCM, TP.HCM, Tp. HCM
    "tphcm": "hochiminh",          # TPHCM
    "hcmc": "hochiminh",
    "hochiminhcity": "hochiminh",
    "saigon": "hochiminh",
    "brvt": "bariavungtau",
    "thuathienhue": "hue",         # Thừa Thiên Huế, Thừa Thiên - Huế (before 2025)
    "tthue": "hue",                # TT-Huế, TT Huế
    "daclac": "daklak",            # Đắc Lắc (older spelling)
    "daclak": "daklak",            # Đắc Lắk (PCI workbooks)
    "baccan": "backan",            # Bắc Cạn, Bac Can (PCI workbooks)
    "haaiduong": "haiduong",       # 'Haải Dương', a typo in a PCI workbook
    "hanoicity": "hanoi",
}

_NON_WORD = re.compile(r"[^0-9a-z]+")
_LEVEL_RANK = {lv: i for i, lv in enumerate(schema.LEVELS)}
_ERA_RANK = {e: i for i, e in enumerate(schema.ERAS)}
# Folded type words that may start a printed name, mapped to the registry's unit_type.
_TYPE_WORDS = (
    ("thanh pho", "Thành phố"), ("tp", "Thành phố"), ("thi tran", "Thị trấn"), ("thi xa", "Thị xã"),
    ("dac khu", "Đặc khu"), ("tinh", "Tỉnh"), ("quan", "Quận"), ("huyen", "Huyện"),
    ("phuong", "Phường"), ("xa", "Xã"),
)


def search_words(s: str) -> str:
    """Folded words, punctuation turned into spaces: 'Bà Rịa - Vũng Tàu' → 'ba ria vung tau'."""
    return " ".join(_NON_WORD.sub(" ", fold(s)).split())


def _type_of(name: str) -> str | None:
    """The unit type a printed name starts with, if any ('Xã Yên Viên' → 'Xã')."""
    words = search_words(name)
    for prefix, unit_type in _TYPE_WORDS:
        if words.startswith(prefix + " "):
            return unit_type
    return None


class UnitResolver:
    """Index of the registry by (era, level) and name key.

    Keys per unit: name_key of the short name, of the full name and of the
    English name; a unit code is also accepted as a name."""

    def __init__(self, units: pl.DataFrame):
        self._by_key: dict[tuple[str, str], dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self._by_code: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
        cols = ["era", "level", "unit_code", "name_vi", "full_name_vi", "name_en", "unit_type",
                "parent_code", "province_code"]
        for u in units.select(cols).iter_rows(named=True):
            el = (u["era"], u["level"])
            self._by_code[el][u["unit_code"]] = u
            for k in {name_key(u["name_vi"]), name_key(u["full_name_vi"]), name_key(u["name_en"] or "")}:
                if k:
                    self._by_key[el][k].append(u)

    def candidates(self, name: str, *, era: str, level: str, province_code: str | None = None,
                   parent_code: str | None = None) -> list[dict]:
        """Every unit whose key equals the name's; narrowed by the type word the
        name starts with only when that leaves at least one."""
        if name is None:
            return []
        el = (era, level)
        raw = name.strip()
        if raw in self._by_code[el]:
            found = [self._by_code[el][raw]]
        else:
            key = name_key(raw)
            index = self._by_key[el]
            hits = (index.get(key) or index.get(ALIASES.get(key, ""), [])) if key else []
            found = list({u["unit_code"]: u for u in hits}.values())
        if province_code is not None:
            found = [u for u in found if u["province_code"] == province_code]
        if parent_code is not None:
            found = [u for u in found if u["parent_code"] == parent_code]
        if len(found) > 1:
            t = _type_of(raw)
            typed = [u for u in found if u["unit_type"] == t]
            if typed:
                found = typed
        return found

    def resolve(self, name: str, *, era: str, level: str, province_code: str | None = None,
                parent_code: str | None = None) -> str | None:
        """The unit code for `name`, or None when no unit or more than one matches."""
        found = self.candidates(name, era=era, level=level, province_code=province_code,
                                parent_code=parent_code)
        return found[0]["unit_code"] if len(found) == 1 else None

    def suggest(self, name: str, *, era: str, level: str, k: int = 3,
                cutoff: float = 0.6) -> list[tuple[str, str]]:
        """Up to k close matches (unit_code, name_vi) for an error message."""
        index = self._by_key[(era, level)]
        key = name_key(name or "")
        out: dict[str, str] = {}
        for probe in (ALIASES.get(key), key):
            if not probe:
                continue
            for hit in difflib.get_close_matches(probe, list(index), n=k * 3, cutoff=cutoff):
                for u in index[hit]:
                    out.setdefault(u["unit_code"], u["name_vi"])
        return list(out.items())[:k]


def resolve_frame(df: pl.DataFrame, units: pl.DataFrame | UnitResolver
                  ) -> tuple[pl.DataFrame, list[tuple[str, str, str]]]:
    """Fill the null `unit_code` of a FIGURES-like frame (columns era, level,
    unit_name, unit_code; rows with a non-null `scope` are statistics and are
    left alone). Returns the frame and the distinct (era, level, unit_name)
    left unresolved, sorted. Levels absent from the registry (ministry) are
    left null and not reported."""
    resolver = units if isinstance(units, UnitResolver) else UnitResolver(units)
    todo = pl.col("unit_code").is_null() & pl.col("unit_name").is_not_null()
    if "scope" in df.columns:
        todo = todo & pl.col("scope").is_null()
    wanted = df.filter(todo).select("era", "level", "unit_name").unique()
    found, unresolved = [], []
    for era, level, name in wanted.iter_rows():
        if level not in ("province", "district", "commune"):
            continue
        code = resolver.resolve(name, era=era, level=level)
        if code is None:
            unresolved.append((era, level, name))
        else:
            found.append((era, level, name, code))
    lookup = pl.DataFrame(found, schema={"era": pl.String, "level": pl.String, "unit_name": pl.String,
                                         "_code": pl.String}, orient="row")
    out = (
        df.with_row_index("_row")
        .join(lookup, on=["era", "level", "unit_name"], how="left")
        .sort("_row")
        .with_columns(unit_code=pl.when(todo).then(pl.col("_code")).otherwise(pl.col("unit_code")))
        .drop("_row", "_code")
    )
    return out.select(df.columns), sorted(unresolved)


def search_words_expr(col: str) -> pl.Expr:
    """search_words() as a Polars expression (fold: đ → d, strip marks, lowercase)."""
    return (
        pl.col(col).str.replace_all("đ", "d", literal=True).str.replace_all("Đ", "D", literal=True)
        .str.normalize("NFD").str.replace_all(r"\p{Mn}+", "").str.to_lowercase()
        .str.replace_all(r"[^0-9a-z]+", " ").str.strip_chars()
    )


def search_units(units: pl.DataFrame, query: str, *, era: str | None = None, level: str | None = None,
                 limit: int = 20) -> pl.DataFrame:
    """Units matching `query`, best first, with the columns of `units`.

    Diacritics, case and punctuation are ignored ('thuan an' finds 'Thành phố
    Thuận An'); so are spaces when the query has none ('daklak'); a unit code
    matches exactly; ALIASES apply ('hcmc'). Rank: 0 the short name or the code
    equals the query; 1 the short name starts with it, or the full name does
    beyond its type word; 2 a word of the full name starts with it; 3 it is
    anywhere in the full name. Ties: province, district, commune; then era
    (ERAS order), then code."""
    q = search_words(query or "")
    if not q:
        return units.head(0)
    if era is not None:
        units = units.filter(pl.col("era") == era)
    if level is not None:
        units = units.filter(pl.col("level") == level)
    code = query.strip()
    spaced = " " in q
    compact = q.replace(" ", "")
    alias = ALIASES.get(name_key(query))
    # a cheap superset on search_key first, then the rules on the candidates
    key_compact = pl.col("search_key").str.replace_all(" ", "", literal=True)
    hit = (pl.col("search_key").str.contains(q, literal=True) if spaced
           else key_compact.str.contains(compact, literal=True))
    hit = hit | (pl.col("unit_code") == code)
    if alias:
        hit = hit | key_compact.str.contains(alias, literal=True)
    sw, fw = pl.col("_sw"), pl.col("_fw")
    exact = (sw == q) | (pl.col("unit_code") == code)
    if alias:
        exact = exact | (sw.str.replace_all(" ", "", literal=True) == alias)
    # 'xa' must not rank every 'Xã …' as a prefix match: only past the type word
    prefix = sw.str.starts_with(q) | (fw.str.starts_with(q) & (fw.str.len_chars() - sw.str.len_chars() < len(q)))
    word = pl.concat_str(pl.lit(" "), fw).str.contains(" " + q, literal=True)
    anywhere = fw.str.contains(q, literal=True)
    if not spaced:
        anywhere = anywhere | fw.str.replace_all(" ", "", literal=True).str.contains(compact, literal=True)
    score = (pl.when(exact).then(0).when(prefix).then(1).when(word).then(2).when(anywhere).then(3)
             .otherwise(None).cast(pl.Int8))
    return (
        units.filter(hit)
        .with_columns(_sw=search_words_expr("name_vi"), _fw=search_words_expr("full_name_vi"))
        .with_columns(
            _score=score,
            _level=pl.col("level").replace_strict(_LEVEL_RANK, return_dtype=pl.Int8),
            _era=pl.col("era").replace_strict(_ERA_RANK, return_dtype=pl.Int8),
        )
        .filter(pl.col("_score").is_not_null())
        .sort("_score", "_level", "_era", "unit_code")
        .head(limit)
        .drop("_sw", "_fw", "_score", "_level", "_era")
    )
