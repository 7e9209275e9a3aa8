"""The generic import template (CSV and XLSX) in the long format of our snapshots, and its reader.

    template_csv() -> bytes     # UTF-8 with BOM, comma-separated, header + example rows
    template_xlsx() -> bytes    # sheets 'du_lieu' (header + example), 'README', 'thanh_phan'
    read_template(name, data, cat, units) -> ImportResult

The example rows are published figures (PAPI 2016 Hà Nội, PCI 2016 Đà Nẵng), so importing
the template unchanged imports nothing false; a test checks them against the snapshot.
"""
from __future__ import annotations

import io
import re

from doisanh import catalog as catalog_mod
from doisanh.build.pci_papi import col_letter
from doisanh.catalog import Catalog
from doisanh.export import safe_cell, unguarded
from doisanh.ingest import limits, tables
from doisanh.ingest.numbers import parse
from doisanh.ingest.problems import Collector, short
from doisanh.ingest.result import (ImportResult, import_title, observations_frame, refused, source_id,
                                   source_text_of, sources_frame)
from doisanh.ingest.text import legacy_encoding, legacy_problem
from doisanh.ingest.validate import UnitIndex, validate_rows
from doisanh.text import fold

# name, required, Vietnamese, English
TEMPLATE_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("era", "không bắt buộc / optional",
     "Thời kỳ địa giới: 'pre2025' (63 tỉnh, 3 cấp) hoặc 'post2025' (34 tỉnh, 2 cấp). "
     "Để trống: pre2025 nếu năm ≤ 2024, post2025 nếu năm ≥ 2025.",
     "Boundary era: 'pre2025' (63 provinces, 3 levels) or 'post2025' (34 provinces, 2 levels). "
     "Empty: pre2025 for years up to 2024, post2025 from 2025."),
    ("level", "không bắt buộc / optional",
     "Cấp: province | district | commune | ministry. Để trống: theo độ dài mã (2 số tỉnh, 3 huyện, "
     "5 xã), không có mã thì province.",
     "Level: province | district | commune | ministry. Empty: from the code's length (2 digits "
     "province, 3 district, 5 commune), province when there is no code."),
    ("unit_code", "mã hoặc tên / code or name",
     "Mã đơn vị hành chính của Tổng cục Thống kê (GSO): '01' Hà Nội, '001' Ba Đình, '00001' Phúc Xá. "
     "Ghi dạng chữ để Excel không bỏ số 0 đầu (nếu bị bỏ, hệ thống tự thêm lại và cảnh báo).",
     "GSO administrative code: '01' Hà Nội, '001' Ba Đình, '00001' Phúc Xá. Type it as text so Excel "
     "keeps the leading zeros (dropped zeros are put back, with a warning)."),
    ("unit_name", "mã hoặc tên / code or name",
     "Tên đơn vị như nguồn in: 'TP HCM', 'BRVT', 'Thừa Thiên Huế', 'Hà Tây' (đến 2008) đều được. "
     "Có cả mã và tên thì hai cái phải khớp.",
     "Unit name as the source prints it: 'TP HCM', 'BRVT', 'Thừa Thiên Huế', 'Hà Tây' (until 2008) "
     "are understood. If both code and name are given they must agree."),
    ("parent_name", "không bắt buộc / optional",
     "Đơn vị cấp trên, để phân biệt tên trùng: tỉnh của một huyện; huyện (trước 2025) hoặc tỉnh "
     "(từ 2025) của một xã.",
     "Parent unit, to tell apart equal names: the province of a district; the district (pre-2025) "
     "or province (post-2025) of a commune."),
    ("index_id", "bắt buộc / required",
     "Chỉ số: par (Chỉ số CCHC), sipas, i766 (Bộ chỉ số 766), dti, pci, papi.",
     "Index: par (PAR Index), sipas, i766 (the 766 indicator set), dti, pci, papi."),
    ("year", "bắt buộc / required", "Năm đánh giá (năm của số liệu, không phải năm công bố).",
     "Assessment year (the year of the figures, not of publication)."),
    ("component", "bắt buộc / required",
     "'total' cho tổng điểm, hoặc mã thành phần của phương pháp năm đó (xem trang 'thanh_phan').",
     "'total' for the headline score, or a component id of that year's methodology (see sheet "
     "'thanh_phan')."),
    ("value", "bắt buộc / required",
     "Giá trị trên thang của chỉ số (PAR, SIPAS, 766, PCI: 0–100; PAPI: 0–60 đến 2017, 0–80 từ 2018; "
     "DTI: 0–1). '79,92' và '79.92' đều được; '98,8%' đọc là 98,8.",
     "Value on the index's scale (PAR, SIPAS, 766, PCI: 0–100; PAPI: 0–60 until 2017, 0–80 from "
     "2018; DTI: 0–1). '79,92' and '79.92' both work; '98,8%' reads as 98.8."),
    ("source", "nên có / recommended",
     "Nguồn của số liệu: văn bản, trang web, số quyết định. Hiện cạnh con số trong ứng dụng.",
     "Where the figure comes from: document, web page, decision number. Shown next to the figure."),
    ("published_rank", "không bắt buộc / optional",
     "Thứ hạng do cơ quan công bố in (số nguyên ≥ 1), nếu có.",
     "Rank as printed by the publisher (integer ≥ 1), if any."),
)
COLUMNS = tuple(c[0] for c in TEMPLATE_COLUMNS)
REQUIRED = ("index_id", "year", "component", "value")
TEXT_FIELDS = ("era", "level", "unit_code", "unit_name", "parent_name", "index_id", "component", "source")

# folded header text → column name (Vietnamese labels people write instead of ours)
HEADER_ALIASES = {
    "thoi ky": "era", "giai doan": "era", "cap": "level", "ma don vi": "unit_code", "ma": "unit_code",
    "ma dvhc": "unit_code", "ten don vi": "unit_name", "don vi": "unit_name", "tinh": "unit_name",
    "ten": "unit_name", "don vi cap tren": "parent_name", "cap tren": "parent_name", "chi so": "index_id",
    "nam": "year", "thanh phan": "component", "gia tri": "value", "diem": "value", "nguon": "source",
    "thu hang": "published_rank", "xep hang": "published_rank", "rank": "published_rank",
}
tables.KNOWN_HEADERS.update(COLUMNS, HEADER_ALIASES)

LIMITS_DOC_VI = (
    f"Giới hạn: tệp tối đa {limits.MAX_UPLOAD_BYTES // 2**20} MB; XLSX giải nén tối đa "
    f"{limits.MAX_UNCOMPRESSED // 2**20} MB, tối đa {limits.MAX_ENTRIES} thành phần, tỷ lệ nén tối đa "
    f"{limits.MAX_RATIO}:1; tối đa {limits.MAX_ROWS:,} dòng; mỗi ô tối đa {limits.MAX_CELL:,} ký tự.".replace(",", ".")
)
LIMITS_DOC_EN = (
    f"Limits: file at most {limits.MAX_UPLOAD_BYTES // 2**20} MB; an XLSX at most "
    f"{limits.MAX_UNCOMPRESSED // 2**20} MB uncompressed, {limits.MAX_ENTRIES} parts, compression ratio "
    f"{limits.MAX_RATIO}:1; at most {limits.MAX_ROWS:,} rows; cells at most {limits.MAX_CELL:,} characters."
)

_DOC_VI = [
    "# Mẫu nhập số liệu (Đối sánh)",
    "",
    "Mỗi dòng là MỘT con số: một đơn vị, một chỉ số, một năm, một thành phần (hoặc tổng điểm). "
    "Dòng đầu là tên cột (giữ nguyên, không gộp ô). Có thể dùng tệp .xlsx (khuyên dùng với Excel "
    "tiếng Việt) hoặc .csv (UTF-8; dấu phân cách ',' hoặc ';').",
    "",
    *(f"- {n} ({req.split(' / ')[0]}): {vi}" for n, req, vi, _ in TEMPLATE_COLUMNS),
    "",
    "Kiểm tra khi nhập: đơn vị phải có trong danh mục (nếu không sẽ gợi ý tên gần đúng); không trùng "
    "dòng (cùng đơn vị, chỉ số, năm, thành phần); giá trị trong thang điểm của thành phần; nếu có đủ "
    "tổng và mọi thành phần của một đơn vị trong một năm thì Σ trọng số × thành phần phải bằng tổng "
    "(sai lệch ≤ 0,05 điểm trên thang 100). Mỗi lỗi ghi rõ tệp, trang tính, dòng, cột. Bạn chọn: giữ "
    "các dòng hợp lệ, hoặc từ chối cả tệp. Số liệu đã có không bị mất.",
    "",
    "Bảng mã: UTF-8 (có hoặc không BOM) và Windows-1258 đọc được; tệp ở bảng mã cũ VNI hoặc TCVN3 "
    "(ABC) bị từ chối kèm hướng dẫn chuyển mã.",
    "",
    LIMITS_DOC_VI,
    "",
    "Số liệu nhập chỉ hiện trong phiên làm việc của bạn (hoặc tệp không gian làm việc bạn lưu), "
    "không ai khác thấy. Đường dẫn chia sẻ phụ thuộc số liệu nhập sẽ báo cho người nhận.",
]
_DOC_EN = [
    "# Import template (Đối sánh)",
    "",
    "Each row is ONE figure: one unit, one index, one year, one component (or the total). The first "
    "row holds the column names (keep them, do not merge cells). Use .xlsx (recommended with Excel) "
    "or .csv (UTF-8; ',' or ';' separated).",
    "",
    *(f"- {n} ({req.split(' / ')[-1]}): {en}" for n, req, _, en in TEMPLATE_COLUMNS),
    "",
    "Checks: the unit must be in the registry (close names are suggested); no duplicate rows (same "
    "unit, index, year, component); values within the component's scale; where the total and every "
    "component of a unit-year are given, Σ weight × component must equal the total (within 0.05 "
    "points on a 100 scale). Each problem names the file, sheet, row and column. You choose: keep the "
    "valid rows, or refuse the whole file. Nothing already loaded is lost.",
    "",
    "Encodings: UTF-8 (with or without BOM) and Windows-1258 are read; files in the legacy VNI or "
    "TCVN3 (ABC) encodings are refused, with how to convert them.",
    "",
    LIMITS_DOC_EN,
    "",
    "Imported figures are visible only in your session (or a workspace file you save), never to "
    "others. A shared link that depends on imported figures says so to its recipient.",
]
TEMPLATE_DOC = "\n".join([*_DOC_VI, "", *_DOC_EN])     # both languages: the template's own notes


def template_doc(lang: str) -> str:
    """The notes in the page's language, without their title (the page's expander has one)."""
    return "\n".join((_DOC_EN if lang == "en" else _DOC_VI)[1:]).strip()


_PAPI_SRC = "PAPI 2016, PAPI_2011-2016.xlsx sheet 2016_PAPI (papi.org.vn), 4 decimals"
_PCI_SRC = "VCCI PCI 2016 results workbook PCI_2016.xlsx (pcivietnam.vn), 4 decimals"
EXAMPLE_ROWS: tuple[dict, ...] = (
    *(dict(era="pre2025", level="province", unit_code="01", unit_name="Hà Nội", parent_name="",
           index_id="papi", year=2016, component=c, value=v, source=_PAPI_SRC, published_rank=None)
      for c, v in (("d1_participation", 5.3377), ("d2_transparency", 5.0762),
                   ("d3_vertical_accountability", 4.2614), ("d4_control_of_corruption", 5.2389),
                   ("d5_public_admin_procedures", 7.0872), ("d6_public_service_delivery", 6.8045),
                   ("total", 33.806))),
    dict(era="pre2025", level="province", unit_code="48", unit_name="Đà Nẵng", parent_name="",
         index_id="pci", year=2016, component="total", value=70.0014, source=_PCI_SRC, published_rank=1),
)


def template_csv() -> bytes:
    """The template as CSV: UTF-8 with BOM (so Excel shows Vietnamese), comma-separated."""
    import csv

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in EXAMPLE_ROWS:  # 4 decimals: '33.806' would read as ambiguous (thousands?)
        w.writerow(["" if r[c] is None else f"{r[c]:.4f}" if c == "value" else r[c] for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _number_text(v: float) -> str:
    """Shortest exact text of a float that the reader never finds ambiguous ('5.125' could
    be read as thousands: written '5.1250')."""
    t = repr(float(v))
    if t.endswith(".0"):
        t = t[:-2]
    if re.fullmatch(r"[1-9][0-9]{0,2}\.[0-9]{3}", t.lstrip("-")):
        t += "0"
    return t


def to_template_csv(obs, sources) -> bytes:
    """Observations (doisanh.schema.OBSERVATIONS, e.g. a session's imports) as a filled
    template CSV (UTF-8 with BOM): the explicitly saved workspace file. Re-importing it gives
    the same rows (units by code; values exact) with the same source texts: `source` is the
    text the user gave (from the title in `sources`, doisanh.schema.SOURCES), never the
    source_id; guarded against spreadsheet formulas like every export (the reader takes the
    guard's quote off again)."""
    import csv

    titles = dict(sources.select("source_id", "title").iter_rows())
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in obs.sort("index_id", "era", "level", "year", "unit_code", "component").iter_rows(named=True):
        w.writerow([r["era"], r["level"], r["unit_code"], "", "", r["index_id"], r["year"], r["component"],
                    "" if r["value"] is None else _number_text(r["value"]),
                    safe_cell(source_text_of(titles.get(r["source_id"]))),
                    "" if r["published_rank"] is None else r["published_rank"]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def template_xlsx(cat: Catalog | None = None) -> bytes:
    """The template as XLSX: 'du_lieu' (header + example rows; codes stored as text), 'README'
    (TEMPLATE_DOC), 'thanh_phan' (component ids of every methodology version)."""
    import openpyxl
    from openpyxl.styles import Font

    cat = cat or catalog_mod.load()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "du_lieu"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in EXAMPLE_ROWS:
        ws.append([r[c] if r[c] != "" else None for c in COLUMNS])
    code_col = COLUMNS.index("unit_code") + 1
    for row in ws.iter_rows(min_row=2, min_col=code_col, max_col=code_col):
        for cell in row:
            cell.number_format = "@"
    for i, width in enumerate((10, 10, 10, 22, 18, 10, 8, 30, 10, 50, 14), start=1):
        ws.column_dimensions[col_letter(i)].width = width
    rd = wb.create_sheet("README")
    for line in TEMPLATE_DOC.splitlines():
        rd.append([line])
    rd.column_dimensions["A"].width = 140
    tp = wb.create_sheet("thanh_phan")
    tp.append(["index_id", "version", "years", "component", "name_vi", "name_en", "max", "weight"])
    for ix in cat.indices:
        for v in ix.versions:
            tp.append([ix.id, v.id, f"{v.year_from}–{v.year_to}", "total", "Tổng điểm", "Total",
                       v.scale_max, None])
            for c in v.components:
                tp.append([ix.id, v.id, f"{v.year_from}–{v.year_to}", c.id, c.name_vi, c.name_en,
                           c.max, c.weight])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- reading


def _field(header: str | None) -> str | None:
    if not header:
        return None
    h = header.strip().lower()
    if h in COLUMNS:
        return h
    k = " ".join(fold(h).replace("_", " ").split())
    return HEADER_ALIASES.get(k) or (k.replace(" ", "_") if k.replace(" ", "_") in COLUMNS else None)


def _columns_named(missing: list[tuple[str, ...]], lang: str) -> str:
    """Missing template columns in words, each with the header the template writes
    ('Chỉ số (index_id), Mã đơn vị (unit_code) hoặc Tên đơn vị (unit_name)')."""
    from doisanh.i18n import t
    return ", ".join(f" {t('tcol_or', lang)} ".join(f"{t('tcol_' + c, lang)} ({c})" for c in alts)
                     for alts in missing)


def _wanted(header: dict[int, str]) -> set[int] | None:
    """The columns of a template header row (None when the row is not one: the sheet is then
    kept only as far as the header scan, for the 'header_missing' message)."""
    fields = {c: _field(t) for c, t in header.items()}
    names = set(fields.values())
    if all(f in names for f in REQUIRED) and ({"unit_code", "unit_name"} & names):
        return {c for c, f in fields.items() if f is not None}
    return None


def _year(text: str | None) -> int | str | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d{4})(?:[.,]0+)?\s*", text)
    return int(m.group(1)) if m else text


def read_template(name: str, data: bytes, cat: Catalog | None = None, units=None, *,
                  inspection: limits.Inspection | None = None) -> ImportResult:
    """Read a filled template (CSV, XLSX or XLS): every sheet whose first non-empty row holds
    the required column names is read; other sheets (README) are ignored. `units`: the
    snapshot's units frame or a prepared doisanh.ingest.validate.UnitIndex."""
    cat = cat or catalog_mod.load()
    if units is None:
        raise ValueError("read_template needs the units registry")
    uidx = UnitIndex.of(units)
    ins = inspection or limits.inspect(name, data)
    if ins.fatal:
        return refused(name, "template", ins.problems)
    grids, probs = tables.read_grids(name, data, ins, _wanted)
    probs = ins.problems + probs
    if any(p.severity == "fatal" for p in probs):
        return refused(name, "template", probs)

    col = Collector(name)
    col.extend(probs)
    found = []
    first_nonempty = None
    head_merge = None
    for gi, g in enumerate(grids):
        hr = g.first_nonempty_row()
        if hr is None:
            continue
        fields: dict[str, int] = {}
        dup = None
        for c in sorted(g.text):
            f = _field(g.cell(hr, c))
            if f is None:
                continue
            if f in fields:
                dup = (f, c)
            fields.setdefault(f, c)
        if first_nonempty is None:
            first_nonempty = (g, hr, fields)
            head_merge = next(((r1, c1, r2, c2) for r1, c1, r2, c2 in g.merged if r1 <= hr + 1 <= r2), None)
        ok = all(f in fields for f in REQUIRED) and ("unit_code" in fields or "unit_name" in fields)
        if ok and dup:
            col.add("header_duplicate", f"Cột {dup[0]!r} xuất hiện hai lần (cột {col_letter(dup[1] + 1)}).",
                    f"Column {dup[0]!r} appears twice (column {col_letter(dup[1] + 1)}).",
                    sheet=g.name, row=hr + 1, column=col_letter(dup[1] + 1))
            return refused(name, "template", col.problems)
        if ok:
            found.append((gi, g, hr, fields))
    if not found:
        if first_nonempty is None:
            g0 = grids[0].name if grids else None
            col.add("empty_sheet", "Tệp không có dữ liệu (trang tính trống).", "The file has no data (empty sheet).",
                    sheet=g0, row=1, column="A")
        elif head_merge is not None:
            g = first_nonempty[0]
            r1, c1, r2, c2 = head_merge
            col.add("header_merged",
                    f"Dòng tiêu đề có ô gộp {col_letter(c1)}{r1}:{col_letter(c2)}{r2}; hãy bỏ gộp ô.",
                    f"The header row has merged cells {col_letter(c1)}{r1}:{col_letter(c2)}{r2}; unmerge them.",
                    sheet=g.name, row=r1, column=col_letter(c1))
        else:
            g, hr, fields = first_nonempty
            missing = [(f,) for f in REQUIRED if f not in fields]
            if "unit_code" not in fields and "unit_name" not in fields:
                missing.append(("unit_code", "unit_name"))
            col.add("header_missing",
                    f"Dòng tiêu đề thiếu cột: {_columns_named(missing, 'vi')}. Hãy dùng tệp mẫu.",
                    f"The header row lacks: {_columns_named(missing, 'en')}. Use the template.",
                    sheet=g.name, row=hr + 1, column=None)
        return refused(name, "template", col.problems)

    rows: list[dict] = []
    for gi, g, hr, fields in found:
        letters = {f: col_letter(c + 1) for f, c in fields.items()}
        for r1, c1, r2, c2 in g.merged:
            if r1 <= hr + 1 <= r2:
                col.add("header_merged",
                        f"Dòng tiêu đề có ô gộp {col_letter(c1)}{r1}:{col_letter(c2)}{r2}; hãy bỏ gộp ô.",
                        f"The header row has merged cells {col_letter(c1)}{r1}:{col_letter(c2)}{r2}; unmerge them.",
                        sheet=g.name, row=r1, column=col_letter(c1))
                return refused(name, "template", col.problems)
        merged_blank: dict[int, str] = {}
        for r1, c1, r2, c2 in g.merged:
            if r1 > hr + 1 and any(c1 - 1 <= c <= c2 - 1 for c in fields.values()):
                for rr in range(r1, r2 + 1):
                    for cc in range(c1, c2 + 1):
                        if (rr, cc) != (r1, c1) and cc - 1 in fields.values():
                            merged_blank.setdefault(rr - 1, col_letter(cc))
        rows += _grid_rows(name, g, gi, hr, fields, letters, merged_blank, col)
        if col.fatal:
            return refused(name, "template", col.problems, len(rows))

    n_read = len(rows)
    if n_read == 0:
        g, hr = found[0][1], found[0][2]
        col.add("empty_sheet", "Có dòng tiêu đề nhưng không có dòng số liệu nào.",
                "There is a header row but no data row.", sheet=g.name, row=hr + 2, column="A")
        return refused(name, "template", col.problems)
    valid = validate_rows(rows, cat, uidx, col, sum_severity="error")
    sids: dict[int, str] = {}
    titles: dict[str, str] = {}
    for r in valid:
        sid = source_id(name, r.get("source"))
        sids[r["rid"]] = sid
        titles.setdefault(sid, import_title(name, r.get("source")))
    obs = observations_frame(valid, sids)
    return ImportResult(obs, col.problems, n_read, obs.height, name, "template", sources_frame(titles),
                        {"sheets": [g.name for _, g, _, _ in found]})


def _grid_rows(name: str, g: tables.Grid, gi: int, hr: int, fields: dict[str, int], letters: dict[str, str],
               merged_blank: dict[int, str], col: Collector) -> list[dict]:
    text = {f: g.text.get(c, []) for f, c in fields.items()}
    numeric = {f: c for f, c in fields.items() if f in ("value", "published_rank")}
    loaded = g.floats(list(numeric.values())) or {}
    nums = {f: loaded.get(c) for f, c in numeric.items()}
    out = []
    names_seen: list[tuple[int, str, str]] = []
    for r in range(hr + 1, g.height):
        cells = {f: (col_[r] if r < len(col_) else None) for f, col_ in text.items()}
        if all(v is None for v in cells.values()):
            continue
        rid = gi * 10_000_000 + r
        row = r + 1
        rec: dict = {"rid": rid, "sheet": g.name, "row": row, "cols": letters,
                     "unit_col": letters.get("unit_name") or letters.get("unit_code"),
                     "code_col": letters.get("unit_code"), "value_col": letters.get("value")}

        def err(code: str, vi: str, en: str, field: str, severity: str | None = None,
                rid: int = rid, row: int = row) -> None:
            col.add(code, vi, en, sheet=g.name, row=row, column=letters.get(field), severity=severity, rid=rid)

        if r in merged_blank:
            col.add("merged_cell", "Ô thuộc vùng gộp ô nên trống; hãy bỏ gộp và điền giá trị cho từng dòng.",
                    "This cell is part of merged cells and is empty; unmerge and fill every row.",
                    sheet=g.name, row=row, column=merged_blank[r], rid=rid)
        long = [f for f, v in cells.items() if v is not None and len(v) > limits.MAX_CELL]
        for f in long:
            err("cell_too_long", f"Ô dài {len(cells[f]):,} ký tự; tối đa {limits.MAX_CELL:,}.",
                f"The cell is {len(cells[f]):,} characters long; at most {limits.MAX_CELL:,}.", f)
        if long:
            out.append(rec)
            continue
        for f in TEXT_FIELDS:
            rec[f] = unguarded(cells.get(f))
        if rec.get("index_id"):
            rec["index_id"] = rec["index_id"].strip()
        for f in ("era", "level"):
            if rec.get(f):
                rec[f] = rec[f].strip().lower()
        for f in ("unit_name", "parent_name"):
            if rec.get(f):
                names_seen.append((row, letters[f], rec[f]))
        code = rec.get("unit_code")
        if code and re.fullmatch(r"\d+\.0+", code):
            rec["unit_code"] = code.split(".")[0]
        y = _year(cells.get("year"))
        rec["year"] = y
        if y is not None and not isinstance(y, int):
            err("invalid_year", f"Năm {short(y)} không hợp lệ (cần 4 chữ số).",
                f"Year {short(y)} is invalid (4 digits).", "year")
        elif y is None:
            err("missing_field", "Thiếu năm.", "The year is missing.", "year")
        for f in ("index_id", "component"):
            if not rec.get(f):
                err("missing_field", f"Thiếu giá trị cột {f}.", f"The {f} is missing.", f)
        for f in ("value", "published_rank"):
            t = cells.get(f)
            native = nums.get(f)[r] if nums.get(f) is not None and r < len(nums[f]) else None
            if t is None:
                rec[f] = None
                continue
            if native is not None and t.lower() not in ("true", "false"):
                rec[f] = parse(native).value        # a float as it is; -0.0 as 0.0
                continue
            p = parse(t)
            rec[f] = p.value
            if p.code in ("not_a_number", "number_out_of_range"):
                err(p.code, p.note_vi, p.note_en, f)
            elif p.code == "number_ambiguous":
                err("number_ambiguous", p.note_vi, p.note_en, f, severity="warning")
        out.append(rec)
    if names_seen:
        joined = "\n".join(t for _, _, t in names_seen)
        kind, pos = legacy_encoding(joined)
        if kind:
            i = joined.count("\n", 0, pos)
            row, letter, t = names_seen[i]
            col.extend([legacy_problem(name, kind, sheet=g.name, row=row, column=letter, sample=t[:30])])
    return out
