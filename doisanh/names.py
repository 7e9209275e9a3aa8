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


# ---------------------------------------------------------------- names as shown on screen

# unit_type (the registry's Vietnamese type word) → the word shown in a disambiguated name
TYPE_WORDS_EN: dict[str, str] = {
    "Tỉnh": "province", "Thành phố": "city", "Thị xã": "town", "Quận": "urban district",
    "Huyện": "district", "Phường": "ward", "Xã": "commune", "Thị trấn": "township",
    "Đặc khu": "special zone", "Bộ": "ministry",
}
DISPLAY_COLUMNS = ("era", "level", "unit_code", "display_vi", "display_en")


def display_names(units: pl.DataFrame) -> pl.DataFrame:
    """The name to show for every unit of `units` (the registry: era, level, unit_code, name_vi,
    name_en, unit_type, parent_code, province_code): its short name when no other unit of its
    era and level has that name, else the name with its type and province — 'Cao Lãnh (thành
    phố, Đồng Tháp)', 'Cao Lanh (city, Dong Thap)' —, and its parent too ('Thanh Bình (xã, Bát
    Xát, Lào Cai)') when type and province do not tell it apart, and its code as a last resort.
    Columns: DISPLAY_COLUMNS. The one naming rule of every list, chart, table and sentence."""
    u = units.select("era", "level", "unit_code", "name_vi", "name_en", "unit_type", "parent_code",
                     "province_code")
    named = units.select("era", "unit_code", "name_vi", "name_en")
    prov = named.rename({"unit_code": "province_code", "name_vi": "_prov_vi", "name_en": "_prov_en"})
    par = named.rename({"unit_code": "parent_code", "name_vi": "_par_vi", "name_en": "_par_en"})
    u = (u.join(prov, on=["era", "province_code"], how="left")
         .join(par, on=["era", "parent_code"], how="left"))
    en = pl.coalesce(pl.col("name_en"), pl.col("name_vi"))
    type_vi = pl.col("unit_type").fill_null("").str.to_lowercase()
    type_en = pl.col("unit_type").replace_strict(TYPE_WORDS_EN, default="", return_dtype=pl.String)
    prov_vi, prov_en = pl.col("_prov_vi").fill_null(""), pl.coalesce("_prov_en", "_prov_vi").fill_null("")
    below = pl.col("level") != "province"
    where_vi = pl.when(below).then(pl.lit(", ") + prov_vi).otherwise(pl.lit(""))
    where_en = pl.when(below).then(pl.lit(", ") + prov_en).otherwise(pl.lit(""))
    # a parent below province level (a pre-2025 commune's district) tells namesakes in one province apart
    has_parent = below & (pl.col("parent_code") != pl.col("province_code")) & pl.col("_par_vi").is_not_null()
    parent_vi = pl.when(has_parent).then(pl.lit(", ") + pl.col("_par_vi")).otherwise(pl.lit(""))
    parent_en = pl.when(has_parent).then(pl.lit(", ") + pl.coalesce("_par_en", "_par_vi")).otherwise(pl.lit(""))
    group = ["era", "level"]
    return (
        u.with_columns(
            _t1_vi=pl.col("name_vi") + " (" + type_vi + where_vi + ")",
            _t1_en=en + " (" + type_en + where_en + ")",
            _t2_vi=pl.col("name_vi") + " (" + type_vi + parent_vi + where_vi + ")",
            _t2_en=en + " (" + type_en + parent_en + where_en + ")",
        )
        .with_columns(
            _d0=pl.len().over([*group, "name_vi"]) > 1,
            _d1=pl.len().over([*group, "_t1_vi"]) > 1,
            _d2=pl.len().over([*group, "_t2_vi"]) > 1,
        )
        .with_columns(
            display_vi=pl.when(~pl.col("_d0")).then(pl.col("name_vi"))
            .when(~pl.col("_d1")).then(pl.col("_t1_vi"))
            .when(~pl.col("_d2")).then(pl.col("_t2_vi"))
            .otherwise(pl.col("_t2_vi") + " · " + pl.col("unit_code")),
            display_en=pl.when(~pl.col("_d0")).then(en)
            .when(~pl.col("_d1")).then(pl.col("_t1_en"))
            .when(~pl.col("_d2")).then(pl.col("_t2_en"))
            .otherwise(pl.col("_t2_en") + " · " + pl.col("unit_code")),
        )
        .select(DISPLAY_COLUMNS)
    )


def with_display(df: pl.DataFrame, display: pl.DataFrame, *, era: str | None = None,
                 level: str | None = None) -> pl.DataFrame:
    """`df` (a query result with unit_code, name_vi, name_en) with name_vi / name_en replaced by
    the display names of `display` (display_names()); era and level from the frame's own columns,
    else from the arguments. A unit not in `display` (an imported code) keeps its name."""
    if df.is_empty() or not {"unit_code", "name_vi", "name_en"} <= set(df.columns):
        return df
    keys = []
    for col, value in (("era", era), ("level", level)):
        if col in df.columns:
            keys.append(col)
        elif value is not None:
            display = display.filter(pl.col(col) == value)
    display = display.select(*keys, "unit_code", "display_vi", "display_en")
    if display.select(pl.struct(*keys, "unit_code").is_duplicated().any()).item():
        return df       # era or level unknown and codes repeat: better the plain names than wrong ones
    out = df.join(display, on=[*keys, "unit_code"], how="left", maintain_order="left")
    return out.with_columns(name_vi=pl.coalesce("display_vi", "name_vi"),
                            name_en=pl.coalesce("display_en", "name_en")).select(df.columns)


def ascii_words(s: str) -> str:
    """'Đồng Tháp' → 'Dong Thap': the name with its marks taken off (đ → d), case kept — what a
    keyboard without Vietnamese input types, put in a pick list's label so that the browser's
    as-you-type filter (which compares letters literally) finds the unit."""
    import unicodedata
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def pick_label(name: str, code: str, where: str = "") -> str:
    """The label of a unit in a pick list: 'Huyện Thanh Bình — Đồng Tháp · Thanh Binh, Dong Thap ·
    874'. The unmarked spelling is added only when it differs, so typing 'dong thap' or 'thanh binh'
    (or the code) in the box offers the unit; English names have no marks and stay as they are."""
    shown = f"{name} — {where}" if where else name
    plain = ascii_words(_strip_type(name) + (f", {where}" if where else ""))
    if plain == (_strip_type(name) + (f", {where}" if where else "")):
        return f"{shown} · {code}"
    return f"{shown} · {plain} · {code}"


def _strip_type(name: str) -> str:
    """'Huyện Thanh Bình' → 'Thanh Bình' (the type word adds nothing a user would type)."""
    words = search_words(name)
    for prefix, _ in _TYPE_WORDS:
        if words.startswith(prefix + " "):
            return " ".join(name.split()[len(prefix.split()):])
    return name
