"""One language on a page: every page (AppTest, fixture snapshot) in Vietnamese and English, at
province and district level, with and without the illustrative data, read as the user reads it —
texts, alerts, metrics, every widget's label, placeholder, help and option labels, table headers
and cells — must hold no word of the other language and no machine identifier.

How the check is made (unit names are Vietnamese in both languages):
- a Vietnamese page fails on Streamlit's own English ('Choose an option', 'No results', 'Upload',
  'per file', 'Select all'…) and on a short list of English words our texts would bring
  ('the', 'of', 'Score', 'Rank'…), and on a number written the English way (8.14);
- an English page fails on any Vietnamese letter (ă â đ ê ô ơ ư, or a tone mark) left once the
  proper names are taken out: unit names (name_vi, full_name_vi of every fixture unit), source
  titles (Vietnamese documents keep their titles) and the language switch's 'Tiếng Việt'; and on
  a number written the Vietnamese way (79,92);
- both fail on an identifier-like token (snake_case: header_missing, f1_direction, rank_in_peers)
  other than the template's own column headers, which a user types into the file.
The browser's own texts (placeholders, the uploader's words) are checked in
tests/test_browser_language.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from doisanh import fmt
from doisanh.ingest.result import import_title, shown_title
from doisanh.ingest.template import COLUMNS
from tests import fixture

APP = str(Path(__file__).resolve().parents[1] / "app.py")

# page, query parameters at province level, at district level
VIEWS = {
    "pages/profile.py": ({"unit": "02"}, {"level": "district", "unit": "001"}),
    "pages/compare.py": ({"compare": "01,02,04"}, {"level": "district", "compare": "001,002"}),
    "pages/whatif.py": ({"unit": "02", "target": "rank:1", "strategy": "weighted"},
                        {"level": "district", "unit": "001", "target": "score:99", "strategy": "weighted"}),
    "pages/ranking.py": ({"unit": "02"}, {"level": "district", "unit": "001"}),
    "pages/importer.py": ({}, {"level": "district"}),
    "pages/map.py": ({"unit": "02"}, {"level": "district", "unit": "001"}),
}

STREAMLIT_ENGLISH = ("Choose an option", "Choose options", "No results", "Upload", "per file",
                     "Select all", "Browse files", "No options to select", "You can only select")
ENGLISH_WORDS = re.compile(r"\b(the|of|and|with|Score|Rank|Year|Province|District|Commune|Published|"
                           r"Illustrative|imported file|results workbook|None|nan|True|False)\b")
VIETNAMESE_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                                re.IGNORECASE)
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])")    # 8.14 (not 1.234, not 7/2025)
VIETNAMESE_DECIMAL = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d.,])")  # 79,92
DOCUMENT_NUMBER = re.compile(r"\bQĐ \d+\b|\b\d+(?:/\d{4})?/[A-ZĐ&]+(?:-[A-ZĐ&]+)*")
SECTION = re.compile(r"§\s?\d+(?:\.\d+)*")
QUOTED = re.compile(r"'[^'\n]{1,40}'")
ALLOWED_IDENTIFIERS = set(COLUMNS) | {"thanh_phan"}   # the template's headers and sheet, as typed


def _proper_names() -> list[str]:
    f = fixture.frames()
    names = {n for c in ("name_vi", "full_name_vi") for n in f["units"][c].drop_nulls().to_list()}
    names |= set(f["sources"]["title"].drop_nulls().to_list()) | {"Tiếng Việt", "Đối sánh"}
    # real places named in texts and catalog notes (the fixture's units are made up)
    names |= {"Côn Đảo", "Bà Rịa - Vũng Tàu", "Hà Tây", "Nghệ An", "Bình Dương", "Hà Nội", "Ba Đình", "Phúc Xá",
              "Hoàng Sa", "Trường Sa", "Đà Nẵng", "Khánh Hòa"}   # the archipelagos and their provinces (map)
    return sorted(names, key=len, reverse=True)      # 'Huyện A' before 'A'


PROPER_NAMES = _proper_names()


def visible_texts(at: AppTest) -> list[str]:
    """What a user reads on the page, element by element (charts left out: their words are
    checked with the chart functions)."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error",
                 "success", "code", "expander", "tab"):
        out += [str(getattr(e, "value", None) or getattr(e, "label", "")) for e in at.get(kind)]
    for m in at.get("metric"):
        out += [m.label, str(m.value), str(m.delta or "")]
    for kind in ("selectbox", "multiselect", "radio", "select_slider", "slider", "number_input", "text_input",
                 "toggle", "checkbox", "button", "download_button", "page_link"):
        for w in at.get(kind):
            p = w.proto
            out += [p.label, getattr(p, "help", ""), getattr(p, "placeholder", "")]
            out += list(getattr(p, "options", []) or [])
    for d in at.dataframe:
        df = d.value
        out += [str(c) for c in df.columns]
        out += [str(v) for col in df.columns for v in df[col].tolist() if isinstance(v, str)]
    return [s for s in out if s]


def strange(texts: list[str], lang: str) -> list[str]:
    """Every piece of text of the other language, machine identifier or number written the
    other way, with the text it was found in."""
    found = []
    for s in texts:
        s = QUOTED.sub("' '", s)      # an example of what to type: '79,92' and '79.92' both work
        s = SECTION.sub(" ", s)        # a section of our notes: §1.2
        bad = [w for w in STREAMLIT_ENGLISH if lang == "vi" and w in s]
        bad += [i for i in IDENTIFIER.findall(s) if i not in ALLOWED_IDENTIFIERS]
        if lang == "vi":
            bad += ENGLISH_WORDS.findall(s) + ENGLISH_DECIMAL.findall(s)
        else:
            plain = DOCUMENT_NUMBER.sub(" ", s)       # 19/2025/QĐ-TTg is the decision's name
            for name in PROPER_NAMES:
                plain = plain.replace(name, " ")
            bad += VIETNAMESE_LETTERS.findall(plain) + VIETNAMESE_DECIMAL.findall(s)
        if bad:
            found.append(f"{sorted(set(bad))} in {s[:160]!r}")
    return found


@pytest.mark.parametrize("illustrative", ["1", "0"])
@pytest.mark.parametrize("level", [0, 1], ids=["province", "district"])
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", list(VIEWS))
def test_a_page_speaks_one_language(fixture_env, page, lang, level, illustrative):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update({**VIEWS[page][level], "illustrative": illustrative,
                            **({"lang": "en"} if lang == "en" else {})})
    at.switch_page(page).run()
    assert not at.exception, at.exception
    texts = visible_texts(at)
    assert texts
    # an empty placeholder is Streamlit's English ('Choose an option', 'Choose options')
    lists = [*at.get("selectbox"), *at.get("multiselect")]
    assert lists and all(w.proto.placeholder for w in lists), [w.proto.label for w in lists if not w.proto.placeholder]
    assert not strange(texts, lang), "\n".join(strange(texts, lang))


def test_the_check_catches_what_it_is_for():
    """The words the issue found on screen are caught (so a pass above means something)."""
    assert strange(["Choose an option", "f1_direction", "Lỗi header_missing", "8.17"], "vi") != []
    assert len(strange(["Choose an option", "f1_direction", "Lỗi header_missing", "8.17"], "vi")) == 4
    assert len(strange(["Trước 7/2025 (63 tỉnh)", "Chỉ số CCHC", "85,71"], "en")) == 3
    assert strange(["Huyện A — Hai · 001", "Score 85.71 of Huyện A", "Tiếng Việt"], "en") == []
    assert strange(["Điểm 85,71 · 10.035 đơn vị", "Chỉ số (index_id)"], "vi") == []


def test_switching_language_relabels_the_chosen_options(fixture_env):
    """After the switch, a selectbox's chosen option is sent again with its new label
    (set_value): Streamlit keys a keyed widget by its key alone, and the browser kept
    'Trước 7/2025 (63 tỉnh)' on the English page until a reload."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update({"illustrative": "1"})
    at.switch_page("pages/ranking.py").run()
    at.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    era = at.selectbox(key="w_era").proto
    assert era.set_value and era.raw_value == "Before 7/2025 (63 provinces)"
    level = at.selectbox(key="w_level").proto
    assert level.set_value and level.raw_value == "Province"


def test_counts_and_ranks_have_the_thousands_separator():
    assert fmt.rank(1234, 10035, "vi") == "1.234/10.035"
    assert fmt.rank(1234, 10035, "en") == "1,234/10,035"
    assert fmt.rank(9, 63) == "9/63"


def test_imported_sources_are_named_in_the_page_language():
    assert shown_title("VCCI PCI 2016 results workbook (tệp nhập / imported file p.xlsx)", "vi") \
        == "Bảng kết quả PCI 2016 của VCCI (tệp nhập p.xlsx)"
    assert shown_title("VCCI PCI 2016 results workbook (tệp nhập / imported file p.xlsx)", "en") \
        == "VCCI PCI 2016 results workbook (imported file p.xlsx)"
    assert shown_title("PAPI provincial results, sheets 2019_PAPI (tệp nhập / imported file a.xlsx)", "vi") \
        == "Kết quả PAPI cấp tỉnh, các trang 2019_PAPI (tệp nhập a.xlsx)"
    assert shown_title(import_title("a.csv", "Sở Nội vụ"), "en") == "Sở Nội vụ — imported file a.csv"
    assert shown_title(import_title("a.csv"), "vi") == "Tệp nhập a.csv"
    assert shown_title("Báo cáo PAR INDEX 2023", "en") == "Báo cáo PAR INDEX 2023"


def test_missing_template_columns_are_named_in_words(units):
    from doisanh import catalog, ingest
    res = ingest.read_template("h.csv", b"unit_name,year,value\nHa Noi,2016,1\n", catalog.load(), units)
    p = next(p for p in res.problems if p.code == "header_missing")
    assert p.message("vi") == "Dòng tiêu đề thiếu cột: Chỉ số (index_id), Thành phần (component). Hãy dùng tệp mẫu."
    assert p.message("en") == "The header row lacks: Index (index_id), Component (component). Use the template."
