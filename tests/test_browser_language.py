"""Real browser on the shipped snapshot: what Streamlit writes itself in the browser — widget
placeholders, the uploader's button and limits line, the chosen option after the language switch —
is in the page's language (tests/test_language.py checks every page's own texts with AppTest, at
both levels and in both modes; here each page once per language, the illustrative data on).

Left out of the check, as Streamlit draws them and offers no parameter: material icon names
(drawn as ligatures: 'upload_file'), a slider's thumb and end values (formatted by the browser's
locale; our label carries the value written the page's way), and Streamlit's own toolbar and
accessibility labels ('Copy to clipboard', 'Help for …')."""
from __future__ import annotations

import pytest

from doisanh import snapshot
from tests.browser import MAIN, dismiss_first_load_dialog, idle, no_exception
from tests.test_language import strange

pytestmark = pytest.mark.browser

PATHS = ["/?unit=74", "/so-sanh?compare=74,79", "/muc-tieu?unit=725&target=rank:1&strategy=weighted",
         "/xep-hang?level=district&unit=725", "/nhap-so-lieu", "/ban-do"]
SIDEBAR = "[data-testid='stSidebar']"
# what Streamlit draws itself: icon ligatures, a slider's numbers
DRAWN = ("[data-testid='stIconMaterial'], [data-testid='stSliderThumbValue'], "
         "[data-testid='stSliderTickBarMin'], [data-testid='stSliderTickBarMax']")


@pytest.fixture(scope="module")
def unit_names() -> list[str]:
    """Unit names are Vietnamese in both languages (an English page may name 'Thành phố Thuận An')."""
    units = snapshot.read_table(next(t for t in snapshot.TABLES if t.name == "units"))
    names = {n for c in ("name_vi", "full_name_vi") for n in units[c].drop_nulls().to_list()}
    return sorted(names | {"Tiếng Việt", "Đối sánh"}, key=len, reverse=True)


def _read(page) -> list[str]:
    """The lines of the main area and the sidebar as shown, without what Streamlit draws
    itself, and every placeholder."""
    lines = []
    for where in (MAIN, SIDEBAR):
        lines += [x.strip() for x in page.locator(where).inner_text().splitlines()]
    lines += page.eval_on_selector_all("[placeholder]", "els => els.map(e => e.getAttribute('placeholder'))")
    lines += _chosen(page)
    # read after the text: an element drawn while the text was read (a button's icon) is in both
    drawn = set(page.locator(DRAWN).all_inner_texts())
    return [x for x in lines if x and x not in drawn]


def _chosen(page) -> list[str]:
    """What each selectbox shows as chosen (the value of its input, not in inner_text)."""
    return page.eval_on_selector_all("[data-testid='stSelectbox'] input", "els => els.map(e => e.value)")


def _without_names(lines: list[str], names: list[str]) -> list[str]:
    out = []
    for x in lines:
        for n in names:
            if n in x:
                x = x.replace(n, " ")
        out.append(x)
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_streamlit_speaks_the_page_language(page, server, unit_names, path, lang):
    sep = "&" if "?" in path else "?"
    page.goto(server + path + sep + "illustrative=1" + ("&lang=en" if lang == "en" else ""))
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    dismiss_first_load_dialog(page)
    idle(page)
    no_exception(page)
    lines = _read(page)
    if lang == "en":
        lines = _without_names(lines, unit_names)
    assert not strange(lines, lang), "\n".join(strange(lines, lang))
    if "nhap-so-lieu" in path:
        # the button's word: Streamlit's 'Upload' hidden, ours drawn by the scoped style rule
        word = page.locator("[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer']")
        assert word.evaluate("e => getComputedStyle(e, '::after').content") == ('"Chọn tệp"' if lang == "vi"
                                                                               else '"Upload"')
        assert not word.locator("p").is_visible()
        assert not page.locator("[data-testid='stFileUploaderDropzoneInstructions']").is_visible()


def test_the_language_switch_relabels_the_chosen_options_at_once(page, server):
    """Streamlit keys a keyed selectbox by its key alone: without the switch re-sending the
    chosen options, the English page kept 'Trước 7/2025 (63 tỉnh)' and 'Tỉnh, thành phố'."""
    page.goto(server + "/so-sanh?compare=74,79&illustrative=1")
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    dismiss_first_load_dialog(page)
    idle(page)
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    idle(page)
    page.locator(MAIN).get_by_text("Compare", exact=True).first.wait_for(timeout=30_000)
    idle(page)
    shown = _chosen(page)
    assert any("Before 7/2025" in s for s in shown), shown
    assert any("Province" in s for s in shown), shown
    assert not strange(shown, "en"), shown
