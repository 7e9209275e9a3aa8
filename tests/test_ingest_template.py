"""The generic template (round trip CSV and XLSX), numbers, decoding, merging, the CLI, and
properties that must hold for any input (hypothesis)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doisanh import catalog, ingest
from doisanh.ingest import limits, numbers, text
from doisanh.ingest.__main__ import main as cli
from doisanh.ingest.template import COLUMNS, EXAMPLE_ROWS, TEMPLATE_COLUMNS
from doisanh.schema import OBSERVATIONS, SOURCES
from tests import fixture

ROOT = Path(__file__).resolve().parents[1]
CAT = catalog.load()


# ---------------------------------------------------------------------------- template


@pytest.mark.parametrize("name,make", [("mau.csv", ingest.template_csv), ("mau.xlsx", ingest.template_xlsx)])
def test_template_round_trip(name, make, units):
    data = make()
    res = ingest.read_template(name, data, CAT, units)
    assert res.problems == [] and res.n_rows_read == res.n_rows_valid == len(EXAMPLE_ROWS)
    obs = ingest.accept(res, keep_valid=False)
    assert obs.schema == pl.Schema(OBSERVATIONS)
    got = {(r["unit_code"], r["index_id"], r["year"], r["component"]): (r["value"], r["published_rank"])
           for r in obs.iter_rows(named=True)}
    assert got == {(e["unit_code"], e["index_id"], e["year"], e["component"]): (e["value"], e["published_rank"])
                   for e in EXAMPLE_ROWS}
    assert not obs["is_illustrative"].any()
    assert set(obs["method_version"]) == {"papi_2011", "pci_2013"}
    assert all(s.startswith(f"import:{name}#") for s in obs["source_id"])
    assert res.sources.schema == pl.Schema(SOURCES) and set(res.sources["source_id"]) == set(obs["source_id"])


def test_template_files():
    csv_bytes = ingest.template_csv()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    assert csv_bytes.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    wb = openpyxl.load_workbook(io.BytesIO(ingest.template_xlsx()))
    assert wb.sheetnames == ["du_lieu", "README", "thanh_phan"]
    assert [c.value for c in wb["du_lieu"][1]] == list(COLUMNS)
    assert wb["du_lieu"]["C2"].value == "01" and wb["du_lieu"]["C2"].number_format == "@"
    readme = "\n".join(r[0] or "" for r in wb["README"].iter_rows(values_only=True))
    assert readme == ingest.TEMPLATE_DOC
    comps = {(r[0], r[3]) for r in wb["thanh_phan"].iter_rows(min_row=2, values_only=True)}
    assert ("papi", "d7_environmental_governance") in comps and ("pci", "total") in comps


def test_template_doc_documents_every_column_in_both_languages():
    doc = ingest.TEMPLATE_DOC
    assert "# Mẫu nhập số liệu" in doc and "# Import template" in doc
    for name, _, vi, en in TEMPLATE_COLUMNS:
        assert f"- {name} (" in doc and vi in doc and en in doc
    assert "25 MB" in doc and "VNI" in doc and "TCVN3" in doc and "Windows-1258" in doc


def test_example_rows_are_the_published_figures():
    """The example is real: PAPI 2016 Hà Nội and PCI 2016 Đà Nẵng as shipped, to 4 decimals."""
    obs = pl.read_parquet(ROOT / "data" / "observations.parquet").filter(~pl.col("is_illustrative"))
    for e in EXAMPLE_ROWS:
        r = obs.filter(pl.col("unit_code") == e["unit_code"], pl.col("index_id") == e["index_id"],
                       pl.col("year") == e["year"], pl.col("component") == e["component"]).row(0, named=True)
        assert round(r["value"], 4) == e["value"] and r["published_rank"] == e["published_rank"]


def test_header_aliases_and_defaults(units):
    """Vietnamese column labels are understood; era and level default from the year and code."""
    data = ("Tên đơn vị;Chỉ số;Năm;Thành phần;Giá trị\nĐà Nẵng;PCI;2016;Tổng điểm;70,0014\n"
            "Đà Nẵng;PCI;2015;total;68,3352\n").encode()
    res = ingest.read_template("vi.csv", data, CAT, units)
    assert res.problems == []
    assert res.observations.select("era", "level", "unit_code", "index_id", "component").unique().rows() == [
        ("pre2025", "province", "48", "pci", "total")]


def test_extra_columns_and_readme_sheets_are_ignored(units):
    wb = openpyxl.Workbook()
    wb.active.title = "ghi chú"
    wb.active.append(["Đây là ghi chú"])
    ws = wb.create_sheet("so_lieu")
    ws.append(["", *COLUMNS, "ghi_chu"])  # data starting in column B
    ws.append([None, "pre2025", "province", "48", "Đà Nẵng", None, "pci", 2016, "total", 70.0014, "x", None, "z"])
    buf = io.BytesIO()
    wb.save(buf)
    res = ingest.read_template("b.xlsx", buf.getvalue(), CAT, units)
    assert res.problems == [] and res.observations["value"].to_list() == [70.0014]
    assert res.detected == {"sheets": ["so_lieu"]}


def test_numbers_in_xlsx_cells_keep_full_precision(units):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    v = 9.371696472167971  # 16 significant digits, as PCI_2014.xlsx stores them
    ws.append(["pre2025", "province", "48", None, None, "pci", 2014, "entry_costs", v, None, None])
    ws.append(["pre2025", "province", "48", None, None, "pci", 2013, "entry_costs", "7,25", None, None])
    buf = io.BytesIO()
    wb.save(buf)
    res = ingest.read_template("p.xlsx", buf.getvalue(), CAT, units)
    assert sorted(res.observations["value"]) == [7.25, v]


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("cell,value,code", [
    ("79,92", 79.92, None), ("79.92", 79.92, None), ("1.234,5", 1234.5, None), ("1,234.5", 1234.5, None),
    ("98,8%", 98.8, None), ("98,8 %", 98.8, None), ("", None, None), (None, None, None), ("  ", None, None),
    ("1,234", 1.234, "number_ambiguous"), ("5.125", 5.125, "number_ambiguous"), ("0,125", 0.125, None),
    ("12,3456", 12.3456, None), ("1.234.567", 1234567.0, None), ("1 234,5", 1234.5, None),
    ("1\u00a0234,5", 1234.5, None), ("−5,5", -5.5, None), ("+3", 3.0, None), ("1e3", 1000.0, None),
    (70, 70.0, None), (70.25, 70.25, None), ("abc", None, "not_a_number"), ("12,34.5", None, "not_a_number"),
    ("1..2", None, "not_a_number"), (True, None, "not_a_number"), (float("nan"), None, "not_a_number"),
    ("٣", None, "not_a_number"), ("%", None, "not_a_number"),
])
def test_numbers(cell, value, code):
    p = numbers.parse(cell)
    assert (p.value, p.code) == (value, code)
    if code == "number_ambiguous":
        assert "read as" in p.note_en and "đọc là" in p.note_vi


@pytest.mark.parametrize("cell", ["1e-400", "-1E-999", "0,0" + "0" * 400 + "1", "1e400", "-1e999"])
def test_a_non_zero_number_that_cannot_be_stored_is_an_error(cell):
    """'1e-400' became 0 and '1e400' infinity, silently."""
    p = numbers.parse(cell)
    assert (p.value, p.code) == (None, "number_out_of_range")
    small = ("quá nhỏ" in p.note_vi and "too small" in p.note_en)
    assert small or ("quá lớn" in p.note_vi and "too large" in p.note_en)


@pytest.mark.parametrize("cell", ["-0", "−0", "-0,00", "-0.0e5", -0.0, "0e-400"])
def test_negative_zero_is_stored_as_zero(cell):
    import math
    p = numbers.parse(cell)
    assert p.code is None and p.value == 0.0 and math.copysign(1.0, p.value) == 1.0


def test_out_of_range_numbers_are_named_by_row_and_column_and_no_negative_zero_is_stored(units):
    import math
    lines = [",".join(COLUMNS), "pre2025,province,48,,,pci,2016,total,1e-400,x,",
             "pre2025,province,48,,,pci,2015,total,-0,x,"]
    res = ingest.read_template("z.csv", "\n".join(lines).encode(), CAT, units)
    bad = [p for p in res.problems if p.code == "number_out_of_range"]
    assert [(p.row, p.column, p.severity) for p in bad] == [(2, "I", "error")], res.problems
    assert "'1e-400'" in bad[0].message_vi and "too small" in bad[0].message_en
    values = res.observations.filter(pl.col("year") == 2015)["value"].to_list()
    assert values == [0.0] and math.copysign(1.0, values[0]) == 1.0
    wb = openpyxl.Workbook()
    wb.active.append(list(COLUMNS))
    wb.active.append(["pre2025", "province", "48", None, None, "pci", 2015, "total", -0.0, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    v = ingest.read_template("z.xlsx", buf.getvalue(), CAT, units).observations["value"].to_list()
    assert v == [0.0] and math.copysign(1.0, v[0]) == 1.0


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.from_regex(r"[-+−]?[0-9., \u00a0]{0,12}%?", fullmatch=True),
                 st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans(), st.none()))
def test_numbers_parse_never_raises(cell):
    p = numbers.parse(cell)
    assert p.code in (None, "not_a_number", "number_ambiguous", "number_out_of_range")
    assert p.value is None or p.value == p.value  # never NaN


# ---------------------------------------------------------------------------- precheck and decoding


_zip = st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=2000))
_ole = st.builds(lambda b: limits.OLE_MAGIC + b, st.binary(max_size=4000))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=3000), _zip, _ole), st.sampled_from(["a.xlsx", "b.csv", "c.xls", "d"]))
def test_precheck_never_raises(data, name):
    probs = ingest.precheck(name, data)
    assert all(p.code in ingest.CODES for p in probs)
    assert all(p.code != "read_failed" for p in probs)  # no bug path taken


def _zip_variants(seed: bytes) -> bytes:
    """A real small xlsx with some bytes overwritten: damaged containers."""
    data = bytearray(ingest.template_xlsx())
    for i, b in enumerate(seed[:64]):
        data[(i * 7919 + b * 31) % len(data)] = b
    return bytes(data)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=64))
def test_precheck_never_raises_on_damaged_xlsx(seed):
    probs = ingest.precheck("x.xlsx", _zip_variants(seed))
    assert all(p.code in ingest.CODES and p.code != "read_failed" for p in probs)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500))
def test_decode_never_raises(data):
    d = text.decode("x.csv", data)
    assert (d.text is None) == any(p.severity == "fatal" for p in d.problems)


def test_decode_variants():
    s = "unit_name\nĐồng Tháp\nHà Nội\n"
    assert text.decode("a", s.encode("utf-16")).text == s
    assert text.decode("a", b"\xef\xbb\xbf" + s.encode()).encoding == "utf-8-sig"
    assert text.decode("a", b"\xef\xbb\xbf\xff\xfe").problems[0].code == "encoding_invalid"
    assert text.decode("a", "Ha Noi °C ±".encode("cp1252")).problems[0].code == "encoding_unknown"
    assert text.clean(" \tHà Nội\u00a0\n") == "Hà Nội" and text.clean("  ") is None


def _random_text_like_bytes(seed: int, n: int) -> bytes:
    """os.urandom-like bytes, seeded, with every NUL taken out (NUL alone gives binary away)."""
    import random
    return bytes(b for b in random.Random(seed).randbytes(n) if b)


@pytest.mark.parametrize(("seed", "n"), [(0, 200), (1, 4000), (2, 100_000), (3, 50)])
def test_random_bytes_are_not_a_text_file(seed, n, units):
    """Random bytes were reported as "TCVN3 encoding", quoting control characters."""
    data = _random_text_like_bytes(seed, n)
    d = text.decode("x.csv", data)
    assert [p.code for p in d.problems] == ["file_type_unknown"] and d.text is None
    assert "không phải văn bản/CSV" in d.problems[0].message_vi and "not a text/CSV file" in d.problems[0].message_en
    res = ingest.read_template("x.csv", data, CAT, units)
    assert "file_type_unknown" in [p.code for p in res.problems] and res.fatal
    assert not any(p.code.startswith("encoding_") for p in res.problems)
    for p in res.problems:
        assert p.message_vi.isprintable() and p.message_en.isprintable(), p


def test_not_text_counts_are_written_the_languages_way():
    d = text.decode("x.bin", _random_text_like_bytes(4, 60_000))
    vi, en = d.problems[0].message_vi, d.problems[0].message_en
    import re
    assert re.search(r"có \d{1,3}\.\d{3} ký tự", vi) and re.search(r"holds \d{1,3},\d{3} control", en), (vi, en)


def test_a_stray_control_character_does_not_make_a_csv_binary(units):
    """An old DOS file ends in ^Z; one form feed: still a CSV."""
    data = ingest.template_csv() + b"\x1a"
    assert text.decode("mau.csv", data).text is not None


def test_no_message_carries_a_control_character():
    """Whatever a message quotes from a file (cell, sheet, file name), control characters and
    bidirectional overrides arrive as escapes."""
    from doisanh.ingest.problems import Problem, short
    p = Problem("a\x1b[31m.csv", "S\u202eheet", 2, "A", "not_a_number", "x\x07y không phải số\r\n",
                short("x\x85 \x00") + " is not a number")
    for v in (p.file, p.sheet, p.message_vi, p.message_en, p.where):
        assert v.isprintable() and "\u202e" not in v, v
    assert p.file == "a\\x1b[31m.csv" and "\\x85" in p.message_en


# ---------------------------------------------------------------------------- accept and merge


def test_accept_rules(units):
    csv = "\n".join([",".join(COLUMNS),
                     "pre2025,province,48,,,pci,2016,total,\"70,0014\",x,",
                     "pre2025,province,,Bình Dươg,,pci,2016,total,60,x,"]).encode()
    res = ingest.read_template("a.csv", csv, CAT, units)
    assert (res.n_rows_read, res.n_rows_valid, res.n_rows_rejected) == (2, 1, 1)
    with pytest.raises(ingest.ImportRefused) as e:
        ingest.accept(res, keep_valid=False)
    assert "1 rows have errors" in str(e.value) and e.value.problems == res.problems
    assert ingest.accept(res, keep_valid=True)["unit_code"].to_list() == ["48"]
    frame = res.problems_frame("en")
    assert frame.columns == ["severity", "file", "sheet", "row", "column", "code", "message"]
    assert frame.row(0) == ("error", "a.csv", None, 3, "D", "unknown_unit", res.errors[0].message_en)
    assert "1 valid" in res.summary("en") and "hợp lệ" in res.summary("vi")
    # on the page: headers and severity in the page's language, levels and eras in words
    shown = res.problems_table("vi")
    assert shown.columns == ["Mức độ", "Tệp", "Trang tính", "Dòng", "Cột", "Loại vấn đề", "Nội dung"]
    assert shown.row(0)[0] == "Lỗi" and "cấp tỉnh (trước 7/2025)" in shown.row(0)[-1], shown.row(0)
    assert shown.row(0)[5] == "Không tìm thấy đơn vị"           # the kind in words, not 'unknown_unit'
    assert res.problems_table("en").row(0)[0] == "Error"
    assert res.problems_table("en").row(0)[5] == "Unit not found"
    assert res.errors[0].message_en.startswith("No province named 'Bình Dươg' (before 7/2025).")


def test_merge_frames_replaces_and_drops_the_illustrative_parts():
    shipped = fixture.frames()
    obs = shipped["observations"]
    key = ("pre2025", "province", "01", "par", 2020)
    before = obs.filter(pl.col("era") == key[0], pl.col("level") == key[1], pl.col("unit_code") == key[2],
                        pl.col("index_id") == key[3], pl.col("year") == key[4])
    assert before.filter(pl.col("component") == "total").height == 1 and before.height > 1
    imported = pl.DataFrame([dict(era="pre2025", level="province", unit_code="01", index_id="par", year=2020,
                                  component="total", value=91.5, published_rank=None, published_band=None,
                                  is_illustrative=False, method_version="qd1150_2020", source_id="import:x.csv",
                                  pub_source_id=None)], schema=OBSERVATIONS)
    merged = ingest.merge_frames(shipped, imported)
    after = merged["observations"].filter(pl.col("unit_code") == "01", pl.col("index_id") == "par",
                                          pl.col("year") == 2020, pl.col("level") == "province",
                                          pl.col("era") == "pre2025")
    assert after.filter(pl.col("component") == "total")["value"].to_list() == [91.5]
    kept = before.filter(pl.col("component") != "total", ~pl.col("is_illustrative"))
    assert after.height == 1 + kept.height  # shipped illustrative parts of that unit-year are gone
    others = merged["observations"].join(imported, on=["era", "level", "unit_code", "index_id", "year"], how="anti")
    assert others.height == obs.join(imported, on=["era", "level", "unit_code", "index_id", "year"],
                                     how="anti").height
    assert merged["sources"].filter(pl.col("source_id") == "import:x.csv")["kind"].to_list() == ["import"]
    assert merged["units"] is shipped["units"] and shipped["observations"] is obs  # nothing mutated
    assert ingest.is_imported("import:x.csv") and not ingest.is_imported("pub_1")
    with pytest.raises(ValueError, match="share a key"):
        ingest.merge_frames(shipped, pl.concat([imported, imported]))


def test_merged_frames_load_into_a_session_database(units):
    from doisanh import db

    res = ingest.read_template("mau.xlsx", ingest.template_xlsx(), CAT, units)
    frames = ingest.merge_frames(fixture.frames(), ingest.accept(res, keep_valid=False), sources=res.sources)
    con = db.connect(frames)
    n = con.sql("select count(*) from observations where source_id like 'import:%'").fetchall()[0][0]
    assert n == len(EXAMPLE_ROWS)
    con.close()


# ---------------------------------------------------------------------------- CLI


def test_cli(tmp_path, capsys):
    ok = tmp_path / "mau.xlsx"
    ok.write_bytes(ingest.template_xlsx())
    assert cli([str(ok), "--out", str(tmp_path / "out"), "--lang", "en"]) == 0
    out = pl.read_parquet(tmp_path / "out" / "mau.parquet")
    assert out.height == len(EXAMPLE_ROWS) and out.schema == pl.Schema(OBSERVATIONS)
    assert pl.read_parquet(tmp_path / "out" / "mau.sources.parquet").height == 2

    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(COLUMNS) + "\npre2025,province,,Bình Dươg,,pci,2016,total,60,x,\n"
                   "pre2025,province,48,,,pci,2016,total,70,x,\n", encoding="utf-8")
    assert cli([str(bad), "--out", str(tmp_path / "o2")]) == 1
    assert "unknown_unit" in capsys.readouterr().out
    assert cli([str(bad), "--keep-valid", "--out", str(tmp_path / "o3")]) == 0
    assert pl.read_parquet(tmp_path / "o3" / "bad.parquet")["unit_code"].to_list() == ["48"]

    bomb = tmp_path / "bomb.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"\0" * (8 << 20))
    bomb.write_bytes(buf.getvalue())
    assert cli([str(bomb), "--kind", "template"]) == 1
    assert cli([str(tmp_path / "missing.csv")]) == 2
    with pytest.raises(SystemExit) as e:
        cli([str(ok), "--kind", "nonsense"])
    assert e.value.code == 2


def test_problems_are_capped_per_code_but_every_bad_row_is_rejected(units):
    lines = [",".join(COLUMNS)] + [f"pre2025,province,,Bình Dươg,,pci,{1990 + i % 30},total,60,x," for i in range(30)]
    lines += [f"pre2025,province,,Unknown place {i},,pci,2016,total,60,x," for i in range(300)]
    res = ingest.read_template("many.csv", "\n".join(lines).encode(), CAT, units)
    assert res.n_rows_read == 330 and res.n_rows_valid == 0
    codes = [p.code for p in res.problems]
    assert codes.count("unknown_unit") + codes.count("year_not_covered") <= 400
    more = [p for p in res.problems if p.code == "too_many_problems"]
    assert len(more) == 1 and "more 'unknown_unit'" in more[0].message_en


def test_the_summary_counts_rows_and_problems_truly_when_the_list_is_capped(units):
    """The page said "609 problems" when 180,783 rows were rejected: problems are listed up to
    MAX_PER_CODE per code, the rest counted in one line; the summary counts every row and
    problem, in the language's number format, and says how many are listed."""
    from doisanh.ingest.problems import MAX_PER_CODE
    lines = [",".join(COLUMNS), "pre2025,province,48,,,pci,2016,total,\"70,0014\",x,"]
    lines += [f"pre2025,province,,Unknown place {i},,pci,2016,total,60,x," for i in range(1200)]
    res = ingest.read_template("nhieu.csv", "\n".join(lines).encode(), CAT, units)
    assert (res.n_rows_read, res.n_rows_valid, res.n_rows_rejected) == (1201, 1, 1200)
    assert res.n_problems == 1200 and res.n_listed == MAX_PER_CODE < len(res.problems)
    vi, en = res.summary("vi"), res.summary("en")
    assert "đọc 1.201 dòng, 1 dòng hợp lệ, 1.200 dòng bị loại; 1.200 vấn đề, 200 vấn đề được liệt kê" in vi, vi
    assert "1,201 rows read, 1 valid, 1,200 rejected; 1,200 problems, 200 listed" in en, en
    more = next(p for p in res.problems if p.code == "too_many_problems")
    assert more.count == 1000 and "Còn 1.000 vấn đề" in more.message_vi and "1,000 more" in more.message_en


def test_the_summary_of_a_short_list_says_every_problem_is_there(units):
    csv = "\n".join([",".join(COLUMNS), "pre2025,province,48,,,pci,2016,total,\"70,0014\",x,",
                     "pre2025,province,,Bình Dươg,,pci,2016,total,60,x,"]).encode()
    res = ingest.read_template("a.csv", csv, CAT, units)
    assert res.summary("vi") == "Tệp a.csv: đọc 2 dòng, 1 dòng hợp lệ, 1 dòng bị loại; 1 vấn đề."
    assert res.summary("en") == "File a.csv: 2 rows read, 1 valid, 1 rejected; 1 problems."


def test_workspace_file_round_trip(units):
    """to_template_csv (the saved workspace) re-imports to the same rows, values exact."""
    res = ingest.read_template("mau.xlsx", ingest.template_xlsx(), CAT, units)
    extra = res.observations.head(2).with_columns(  # 2015: no total, so no sum check
        component=pl.Series(["d1_participation", "d2_transparency"]), year=pl.lit(2015, dtype=pl.Int16),
        value=pl.Series([5.125, 1 / 3]))
    obs = pl.concat([res.observations, extra])
    data = ingest.template.to_template_csv(obs, res.sources)
    back = ingest.read_template("workspace.csv", data, CAT, units)
    cols = ["era", "level", "unit_code", "index_id", "year", "component", "value", "published_rank",
            "method_version"]
    assert not back.errors and not [p for p in back.problems if p.code == "number_ambiguous"]
    assert back.observations.select(cols).sort(cols[:6]).equals(obs.select(cols).sort(cols[:6]))
    assert "PAPI 2016" in back.sources["title"].str.join(" ").item()


def test_workspace_file_keeps_the_users_source_texts(units):
    """The workspace file wrote 'import:<file>#<hash>' (or the title with the file name added)
    where the user had written a source text; re-uploading it must give the same texts."""
    import csv as csvmod
    from doisanh.ingest.result import source_text_of
    formula = '=HYPERLINK("http://x","a")'
    buf = io.StringIO(newline="")
    w = csvmod.writer(buf)
    w.writerow(COLUMNS)
    w.writerow(["pre2025", "province", "48", "", "", "pci", "2016", "total", "70,0014", "Báo cáo PCI 2016, VCCI", ""])
    w.writerow(["pre2025", "province", "74", "", "", "pci", "2016", "total", "65,5", formula, ""])
    w.writerow(["pre2025", "province", "79", "", "", "pci", "2016", "total", "-0", "", ""])
    res = ingest.read_template("nguon.csv", buf.getvalue().encode(), CAT, units)
    obs = ingest.accept(res, keep_valid=False)

    def by_row(r: ingest.ImportResult) -> dict:
        titles = dict(r.sources.select("source_id", "title").iter_rows())
        return {row["unit_code"]: (row["value"], titles[row["source_id"]])
                for row in r.observations.iter_rows(named=True)}

    first = by_row(res)
    assert {k: source_text_of(t) for k, (_, t) in first.items()} == {
        "48": "Báo cáo PCI 2016, VCCI", "74": formula, "79": ""}
    data = ingest.template.to_template_csv(obs, res.sources)
    cells = {r["unit_code"]: r["source"] for r in csvmod.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert cells == {"48": "Báo cáo PCI 2016, VCCI", "74": "'" + formula, "79": ""}   # guarded in the file
    back = ingest.read_template("nguon.csv", data, CAT, units)
    assert not back.problems and by_row(back) == first                  # same texts, same values
    again = ingest.read_template("khong_gian.csv", data, CAT, units)
    assert {k: source_text_of(t) for k, (_, t) in by_row(again).items()} == {
        k: source_text_of(t) for k, (_, t) in first.items()}


def test_the_page_shows_the_template_notes_in_its_own_language():
    """The import page showed both languages one after the other; it shows the page's own."""
    vi, en = ingest.template_doc("vi"), ingest.template_doc("en")
    assert "Mỗi dòng là MỘT con số" in vi and "Each row is ONE figure" not in vi
    assert "Each row is ONE figure" in en and "Mỗi dòng là MỘT con số" not in en
    for name, _, d_vi, d_en in TEMPLATE_COLUMNS:
        assert f"- {name} (" in vi and d_vi in vi and f"- {name} (" in en and d_en in en
    assert not vi.startswith("#") and not en.startswith("#")      # the expander has the title
