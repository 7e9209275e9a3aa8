"""Bad and hostile inputs, built here (no binary fixtures): each must give its specific problem
code at the right file / sheet / row / column, and hostile containers must be refused by the
precheck BEFORE any spreadsheet reader runs (the readers are replaced by a tripwire).

Legacy encodings: the VNI and TCVN3 byte strings are built from a small mapping transcribed
from the conversion tables of xvnkb (github.com/lamdao/xvnkb, files vni.h and tcvn.h: VNI
writes a base letter plus a mark byte, 'ệ' = 'e' + 0xE4; TCVN3 one byte per letter, 'à' = 0xB5).
"""
from __future__ import annotations

import csv
import io
import struct
import time
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import fastexcel
import openpyxl
import pytest

from doisanh import catalog, ingest
from doisanh.build import pci_papi
from doisanh.ingest import limits
from doisanh.ingest.template import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
CAT = catalog.load()

# Unicode → VNI (bytes shown as Windows-1252 text) and → TCVN3, for the letters used below.
VNI = {"ệ": "eä", "Đ": "Ñ", "ồ": "oà", "á": "aù", "ư": "ö", "ơ": "ô", "à": "aø", "ộ": "oä", "ì": "ì", "ễ": "eã",
       "ử": "öû"}
TCVN3 = {"à": "\xb5", "ộ": "\xe9", "Đ": "\xa7", "ồ": "\xe5", "á": "\xb8", "ư": "\xad", "ơ": "\xac", "ệ": "\xd6",
         "ì": "\xd7", "ễ": "\xd4", "ử": "\xf6"}


def legacy(text: str, table: dict[str, str]) -> bytes:
    return "".join(table.get(c, c) for c in text).encode("latin-1")


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letter (with ^, breve, horn) + tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in d[1:] if m in "\u0302\u0306\u031b")
        tone = "".join(m for m in d[1:] if m not in "\u0302\u0306\u031b")
        out += unicodedata.normalize("NFC", d[0] + shape).encode("cp1258") + tone.encode("cp1258")
    return out


def row(**kw) -> list[str]:
    base = dict(era="pre2025", level="province", unit_code="", unit_name="Bình Dương", parent_name="",
                index_id="pci", year="2016", component="total", value="65,5", source="thử nghiệm",
                published_rank="")
    base.update(kw)
    return [str(base[c]) for c in COLUMNS]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", bom: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    return ("\ufeff" if bom else "") + buf.getvalue()


def xlsx_bytes(rows: list[list], *, title: str = "data", merge: list[str] = (), patch: dict | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(COLUMNS))
    for r in rows:
        ws.append(r)
    for m in merge:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return rezip(buf.getvalue(), patch) if patch else buf.getvalue()


def rezip(data: bytes, patch: dict[bytes, bytes], names: tuple[str, ...] = ("xl/worksheets/sheet1.xml",)) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in zin.infolist():
            d = zin.read(i.filename)
            if i.filename in names:
                for a, b in patch.items():
                    d = d.replace(a, b)
            z.writestr(i.filename, d)
    return out.getvalue()


def where(res, code: str) -> tuple:
    hits = [p for p in res.problems if p.code == code]
    assert hits, (code, [(p.code, p.message_en) for p in res.problems])
    p = hits[0]
    assert p.code in ingest.CODES
    return p.severity, p.sheet, p.row, p.column


@pytest.fixture()
def no_readers(monkeypatch):
    """Fail the test if a spreadsheet reader is reached."""
    def boom(*a, **k):
        raise AssertionError("a reader ran before the precheck refused the file")
    monkeypatch.setattr(fastexcel, "read_excel", boom)
    monkeypatch.setattr(openpyxl, "load_workbook", boom)


# ---------------------------------------------------------------------------- containers


def _minimal_xlsx(extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b'<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
        for n, d in extra.items():
            z.writestr(n, d)
    return out.getvalue()


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b"<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=size > 2**31) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                f.write(chunk)
    return out.getvalue()


def _lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of `member` in its local header and the central directory."""
    b = bytearray(data)
    name = member.encode()
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = 0
        while (pos := b.find(sig, pos)) >= 0:
            nl = struct.unpack_from("<H", b, pos + (26 if sig == b"PK\x03\x04" else 28))[0]
            start = pos + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(b[start:start + nl]) == name:
                struct.pack_into("<I", b, pos + off, declared)
            pos += 4
    return bytes(b)


def _encrypted_flag(data: bytes) -> bytes:
    b = bytearray(data)
    pos = b.find(b"PK\x01\x02")
    struct.pack_into("<H", b, pos + 8, struct.unpack_from("<H", b, pos + 8)[0] | 1)
    return bytes(b)


def _far_cell() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "a"
    ws.cell(100_000, 1000, "b")  # calamine would allocate 10^8 cells (3 GB measured at this size)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"<office:document-content/>")
    return out.getvalue()


def _many_entries(n: int) -> bytes:
    return _minimal_xlsx({f"xl/media/image{i}.png": b"x" for i in range(n)})


CONTAINERS = {
    "26 MB file": (lambda: b"a" * (26 * 2**20), "big.csv", "file_too_large"),
    "empty file": (lambda: b"", "x.xlsx", "file_empty"),
    "zip bomb 60 MB at ~1000:1": (lambda: _bomb(60 << 20), "bomb.xlsx", "zip_ratio"),
    "zip bomb lying about its size": (
        lambda: _lie_about_size(_bomb(8 << 20), "xl/worksheets/sheet1.xml", 1000), "liar.xlsx", "zip_size_mismatch"),
    "250 entries": (lambda: _many_entries(250), "many.xlsx", "zip_too_many_entries"),
    "DOCTYPE/ENTITY in a sheet": (
        lambda: xlsx_bytes([row()], patch={b"<worksheet": b'<!DOCTYPE w [<!ENTITY a "aaaaaaaa">'
                                                        b'<!ENTITY b "&a;&a;&a;">]><worksheet'}),
        "laughs.xlsx", "xml_entity"),
    "UTF-16 XML part": (lambda: _minimal_xlsx({"xl/worksheets/sheet1.xml": "<worksheet/>".encode("utf-16")}),
                        "u16.xlsx", "xml_encoding"),
    "path traversal": (lambda: _minimal_xlsx({"../../etc/evil.xml": b"<x/>"}), "trav.xlsx", "zip_path"),
    "encrypted entry": (lambda: _encrypted_flag(_minimal_xlsx({})), "enc.xlsx", "zip_encrypted"),
    "far cell (sparse sheet)": (_far_cell, "far.xlsx", "sheet_too_large"),
    "ODS": (_ods, "x.ods", "file_type_unsupported"),
    "binary": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "x.csv", "file_type_unknown"),
    "zip but not xlsx": (lambda: _zip_of({"a.txt": b"hello"}), "a.zip", "zip_not_xlsx"),
    "too many CSV rows": (lambda: b"a\n" * (limits.MAX_ROWS + 5), "long.csv", "too_many_rows"),
    "damaged zip": (lambda: b"PK\x03\x04" + bytes(200), "bad.xlsx", "zip_corrupt"),
    "damaged OLE": (lambda: limits.OLE_MAGIC + bytes(600), "bad.xls", "ole_corrupt"),
}


def _zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return out.getvalue()


@pytest.mark.parametrize("case", list(CONTAINERS))
def test_hostile_container_refused_before_parsing(case, units, no_readers):
    make, name, code = CONTAINERS[case]
    data = make()
    probs = ingest.precheck(name, data)
    assert [p.code for p in probs if p.severity == "fatal"] == [code], [(p.code, p.message_en) for p in probs]
    res = ingest.read_template(name, data, CAT, units)
    assert res.fatal and res.observations.height == 0
    assert [p.code for p in res.problems if p.severity == "fatal"] == [code]
    with pytest.raises(ingest.ImportRefused):
        ingest.accept(res, keep_valid=True)


def test_sheet_too_large_names_the_sheet():
    p = ingest.precheck("far.xlsx", _far_cell())[0]
    assert (p.code, p.sheet, p.row, p.column) == ("sheet_too_large", "Sheet", None, None)


@pytest.mark.skipif(not (pci_papi.SHARED_DIR / "data" / "pci").is_dir(), reason="shared data not present")
def test_xls_dimensions_bomb(no_readers):
    """PCI_2005.xls with its first DIMENSIONS record rewritten to 65,536 rows × 256 columns:
    calamine would reserve that many cells before reading any."""
    data = bytearray((pci_papi.SHARED_DIR / "data" / "pci" / "PCI_2005.xls").read_bytes())
    pos = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, length 14
    assert pos > 0
    struct.pack_into("<IIHH", data, pos + 4, 0, 65536, 0, 256)
    p = ingest.precheck("PCI_2005.xls", bytes(data))
    assert [(x.code, x.severity) for x in p] == [("sheet_too_large", "fatal")]


def test_real_workbooks_pass_the_precheck():
    for p in sorted((pci_papi.SHARED_DIR / "data").glob("*/*.xls*")):
        assert ingest.precheck(p.name, p.read_bytes()) == [], p.name


def test_zip_bomb_511kb_class_refused_cheaply(no_readers):
    """A ~530 KB zip whose one entry inflates to 520 MiB: refused from the central directory
    alone, without inflating, in well under a second and a few MB."""
    data = _bomb(520 << 20)
    assert 400_000 < len(data) < 700_000
    tracemalloc.start()
    t = time.perf_counter()
    probs = ingest.precheck("bomb.xlsx", data)
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.code for p in probs] == ["zip_too_large"]
    assert elapsed < 1.0 and peak < 8 * 2**20, (elapsed, peak)
    # the same bomb declaring 1 KB: inflated by the bounded loop only up to the lie
    liar = _lie_about_size(data, "xl/worksheets/sheet1.xml", 1024)
    tracemalloc.start()
    probs = ingest.precheck("bomb.xlsx", liar)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.code for p in probs] == ["zip_size_mismatch"] and peak < 8 * 2**20


# ---------------------------------------------------------------------------- sheets and cells


def test_empty_sheet(units):
    wb = openpyxl.Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    res = ingest.read_template("empty.xlsx", buf.getvalue(), CAT, units)
    assert where(res, "empty_sheet") == ("fatal", "Sheet", 1, "A")


def test_merged_header_cells(units):
    data = xlsx_bytes([row(value=65.5)], merge=["A1:B1"])
    res = ingest.read_template("merged.xlsx", data, CAT, units)
    assert where(res, "header_merged") == ("fatal", "data", 1, "A")
    assert res.observations.height == 0


def test_merged_header_hiding_a_required_column(units):
    data = xlsx_bytes([row(value=65.5)], merge=["H1:I1"])  # 'value' swallowed by 'component'
    res = ingest.read_template("merged.xlsx", data, CAT, units)
    assert where(res, "header_merged") == ("fatal", "data", 1, "H")


def test_merged_data_cells(units):
    rows = [row(year=2016, value=65.5), row(unit_name="", year=2015, value=60.1)]
    res = ingest.read_template("merged.xlsx", xlsx_bytes(rows, merge=["D2:D3"]), CAT, units)
    assert where(res, "merged_cell") == ("error", "data", 3, "D")
    assert res.n_rows_valid == 1


def test_cell_of_40000_characters(units):
    data = xlsx_bytes([row(unit_name="PLACEHOLDER", value=65.5), row(year=2015, value=60.0)],
                      patch={b"PLACEHOLDER": b"x" * 40_000})
    res = ingest.read_template("long.xlsx", data, CAT, units)
    assert where(res, "cell_too_long") == ("error", "data", 2, "D")
    assert res.n_rows_valid == 1
    csvres = ingest.read_template("long.csv", csv_bytes([row(source="y" * 40_000)]).encode(), CAT, units)
    assert where(csvres, "cell_too_long") == ("error", None, 2, "J")


# ---------------------------------------------------------------------------- encodings


NAMES = [row(unit_name="Đồng Tháp", value="60,1"), row(unit_name="Hà Nội", value="61,2"),
         row(unit_name="Bình Dương", value="70"), row(unit_name="Điện Biên", value="58,4")]


def test_csv_in_cp1258(units):
    res = ingest.read_template("cp1258.csv", cp1258(csv_bytes(NAMES)), CAT, units)
    assert where(res, "encoding_cp1258") == ("warning", None, None, None)
    assert not res.errors and res.n_rows_valid == 4
    assert sorted(res.observations["unit_code"]) == ["01", "11", "74", "87"]


def test_csv_utf8_with_bom(units):
    res = ingest.read_template("bom.csv", csv_bytes(NAMES, bom=True).encode("utf-8"), CAT, units)
    assert res.problems == [] and res.n_rows_valid == 4


def test_csv_nfd(units):
    res = ingest.read_template("nfd.csv", unicodedata.normalize("NFD", csv_bytes(NAMES)).encode(), CAT, units)
    assert where(res, "text_nfd") == ("warning", None, None, None)
    assert res.n_rows_valid == 4


def test_csv_vni_is_refused_not_garbled(units):
    data = legacy(csv_bytes([row(unit_name="Hà Nội"), row(unit_name="Đồng Tháp", year=2015),
                             row(unit_name="Điện Biên", year=2014)]), VNI)
    assert b"\xd1o\xe0ng Tha\xf9p" in data  # 'Ñoàng Thaùp'
    res = ingest.read_template("vni.csv", data, CAT, units)
    assert where(res, "encoding_vni") == ("fatal", None, 2, None)  # Haø Noäi
    assert "VNI" in res.problems[0].message_en and res.observations.height == 0


def test_csv_tcvn3_is_refused_not_garbled(units):
    data = legacy(csv_bytes([row(unit_name="Hà Nội"), row(unit_name="Đồng Tháp", year=2015)]), TCVN3)
    assert b"H\xb5 N\xe9i" in data  # 'Hµ Néi'
    res = ingest.read_template("tcvn3.csv", data, CAT, units)
    assert where(res, "encoding_tcvn3") == ("fatal", None, 2, None)


def test_vni_text_inside_an_xlsx_cell(units):
    vni_text = lambda s: legacy(s, VNI).decode("latin-1")  # noqa: E731 - what a VNI font user typed
    data = xlsx_bytes([row(unit_name=vni_text("Hà Nội"), value=60.0),
                       row(unit_name=vni_text("Đồng Tháp"), value=61.0, year=2015)])
    res = ingest.read_template("vni.xlsx", data, CAT, units)
    assert where(res, "encoding_vni") == ("fatal", "data", 2, "D")


# ---------------------------------------------------------------------------- numbers and rows


def test_decimal_commas_semicolon_csv(units):
    rows = [row(value="79,92"), row(year=2015, value="1,234"), row(year=2014, value="98,8%")]
    res = ingest.read_template("vn.csv", csv_bytes(rows, delimiter=";").encode(), CAT, units)
    assert where(res, "number_ambiguous") == ("warning", None, 3, "I")
    assert sorted(res.observations["value"]) == [1.234, 79.92, 98.8]
    bad = ingest.read_template("bad.csv", csv_bytes([row(value="79,9,2")]).encode(), CAT, units)
    assert where(bad, "not_a_number") == ("error", None, 2, "I")


def test_duplicates(units):
    res = ingest.read_template("dup.csv", csv_bytes([row(), row(), row(value="66")]).encode(), CAT, units)
    assert [(p.code, p.row, p.column) for p in res.errors] == [("duplicate_row", 3, "I"), ("duplicate_row", 4, "I")]
    assert "values differ" in res.errors[1].message_en and res.n_rows_valid == 1


def test_out_of_range(units):
    rows = [row(component="entry_costs", value="12"), row(year=2015, value="100,5"), row(year=2014, value="-1")]
    res = ingest.read_template("range.csv", csv_bytes(rows).encode(), CAT, units)
    assert [(p.code, p.row, p.column) for p in res.errors] == [("out_of_range", r, "I") for r in (2, 3, 4)]


def test_parts_not_adding_up(units):
    dims = [c.id for c in CAT["papi"].version_for(2016).parts]
    rows = [row(index_id="papi", component=d, value="5") for d in dims]
    rows.append(row(index_id="papi", component="total", value="31"))  # 6 × 5 = 30
    res = ingest.read_template("sum.csv", csv_bytes(rows).encode(), CAT, units)
    assert where(res, "parts_sum_mismatch") == ("error", None, 8, "I")
    assert res.n_rows_valid == 6
    ok = ingest.read_template("sum.csv", csv_bytes(rows[:-1] + [row(index_id="papi", value="30,02")]).encode(),
                              CAT, units)
    assert not ok.problems  # within 0.05 × 60 / 100 = 0.03


def test_unknown_unit_with_suggestion(units):
    res = ingest.read_template("u.csv", csv_bytes([row(unit_name="Bình Dươg")]).encode(), CAT, units)
    assert where(res, "unknown_unit") == ("error", None, 2, "D")
    assert "Bình Dương (74)" in res.errors[0].message_en


@pytest.mark.parametrize("name,year,code", [
    ("TP HCM", 2016, "79"), ("BRVT", 2016, "77"), ("Hà Nội\t", 2016, "01"), ("Thừa Thiên Huế", 2016, "46"),
    ("Huế", 2015, "46"), ("TT- Huế", 2014, "46"), ("Hà Tây", 2007, "28"), ("Đăk Lăk", 2016, "66"),
    ("Quang Tri", 2016, "45"), ("  Hồ Chí Minh  ", 2015, "79"),
])
def test_name_variants_resolve(units, name, year, code):
    res = ingest.read_template("n.csv", csv_bytes([row(unit_name=name, year=year)]).encode(), CAT, units)
    assert not res.errors and res.observations["unit_code"].to_list() == [code]


def test_ha_tay_after_2008_and_other_unit_checks(units):
    rows = [row(unit_name="Hà Tây", year=2010), row(unit_code="1", unit_name=""),
            row(unit_code="74", unit_name="Hà Nội", year=2015), row(unit_code="999", unit_name="", year=2014)]
    res = ingest.read_template("u.csv", csv_bytes(rows).encode(), CAT, units)
    got = {(p.code, p.row, p.column) for p in res.problems}
    assert got == {("unit_not_valid_in_year", 2, "D"), ("unit_code_padded", 3, "C"),
                   ("unit_mismatch", 4, "D"), ("unknown_unit_code", 5, "C")}
    assert res.observations["unit_code"].to_list() == ["01"]


def test_catalog_checks(units):
    rows = [row(index_id="xyz"), row(component="entry_cost", year=2015), row(index_id="papi", year=2009),
            row(year="20x6"), row(era="pre2026", year=2013)]
    res = ingest.read_template("c.csv", csv_bytes(rows).encode(), CAT, units)
    got = sorted((p.row, p.code, p.column) for p in res.errors)
    assert [(c, r, k) for r, c, k in got] == [
        ("unknown_index", 2, "F"), ("unknown_component", 3, "H"), ("year_not_covered", 4, "G"),
        ("invalid_year", 5, "G"), ("invalid_era", 6, "A")]
    assert "Close: entry_costs" in next(p.message_en for p in res.errors if p.code == "unknown_component")


def test_header_missing_and_keep_or_refuse(units):
    res = ingest.read_template("h.csv", b"unit_name,year,value\nHa Noi,2016,1\n", CAT, units)
    assert where(res, "header_missing") == ("fatal", None, 1, None)
    mixed = ingest.read_template("m.csv", csv_bytes([row(), row(unit_name="Bình Dươg", year=2015)]).encode(),
                                 CAT, units)
    assert (mixed.n_rows_read, mixed.n_rows_valid) == (2, 1)
    with pytest.raises(ingest.ImportRefused):
        ingest.accept(mixed, keep_valid=False)
    assert ingest.accept(mixed, keep_valid=True).height == 1


def test_units_below_the_province(units):
    rows = [row(level="commune", unit_name="Phường 1", index_id="par", year=2023, value="80"),
            row(level="commune", unit_name="Phường 1", parent_name="Quận 3", index_id="par", year=2023, value="80"),
            row(level="district", unit_code="001", unit_name="", index_id="par", year=2016, value="80"),
            row(level="district", unit_name="Gia Lâm", parent_name="Hà Nội", index_id="par", year=2023, value="80"),
            row(level="commune", unit_name="Yên Viên", parent_name="Gia Lâm", index_id="par", year=2023, value="80"),
            row(level="commune", unit_name="Yên Viên", parent_name="Gia Lâmm", index_id="par", year=2022, value="80")]
    res = ingest.read_template("c.csv", csv_bytes(rows).encode(), CAT, units)
    got = [(p.code, p.severity, p.row, p.column) for p in res.problems]
    assert got == [("ambiguous_unit", "error", 2, "D"), ("outside_coverage", "warning", 4, "G"),
                   ("ambiguous_unit", "error", 6, "D"), ("unknown_unit", "error", 7, "E")]
    assert "Thị trấn Yên Viên" in res.problems[2].message_en and "Gia Lâm" in res.problems[3].message_en
    assert sorted(res.observations["unit_code"]) == ["001", "018", "27160"]


def test_header_only_and_xls_without_template_header(units):
    res = ingest.read_template("h.csv", (",".join(COLUMNS) + "\n").encode(), CAT, units)
    assert where(res, "empty_sheet") == ("fatal", None, 2, "A")


@pytest.mark.skipif(not (pci_papi.SHARED_DIR / "data" / "pci").is_dir(), reason="shared data not present")
def test_xls_read_as_template(units):
    data = (pci_papi.SHARED_DIR / "data" / "pci" / "PCI_2009.xls").read_bytes()
    res = ingest.read_template("PCI_2009.xls", data, CAT, units)
    assert where(res, "header_missing") == ("fatal", "Tong Hop", 2, None)  # row 1 of that sheet is empty


def test_two_sheets_with_different_layouts(units):
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "a"
    a.append(list(COLUMNS))
    a.append(row(value=65.5))
    b = wb.create_sheet("b")
    b.append(["value", "year", "component", "index_id", "unit_name"])
    b.append(["abc", 2015, "total", "pci", "Bình Dương"])
    buf = io.BytesIO()
    wb.save(buf)
    res = ingest.read_template("two.xlsx", buf.getvalue(), CAT, units)
    assert where(res, "not_a_number") == ("error", "b", 2, "A")
    assert res.n_rows_read == 2 and res.n_rows_valid == 1
