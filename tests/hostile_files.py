"""The corpus of hostile and careless files an upload must survive, built here (no binary
fixtures in the repository): each case names its file, how to build it, and the problem codes
the import must answer with. tests/test_sandbox.py runs every case through the upload's
parsing function (doisanh.ingest.sandbox.read); tests/test_browser_hostile.py uploads a few
through Chromium into a real server.

    CORPUS["shared-strings count bomb"].build()  -> bytes
"""
from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

from doisanh.ingest import limits
from doisanh.ingest.template import COLUMNS
from tests.test_ingest_hostile import _bomb, _encrypted_flag, _ods, cp1258, csv_bytes, row, xlsx_bytes

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def shared_strings_xlsx(rows: list[list[str]], *, declared: int | None = None, extra_strings: int = 0) -> bytes:
    """An .xlsx as Excel writes it, every text cell in xl/sharedStrings.xml (openpyxl writes
    inline strings, so it is built by hand): `declared` overrides the counts the table declares,
    `extra_strings` pads the table with strings no cell uses."""
    table: list[str] = []
    index: dict[str, int] = {}
    sheet = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ' + _NS + b"><sheetData>"]
    for r, cells in enumerate(rows, start=1):
        sheet.append(b'<row r="%d">' % r)
        for c, v in enumerate(cells):
            if v not in index:
                index[v] = len(table)
                table.append(v)
            sheet.append(b'<c r="%s%d" t="s"><v>%d</v></c>' % (_col(c).encode(), r, index[v]))
        sheet.append(b"</row>")
    sheet.append(b"</sheetData></worksheet>")
    n = len(table) + extra_strings
    count = declared if declared is not None else n
    sst = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst ' + _NS
           + b' count="%d" uniqueCount="%d">' % (count, count)]
    sst += [b"<si><t>" + v.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8") + b"</t></si>" for v in table]
    sst += [b"<si><t>p%07d</t></si>" % i for i in range(extra_strings)]
    sst.append(b"</sst>")
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName='
            b'"/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            b'sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook ' + _NS + b" " + _R
            + b'><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
            b'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            b'Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": b"".join(sheet),
        "xl/sharedStrings.xml": b"".join(sst),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def template_rows(n: int = 2) -> list[list[str]]:
    units = ["Bình Dương", "Đồng Tháp", "Đà Nẵng", "Hà Giang"]
    return [list(COLUMNS)] + [row(unit_name=units[i % len(units)], year=str(2010 + i // len(units)))
                              for i in range(n)]


def ole_encrypted() -> bytes:
    """An Office-encrypted workbook as Excel saves it with a password: an OLE compound file
    holding EncryptionInfo and EncryptedPackage streams (4 KiB each, random bytes), no Workbook."""
    end, free, fat_sect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    rng = random.Random(7)
    info, package = rng.randbytes(4096), rng.randbytes(4096)
    header = bytearray(512)
    header[0:8] = limits.OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for k in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * k, free)
    fat = [fat_sect, end] + [3, 4, 5, 6, 7, 8, 9, end] + [11, 12, 13, 14, 15, 16, 17, end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, typ: int, right: int, child: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), typ, 1)
        struct.pack_into("<III", e, 68, nostream, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = (entry("Root Entry", 5, nostream, 1, end, 0) + entry("EncryptionInfo", 2, 2, nostream, 2, 4096)
                 + entry("EncryptedPackage", 2, nostream, nostream, 10, 4096) + entry("", 0, nostream, nostream, 0, 0))
    return bytes(header) + struct.pack("<128I", *fat) + directory + info + package


def many_sheets(n: int) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(list(COLUMNS))
    for i in range(n - 1):
        wb.create_sheet(f"S{i}")["A1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def random_bytes(n: int, *, nul: bool, seed: int = 11) -> bytes:
    b = random.Random(seed).randbytes(n)
    return b if nul else b.replace(b"\x00", b"\x01")


def xlsb_renamed() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
        z.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    file: str
    build: Callable[[], bytes]
    codes: frozenset[str]            # each must be among the problems
    fatal: bool = True                # the file is refused as a whole
    message: str = ""                 # a fragment the (English) message of the first code shows


def _c(file: str, build: Callable[[], bytes], *codes: str, fatal: bool = True, message: str = "") -> Case:
    return Case(file, build, frozenset(codes), fatal, message)


CORPUS: dict[str, Case] = {
    "shared-strings count bomb": _c("count_bomb.xlsx", lambda: shared_strings_xlsx(template_rows(),
                                                                                   declared=4_000_000_000),
                                    "shared_strings", message="4,000,000,000"),
    "shared-strings flood": _c("flood.xlsx", lambda: shared_strings_xlsx(template_rows(), extra_strings=2_600_000),
                               "shared_strings"),
    "shared strings padded past the cells": _c("padded.xlsx", lambda: shared_strings_xlsx(template_rows(),
                                                                                          extra_strings=20_000),
                                               "shared_strings"),
    "sheet-XML zip bomb": _c("bomb.xlsx", lambda: _bomb(60 << 20), "zip_ratio"),
    "entity expansion": _c("laughs.xlsx", lambda: xlsx_bytes([row()], patch={
        b"<worksheet": b'<!DOCTYPE w [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]><worksheet'}), "xml_entity"),
    "random bytes with NUL": _c("random.xlsx", lambda: random_bytes(200_000, nul=True), "file_type_unknown"),
    "random bytes without NUL": _c("random.csv", lambda: random_bytes(200_000, nul=False), "file_type_unknown"),
    "truncated zip": _c("truncated.xlsx", lambda: truncated(xlsx_bytes([row()] * 50)), "zip_corrupt"),
    "encrypted xlsx (OLE)": _c("locked.xlsx", ole_encrypted, "zip_encrypted"),
    "encrypted zip entry": _c("enc.xlsx", lambda: _encrypted_flag(xlsx_bytes([row()])), "zip_encrypted"),
    "xlsb renamed .xlsx": _c("book.xlsx", xlsb_renamed, "file_type_unsupported"),
    "ods renamed .xlsx": _c("sheet.xlsx", _ods, "file_type_unsupported"),
    "300 sheets": _c("sheets.xlsx", lambda: many_sheets(300), "zip_too_many_entries"),
    "40,000-character cell": _c("long.xlsx", lambda: xlsx_bytes(
        [row(unit_name="PLACEHOLDER", value=65.5), row(year=2015, value=60.0)],
        patch={b"PLACEHOLDER": b"x" * 40_000}), "cell_too_long", fatal=False),
    "formulas in an xlsx": _c("formulas.xlsx", lambda: xlsx_bytes([row(value="=1+1"),
                                                                   row(unit_name='=HYPERLINK("http://x","a")')]),
                              "missing_field", fatal=False),
    "formulas in a CSV": _c("formulas.csv", lambda: csv_bytes([row(value="=1+1"),
                                                               row(unit_name='=HYPERLINK("http://x","a")')]).encode(),
                            "not_a_number", "unknown_unit", fatal=False),
    "UTF-16 CSV": _c("u16.csv", lambda: csv_bytes([row()]).encode("utf-16"), fatal=False),
    "Windows-1258 CSV": _c("cp1258.csv", lambda: cp1258(csv_bytes([row(source="Sở Nội vụ Đồng Tháp")])),
                           "encoding_cp1258", fatal=False),
}
