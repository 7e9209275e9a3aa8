"""Size and shape of an uploaded file, checked BEFORE any spreadsheet reader sees it.

Excel readers decompress and allocate without bounds: calamine (under fastexcel) builds a
dense rows × columns grid of every sheet it loads (a 4.8 KB xlsx with cells at A1 and
ALL100000 took 3.1 GB here), reserves the rows × columns of an .xls DIMENSIONS record and the
count of its shared-string table, and inflates every zip entry it reads. So `precheck` reads
only the container:

- size: at most MAX_UPLOAD_BYTES;
- type by magic bytes, not by name: xlsx = zip 'PK\\x03\\x04', xls = OLE 'D0 CF 11 E0 …',
  else text (CSV); a binary that is neither is refused;
- xlsx (zip): entry count from the end-of-central-directory record before the directory is
  parsed; names (no absolute paths, '..', backslashes, duplicates); no encryption, only
  stored/deflate; declared total size ≤ MAX_UNCOMPRESSED and compression ratio ≤ MAX_RATIO,
  per entry and overall; then every entry is inflated by our own bounded loop (never more
  than its declared size: a lying header is refused) and its XML scanned, as a stream, for
  '<!DOCTYPE' / '<!ENTITY' (refused: entity expansion) and non-UTF-8 XML (refused), the
  worksheets for the extent of their cell references and their number of cells, and the
  shared-string table for the counts it declares and the strings it holds (calamine reserves
  the declared `uniqueCount` up front: 4,000,000,000 in a 1.9 KB file aborted the server), each
  at most MAX_SHARED_STRINGS and, held, at most twice the cells that could use them;
- xls (OLE): the compound document is opened (xlrd's pure-Python reader, bounded by the
  upload size), the Workbook stream walked record by record: encryption, BIFF version,
  DIMENSIONS, shared-string count, cell extents per sheet, merged cells;
- csv: the number of lines.

`inspect` also returns what it learnt (sheet names, extents, merged ranges) for the readers.
"""
from __future__ import annotations

import contextlib
import html
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from doisanh.ingest.problems import Problem, fatal

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ENTRIES = 200
MAX_RATIO = 100
RATIO_MIN_BYTES = 64 * 1024      # entries smaller than this cannot hurt; their ratio is not checked
MAX_CELL = 32_767                # Excel's own limit of characters in a cell
MAX_ROWS = 200_000               # data rows of one import
MAX_SHEET_CELLS = 2_500_000      # rows × columns of one sheet's used range (≈ 90 MB in calamine)
MAX_WORKBOOK_CELLS = 5_000_000   # sum over the sheets of an .xls (calamine loads them all)
MAX_SHARED_STRINGS = 2_500_000   # declared or present in an xlsx's sharedStrings part
SPARE_SHARED_STRINGS = 10_000    # strings beyond twice the cells that could use them

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK_IN = 64 * 1024
_CHUNK_OUT = 256 * 1024
_OVERLAP = 64

_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="'
                    rb'([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\b([^>]*)>")
_SST = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst\b([^>]*)>")
_SI_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_REL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb'([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"')


@dataclass
class SheetInfo:
    """What the container says about one sheet (1-based rows and columns)."""

    name: str
    part: str | None = None
    min_row: int | None = None
    max_row: int | None = None
    min_col: int | None = None
    max_col: int | None = None
    n_cells: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2

    @property
    def extent(self) -> int:
        if self.max_row is None or self.min_row is None or self.min_col is None or self.max_col is None:
            return 0
        return (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)

    def _see(self, r: int, c: int) -> None:
        self.min_row = r if self.min_row is None else min(self.min_row, r)
        self.max_row = r if self.max_row is None else max(self.max_row, r)
        self.min_col = c if self.min_col is None else min(self.min_col, c)
        self.max_col = c if self.max_col is None else max(self.max_col, c)


@dataclass
class Inspection:
    kind: str                       # 'xlsx' | 'xls' | 'csv' | 'unknown'
    problems: list[Problem]
    sheets: list[SheetInfo] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return any(p.severity == "fatal" for p in self.problems)


def detect_kind(data: bytes) -> str:
    """'xlsx' (any zip), 'xls' (any OLE compound document), 'csv' (text) or 'unknown'."""
    head = bytes(data[:8])
    if head[:4] in (ZIP_MAGIC, b"PK\x05\x06"):
        return "xlsx"
    if head == OLE_MAGIC:
        return "xls"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:3] == b"\xef\xbb\xbf":
        return "csv"
    sample = bytes(data[:8192])
    if b"\x00" in sample:
        return "unknown"
    return "csv"


def precheck(name: str, data: bytes) -> list[Problem]:
    """Problems of the container (see the module docstring); a 'fatal' one means: do not parse.
    Never raises."""
    return inspect(name, data).problems


def inspect(name: str, data: bytes) -> Inspection:
    try:
        return _inspect(name, data)
    except Exception as e:  # a bug here must refuse the file, not crash the page
        return Inspection("unknown", [fatal(name, "read_failed",
                                            f"Không kiểm tra được tệp ({type(e).__name__}).",
                                            f"The file could not be checked ({type(e).__name__}: {e}).")])


def _vi(n: int) -> str:
    """A count the Vietnamese way: 4.000.000.000."""
    return f"{n:,}".replace(",", ".")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _inspect(name: str, data: bytes) -> Inspection:
    data = bytes(data) if not isinstance(data, bytes) else data
    n = len(data)
    if n == 0:
        return Inspection("unknown", [fatal(name, "file_empty", "Tệp rỗng (0 byte).", "The file is empty (0 bytes).")])
    if n > MAX_UPLOAD_BYTES:
        return Inspection("unknown", [fatal(
            name, "file_too_large",
            f"Tệp {_mb(n)}, lớn hơn giới hạn {_mb(MAX_UPLOAD_BYTES)}. Hãy tách tệp hoặc bỏ các trang tính không cần.",
            f"The file is {_mb(n)}, over the {_mb(MAX_UPLOAD_BYTES)} limit. Split it or remove unneeded sheets.")])
    kind = detect_kind(data)
    probs: list[Problem] = []
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = {"xlsx": {"xlsx", "xlsm"}, "xls": {"xls"}, "csv": {"csv", "txt", "tsv"}}.get(kind, set())
    if ext and expected and ext not in expected:
        probs.append(Problem(name, None, None, None, "extension_mismatch",
                             f"Tên tệp có đuôi .{ext} nhưng nội dung là {kind.upper()}; đọc theo nội dung.",
                             f"The name ends in .{ext} but the content is {kind.upper()}; read as such.",
                             "warning"))
    if kind == "xlsx":
        ins = _inspect_zip(name, data)
    elif kind == "xls":
        ins = _inspect_ole(name, data)
    elif kind == "csv":
        ins = _inspect_text(name, data)
    else:
        ins = Inspection("unknown", [fatal(
            name, "file_type_unknown",
            "Không phải tệp CSV, XLSX hay XLS (nội dung nhị phân lạ). "
            "Hãy lưu lại từ Excel dưới dạng .xlsx hoặc CSV UTF-8.",
            "Not a CSV, XLSX or XLS file (unknown binary content). Save it from Excel as .xlsx or CSV UTF-8.")])
    ins.problems[:0] = probs
    return ins


# ---------------------------------------------------------------------------- text


def _inspect_text(name: str, data: bytes) -> Inspection:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        lines = data.count(b"\n\x00") + data.count(b"\x00\n")
    else:
        lines = data.count(b"\n") or data.count(b"\r")
    if lines > MAX_ROWS + 1:
        return Inspection("csv", [fatal(name, "too_many_rows",
                                        f"Tệp có khoảng {lines:,} dòng; tối đa {MAX_ROWS:,} dòng dữ liệu.",
                                        f"The file has about {lines:,} lines; at most {MAX_ROWS:,} data rows.")])
    return Inspection("csv", [])


# ---------------------------------------------------------------------------- zip (xlsx)


class _Refuse(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message_en)
        self.problem = problem


def _eocd(data: bytes) -> tuple[int, int, int, int]:
    """(position, total entries, central directory size, its offset) from the
    end-of-central-directory record (zip64 aware). Raises ValueError if absent."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if pos < 0 or len(data) - pos < 22:
        raise ValueError("no end-of-central-directory record")
    entries, cd_size, cd_off = struct.unpack_from("<HII", data, pos + 10)
    if (entries == 0xFFFF or cd_off == 0xFFFFFFFF) and pos >= 20 and data[pos - 20:pos - 16] == b"PK\x06\x07":
        z64 = struct.unpack_from("<Q", data, pos - 12)[0]
        if z64 + 56 <= len(data) and data[z64:z64 + 4] == b"PK\x06\x06":
            entries, cd_size, cd_off = struct.unpack_from("<QQQ", data, z64 + 32)
    return pos, entries, cd_size, cd_off


def _bad_name(n: str) -> bool:
    if not n or "\x00" in n or "\\" in n or n.startswith("/") or re.match(r"^[A-Za-z]:", n):
        return True
    return any(part == ".." for part in n.split("/"))


def _inflate(data: bytes, info: zipfile.ZipInfo, budget: int):
    """Yield the bytes of one entry, inflating at most `info.file_size` bytes (and at most
    `budget`); raise _Refuse-worthy ValueError on any mismatch."""
    off = info.header_offset
    if data[off:off + 4] != ZIP_MAGIC:
        raise ValueError(f"{info.filename}: no local header")
    nlen, xlen = struct.unpack_from("<HH", data, off + 26)
    start = off + 30 + nlen + xlen
    raw = memoryview(data)[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        raise ValueError(f"{info.filename}: truncated")
    limit = min(info.file_size, budget)
    seen = 0
    crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), _CHUNK_OUT):
            out = bytes(raw[i:i + _CHUNK_OUT])
            seen += len(out)
            if seen > limit:
                raise OverflowError(info.filename)
            crc = zlib.crc32(out, crc)
            yield out
    else:
        d = zlib.decompressobj(-15)
        for i in range(0, len(raw), _CHUNK_IN):
            buf = bytes(raw[i:i + _CHUNK_IN])
            while buf and not d.eof:
                out = d.decompress(buf, _CHUNK_OUT)
                buf = d.unconsumed_tail
                seen += len(out)
                if seen > limit:
                    raise OverflowError(info.filename)
                crc = zlib.crc32(out, crc)
                yield out
            if d.eof:
                break
        for _ in range(limit // _CHUNK_OUT + 2):  # drain what zlib still holds
            out = d.decompress(b"", _CHUNK_OUT)
            if not out:
                break
            seen += len(out)
            if seen > limit:
                raise OverflowError(info.filename)
            crc = zlib.crc32(out, crc)
            yield out
    if seen != info.file_size or (crc & 0xFFFFFFFF) != info.CRC:
        raise ValueError(f"{info.filename}: size or CRC differs from the directory")


def _col_num(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_map(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order, from xl/workbook.xml and its rels (read
    only after the DOCTYPE scan; regex, no XML parser)."""
    wb_path = next((p for p in parts if p.lower() == "xl/workbook.xml"), None)
    if wb_path is None:
        return []
    base = wb_path.rsplit("/", 1)[0]
    rels_path = f"{base}/_rels/workbook.xml.rels"
    targets = {}
    for m in _REL.finditer(parts.get(rels_path, b"")):
        a = {k.split(b":")[-1].lower(): v for k, v in _ATTR.findall(m.group(1))}
        if b"id" in a and b"target" in a:
            t = html.unescape(a[b"target"].decode("utf-8", "replace"))
            targets[a[b"id"].decode("utf-8", "replace")] = t.lstrip("/") if t.startswith("/") else f"{base}/{t}"
    out = []
    for m in _SHEET.finditer(parts.get(wb_path, b"")):
        a = {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in _ATTR.findall(m.group(1))}
        rid = next((v for k, v in a.items() if k.split(":")[-1] == "id" and k != "sheetId"), None)
        out.append((html.unescape(a.get("name", "")), targets.get(rid or "", "")))
    return out


def _inspect_zip(name: str, data: bytes) -> Inspection:
    def refuse(code: str, vi: str, en: str, **kw) -> Inspection:
        return Inspection("xlsx", [fatal(name, code, vi, en, **kw)])

    try:
        pos, entries, _cd_size, _cd_off = _eocd(data)
    except (ValueError, struct.error):
        return refuse("zip_corrupt", "Tệp XLSX hỏng: không thấy mục lục ZIP.",
                      "Damaged XLSX: no ZIP central directory.")
    n_dir = data.count(b"PK\x01\x02", 0, pos)
    if max(entries, n_dir) > MAX_ENTRIES:
        k = max(entries, n_dir)
        return refuse("zip_too_many_entries",
                      f"XLSX có {k:,} thành phần; tối đa {MAX_ENTRIES}.",
                      f"The XLSX has {k:,} parts; at most {MAX_ENTRIES}.")
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as e:
        return refuse("zip_corrupt", "Tệp XLSX hỏng (không đọc được mục lục ZIP).",
                      f"Damaged XLSX (ZIP directory unreadable: {type(e).__name__}).")
    if len(infos) > MAX_ENTRIES:
        return refuse("zip_too_many_entries", f"XLSX có {len(infos):,} thành phần; tối đa {MAX_ENTRIES}.",
                      f"The XLSX has {len(infos):,} parts; at most {MAX_ENTRIES}.")
    names = [i.filename for i in infos]
    for i in infos:
        if _bad_name(i.filename):
            return refuse("zip_path", f"Tên thành phần không hợp lệ: {i.filename[:80]!r}.",
                          f"Invalid part name: {i.filename[:80]!r}.")
        if i.flag_bits & 0x1:
            return refuse("zip_encrypted", "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.",
                          "The file is password-protected; remove the password and upload again.")
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return refuse("zip_method", f"Thành phần {i.filename[:80]!r} dùng kiểu nén {i.compress_type}.",
                          f"Part {i.filename[:80]!r} uses compression method {i.compress_type}.")
    if len(set(names)) != len(names):
        dup = next(x for x in names if names.count(x) > 1)
        return refuse("zip_path", f"Thành phần bị lặp: {dup[:80]!r}.", f"Duplicate part: {dup[:80]!r}.")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        return refuse("zip_too_large",
                      f"XLSX giải nén ra {_mb(total)}; tối đa {_mb(MAX_UNCOMPRESSED)}.",
                      f"The XLSX uncompresses to {_mb(total)}; at most {_mb(MAX_UNCOMPRESSED)}.")
    for i in infos:
        if i.file_size >= RATIO_MIN_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            r = i.file_size / max(i.compress_size, 1)
            return refuse("zip_ratio",
                          f"Thành phần {i.filename[:80]!r} nén với tỷ lệ {r:,.0f}:1 (tối đa {MAX_RATIO}:1).",
                          f"Part {i.filename[:80]!r} is compressed {r:,.0f}:1 (at most {MAX_RATIO}:1).")
    if total >= RATIO_MIN_BYTES and total > MAX_RATIO * max(packed, 1):
        r = total / max(packed, 1)
        return refuse("zip_ratio", f"Tỷ lệ nén toàn tệp {r:,.0f}:1 (tối đa {MAX_RATIO}:1).",
                      f"Overall compression ratio {r:,.0f}:1 (at most {MAX_RATIO}:1).")
    lower = {n.lower() for n in names}
    if "xl/workbook.xml" not in lower:
        if "xl/workbook.bin" in lower or "content.xml" in lower:
            what = "XLSB" if "xl/workbook.bin" in lower else "ODS"
            return refuse("file_type_unsupported",
                          f"Tệp {what} chưa được hỗ trợ; hãy lưu lại dạng .xlsx.",
                          f"{what} files are not supported; save as .xlsx.")
        return refuse("zip_not_xlsx", "Tệp ZIP này không phải bảng tính XLSX.",
                      "This ZIP file is not an XLSX workbook.")

    # stream every entry: bounded inflate, DOCTYPE/ENTITY scan, cell extents
    keep = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
    small: dict[str, bytes] = {}
    per_part: dict[str, SheetInfo] = {}
    budget = MAX_UNCOMPRESSED
    strings: list[tuple[str, int, int]] = []   # (part, declared uniqueCount/count, <si> held)
    for i in infos:
        info = SheetInfo(name=i.filename, part=i.filename)
        tail = b""
        first = True
        body = []
        sst = i.filename.lower().endswith("sharedstrings.xml")
        declared = held = 0
        try:
            for chunk in _inflate(data, i, budget):
                if sst:
                    if not declared and (m := _SST.search(tail + chunk)):
                        counts = [int(v) for k, v in _ATTR.findall(m.group(1))
                                  if k.split(b":")[-1] in (b"count", b"uniqueCount") and v.isdigit()]
                        declared = max(counts, default=0) or -1
                    held += len(_SI_TAG.findall(chunk))
                    if held > MAX_SHARED_STRINGS:
                        break
                budget -= len(chunk)
                if first and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
                              or (_is_xml_name(i.filename) and b"\x00" in chunk[:4])):
                    return refuse("xml_encoding", f"Thành phần {i.filename[:80]!r} không ở mã UTF-8.",
                                  f"Part {i.filename[:80]!r} is not UTF-8 XML.")
                first = False
                window = tail + chunk
                m = _DOCTYPE.search(window)
                if m:
                    return refuse("xml_entity",
                                  f"Thành phần {i.filename[:80]!r} khai báo DOCTYPE/ENTITY; tệp bị từ chối "
                                  "(có thể là tấn công mở rộng thực thể).",
                                  f"Part {i.filename[:80]!r} declares a DOCTYPE/ENTITY; refused "
                                  "(possible entity-expansion attack).")
                tail = window[-_OVERLAP:]
                if sst:                   # strings, not cells: no sheet scan
                    continue
                refs = _CELL_REF.findall(window)
                if refs:
                    rows = [int(r) for _, r in refs]
                    cols = {_col_num(c) for c in {c for c, _ in refs}}
                    info._see(min(rows), min(cols))
                    info._see(max(rows), max(cols))
                info.n_cells += len(_CELL_TAG.findall(chunk))
                for mm in _MERGE.finditer(window):
                    if len(info.merged) < 10_000:
                        r1, c1 = int(mm.group(2)), _col_num(mm.group(1))
                        r2 = int(mm.group(4)) if mm.group(4) else r1
                        c2 = _col_num(mm.group(3)) if mm.group(3) else c1
                        if (r1, c1, r2, c2) not in info.merged:
                            info.merged.append((r1, c1, r2, c2))
                tail = window[-_OVERLAP:]
                if i.filename in keep:
                    body.append(chunk)
        except OverflowError:
            return refuse("zip_size_mismatch",
                          f"Thành phần {i.filename[:80]!r} giải nén ra nhiều hơn kích thước khai báo.",
                          f"Part {i.filename[:80]!r} inflates to more than its declared size.")
        except (ValueError, zlib.error) as e:
            return refuse("zip_corrupt", f"Tệp XLSX hỏng ở thành phần {i.filename[:80]!r}.",
                          f"Damaged XLSX at part {i.filename[:80]!r} ({e}).")
        if i.filename in keep:
            small[i.filename] = b"".join(body)
        if info.n_cells or info.max_row is not None:
            per_part[i.filename] = info
        if sst:
            strings.append((i.filename, max(declared, 0), held))
    cells = sum(s.n_cells for s in per_part.values())
    for part, declared, held in strings:
        if max(declared, held) > MAX_SHARED_STRINGS or held > 2 * cells + SPARE_SHARED_STRINGS:
            return refuse("shared_strings",
                          f"Bảng chuỗi dùng chung {part[:80]!r} khai báo {_vi(declared)} và chứa {_vi(held)} chuỗi "
                          f"cho {_vi(cells)} ô; tối đa {_vi(MAX_SHARED_STRINGS)} và không quá hai lần số ô. "
                          "Hãy lưu lại tệp từ Excel.",
                          f"The shared-string table {part[:80]!r} declares {declared:,} and holds {held:,} "
                          f"strings for {cells:,} cells; at most {MAX_SHARED_STRINGS:,} and no more than twice "
                          f"the cells. Save the file again from Excel.")

    sheets = []
    for sname, part in _sheet_map(small):
        info = per_part.get(part, SheetInfo(name=sname, part=part))
        info.name = sname
        sheets.append(info)
    named = {s.part for s in sheets}
    sheets += [s for p, s in per_part.items() if p not in named]
    for s in sheets:
        rows = (s.max_row or 0) - (s.min_row or 0)
        if s.extent > MAX_SHEET_CELLS or s.n_cells > MAX_SHEET_CELLS or rows > MAX_ROWS:
            return Inspection("xlsx", [fatal(
                name, "sheet_too_large",
                f"Trang tính {s.name!r} trải trên {s.extent:,} ô ({(s.max_row or 0):,} hàng × cột "
                f"đến {s.max_col}); tối đa {MAX_SHEET_CELLS:,} ô và {MAX_ROWS:,} hàng. "
                "Hãy xoá các ô ở xa vùng dữ liệu.",
                f"Sheet {s.name!r} spans {s.extent:,} cells (up to row {(s.max_row or 0):,}, column "
                f"{s.max_col}); at most {MAX_SHEET_CELLS:,} cells and {MAX_ROWS:,} rows. "
                "Delete the cells far from the data.", sheet=s.name)], sheets)
    return Inspection("xlsx", [], sheets)


def _is_xml_name(n: str) -> bool:
    return n.lower().endswith((".xml", ".rels", ".vml"))


# ---------------------------------------------------------------------------- OLE (xls)

_CELL_RECORDS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00D6}  # NUMBER … RSTRING


def _inspect_ole(name: str, data: bytes) -> Inspection:
    def refuse(code: str, vi: str, en: str, **kw) -> Inspection:
        return Inspection("xls", [fatal(name, code, vi, en, **kw)])

    from xlrd import compdoc

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            cd = compdoc.CompDoc(data, logfile=io.StringIO())
            if cd.locate_named_stream("EncryptedPackage")[0] is not None:
                return refuse("zip_encrypted", "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.",
                              "The file is password-protected; remove the password and upload again.")
            mem, base, size = cd.locate_named_stream("Workbook")
            if mem is None:
                mem, base, size = cd.locate_named_stream("Book")
    except Exception as e:
        return refuse("ole_corrupt", "Tệp XLS hỏng (không đọc được cấu trúc OLE).",
                      f"Damaged XLS (OLE structure unreadable: {type(e).__name__}).")
    if mem is None:
        return refuse("ole_corrupt", "Tệp OLE này không phải bảng tính Excel (không có luồng Workbook).",
                      "This OLE file is not an Excel workbook (no Workbook stream).")
    stream = memoryview(mem)[base:base + size]
    try:
        return _scan_biff(name, stream)
    except (struct.error, IndexError, ValueError) as e:
        return refuse("xls_corrupt", "Cấu trúc XLS không hợp lệ.", f"Invalid XLS structure ({e}).")


def _scan_biff(name: str, s: memoryview) -> Inspection:
    def refuse(code: str, vi: str, en: str, **kw) -> Inspection:
        return Inspection("xls", [fatal(name, code, vi, en, **kw)], [])

    n = len(s)
    if n < 8:
        return refuse("xls_corrupt", "Luồng Workbook rỗng.", "Empty Workbook stream.")
    typ0 = struct.unpack_from("<H", s, 0)[0]
    if typ0 != 0x0809:
        return refuse("xls_version", "Tệp XLS quá cũ (trước Excel 97); hãy lưu lại dạng .xlsx.",
                      "XLS older than Excel 97; save it as .xlsx.")
    bound: dict[int, str] = {}
    sheets: dict[int, SheetInfo] = {}
    stack: list[SheetInfo] = []   # substreams nest (a chart inside a sheet)
    cur: SheetInfo | None = None
    pos = 0
    while pos + 4 <= n:
        typ, ln = struct.unpack_from("<HH", s, pos)
        body = s[pos + 4:pos + 4 + ln]
        if len(body) != ln:
            return refuse("xls_corrupt", "Bản ghi XLS bị cắt cụt.", f"Truncated XLS record at byte {pos}.")
        if typ == 0x0809:                                   # BOF
            cur = SheetInfo(name=f"#{len(sheets) + 1}")
            sheets[pos] = cur
            stack.append(cur)
        elif typ == 0x000A:                                 # EOF
            if stack:
                stack.pop()
            cur = stack[-1] if stack else None
        elif typ == 0x002F and ln >= 2 and struct.unpack_from("<H", body, 0)[0] != 0:   # FILEPASS
            return refuse("zip_encrypted", "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.",
                          "The file is password-protected; remove the password and upload again.")
        elif typ == 0x0085 and ln >= 8:                     # BOUNDSHEET
            off = struct.unpack_from("<I", body, 0)[0]
            cch, flags = body[6], body[7]
            raw = bytes(body[8:8 + (cch * 2 if flags & 1 else cch)])
            bound[off] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif typ == 0x00FC and ln >= 8:                     # SST
            unique = struct.unpack_from("<i", body, 4)[0]
            if unique < 0 or unique > min(MAX_SHEET_CELLS, n // 3 + 1):
                return refuse("xls_corrupt", "Bảng chuỗi dùng chung của XLS khai báo sai số lượng.",
                              f"The XLS shared-string table declares {unique:,} strings.")
        elif cur is not None and typ == 0x0200:             # DIMENSIONS
            if ln >= 14:
                rf, rl, cf, cl = struct.unpack_from("<IIHH", body, 0)
            elif ln >= 10:
                rf, rl, cf, cl = struct.unpack_from("<HHHH", body, 0)
            else:
                return refuse("xls_corrupt", "Bản ghi DIMENSIONS sai.", "Bad DIMENSIONS record.")
            # calamine reserves (rl - rf) × (cl - cf) cells and underflows when rl <= rf
            nonempty = rl >= 1 and cl >= 1
            rows, cols = (rl - rf, cl - cf) if nonempty else (1, 1)
            if rows <= 0 or cols <= 0 or rows * cols > MAX_SHEET_CELLS or rows > MAX_ROWS + 1:
                return refuse("sheet_too_large",
                              f"Trang tính khai báo vùng {max(rows, 0):,} hàng × {max(cols, 0):,} cột; "
                              f"tối đa {MAX_SHEET_CELLS:,} ô.",
                              f"A sheet declares {max(rows, 0):,} rows × {max(cols, 0):,} columns; "
                              f"at most {MAX_SHEET_CELLS:,} cells.")
        elif cur is not None and typ in _CELL_RECORDS and ln >= 4:
            r, c = struct.unpack_from("<HH", body, 0)
            cur._see(r + 1, c + 1)
            cur.n_cells += 1
        elif cur is not None and typ == 0x00BD and ln >= 6:  # MULRK
            r, c1 = struct.unpack_from("<HH", body, 0)
            c2 = struct.unpack_from("<H", body, ln - 2)[0]
            cur._see(r + 1, c1 + 1)
            cur._see(r + 1, max(c1, c2) + 1)
            cur.n_cells += max(0, c2 - c1 + 1)
        elif cur is not None and typ == 0x00E5 and ln >= 2:  # MERGEDCELLS
            k = struct.unpack_from("<H", body, 0)[0]
            for j in range(min(k, (ln - 2) // 8)):
                r1, r2, c1, c2 = struct.unpack_from("<HHHH", body, 2 + 8 * j)
                if len(cur.merged) < 10_000:
                    cur.merged.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))
        pos += 4 + ln
    for off, sname in bound.items():
        if off not in sheets:
            return refuse("xls_corrupt", f"Trang tính {sname!r} trỏ ra ngoài tệp.",
                          f"Sheet {sname!r} points outside the workbook stream.")
        sheets[off].name = sname
    out = [sheets[off] for off in bound]
    total = 0
    for sh in out:
        total += sh.extent
        if sh.extent > MAX_SHEET_CELLS:
            return Inspection("xls", [fatal(
                name, "sheet_too_large",
                f"Trang tính {sh.name!r} trải trên {sh.extent:,} ô (đến hàng {sh.max_row:,}, cột {sh.max_col}); "
                f"tối đa {MAX_SHEET_CELLS:,}. Hãy xoá các ô ở xa vùng dữ liệu.",
                f"Sheet {sh.name!r} spans {sh.extent:,} cells (to row {sh.max_row:,}, column {sh.max_col}); "
                f"at most {MAX_SHEET_CELLS:,}. Delete the cells far from the data.", sheet=sh.name)], out)
    if total > MAX_WORKBOOK_CELLS:
        return Inspection("xls", [fatal(
            name, "sheet_too_large", f"Các trang tính cộng lại trải trên {total:,} ô; tối đa {MAX_WORKBOOK_CELLS:,}.",
            f"The sheets together span {total:,} cells; at most {MAX_WORKBOOK_CELLS:,}.")], out)
    return Inspection("xls", [], out)
