"""Importers of the publishers' own workbooks, one uploaded file at a time.

    read_pci_workbook(name, data, units, year=None)  # a VCCI PCI results workbook, 2005–2016 editions
    read_papi_workbook(name, data, units)            # the <year>_PAPI sheets of a PAPI provincial workbook
    detect_official(name, data)                      # 'pci' | 'papi' | None

They parse with doisanh.build.pci_papi, the code the build ships the PCI/PAPI tables with,
so an uploaded official workbook gives exactly the shipped figures (tests/test_ingest_official.py
checks this on the real files). Here the parse is wrapped in the import's safety and reporting:
the container is prechecked before any reader runs; an unknown layout, a year that differs
from the one asked, names in a legacy encoding are fatal problems; every value then goes
through doisanh.ingest.validate with its cell address (sheet, row, column). Components that do
not add up to the printed total are warnings here, not errors: the publisher's total is the
published fact (PCI 2011 prints totals up to 0.55 away from the weighted sum of its
sub-indices; PCI 2005's weights are not published).
"""
from __future__ import annotations

from doisanh import catalog as catalog_mod
from doisanh.build import pci_papi
from doisanh.catalog import Catalog
from doisanh.ingest import limits
from doisanh.ingest.problems import Collector, Problem, fatal
from doisanh.ingest.result import ImportResult, observations_frame, refused, source_id, sources_frame
from doisanh.ingest.tables import reader_failed
from doisanh.ingest.text import legacy_encoding, legacy_problem
from doisanh.ingest.validate import UnitIndex, validate_rows


_Opened = tuple  # (pci_papi.Workbook | None, list[Problem]): a prechecked, opened workbook


def _open(name: str, data: bytes, kind: str, opened: _Opened | None = None,
          ins: limits.Inspection | None = None) -> _Opened:
    """Precheck, then open (once: `opened` is what an earlier call returned)."""
    if opened is not None:
        return opened
    ins = ins or limits.inspect(name, data)
    if ins.fatal:
        return None, ins.problems
    if ins.kind not in ("xlsx", "xls"):
        return None, ins.problems + [fatal(
            name, "layout_unknown",
            f"Bảng kết quả {kind.upper()} phải là tệp Excel (.xls hoặc .xlsx) như nhà xuất bản phát hành.",
            f"A {kind.upper()} results table must be the publisher's Excel file (.xls or .xlsx).")]
    try:
        return pci_papi.Workbook(data, name), ins.problems
    except BaseException as e:
        if not reader_failed(e):
            raise
        return None, ins.problems + [fatal(name, "read_failed", "Không mở được bảng tính.",
                                           f"The workbook could not be opened ({type(e).__name__}: {str(e)[:200]}).")]


def open_workbook(name: str, data: bytes, ins: limits.Inspection | None = None) -> _Opened:
    """Precheck (unless `ins` is given) and open a workbook once, for detect_official and a
    reader to share."""
    return _open(name, data, "?", ins=ins)


def detect_official(name: str, data: bytes, opened: _Opened | None = None) -> str | None:
    """'papi' if the workbook has a <year>_PAPI sheet, 'pci' if it matches a PCI edition, else
    None (then it is a template, or unknown)."""
    wb, _ = _open(name, data, "?", opened)
    if wb is None:
        return None
    try:
        if pci_papi.papi_sheets(wb):
            return "papi"
        if pci_papi.detect_pci_year(wb):
            return "pci"
    except BaseException as e:
        if not reader_failed(e):
            raise
    return None


def _legacy(name: str, names: list[tuple[str, int, str, str]]) -> Problem | None:
    """A fatal problem if the unit names (name, row, column, sheet) are legacy-encoded."""
    joined = "\n".join(n for n, _, _, _ in names)
    kind, pos = legacy_encoding(joined)
    if not kind:
        return None
    n, row, column, sheet = names[joined.count("\n", 0, pos)]
    return legacy_problem(name, kind, sheet=sheet, row=row, column=column, sample=n[:30])


def _finish(name: str, kind: str, rows: list[dict], col: Collector, cat: Catalog, units, title: str,
            detected: dict) -> ImportResult:
    names = sorted({(r["unit_name"], r["row"], r["unit_col"], r["sheet"]) for r in rows},
                   key=lambda t: (t[3], t[1]))
    bad = _legacy(name, names)
    if bad is not None:
        return refused(name, kind, col.problems + [bad], len(rows))
    valid = validate_rows(rows, cat, UnitIndex.of(units), col, sum_severity="warning")
    sid = source_id(name)
    obs = observations_frame(valid, {r["rid"]: sid for r in valid})
    return ImportResult(obs, col.problems, len(rows), obs.height, name, kind,
                        sources_frame({sid: title}), detected)


def _read_failed(name: str, kind: str, probs: list[Problem], e: BaseException) -> ImportResult:
    """The spreadsheet reader itself failed on the file: refuse it, saying how."""
    return refused(name, kind, probs + [fatal(
        name, "read_failed", "Không đọc được bảng tính.",
        f"The workbook could not be read ({type(e).__name__}: {str(e)[:200]}).")])


def read_pci_workbook(name: str, data: bytes, units, *, cat: Catalog | None = None,
                      year: int | None = None, opened: _Opened | None = None) -> ImportResult:
    """One VCCI PCI results workbook (editions 2005–2016). The year is read from the header
    cells; `year`, when given (the user's choice), must agree."""
    cat = cat or catalog_mod.load()
    wb, probs = _open(name, data, "pci", opened)
    if wb is None:
        return refused(name, "pci", probs)
    try:
        parsed = pci_papi.parse_pci_workbook(wb, name, year)
    except pci_papi.YearMismatch as e:
        return refused(name, "pci", probs + [fatal(
            name, "year_mismatch", f"Bảng trong tệp là PCI năm khác năm {year} đã chọn. ({e})",
            f"The table is PCI of another year than the {year} chosen. ({e})")])
    except pci_papi.LayoutError as e:
        return refused(name, "pci", probs + [fatal(
            name, "layout_unknown",
            "Không nhận ra tệp là bảng kết quả PCI của VCCI (các năm 2005–2016 được hỗ trợ). "
            "Nếu là số liệu tự tổng hợp, hãy dùng tệp mẫu.",
            f"Not recognised as a VCCI PCI results workbook (editions 2005–2016 are supported). "
            f"For your own tables use the template. ({e})")])
    except BaseException as e:
        if not reader_failed(e):
            raise
        return _read_failed(name, "pci", probs, e)
    col = Collector(name)
    col.extend(probs)
    if parsed.name_year is not None and parsed.name_year != parsed.year:
        col.add("year_name_differs",
                f"Tên tệp ghi năm {parsed.name_year} nhưng bảng in PCI {parsed.year}; dùng năm {parsed.year}.",
                f"The file name says {parsed.name_year} but the table prints PCI {parsed.year}; "
                f"{parsed.year} is used.", sheet=parsed.sheet_name, severity="warning")
    rows = [dict(r, rid=i, era="pre2025", level="province", unit_code=None, parent_name=None,
                 index_id="pci", year=int(r["year"]))
            for i, r in enumerate(parsed.frame.select(
                "unit_name", "component", "value", "published_rank", "year", "sheet", "row",
                "unit_col", "value_col").iter_rows(named=True))]
    title = f"VCCI PCI {parsed.year} results workbook (tệp nhập / imported file {name})"
    return _finish(name, "pci", rows, col, cat, units, title,
                   {"index_id": "pci", "years": [parsed.year], "sheet": parsed.sheet_name})


def read_papi_workbook(name: str, data: bytes, units, *, cat: Catalog | None = None,
                       opened: _Opened | None = None) -> ImportResult:
    """The `<year>_PAPI` sheets (2011–2016 layout) of a PAPI provincial workbook. Provinces
    whose row prints no dimension (PAPI 2014: Bắc Giang, Đồng Tháp) are skipped with a warning."""
    cat = cat or catalog_mod.load()
    wb, probs = _open(name, data, "papi", opened)
    if wb is None:
        return refused(name, "papi", probs)
    try:
        df = pci_papi.parse_papi_workbook(wb, name)
        other = {y: s for y, s in pci_papi.papi_sheets(wb).items() if y not in pci_papi.PAPI_YEARS}
    except pci_papi.LayoutError as e:
        return refused(name, "papi", probs + [fatal(
            name, "layout_unknown",
            "Không nhận ra bảng PAPI cấp tỉnh (cần các trang '<năm>_PAPI' của 2011–2016 như tệp "
            "PAPI_2011-2016.xlsx). Nếu là số liệu tự tổng hợp, hãy dùng tệp mẫu.",
            f"Not recognised as a PAPI provincial table ('<year>_PAPI' sheets of 2011–2016 as in "
            f"PAPI_2011-2016.xlsx expected). For your own tables use the template. ({e})")])
    except BaseException as e:
        if not reader_failed(e):
            raise
        return _read_failed(name, "papi", probs, e)
    col = Collector(name)
    col.extend(probs)
    for y, s in sorted(other.items()):
        col.add("sheet_skipped", f"Trang {s!r}: bố cục PAPI năm {y} chưa được hỗ trợ; đã bỏ qua.",
                f"Sheet {s!r}: the PAPI {y} layout is not supported; skipped.", sheet=s, severity="warning")
    rows = []
    warned = set()
    for i, r in enumerate(df.iter_rows(named=True)):
        if r["empty"]:
            if (r["sheet"], r["row"]) not in warned:
                warned.add((r["sheet"], r["row"]))
                col.add("unit_not_published",
                        f"{r['unit_name']}: bảng không in số liệu PAPI {r['year']} (các chỉ số trống, tổng 0); bỏ qua.",
                        f"{r['unit_name']}: no PAPI {r['year']} figures printed (dimensions empty, total 0); skipped.",
                        sheet=r["sheet"], row=r["row"], column=r["unit_col"], severity="warning")
            continue
        rows.append(dict(r, rid=i, era="pre2025", level="province", unit_code=None, parent_name=None,
                         index_id="papi", published_rank=None, year=int(r["year"])))
    years = sorted(set(df["year"]))
    title = f"PAPI provincial results, sheets {', '.join(f'{y}_PAPI' for y in years)} (tệp nhập / imported file {name})"
    return _finish(name, "papi", rows, col, cat, units, title, {"index_id": "papi", "years": years})
