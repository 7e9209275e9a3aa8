"""Cells of an uploaded CSV, XLSX or XLS file, as columns of text (and of numbers).

Only called after doisanh.ingest.limits.inspect found nothing fatal. Rows and columns are
0-based here and absolute (row 0 is Excel's row 1, column 0 is 'A'), so problems can name
the cell the user sees.

Spreadsheets are read with fastexcel (calamine) twice where numbers matter: once as text
(what the user typed) and once as numbers (the exact double stored: calamine's own text of
a number keeps about 10 significant digits). An .xlsx sheet calamine cannot load is read
with openpyxl (read-only). CSV: the delimiter is the one of ',', ';' (Excel with a decimal
comma) and tab that splits the first line into the most known column names.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import fastexcel

from doisanh.ingest import text as textmod
from doisanh.ingest.limits import MAX_ROWS, Inspection
from doisanh.ingest.problems import Problem, fatal


@dataclass
class Grid:
    """One sheet (or the CSV file): columns of cell text by absolute 0-based column. Only the
    columns `wanted` chose from the header row are kept (all of them for a sheet whose header
    it rejected: those are the first HEADER_SCAN rows only)."""

    name: str | None
    height: int
    text: dict[int, list[str | None]]
    _floats: Callable[[list[int]], dict[int, list[float | None]]] | None = None
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based r1, c1, r2, c2

    def cell(self, r: int, c: int) -> str | None:
        col = self.text.get(c)
        return col[r] if col is not None and r < len(col) else None

    def floats(self, cols: list[int]) -> dict[int, list[float | None]] | None:
        """Numbers stored in the columns (None for CSV; None cells for text cells)."""
        return self._floats(cols) if self._floats is not None and cols else None

    def first_nonempty_row(self) -> int | None:
        for r in range(self.height):
            if any(col[r] is not None for col in self.text.values() if r < len(col)):
                return r
        return None


def reader_failed(e: BaseException) -> bool:
    """True for an error of a reader (a Rust panic surfaces as a BaseException); False for
    KeyboardInterrupt/SystemExit, which must propagate."""
    return not isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit))


HEADER_SCAN = 50  # the header is the first non-empty row among the first HEADER_SCAN rows

# wanted(header cells by column) → the columns to keep, or None to keep none beyond the scan
Wanted = Callable[[dict[int, str]], "set[int] | None"]


def read_grids(name: str, data: bytes, ins: Inspection,
               wanted: Wanted | None = None) -> tuple[list[Grid], list[Problem]]:
    """Every sheet as a Grid. With `wanted`, a sheet is read in full only in the columns it
    returns for the sheet's header row (memory stays bounded by the columns used, not by how
    wide a hostile file is)."""
    if ins.kind == "csv":
        return _read_csv(name, data, wanted)
    return _read_book(name, data, ins, wanted)


def _header(cols: dict[int, list[str | None]], height: int) -> tuple[int | None, dict[int, str]]:
    for r in range(min(height, HEADER_SCAN)):
        cells = {c: v[r] for c, v in cols.items() if r < len(v) and v[r] is not None}
        if cells:
            return r, cells
    return None, {}


# ---------------------------------------------------------------------------- CSV


def _delimiter(first_line: str, known: Iterable[str]) -> str:
    keys = {k.casefold() for k in known}
    best, score = ",", -1
    for d in (",", ";", "\t"):
        cells = [c.strip().strip('"').casefold() for c in first_line.split(d)]
        s = sum(1 for c in cells if c in keys) * 100 + len(cells)
        if s > score:
            best, score = d, s
    return best


KNOWN_HEADERS: set[str] = set()  # filled by doisanh.ingest.template (column names and aliases)


def _read_csv(name: str, data: bytes, wanted: Wanted | None) -> tuple[list[Grid], list[Problem]]:
    dec = textmod.decode(name, data)
    if dec.text is None:
        return [], dec.problems
    text = dec.text
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delim = _delimiter(first, KNOWN_HEADERS)
    cols: dict[int, list[str | None]] = {}
    keep: set[int] | None = None      # the columns kept, decided at the header row
    n = 0                             # records read (row n + 1 in Excel)
    template_like = True
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for rec in reader:
            if n > MAX_ROWS + 1:
                return [], dec.problems + [fatal(
                    name, "too_many_rows", f"Tệp có hơn {MAX_ROWS:,} dòng dữ liệu.",
                    f"The file has more than {MAX_ROWS:,} data rows.")]
            if keep is None:
                if not any(v.strip() for v in rec):   # leading empty rows: nothing to keep
                    n += 1
                    continue
                header = {c: v for c, v in enumerate(textmod.clean(v) for v in rec) if v is not None}
                chosen = wanted(header) if wanted is not None else set(range(len(rec)))
                template_like = bool(chosen)
                keep = chosen or set(header)
                cols = {c: [None] * n for c in keep}
            for c, v in cols.items():
                v.append(textmod.clean(rec[c]) if c < len(rec) else None)
            n += 1
            if not template_like and n >= HEADER_SCAN:
                break
    except csv.Error as e:
        return [], dec.problems + [fatal(
            name, "csv_malformed", f"CSV sai cấu trúc ở dòng {n + 1} (ô quá dài hoặc ký tự lạ).",
            f"Malformed CSV at row {n + 1} ({e}).", row=n + 1)]
    return [Grid(None, n, cols)], dec.problems


# ---------------------------------------------------------------------------- XLSX / XLS


def _read_book(name: str, data: bytes, ins: Inspection, wanted: Wanted | None) -> tuple[list[Grid], list[Problem]]:
    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
    except BaseException as e:
        if not reader_failed(e):
            raise
        return [], [fatal(name, "read_failed", "Không mở được bảng tính.",
                          f"The workbook could not be opened ({type(e).__name__}: {str(e)[:200]}).")]
    merged = {s.name: s.merged for s in ins.sheets}
    grids, probs = [], []
    for i, sname in enumerate(names):
        try:
            grids.append(_calamine_grid(reader, i, sname, merged.get(sname, []), wanted))
        except BaseException as e:
            if not reader_failed(e):
                raise
            if ins.kind == "xlsx":
                try:
                    grids.append(_openpyxl_grid(data, i, sname, merged.get(sname, [])))
                    continue
                except Exception:
                    pass
            probs.append(Problem(name, sname, None, None, "sheet_skipped",
                                 f"Không đọc được trang tính {sname!r}; đã bỏ qua.",
                                 f"Sheet {sname!r} could not be read ({type(e).__name__}); skipped.", "warning"))
    return grids, probs


def _calamine_grid(reader, i: int, sname: str, merged, wanted: Wanted | None) -> Grid:
    def load(**kw) -> tuple[dict[int, list[str | None]], int]:
        sheet = reader.load_sheet(i, header_row=None, skip_rows=0, dtypes="string", **kw)
        df = sheet.to_polars()
        absolute = {c.name: c.absolute_index for c in sheet.available_columns()}
        return {absolute[n]: [textmod.clean(v) for v in df.get_column(n).to_list()] for n in df.columns}, df.height

    if wanted is None:
        cols, height = load()
    else:
        head, h = load(n_rows=HEADER_SCAN)
        hr, cells = _header(head, h)
        keep = wanted(cells) if hr is not None else None
        if keep:
            cols, height = load(use_columns=sorted(keep))
        else:
            cols, height = head, h
    df_height = height

    def floats(cs: list[int]) -> dict[int, list[float | None]]:
        s = reader.load_sheet(i, header_row=None, skip_rows=0, use_columns=sorted(cs),
                              dtypes={c: "float" for c in cs})
        df = s.to_polars()
        absolute = {c.name: c.absolute_index for c in s.available_columns()}
        out = {absolute[n]: df.get_column(n).to_list() for n in df.columns}
        return {c: (out.get(c) or []) + [None] * (df_height - len(out.get(c) or [])) for c in cs}

    return Grid(sname, df_height, cols, floats, list(merged))


def _openpyxl_grid(data: bytes, i: int, sname: str, merged) -> Grid:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[i]
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    cols = {c: [textmod.clean(_as_text(r[c])) if c < len(r) else None for r in rows] for c in range(width)}

    def floats(cs: list[int]) -> dict[int, list[float | None]]:
        return {c: [float(r[c]) if c < len(r) and isinstance(r[c], (int, float)) and not isinstance(r[c], bool)
                    else None for r in rows] for c in cs}

    return Grid(sname, len(rows), cols, floats, list(merged))


def _as_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
