"""Readers of the official PCI (2005–2016) and PAPI (2011–2016) provincial tables.

One parser per publisher, shared by the build and by the importer (doisanh.ingest.official):

- `parse_pci_workbook(source, name, year=None)` reads ONE VCCI PCI results workbook (bytes or
  a path) and detects its year from the header cells of its summary sheet (checked against the
  layouts below; an unknown layout raises `LayoutError`);
- `parse_papi_workbook(source, name)` reads the `<year>_PAPI` sheets of a PAPI provincial
  workbook.

Both return "located" frames: the values with the sheet, row and column each one was read
from, so the importer can name the cell of every problem. The build wraps them:

- `read_pci_workbooks` reads `pci/PCI_<year>.xls[x]` of ../shared through `parse_pci_workbook`,
  `read_papi_workbook` reads `papi/PAPI_2011-2016.xlsx` through `parse_papi_workbook`; both
  return `doisanh.schema.FIGURES` frames (one row per province, year and component; component
  'total' is the headline score) and are what the build ships (`read_pci`, `read_papi`);
- the tidy CSVs converted from the vietnamdata R package are a second, independent parse
  (`read_pci_tidy`, `read_papi_tidy`); `compare_parses` lists where two parses disagree.

Names are kept as each source prints them (NFC, trimmed); `unit_code` stays null until the
build (or the importer) resolves names (doisanh.names).

The PCI layouts (`PCI_LAYOUT_TABLE`) are vietnamdata's `data-raw/PCI/PCI_Import.csv`
(../shared/data/pci/PCI_Import.csv; a test checks the copy). Layout quirks handled here
(checked by looking at every sheet):
- 2005, 2006, 2007 and 2009 are summary tables with one province per row; 2008 and
  2010–2016 are ranked (province, score) column pairs, each pair sorted by its own score, so
  the pairs of a row are joined on the province's name key (never on position).
- The year is printed in the header of the headline column ('PCI 2013', 'Chỉ số PCI 2007 …')
  except in 2005 and 2008, whose layouts are unique (`_PCI_SIGNATURES`). PCI_2015/2016.xlsx
  carry an English 'Summary' sheet that is a stale copy of 2013; only 'Summary_VN' is read.
- The rank of the headline PCI: 2005 on its own sheet ('Thứ hạng'), 2007 and 2009 a rank
  column, 2010–2016 'Xếp hạng' next to the PCI pair; 2006 (unlabelled column A) and 2008
  ('Thứ tự') only the row number of the table sorted by PCI (said in `note`). Sub-index ranks
  are not taken. PCI 2011 ranks Hà Giang 41st and Bình Thuận 40th though both print 57.62.
- PCI_2009.xls starts with an empty row; row numbers of the layouts are absolute, so the
  sheets are read with an explicit `skip_rows` (fastexcel otherwise drops leading empty rows).
- PCI_2013.xlsx spells 50 of 63 names in decomposed Unicode (NFD): the cause of the empty
  `prov` of the tidy CSV. Names are normalised to NFC here.
- PCI_2014.xlsx: calamine cannot load `Summary_VN` (its `<dimension ref="1:69"/>` has no
  columns); that sheet is read with openpyxl instead. Its sub-index pairs spell 'Đăk Lăk',
  'Đăk Nông' while the PCI pair spells 'Đắk Lắk', 'Đắk Nông'.
- Names vary by year: 'TP.HCM', 'Tp.HCM', 'TP.Hồ Chí Minh', 'HCMC'; 'TT-Huế', 'TT.Huế',
  'TT- Huế'; 'Đắc Lắk', 'Đăk Lăk'; 'Bắc Cạn', 'Bắc Kạn'; 'BRVT', 'Bà Rịa - Vũng Tàu'.
  PCI_2010.xls prints unaccented names ('HCMC', 'Quang Tri').
- PAPI 2014: Bắc Giang and Đồng Tháp have all dimensions empty and a total of 0 (not shipped;
  `empty` in the located frame).
- The headline PCI is printed to 2 decimals in PCI_2011.xls (e.g. 73.53), and for one row
  (Tiền Giang, 55.89) in PCI_2005.xls; the sub-indices keep full precision.

The workbooks must have passed doisanh.ingest.limits.precheck before they reach this module
when they come from a user: calamine allocates rows × columns cells of a sheet.
"""
from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from doisanh.schema import FIGURES, conform
from doisanh.text import fold, name_key

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

# vietnamdata's data-raw/PCI/PCI_Import.csv (a copy; tests/test_pci_papi.py compares it with
# ../shared/data/pci/PCI_Import.csv). Sheet and rows 1-based; columns 1-based; Province 0 means
# ranked (province, score) pairs with the name left of each score.
PCI_LAYOUT_HEADER = (
    "Year", "Type", "Sheet", "Begin Row", "End Row", "Province",
    *(h for _, _, h in PCI_COMPONENTS[:-1]), "Unweighted Col", "Weighted Col",
)
PCI_LAYOUT_TABLE = ",".join(PCI_LAYOUT_HEADER) + """
2005,xls,2,3,44,1,6,7,8,9,10,11,12,13,14,,,,15
2006,xls,2,3,66,2,3,4,5,6,7,,8,9,10,11,12,,13
2007,xls,2,2,65,1,5,6,7,8,9,,10,11,12,13,14,15,16
2008,xls,1,3,66,0,3,5,7,9,11,,13,15,17,19,21,23,25
2009,xls,1,4,66,3,4,5,6,7,8,,,9,10,11,12,,13
2010,xls,1,2,64,0,3,5,7,9,11,,,13,15,17,19,21,23
2011,xls,1,2,64,0,3,5,7,9,11,,,13,15,17,19,,21
2012,xlsx,1,2,64,0,3,5,7,9,11,,,13,15,17,19,,21
2013,xlsx,1,2,64,0,3,5,7,9,11,,13,15,17,19,21,,23
2014,xlsx,1,2,64,0,3,5,7,9,11,,13,15,17,19,21,,23
2015,xlsx,1,2,64,0,3,5,7,9,11,,13,15,17,19,21,,23
2016,xlsx,1,2,64,0,3,5,7,9,11,,13,15,17,19,21,,23
"""


@dataclass(frozen=True)
class PciLayout:
    """Where one year's workbook prints its province table (1-based sheet, rows, columns)."""

    year: int
    ext: str                          # 'xls' | 'xlsx' as published
    sheet: int
    first_row: int
    last_row: int
    prov_col: int                     # 0: ranked (province, score) pairs
    columns: tuple[tuple[str, int], ...]  # (component id, column of its value)


def _pci_layouts(text: str = PCI_LAYOUT_TABLE) -> dict[int, PciLayout]:
    out = {}
    for r in csv.DictReader(io.StringIO(text)):
        y = int(r["Year"])
        out[y] = PciLayout(
            year=y, ext=r["Type"], sheet=int(r["Sheet"]), first_row=int(r["Begin Row"]),
            last_row=int(r["End Row"]), prov_col=int(r["Province"]),
            columns=tuple((cid, int(r[h])) for cid, _, h in PCI_COMPONENTS if r[h].strip()),
        )
    return out


PCI_LAYOUTS = _pci_layouts()

# Header cells that identify a year's layout: (sheet, row, column, text the cell contains,
# compared folded: no diacritics, case or repeated spaces). The year itself is printed in the
# headline column's header except in 2005 and 2008.
_PCI_SIGNATURES: dict[int, tuple[tuple[int, int, int, str], ...]] = {
    2005: ((2, 2, 15, "PCI có trọng số"), (2, 2, 11, "Thực hiện chính sách"),
           (1, 1, 3, "Thứ hạng")),
    2006: ((2, 2, 13, "PCI 2006"), (2, 2, 2, "Tỉnh, thành phố")),
    2007: ((2, 1, 16, "PCI 2007"), (2, 1, 1, "Tỉnh")),
    2008: ((1, 1, 25, "Chỉ số PCI cuối cùng"), (1, 2, 25, "Có trọng số"), (1, 2, 24, "Tỉnh")),
    2009: ((1, 2, 13, "PCI 2009"), (1, 2, 3, "Tỉnh")),  # row 1 is empty
    2010: ((1, 1, 23, "PCI 2010"), (1, 1, 25, "Xếp hạng")),
    2011: ((1, 1, 21, "PCI 2011"), (1, 1, 23, "Xếp hạng")),
    2012: ((1, 1, 21, "PCI 2012"), (1, 1, 23, "Xếp hạng")),
    **{y: ((1, 1, 23, f"PCI {y}"), (1, 1, 24, "Xếp hạng")) for y in range(2013, 2017)},
}

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
PAPI_SHEET = re.compile(r"^\s*(\d{4})_PAPI\s*$")


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

# Columns the parsers add to locate each value: sheet name, 1-based row as Excel shows it,
# column letters of the unit name and of the value.
LOCATION = ("sheet", "row", "unit_col", "value_col")


class LayoutError(ValueError):
    """The workbook is not laid out as a known edition of the publisher's table."""


class YearMismatch(LayoutError):
    """The workbook's header cells print another year than the one asked for."""


def unit_key(name: str) -> str:
    """Name key of a province for matching across the parses of this module."""
    k = name_key(name)
    return ALIASES.get(k, k)


def _nfc(s: object) -> str:
    return "" if s is None else unicodedata.normalize("NFC", str(s)).strip()


def col_letter(col: int) -> str:
    """Excel letters of a 1-based column: 1 → 'A', 27 → 'AA'."""
    out = ""
    while col > 0:
        col, r = divmod(col - 1, 26)
        out = chr(65 + r) + out
    return out


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


class Workbook:
    """One workbook held in memory (bytes), read by fastexcel (calamine) for .xls and .xlsx
    with openpyxl for an .xlsx sheet calamine cannot load (PCI_2014.xlsx)."""

    def __init__(self, source: bytes | Path, name: str | None = None):
        if isinstance(source, (str, Path)):
            self.name = name or Path(source).name
            self.data = Path(source).read_bytes()
        else:
            self.name = name or "workbook"
            self.data = bytes(source)
        self.is_xlsx = self.data[:4] == b"PK\x03\x04"
        self._reader = fastexcel.read_excel(self.data)
        self._opx: dict[int, list[tuple]] = {}
        self._calamine_failed: set[int] = set()
        self._heads: dict[int, list[tuple]] = {}

    @property
    def sheet_names(self) -> list[str]:
        return list(self._reader.sheet_names)

    def columns(self, sheet: int, first_row: int, last_row: int,
                cols: dict[int, str]) -> dict[int, list]:
        """Values of the 1-based columns `cols` (→ 'string' | 'float' | 'int') in rows
        first_row..last_row (1-based, inclusive) of the 1-based sheet `sheet`."""
        n = last_row - first_row + 1
        try:
            if sheet in self._calamine_failed:
                raise fastexcel.CalamineError("calamine cannot load this sheet")
            df = self._reader.load_sheet(
                sheet - 1, header_row=None, skip_rows=first_row - 1, n_rows=n,
                use_columns=[c - 1 for c in sorted(cols)],
                dtypes={c - 1: t for c, t in cols.items()},
            ).to_polars()
            out = {c: df.get_column(f"__UNNAMED__{c - 1}").to_list() for c in cols}
        except fastexcel.CalamineError:
            if not self.is_xlsx:
                raise
            self._calamine_failed.add(sheet)
            out = self._columns_openpyxl(sheet, first_row, last_row, cols)
        for c, vals in out.items():
            if len(vals) != n:
                raise LayoutError(f"{self.name}: column {col_letter(c)} of sheet {sheet} has "
                                  f"{len(vals)} rows from row {first_row}, expected {n}")
        return out

    def _columns_openpyxl_rows(self, sheet: int, last_row: int, max_col: int) -> list[tuple]:
        rows = self._opx.get(sheet)
        if rows is None or len(rows) < last_row or (rows and len(rows[0]) < max_col):
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
            try:
                ws = wb.worksheets[sheet - 1]
                # read-only openpyxl streams the sheet: stop at the last row asked for
                rows = [tuple(r) for r in ws.iter_rows(min_row=1, max_row=last_row,
                                                        min_col=1, max_col=max(max_col, 40),
                                                        values_only=True)]
            finally:
                wb.close()
            self._opx[sheet] = rows
        return rows

    def _columns_openpyxl(self, sheet: int, first_row: int, last_row: int,
                          cols: dict[int, str]) -> dict[int, list]:
        rows = self._columns_openpyxl_rows(sheet, last_row, max(cols))
        cast = {"string": lambda v: None if v is None else str(v),
                "float": lambda v: None if v is None else float(v),
                "int": lambda v: None if v is None else int(v)}
        sel = rows[first_row - 1:last_row]
        return {c: [cast[t](r[c - 1]) for r in sel] for c, t in cols.items()}

    HEAD_ROWS, HEAD_COLS = 3, 64

    def _head(self, sheet: int) -> list[tuple]:
        """The first HEAD_ROWS rows of a sheet (for layout signatures), read once per sheet."""
        if sheet not in self._heads:
            rows: list[tuple] = []
            try:
                if sheet in self._calamine_failed:
                    raise fastexcel.CalamineError("calamine cannot load this sheet")
                s = self._reader.load_sheet(sheet - 1, header_row=None, skip_rows=0,
                                            n_rows=self.HEAD_ROWS, dtypes="string")
                df = s.to_polars()
                cols = {c.absolute_index: df.get_column(c.name).to_list() for c in s.available_columns()}
                width = min(max(cols, default=-1) + 1, self.HEAD_COLS)
                rows = [tuple(cols[c][r] if c in cols else None for c in range(width)) for r in range(df.height)]
            except fastexcel.CalamineError:
                if self.is_xlsx:
                    self._calamine_failed.add(sheet)
                    rows = [tuple(r) for r in self._columns_openpyxl_rows(sheet, self.HEAD_ROWS, self.HEAD_COLS)]
            except fastexcel.FastExcelError:
                rows = []
            self._heads[sheet] = rows
        return self._heads[sheet]

    def text(self, sheet: int, row: int, col: int) -> str:
        """One cell as NFC text ('' when empty or out of the sheet)."""
        if sheet > len(self.sheet_names):
            return ""
        if row <= self.HEAD_ROWS and col <= self.HEAD_COLS:
            head = self._head(sheet)
            v = head[row - 1][col - 1] if row <= len(head) and col <= len(head[row - 1]) else None
            return _nfc(v)
        try:
            v = self.columns(sheet, row, row, {col: "string"})[col][0]
        except (LayoutError, fastexcel.FastExcelError):
            return ""
        return _nfc(v)

    def header_text(self, sheet: int, last_row: int, col: int) -> str:
        """Header cells above the data of one column, joined (for layout checks)."""
        vals = self.columns(sheet, 1, last_row, {col: "string"})[col]
        return " ".join(_nfc(v) for v in vals if v is not None)


def _folded(s: str) -> str:
    return " ".join(fold(s).split())


def _year_in_name(name: str) -> int | None:
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", name or "")
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------- PCI workbooks


@dataclass(frozen=True)
class PciParse:
    year: int
    frame: pl.DataFrame  # unit_name, key, component, value, published_rank, note, year + LOCATION
    sheet_name: str
    name_year: int | None  # the year in the file name, if any (may differ from `year`)


def detect_pci_year(wb: Workbook) -> list[int]:
    """Years whose layout signature (header cells) the workbook matches."""
    found = []
    for year, sig in _PCI_SIGNATURES.items():
        if all(_folded(text) in _folded(wb.text(sheet, row, col)) for sheet, row, col, text in sig):
            found.append(year)
    return found


def parse_pci_workbook(source: bytes | Path, name: str | None = None,
                       year: int | None = None) -> PciParse:
    """One VCCI PCI results workbook (2005–2016 editions) as a located frame.

    The year comes from the header cells (`_PCI_SIGNATURES`); `year`, when given, must agree.
    Raises LayoutError when the workbook matches no known edition, or when its names do not
    line up (duplicate or empty province names, pairs naming different provinces)."""
    wb = source if isinstance(source, Workbook) else Workbook(source, name)
    years = detect_pci_year(wb)
    if len(years) != 1:
        raise LayoutError(
            f"{wb.name}: not a known PCI results workbook (editions 2005–2016): "
            + ("no" if not years else f"{len(years)}") + " layout matches its header cells "
            "(e.g. 'PCI 2013' in W1 of the first sheet)")
    found = years[0]
    if year is not None and year != found:
        raise YearMismatch(f"{wb.name}: the header cells say PCI {found}, not {year}")
    layout = PCI_LAYOUTS[found]
    df = _pci_located(wb, layout)
    ranks = _pci_ranks(wb, found)
    df = df.join(ranks.with_columns(component=pl.lit("total")), on=["key", "component"], how="left")
    if df.filter(pl.col("component") == "total")["published_rank"].null_count():
        raise LayoutError(f"{wb.name}: a province has no rank")
    df = df.with_columns(note=_pci_note_expr(found, _PCI_RANKS[found]), year=pl.lit(found))
    return PciParse(found, df, wb.sheet_names[layout.sheet - 1], _year_in_name(wb.name))


def _pci_located(wb: Workbook, layout: PciLayout) -> pl.DataFrame:
    fname, year = wb.name, layout.year
    sheet, first, last, prov_col = layout.sheet, layout.first_row, layout.last_row, layout.prov_col
    comps = list(layout.columns)
    want = set(catalog_components("pci", year)) | {"total"}
    if {c for c, _ in comps} != want:
        raise ValueError(f"{fname}: layout columns {sorted(c for c, _ in comps)} != catalog {sorted(want)}")

    cols: dict[int, str] = {}
    for _, c in comps:
        cols[c] = "float"
        cols[prov_col or c - 1] = "string"
    cells = wb.columns(sheet, first, last, cols)

    total_col = dict(comps)["total"]
    names = [_nfc(v) for v in cells[prov_col or total_col - 1]]
    keys = [unit_key(n) for n in names]
    if len(set(keys)) != len(keys) or not all(names):
        raise LayoutError(f"{fname}: empty or duplicate province names in column "
                          f"{col_letter(prov_col or total_col - 1)}, rows {first}–{last}: {names}")
    sheet_name = wb.sheet_names[sheet - 1]
    rows = []
    for cid, c in comps:
        ncol = prov_col or c - 1
        col_keys = [unit_key(_nfc(v)) for v in cells[ncol]]
        if sorted(col_keys) != sorted(keys):
            raise LayoutError(f"{fname}: the names of column {col_letter(ncol)} differ from those of "
                              f"column {col_letter(prov_col or total_col - 1)}: {set(col_keys) ^ set(keys)}")
        pos = {k: i for i, k in enumerate(col_keys)}
        rows += [{"unit_name": n, "key": k, "component": cid, "value": cells[c][pos[k]],
                  "sheet": sheet_name, "row": first + pos[k], "unit_col": col_letter(ncol),
                  "value_col": col_letter(c)}
                 for n, k in zip(names, keys)]
    return pl.DataFrame(rows, schema={"unit_name": pl.String, "key": pl.String,
                                      "component": pl.String, "value": pl.Float64,
                                      "sheet": pl.String, "row": pl.Int64,
                                      "unit_col": pl.String, "value_col": pl.String})


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


def _pci_ranks(wb: Workbook, year: int) -> pl.DataFrame:
    spec = _PCI_RANKS[year]
    if spec.label is not None:
        head = wb.header_text(spec.sheet, spec.first_row - 1, spec.rank_col)
        if spec.label not in head:
            raise LayoutError(f"{wb.name}: rank column header {head!r} lacks {spec.label!r}")
    cells = wb.columns(spec.sheet, spec.first_row, spec.last_row,
                       {spec.name_col: "string", spec.rank_col: "float"})
    ranks = []
    for v in cells[spec.rank_col]:
        if v is not None and (v != v or not float(v).is_integer() or not 1 <= v <= 1000):
            raise LayoutError(f"{wb.name}: rank {v!r} in column {col_letter(spec.rank_col)} is not a rank")
        ranks.append(None if v is None else int(v))
    return pl.DataFrame({
        "key": [unit_key(_nfc(v)) for v in cells[spec.name_col]],
        "published_rank": ranks,
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
    `pci/PCI_<year>.xls[x]`, each read by `parse_pci_workbook` (the importer's parser)."""
    frames = []
    for y in years:
        fname = f"PCI_{y}.{PCI_LAYOUTS[y].ext}"
        parsed = parse_pci_workbook(_data_dir(shared_dir) / "pci" / fname, fname)
        if parsed.year != y:
            raise ValueError(f"{fname}: detected PCI {parsed.year}")
        frames.append(parsed.frame.with_columns(
            source_title=pl.lit(f"VCCI PCI {y} results workbook ({fname}, pcivietnam.org via vietnamdata)"),
            source_url=pl.lit(f"{VIETNAMDATA}data-raw/PCI/{fname}"),
        ).drop("key", *LOCATION))
    return _check(_figures(pl.concat(frames, how="diagonal"), "pci"), "pci")


# ---------------------------------------------------------------------------- PAPI workbook


def papi_sheets(wb: Workbook) -> dict[int, str]:
    """Year → sheet name of the `<year>_PAPI` sheets of a workbook (any year)."""
    out = {}
    for s in wb.sheet_names:
        m = PAPI_SHEET.match(s)
        if m:
            out[int(m.group(1))] = s
    return out


def parse_papi_workbook(source: bytes | Path, name: str | None = None,
                        years: Iterable[int] | None = None) -> pl.DataFrame:
    """The `<year>_PAPI` sheets (2011–2016 layout) of a PAPI provincial workbook as a located
    frame: unit_name (as printed in `tentinh_vie`), year, component, value, `empty` (the row
    prints no dimension and a total of 0 or nothing), sheet, row, unit_col, value_col.

    Raises LayoutError when no sheet of a known year is present or a header differs."""
    wb = source if isinstance(source, Workbook) else Workbook(source, name)
    fname = wb.name
    sheets = papi_sheets(wb)
    wanted = [y for y in (years if years is not None else PAPI_YEARS) if y in sheets and y in PAPI_YEARS]
    if not wanted:
        raise LayoutError(f"{fname}: no sheet named <year>_PAPI for a year of 2011–2016 "
                          f"(sheets: {', '.join(wb.sheet_names[:12])})")
    frames = []
    for year in wanted:
        sheet_name = sheets[year]
        sheet = wb.sheet_names.index(sheet_name) + 1
        head = wb.columns(sheet, 1, 1, {c + 1: "string" for _, _, c, _ in PAPI_COMPONENTS})
        for _, _, c, label in PAPI_COMPONENTS:
            if not _nfc(head[c + 1][0]).startswith(label):
                raise LayoutError(f"{fname} {sheet_name}: {col_letter(c + 1)}1 is {head[c + 1][0]!r}, "
                                  f"expected {label!r}…")
        cols = {PAPI_NAME_COL + 1: "string", **{c + 1: "float" for _, _, c, _ in PAPI_COMPONENTS}}
        cells = wb.columns(sheet, PAPI_FIRST_ROW, PAPI_LAST_ROW, cols)
        names = [_nfc(v) for v in cells[PAPI_NAME_COL + 1]]
        total_c = PAPI_COMPONENTS[-1][2] + 1
        empty = [all(cells[c + 1][i] is None for cid, _, c, _ in PAPI_COMPONENTS if cid != "total")
                 and not cells[total_c][i] for i in range(len(names))]
        rows = list(range(PAPI_FIRST_ROW, PAPI_LAST_ROW + 1))
        frames += [pl.DataFrame({"unit_name": names, "component": cid, "value": cells[c + 1],
                                 "empty": empty, "sheet": sheet_name, "row": rows,
                                 "unit_col": col_letter(PAPI_NAME_COL + 1),
                                 "value_col": col_letter(c + 1)},
                                schema={"unit_name": pl.String, "component": pl.String,
                                        "value": pl.Float64, "empty": pl.Boolean,
                                        "sheet": pl.String, "row": pl.Int64,
                                        "unit_col": pl.String, "value_col": pl.String})
                   .with_columns(year=pl.lit(year))
                   for cid, _, c, _ in PAPI_COMPONENTS]
    return pl.concat(frames)


def read_papi_workbook(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """PAPI per province, year and dimension from `papi/PAPI_2011-2016.xlsx` (sheets
    2011_PAPI … 2016_PAPI; names as printed in `tentinh_vie`), read by `parse_papi_workbook`
    (the importer's parser)."""
    fname = "PAPI_2011-2016.xlsx"
    df = parse_papi_workbook(_data_dir(shared_dir) / "papi" / fname, fname)
    if sorted(set(df["year"])) != list(PAPI_YEARS):
        raise ValueError(f"{fname}: years {sorted(set(df['year']))}")
    empty = {(y, unit_key(n)) for y, n in
             df.filter("empty").select("year", "unit_name").unique().iter_rows()}
    if empty != PAPI_NOT_PUBLISHED:
        raise ValueError(f"{fname}: empty rows {sorted(empty)}, expected {sorted(PAPI_NOT_PUBLISHED)}")
    df = df.filter(~pl.col("empty")).drop("empty", *LOCATION).with_columns(
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
