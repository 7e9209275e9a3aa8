"""Problems found while importing a file: where (file, sheet, row, column), what (a stable
code), and what to do (a message in Vietnamese and in English).

Severity:
- 'fatal'   the file is refused as a whole (too big, unreadable, unknown layout, legacy
            encoding, …); nothing of it is imported;
- 'error'   the row is wrong (unknown unit, value out of range, duplicate, …); the user
            chooses to keep the valid rows or to refuse the import;
- 'warning' the row is imported, but look at it (ambiguous number, weights unverified, …).

Rows are numbered as Excel shows them: 1-based, the header row included; columns are Excel
letters ('I'), also for CSV files (as Excel would open them).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

import polars as pl

from doisanh.fmt import num

SEVERITIES = ("fatal", "error", "warning")

# code → (usual severity, what it means in Vietnamese, in English). The page can show this
# list as help; tests check that every code raised is listed here.
CODES: dict[str, tuple[str, str, str]] = {
    # the file as a whole (doisanh.ingest.limits, text, readers)
    "file_empty": ("fatal", "Tệp rỗng", "The file is empty"),
    "file_too_large": ("fatal", "Tệp lớn hơn giới hạn tải lên", "The file is larger than the upload limit"),
    "file_type_unknown": ("fatal", "Không nhận ra loại tệp (cần CSV, XLSX hoặc XLS)",
                          "Unknown file type (CSV, XLSX or XLS expected)"),
    "file_type_unsupported": ("fatal", "Loại tệp chưa hỗ trợ (ODS, XLSB…)", "Unsupported file type (ODS, XLSB…)"),
    "extension_mismatch": ("warning", "Đuôi tệp không khớp nội dung",
                           "The file name's extension does not match its content"),
    "zip_corrupt": ("fatal", "Tệp XLSX hỏng (lỗi nén ZIP)", "Damaged XLSX (bad ZIP structure)"),
    "zip_too_many_entries": ("fatal", "XLSX có quá nhiều thành phần", "The XLSX has too many parts"),
    "zip_too_large": ("fatal", "XLSX giải nén vượt giới hạn", "The XLSX is too large once uncompressed"),
    "zip_ratio": ("fatal", "Tỷ lệ nén bất thường (nghi bom nén)", "Abnormal compression ratio (possible zip bomb)"),
    "zip_size_mismatch": ("fatal", "Kích thước khai báo trong XLSX sai", "The XLSX declares wrong sizes"),
    "zip_path": ("fatal", "Tên thành phần trong XLSX không hợp lệ", "Invalid part name inside the XLSX"),
    "zip_encrypted": ("fatal", "Tệp có mật khẩu / mã hoá", "The file is password-protected or encrypted"),
    "zip_method": ("fatal", "Kiểu nén không được hỗ trợ", "Unsupported compression method"),
    "shared_strings": ("fatal", "Bảng chuỗi dùng chung của XLSX quá lớn hoặc khai báo sai",
                       "The XLSX shared-string table is too large or declares a wrong count"),
    "zip_not_xlsx": ("fatal", "Tệp ZIP không phải bảng tính XLSX", "The ZIP file is not an XLSX workbook"),
    "xml_entity": ("fatal", "XML có khai báo DOCTYPE/ENTITY (bị từ chối)", "XML declares DOCTYPE/ENTITY (refused)"),
    "xml_encoding": ("fatal", "XML không ở mã UTF-8", "XML part not in UTF-8"),
    "ole_corrupt": ("fatal", "Tệp XLS hỏng", "Damaged XLS file"),
    "xls_corrupt": ("fatal", "Cấu trúc XLS không hợp lệ", "Invalid XLS structure"),
    "xls_version": ("fatal", "Phiên bản XLS quá cũ", "XLS version too old"),
    "sheet_too_large": ("fatal", "Trang tính quá lớn (số hàng × số cột)", "Sheet too large (rows × columns)"),
    "too_many_rows": ("fatal", "Quá nhiều dòng", "Too many rows"),
    "encoding_unknown": ("fatal", "Không nhận ra bảng mã của tệp CSV", "Could not tell the CSV file's encoding"),
    "encoding_invalid": ("fatal", "Tệp khai báo UTF-8 nhưng có byte sai",
                         "The file claims UTF-8 but has invalid bytes"),
    "encoding_vni": ("fatal", "Chữ ở bảng mã VNI (cũ)", "Text in the legacy VNI encoding"),
    "encoding_tcvn3": ("fatal", "Chữ ở bảng mã TCVN3/ABC (cũ)", "Text in the legacy TCVN3 (ABC) encoding"),
    "encoding_cp1258": ("warning", "Tệp được đọc theo bảng mã Windows-1258", "The file was read as Windows-1258"),
    "text_nfd": ("warning", "Chữ tổ hợp (NFD) đã được chuẩn hoá sang NFC", "Decomposed text (NFD) normalised to NFC"),
    "csv_malformed": ("fatal", "CSV sai cấu trúc", "Malformed CSV"),
    "read_failed": ("fatal", "Không đọc được tệp", "The file could not be read"),
    "read_unsafe": ("fatal", "Trình đọc vượt giới hạn bộ nhớ, thời gian hoặc bị dừng",
                    "The reader exceeded its memory or time limit, or stopped"),
    "server_busy": ("fatal", "Máy chủ đang bận đọc tệp khác", "The server is busy reading other files"),
    "empty_sheet": ("fatal", "Trang tính trống", "Empty sheet"),
    "header_missing": ("fatal", "Thiếu cột bắt buộc ở dòng tiêu đề", "Required columns missing from the header row"),
    "header_merged": ("fatal", "Dòng tiêu đề có ô gộp", "Merged cells in the header row"),
    "header_duplicate": ("fatal", "Tên cột bị lặp", "Duplicate column name"),
    "layout_unknown": ("fatal", "Không nhận ra bố cục bảng của nhà xuất bản",
                       "Unknown layout of the publisher's table"),
    "year_mismatch": ("fatal", "Năm trong tệp khác năm đã chọn", "The year in the file differs from the year chosen"),
    "year_name_differs": ("warning", "Năm trong tên tệp khác năm in trong bảng",
                          "The year in the file name differs from the table's"),
    "sheet_skipped": ("warning", "Bỏ qua trang tính không đọc được", "Sheet skipped"),
    "too_many_problems": ("warning", "Còn nhiều lỗi cùng loại không liệt kê", "More problems of this kind not listed"),
    # a row or a cell (doisanh.ingest.template, validate)
    "merged_cell": ("error", "Ô gộp: chỉ ô đầu có giá trị", "Merged cell: only the first cell has a value"),
    "cell_too_long": ("error", "Ô dài quá 32.767 ký tự", "Cell longer than 32,767 characters"),
    "missing_field": ("error", "Thiếu giá trị bắt buộc", "Required value missing"),
    "not_a_number": ("error", "Không phải số", "Not a number"),
    "number_out_of_range": ("error", "Số quá nhỏ hoặc quá lớn để lưu (1e-400, 1e400)",
                            "Number too small or too large to store (1e-400, 1e400)"),
    "number_ambiguous": ("warning", "Số có thể đọc hai cách", "Number readable two ways"),
    "invalid_year": ("error", "Năm không hợp lệ", "Invalid year"),
    "invalid_era": ("error", "Thời kỳ không hợp lệ (pre2025 | post2025)", "Invalid era (pre2025 | post2025)"),
    "invalid_level": ("error", "Cấp không hợp lệ", "Invalid level"),
    "invalid_rank": ("error", "Thứ hạng không hợp lệ", "Invalid rank"),
    "unknown_index": ("error", "Chỉ số không có trong danh mục", "Index not in the catalog"),
    "year_not_covered": ("error", "Chỉ số chưa có phương pháp cho năm này",
                         "No methodology version of the index for that year"),
    "unknown_component": ("error", "Thành phần không thuộc phương pháp của năm",
                          "Component not in that year's methodology"),
    "outside_coverage": ("warning", "Ngoài phạm vi ứng dụng đang hiển thị", "Outside what the app covers"),
    "unknown_unit": ("error", "Không tìm thấy đơn vị", "Unit not found"),
    "unknown_unit_code": ("error", "Mã đơn vị không có trong danh mục", "Unit code not in the registry"),
    "ambiguous_unit": ("error", "Tên đơn vị trùng nhiều nơi", "Unit name matches several units"),
    "unit_mismatch": ("error", "Mã và tên đơn vị không khớp", "Unit code and name disagree"),
    "unit_code_padded": ("warning", "Mã đơn vị được thêm số 0 đầu", "Leading zeros added to the unit code"),
    "unit_not_valid_in_year": ("error", "Đơn vị không còn tồn tại trong năm này",
                               "The unit no longer existed that year"),
    "unit_not_published": ("warning", "Đơn vị không có số liệu công bố (bỏ qua)",
                           "No figures printed for the unit (skipped)"),
    "duplicate_row": ("error", "Dòng trùng (cùng đơn vị, chỉ số, năm, thành phần)",
                      "Duplicate row (same unit, index, year, component)"),
    "out_of_range": ("error", "Giá trị ngoài thang điểm", "Value outside the scale"),
    "parts_sum_mismatch": ("error", "Các thành phần không cộng lại bằng tổng", "Components do not add up to the total"),
}

_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
MAX_PER_CODE = 200  # problems listed per (file, code); the rest are counted in one line
TOO_MANY = "too_many_problems"   # the code of that line (its Problem.count: how many it stands for)


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None        # 1-based as Excel shows it, header included; None: the whole file
    column: str | None     # Excel letters; None: the whole row or file
    code: str
    message_vi: str
    message_en: str
    severity: str = "error"
    count: int = 1         # how many problems this line stands for (a 'too_many_problems' line: the unlisted)

    def __post_init__(self) -> None:
        if self.severity not in _ORDER:
            raise ValueError(f"severity {self.severity!r}")
        # whatever a message quotes from the file (a cell, a sheet or file name), no control
        # character reaches the screen or a log: each is written as its escape
        for name in ("file", "sheet", "column", "message_vi", "message_en"):
            v = getattr(self, name)
            if isinstance(v, str) and not v.isprintable():
                object.__setattr__(self, name, printable(v))

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en

    @property
    def where(self) -> str:
        """'PCI_2013.xlsx › Summary_VN › W5' (the parts that are known)."""
        cell = f"{self.column or ''}{self.row or ''}" if (self.column or self.row) else ""
        if self.row and not self.column:
            cell = f"dòng/row {self.row}"
        return " › ".join(p for p in (self.file, self.sheet, cell) if p)


_INVISIBLE = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(s: str) -> str:
    """`s` with every control character (and bidirectional override) written as its escape.

    >>> printable("a\\x01b\\u202ec"), printable("Hà Nội")
    ('a\\\\x01b\\\\u202ec', 'Hà Nội')
    """
    return "".join(ch if ch == " " or (unicodedata.category(ch) not in ("Cc", "Zl", "Zp") and ch not in _INVISIBLE)
                   else (f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}") for ch in s)


def short(s: object, n: int = 60) -> str:
    """A value for a message: quoted, cut to n characters."""
    t = "" if s is None else str(s)
    return repr(t if len(t) <= n else t[: n - 1] + "…")


class Collector:
    """Problems of one import, with the ids of the rows they reject.

    At most MAX_PER_CODE problems are kept per code; the others still reject their row and
    are counted in one 'too_many_problems' line (see `problems`)."""

    def __init__(self, file: str):
        self.file = file
        self._items: list[Problem] = []
        self._dropped: Counter[tuple[str, str]] = Counter()
        self._count: Counter[str] = Counter()
        self.rejected: set[int] = set()

    def add(self, code: str, vi: str, en: str, *, sheet: str | None = None, row: int | None = None,
            column: str | None = None, severity: str | None = None, rid: int | None = None) -> None:
        sev = severity or CODES[code][0]
        if rid is not None and sev == "error":
            self.rejected.add(rid)
        self._count[code] += 1
        if self._count[code] > MAX_PER_CODE and sev != "fatal":
            self._dropped[(code, sev)] += 1
            return
        self._items.append(Problem(self.file, sheet, row, column, code, vi, en, sev))

    def extend(self, problems: list[Problem]) -> None:
        self._items.extend(problems)

    @property
    def fatal(self) -> bool:
        return any(p.severity == "fatal" for p in self._items)

    @property
    def problems(self) -> list[Problem]:
        more = [Problem(self.file, None, None, None, TOO_MANY,
                        f"Còn {num(n, 0, 'vi')} vấn đề '{code}' ({sev}) nữa không liệt kê.",
                        f"{num(n, 0, 'en')} more '{code}' problems ({sev}) not listed.", "warning", n)
                for (code, sev), n in sorted(self._dropped.items())]
        return self._items + more


def fatal(file: str, code: str, vi: str, en: str, *, sheet: str | None = None,
          row: int | None = None, column: str | None = None) -> Problem:
    return Problem(file, sheet, row, column, code, vi, en, "fatal")


_HEADERS = {"severity": ("Mức độ", "Severity"), "file": ("Tệp", "File"), "sheet": ("Trang tính", "Sheet"),
            "row": ("Dòng", "Row"), "column": ("Cột", "Column"), "code": ("Loại vấn đề", "Kind of problem"),
            "message": ("Nội dung", "Message")}
_SEVERITY_WORDS = {"fatal": ("Từ chối cả tệp", "Refuses the file"), "error": ("Lỗi", "Error"),
                   "warning": ("Cảnh báo", "Warning")}


def problem_headers(lang: str, *keys: str) -> tuple[str, ...]:
    """The headers problems_table gives the columns `keys` of problems_frame ("message", ...)."""
    return tuple(_HEADERS[k][lang == "en"] for k in keys)


def problems_table(problems: list[Problem], lang: str = "vi") -> pl.DataFrame:
    """problems_frame as the page shows it: headers, severities and kinds of problem in the
    page's language (the CODES label, never the machine code)."""
    en = lang == "en"
    frame = problems_frame(problems, lang)
    return frame.with_columns(
        pl.col("severity").replace_strict({k: v[en] for k, v in _SEVERITY_WORDS.items()}, default=pl.col("severity")),
        pl.col("code").replace_strict({k: v[1 + en] for k, v in CODES.items()}, default=pl.col("code")),
    ).rename({k: v[en] for k, v in _HEADERS.items()})


def problems_frame(problems: list[Problem], lang: str = "vi") -> pl.DataFrame:
    """The problems as a table for display: severity, file, sheet, row, column, code, message;
    fatal first, then errors, then warnings, each by file, sheet and row."""
    rows = sorted(problems, key=lambda p: (_ORDER[p.severity], p.file, p.sheet or "", p.row or 0,
                                           len(p.column or ""), p.column or ""))
    return pl.DataFrame(
        [(p.severity, p.file, p.sheet, p.row, p.column, p.code, p.message(lang)) for p in rows],
        schema={"severity": pl.String, "file": pl.String, "sheet": pl.String, "row": pl.Int64,
                "column": pl.String, "code": pl.String, "message": pl.String},
        orient="row",
    )
