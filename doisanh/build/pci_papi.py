"""Build-time readers of the PCI (2005–2016) and PAPI (2011–2016) provincial tables.

Two independent parses of each index, both returning frames of `doisanh.schema.FIGURES`
(one row per province, year and component; component 'total' is the headline score):

- the official workbooks (primary; the shipped tables come from these):
  `read_pci_workbooks` reads `pci/PCI_<year>.xls[x]` guided by `pci/PCI_Import.csv`,
  `read_papi_workbook` reads the six sheets of `papi/PAPI_2011-2016.xlsx`;
- the tidy CSVs converted from the vietnamdata R package (cross-check only):
  `read_pci_tidy`, `read_papi_tidy`.

`read_pci` / `read_papi` are what the build ships; `compare_parses` lists where two parses
disagree. Names are kept as each source prints them (NFC); `unit_code` stays null until the
build resolves names (doisanh.names).

Layout quirks handled here (checked by looking at every sheet):
- 2005, 2006, 2007 and 2009 are summary tables with one province per row; 2008 and
  2010–2016 are ranked (province, score) column pairs, each pair sorted by its own score, so
  the pairs of a row are joined on the province's name key (never on position).
- The rank of the headline PCI: 2005 on its own sheet ('Thứ hạng'), 2007 and 2009 a rank
  column, 2010–2016 'Xếp hạng' next to the PCI pair; 2006 (unlabelled column A) and 2008
  ('Thứ tự') only the row number of the table sorted by PCI (said in `note`). Sub-index ranks
  are not taken. PCI 2011 ranks Hà Giang 41st and Bình Thuận 40th though both print 57.62.
- PCI_2009.xls starts with an empty row; row numbers in PCI_Import.csv are absolute, so the
  sheets are read with an explicit `skip_rows` (fastexcel otherwise drops leading empty rows).
- PCI_2013.xlsx spells 50 of 63 names in decomposed Unicode (NFD): the cause of the empty
  `prov` of the tidy CSV. Names are normalised to NFC here.
- PCI_2014.xlsx: calamine cannot load `Summary_VN` (its `<dimension ref="1:69"/>` has no
  columns); that sheet is read with openpyxl instead. Its sub-index pairs spell 'Đăk Lăk',
  'Đăk Nông' while the PCI pair spells 'Đắk Lắk', 'Đắk Nông'.
- Names vary by year: 'TP.HCM', 'Tp.HCM', 'TP.Hồ Chí Minh', 'HCMC'; 'TT-Huế', 'TT.Huế',
  'TT- Huế'; 'Đắc Lắk', 'Đăk Lăk'; 'Bắc Cạn', 'Bắc Kạn'; 'BRVT', 'Bà Rịa - Vũng Tàu'.
  PCI_2010.xls prints unaccented names ('HCMC', 'Quang Tri').
- PAPI 2014: Bắc Giang and Đồng Tháp have all dimensions empty and a total of 0 (not shipped).
- The headline PCI is printed to 2 decimals in PCI_2011.xls (e.g. 73.53), and for one row
  (Tiền Giang, 55.89) in PCI_2005.xls; the sub-indices keep full precision.
"""
from __future__ import annotations

import csv
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from doisanh.schema import FIGURES, conform
from doisanh.text import name_key

SHARED_DIR = Path(__file__).resolve().parents[2].parent / "shared"
INDICES_TOML = Path(__file__).resolve().parents[1] / "indices.toml"

VIETNAMDATA = "https://github.com/mdtrinh/vietnamdata/blob/be581b8d5b1f0c6a747199fe23d8a77e55396e17/"

PCI_YEARS = tuple(range(2005, 2017))
PAPI_YEARS = tuple(range(2011, 2017))
PCI_PROVINCES = {2005: 42, 2006: 64, 2007: 64, 2008: 64}  # other years: 63
PAPI_PROVINCES = {2014: 61}  # other years: 63
# PAPI_2011-2016.xlsx leaves every dimension of these two provinces empty in 2014 and prints
# 0 as their total (the tidy CSV copies the 0); they are not shipped.
PAPI_NOT_PUBLISHED = {(2014, "bacgiang"), (2014, "dongthap")}

# component id, column of the tidy CSV, column header of PCI_Import.csv
PCI_COMPONENTS = (
    ("entry_costs", "pci_entry", "Entry Costs"),
    ("land_access", "pci_land", "Land Access and Security of Tenure"),
    ("transparency", "pci_transparency", "Transparency and Access to Information"),
    ("time_costs", "pci_time", "Time Costs and Regulatory Compliance"),
    ("informal_charges", "pci_informal", "Informal Charges"),
    ("implementation", "pci_implement", "Implementation and Consistency of Policies"),
    ("policy_bias", "pci_bias", "Policy Bias"),
    ("proactivity", "pci_proactive", "Proactivity of Provincial Leadership"),
    ("business_support", "pci_support", "Business Support Services"),
    ("labor_policy", "pci_labor", "Labor and Training"),
    ("law_and_order", "pci_legal", "Legal Institutions"),
    ("total", "pci_weighted", "Weighted Col"),  # the headline weighted PCI
)

# component id, column of the tidy CSV, 0-based column of every PAPI sheet, start of its
# English header (row 1)
PAPI_COMPONENTS = (
    ("d1_participation", "papi_participation", 3, "Participation"),
    ("d2_transparency", "papi_transparency", 8, "Transparency"),
    ("d3_vertical_accountability", "papi_accountability", 12, "Vertical Accountability"),
    ("d4_control_of_corruption", "papi_corruption", 16, "Control of Corruption"),
    ("d5_public_admin_procedures", "papi_procedures", 21, "Public Administrative Procedures"),
    ("d6_public_service_delivery", "papi_service", 26, "Public Service Delivery"),
    ("total", "papi_unweighted", 31, "Un-weighted"),  # unweighted sum of the six
)
PAPI_NAME_COL = 2  # tentinh_vie (0-based); tentinh_eng is 1
PAPI_FIRST_ROW, PAPI_LAST_ROW = 3, 65  # 1-based, inclusive; row 66 is 'Highest'


@dataclass(frozen=True)
class _RankSpec:
    """Where a PCI workbook prints the rank of the headline PCI (1-based sheet, rows, columns)."""

    sheet: int
    first_row: int
    last_row: int
    name_col: int
    rank_col: int
    label: str | None  # text of the rank column's header, checked; None: no header
    note: str | None = None


_PCI_RANKS = {
    2005: _RankSpec(1, 2, 43, 1, 3, "Thứ hạng"),
    2006: _RankSpec(2, 3, 66, 2, 1, None, "rank = the row number printed in column A of the "
                    "workbook's table sorted by PCI (unlabelled)"),
    2007: _RankSpec(2, 2, 65, 1, 2, "Xếp hạng"),
    2008: _RankSpec(1, 3, 66, 24, 1, "Thứ tự", "rank = the row number ('Thứ tự') of the "
                    "workbook's table sorted by PCI"),
    2009: _RankSpec(1, 4, 66, 3, 2, "Thứ hạng"),
    2010: _RankSpec(1, 2, 64, 24, 25, "Xếp hạng"),
    2011: _RankSpec(1, 2, 64, 22, 23, "Xếp hạng"),
    2012: _RankSpec(1, 2, 64, 22, 23, "Xếp hạng"),
    **{y: _RankSpec(1, 2, 64, 22, 24, "Xếp hạng") for y in range(2013, 2017)},
}

_PCI_YEAR_NOTES = {
    2011: "the workbook prints the headline PCI to 2 decimals",
}
_PCI_ROW_NOTES = {
    (2005, "tiengiang", "total"): "the workbook prints this PCI to 2 decimals (55.89)",
}

# Spellings that name_key() does not bring together (abbreviations, unaccented short forms).
# Small on purpose: the real resolver is doisanh.names.
ALIASES = {
    "hcm": "hochiminh",       # 'TP HCM', 'TP.HCM', 'Tp.HCM'
    "hcmc": "hochiminh",      # 'HCMC' (PCI 2010)
    "brvt": "bariavungtau",   # 'BRVT'
    "tthue": "thuathienhue",  # 'TT-Huế', 'TT.Huế', 'TT- Huế'
    "hue": "thuathienhue",
    "daclak": "daklak",       # 'Đắc Lắk' (PCI 2006)
    "baccan": "backan",       # 'Bắc Cạn' (PCI 2008, 2009, 2011, 2016)
}


def unit_key(name: str) -> str:
    """Name key of a province for matching across the parses of this module."""
    k = name_key(name)
    return ALIASES.get(k, k)


def _nfc(s: object) -> str:
    return "" if s is None else unicodedata.normalize("NFC", str(s)).strip()


def _data_dir(shared_dir: Path) -> Path:
    return Path(shared_dir) / "data"


def catalog_components(index_id: str, year: int) -> list[str]:
    """Component ids (without 'total') of the methodology version of `index_id` in `year`,
    from indices.toml."""
    with INDICES_TOML.open("rb") as f:
        cat = tomllib.load(f)
    for ix in cat["index"]:
        if ix["id"] != index_id:
            continue
        for v in ix["version"]:
            if v["years"][0] <= year <= v["years"][1]:
                return [c["id"] for c in v["components"]]
    raise KeyError(f"{index_id}: no methodology version for {year}")


# ---------------------------------------------------------------------------- cells


def _read_columns(path: Path, sheet: int, first_row: int, last_row: int,
                  cols: dict[int, str]) -> dict[int, list]:
    """Values of the 1-based columns `cols` (→ 'string' | 'float' | 'int') in rows
    first_row..last_row (1-based, inclusive) of the 1-based sheet `sheet`.

    fastexcel (calamine) for .xls and .xlsx; openpyxl for an .xlsx sheet calamine cannot
    load (PCI_2014.xlsx)."""
    n = last_row - first_row + 1
    try:
        reader = fastexcel.read_excel(path)
        df = reader.load_sheet(
            sheet - 1, header_row=None, skip_rows=first_row - 1, n_rows=n,
            use_columns=[c - 1 for c in sorted(cols)],
            dtypes={c - 1: t for c, t in cols.items()},
        ).to_polars()
        out = {c: df.get_column(f"__UNNAMED__{c - 1}").to_list() for c in cols}
    except fastexcel.CalamineError:
        if path.suffix != ".xlsx":
            raise
        out = _read_columns_openpyxl(path, sheet, first_row, last_row, cols)
    for c, vals in out.items():
        if len(vals) != n:
            raise ValueError(f"{path.name}: column {c} has {len(vals)} rows, expected {n}")
    return out


def _read_columns_openpyxl(path: Path, sheet: int, first_row: int, last_row: int,
                           cols: dict[int, str]) -> dict[int, list]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[sheet - 1]
        rows = list(ws.iter_rows(min_row=first_row, max_row=last_row, min_col=1,
                                 max_col=max(cols), values_only=True))
    finally:
        wb.close()
    cast = {"string": lambda v: None if v is None else str(v),
            "float": lambda v: None if v is None else float(v),
            "int": lambda v: None if v is None else int(v)}
    return {c: [cast[t](r[c - 1]) for r in rows] for c, t in cols.items()}


def _header_text(path: Path, sheet: int, last_row: int, col: int) -> str:
    """Header cells above the data of one column, joined (for layout checks)."""
    vals = _read_columns(path, sheet, 1, last_row, {col: "string"})[col]
    return " ".join(_nfc(v) for v in vals if v is not None)


# ---------------------------------------------------------------------------- PCI workbooks


def _pci_guide(shared_dir: Path) -> dict[int, dict[str, str]]:
    with (_data_dir(shared_dir) / "pci" / "PCI_Import.csv").open(newline="", encoding="utf-8") as f:
        return {int(r["Year"]): r for r in csv.DictReader(f)}


def _pci_workbook_year(shared_dir: Path, year: int, guide: dict[str, str]) -> pl.DataFrame:
    fname = f"PCI_{year}.{guide['Type']}"
    path = _data_dir(shared_dir) / "pci" / fname
    sheet, first, last = int(guide["Sheet"]), int(guide["Begin Row"]), int(guide["End Row"])
    prov_col = int(guide["Province"])  # 0: ranked (province, score) pairs
    comps = [(cid, int(guide[h])) for cid, _, h in PCI_COMPONENTS if guide[h].strip()]
    want = set(catalog_components("pci", year)) | {"total"}
    if {c for c, _ in comps} != want:
        raise ValueError(f"{fname}: guide columns {sorted(c for c, _ in comps)} != catalog {sorted(want)}")

    cols: dict[int, str] = {}
    for _, c in comps:
        cols[c] = "float"
        cols[prov_col or c - 1] = "string"
    cells = _read_columns(path, sheet, first, last, cols)

    total_col = dict(comps)["total"]
    names = [_nfc(v) for v in cells[prov_col or total_col - 1]]
    keys = [unit_key(n) for n in names]
    if len(set(keys)) != len(keys) or not all(names):
        raise ValueError(f"{fname}: empty or duplicate province names {names}")
    rows = []
    for cid, c in comps:
        col_keys = [unit_key(_nfc(v)) for v in cells[prov_col or c - 1]]
        if sorted(col_keys) != sorted(keys):
            raise ValueError(f"{fname}: names of column {c} differ: {set(col_keys) ^ set(keys)}")
        by_key = dict(zip(col_keys, cells[c]))
        rows += [{"unit_name": n, "key": k, "component": cid, "value": by_key[k]}
                 for n, k in zip(names, keys)]
    df = pl.DataFrame(rows, schema={"unit_name": pl.String, "key": pl.String,
                                    "component": pl.String, "value": pl.Float64})

    ranks = _pci_ranks(path, year)
    df = df.join(ranks.with_columns(component=pl.lit("total")), on=["key", "component"], how="left")
    if df.filter(pl.col("component") == "total")["published_rank"].null_count():
        raise ValueError(f"{fname}: a province has no rank")
    return df.with_columns(
        note=_pci_note_expr(year, _PCI_RANKS[year]),
        year=pl.lit(year),
        source_title=pl.lit(f"VCCI PCI {year} results workbook ({fname}, pcivietnam.org via vietnamdata)"),
        source_url=pl.lit(f"{VIETNAMDATA}data-raw/PCI/{fname}"),
    ).drop("key")


def _pci_note_expr(year: int, spec: _RankSpec) -> pl.Expr:
    parts = []
    total = pl.col("component") == "total"
    if year in _PCI_YEAR_NOTES:
        parts.append(pl.when(total).then(pl.lit(_PCI_YEAR_NOTES[year])))
    for (y, k, comp), text in _PCI_ROW_NOTES.items():
        if y == year:
            parts.append(pl.when((pl.col("key") == k) & (pl.col("component") == comp)).then(pl.lit(text)))
    if spec.note:
        parts.append(pl.when(total).then(pl.lit(spec.note)))
    if not parts:
        return pl.lit(None, dtype=pl.String)
    return pl.concat_str(parts, separator="; ", ignore_nulls=True).replace("", None)


def _pci_ranks(path: Path, year: int) -> pl.DataFrame:
    spec = _PCI_RANKS[year]
    if spec.label is not None:
        head = _header_text(path, spec.sheet, spec.first_row - 1, spec.rank_col)
        if spec.label not in head:
            raise ValueError(f"{path.name}: rank column header {head!r} lacks {spec.label!r}")
    cells = _read_columns(path, spec.sheet, spec.first_row, spec.last_row,
                          {spec.name_col: "string", spec.rank_col: "float"})
    return pl.DataFrame({
        "key": [unit_key(_nfc(v)) for v in cells[spec.name_col]],
        "published_rank": [None if v is None else int(v) for v in cells[spec.rank_col]],
    }, schema={"key": pl.String, "published_rank": pl.Int32})


def _figures(df: pl.DataFrame, index_id: str, source_kind: str = "dataset") -> pl.DataFrame:
    df = df.with_columns(
        index_id=pl.lit(index_id), era=pl.lit("pre2025"), level=pl.lit("province"),
        unit_code=pl.lit(None, dtype=pl.String), scope=pl.lit(None, dtype=pl.String),
        rank_of=pl.lit(None, dtype=pl.Int32), source_kind=pl.lit(source_kind),
    )
    for c, t in (("published_rank", pl.Int32), ("note", pl.String)):
        if c not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=t).alias(c))
    out = conform(df, FIGURES, index_id)
    return out.sort("year", "unit_name", "component")


def read_pci_workbooks(shared_dir: Path = SHARED_DIR,
                       years: Iterable[int] = PCI_YEARS) -> pl.DataFrame:
    """PCI per province, year and component from the official VCCI workbooks
    `pci/PCI_<year>.xls[x]`, located by `pci/PCI_Import.csv`."""
    guide = _pci_guide(shared_dir)
    frames = [_pci_workbook_year(shared_dir, y, guide[y]) for y in years]
    return _check(_figures(pl.concat(frames, how="diagonal"), "pci"), "pci")


# ---------------------------------------------------------------------------- PAPI workbook


def read_papi_workbook(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """PAPI per province, year and dimension from `papi/PAPI_2011-2016.xlsx` (sheets
    2011_PAPI … 2016_PAPI; names as printed in `tentinh_vie`)."""
    fname = "PAPI_2011-2016.xlsx"
    path = _data_dir(shared_dir) / "papi" / fname
    reader = fastexcel.read_excel(path)
    frames = []
    for year in PAPI_YEARS:
        sheet = reader.sheet_names.index(f"{year}_PAPI") + 1
        head = _read_columns(path, sheet, 1, 1, {c + 1: "string" for _, _, c, _ in PAPI_COMPONENTS})
        for _, _, c, label in PAPI_COMPONENTS:
            if not str(head[c + 1][0]).startswith(label):
                raise ValueError(f"{fname} {year}: column {c} is {head[c + 1][0]!r}, expected {label!r}")
        cols = {PAPI_NAME_COL + 1: "string", **{c + 1: "float" for _, _, c, _ in PAPI_COMPONENTS}}
        cells = _read_columns(path, sheet, PAPI_FIRST_ROW, PAPI_LAST_ROW, cols)
        names = [_nfc(v) for v in cells[PAPI_NAME_COL + 1]]
        keep = [(year, unit_key(n)) not in PAPI_NOT_PUBLISHED for n in names]
        for i, n in enumerate(names):
            dims = [cells[c + 1][i] for cid, _, c, _ in PAPI_COMPONENTS if cid != "total"]
            empty = all(v is None for v in dims) and not cells[PAPI_COMPONENTS[-1][2] + 1][i]
            if empty != (not keep[i]):
                raise ValueError(f"{fname} {year} {n}: empty={empty}, expected {not keep[i]}")
        frames += [pl.DataFrame({"unit_name": names, "component": cid, "value": cells[c + 1],
                                 "keep": keep},
                                schema={"unit_name": pl.String, "component": pl.String,
                                        "value": pl.Float64, "keep": pl.Boolean})
                   .filter("keep").drop("keep").with_columns(year=pl.lit(year))
                   for cid, _, c, _ in PAPI_COMPONENTS]
    df = pl.concat(frames).with_columns(
        source_title=pl.concat_str(pl.lit("UNDP/CECODES PAPI provincial results workbook ("),
                                   pl.lit(fname), pl.lit(", sheet "), pl.col("year").cast(pl.String),
                                   pl.lit("_PAPI, papi.org.vn via vietnamdata)")),
        source_url=pl.lit(f"{VIETNAMDATA}data-raw/PAPI/{fname}"),
    )
    return _check(_figures(df, "papi"), "papi")


# ---------------------------------------------------------------------------- tidy CSVs


def read_pci_tidy(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """PCI from the tidy CSV converted from vietnamdata's `pci` data frame. Rows whose `prov`
    is empty (50 of 63 in 2013, a defect of the package) are dropped."""
    path = _data_dir(shared_dir) / "pci" / "pci_2005_2016_vietnamdata.csv"
    raw = pl.read_csv(path, infer_schema_length=None).filter(pl.col("prov").is_not_null())
    return _tidy(raw, PCI_COMPONENTS, "pci",
                 "vietnamdata `pci` data frame (data/pci.rda, converted to CSV; "
                 "from the VCCI PCI workbooks of pcivietnam.org)",
                 f"{VIETNAMDATA}data/pci.rda")


def read_papi_tidy(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """PAPI from the tidy CSV converted from vietnamdata's `papi` data frame."""
    path = _data_dir(shared_dir) / "papi" / "papi_2011_2016_vietnamdata.csv"
    raw = pl.read_csv(path, infer_schema_length=None)
    dims = [c[1] for c in PAPI_COMPONENTS if c[0] != "total"]
    # 2014 Bac Giang and Dong Thap: six empty dimensions and a total of 0 (PAPI_NOT_PUBLISHED)
    raw = raw.filter(~pl.all_horizontal(pl.col(dims).is_null()))
    return _tidy(raw, PAPI_COMPONENTS, "papi",
                 "vietnamdata `papi` data frame (data/papi.rda, converted to CSV; "
                 "from PAPI_2011-2016.xlsx of papi.org.vn)",
                 f"{VIETNAMDATA}data/papi.rda")


def _tidy(raw: pl.DataFrame, components, index_id: str, title: str, url: str) -> pl.DataFrame:
    mapping = {c[1]: c[0] for c in components}
    df = (
        raw.select("prov", "year", *mapping)
        .unpivot(index=["prov", "year"], variable_name="column", value_name="value")
        .filter(pl.col("value").is_not_null())
        .select(
            unit_name=pl.col("prov").map_elements(_nfc, return_dtype=pl.String),
            year=pl.col("year"),
            component=pl.col("column").replace_strict(mapping),
            value=pl.col("value").cast(pl.Float64),
            source_title=pl.lit(title),
            source_url=pl.lit(url),
        )
    )
    return _figures(df, index_id)


# ---------------------------------------------------------------------------- shipped frames


def read_pci(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """The PCI figures the build ships: the workbook parse (complete for every year,
    including the 63 named provinces of 2013). The tidy CSV is the cross-check
    (tests/test_pci_papi.py)."""
    return read_pci_workbooks(shared_dir)


def read_papi(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """The PAPI figures the build ships: the workbook parse (the tidy CSV lacks the six
    dimensions for two provinces in 2014)."""
    return read_papi_workbook(shared_dir)


def _check(df: pl.DataFrame, index_id: str) -> pl.DataFrame:
    """Structural checks of a workbook parse: province counts, component sets, ranges."""
    years = PCI_YEARS if index_id == "pci" else PAPI_YEARS
    for (year,), g in df.group_by("year"):
        want_n = (PCI_PROVINCES if index_id == "pci" else PAPI_PROVINCES).get(year, 63)
        want_c = set(catalog_components(index_id, year)) | {"total"}
        for (name,), u in g.group_by("unit_name"):
            if set(u["component"]) != want_c or u.height != len(want_c):
                raise ValueError(f"{index_id} {year} {name}: components {sorted(u['component'])}")
        if g["unit_name"].n_unique() != want_n:
            raise ValueError(f"{index_id} {year}: {g['unit_name'].n_unique()} provinces, expected {want_n}")
        if year not in years:
            raise ValueError(f"{index_id}: unexpected year {year}")
    if df["value"].null_count():
        raise ValueError(f"{index_id}: empty values")
    part, total = pl.col("component") != "total", pl.col("component") == "total"
    top = 100.0 if index_id == "pci" else 60.0
    bad = df.filter((part & ~pl.col("value").is_between(0, 10))
                    | (total & ~pl.col("value").is_between(0, top)))
    if bad.height:
        raise ValueError(f"{index_id}: values out of range\n{bad}")
    return df


# ---------------------------------------------------------------------------- comparison


def compare_parses(a: pl.DataFrame, b: pl.DataFrame, tol: float = 1e-6) -> pl.DataFrame:
    """Rows of two FIGURES frames that disagree by more than `tol`, or exist in only one,
    matched on (year, unit_key(unit_name), component).

    Columns: year, unit_name_key, component, value_a, value_b, diff (= value_a - value_b,
    null where one side is missing)."""
    def keyed(df: pl.DataFrame, suffix: str) -> pl.DataFrame:
        return df.select(
            "index_id", "year",
            unit_name_key=pl.col("unit_name").map_elements(unit_key, return_dtype=pl.String),
            component="component",
            value=pl.col("value"),
        ).rename({"value": f"value_{suffix}"})

    ka, kb = keyed(a, "a"), keyed(b, "b")
    on = ["index_id", "year", "unit_name_key", "component"]
    for k, name in ((ka, "a"), (kb, "b")):
        dup = k.filter(pl.struct(on).is_duplicated())
        if dup.height:
            raise ValueError(f"compare_parses: duplicate keys in {name}\n{dup}")
    out = ka.join(kb, on=on, how="full", coalesce=True).with_columns(
        diff=pl.col("value_a") - pl.col("value_b"))
    return (
        out.filter(pl.col("diff").is_null() | (pl.col("diff").abs() > tol))
        .select("year", "unit_name_key", "component", "value_a", "value_b", "diff")
        .sort("year", "unit_name_key", "component")
    )
