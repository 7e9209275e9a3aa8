"""Shared steps for the browser tests: wait for Streamlit to finish a run, read a metric, and fail
on any exception box. Reading the page before the run that an action started has finished is how a
browser test goes flaky on a loaded machine, so every test waits with `idle` or `expect`."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
T = 30_000  # ms; the first page of a session loads the snapshot
MAIN = "[data-testid='stMain']"


def idle(page) -> None:
    """Wait until the script run that the last action started has finished."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=T)


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=re.compile("^" + label + "$")))
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def no_exception(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def dismiss_first_load_dialog(page) -> None:
    """The first request after the server starts, if it is not for the default page, gets
    Streamlit's "Page not found" modal over the right page (streamlit/streamlit#9992); the
    modal holds the keyboard focus, so close it."""
    dialog = page.locator("[data-testid='stDialog']")
    if dialog.count():
        assert "Page not found" in dialog.inner_text()
        dialog.get_by_role("button", name="Close").click()
        dialog.wait_for(state="detached", timeout=T)


def shows(page, *texts: str) -> str:
    """The main area's text once the run has finished and every one of `texts` is on screen. On
    failure the whole text goes into the message and a screenshot into test-results/."""
    idle(page)
    main = page.locator(MAIN)
    for text in texts:
        try:
            expect(main).to_contain_text(text, timeout=T)
        except AssertionError:
            out = ROOT / "test-results"
            out.mkdir(exist_ok=True)
            page.screenshot(path=str(out / "missing-text.png"), full_page=True)
            raise AssertionError(f"{text!r} is not on {page.url}; the page reads:\n"
                                 f"{main.inner_text()}") from None
    no_exception(page)
    return main.inner_text()


# Both halves of the pair `key`: shown or not, the narrow table's cells (text and right edge),
# whether its own block scrolls sideways, and how wide the document and the main pane scroll.
PAIR_JS = """(key) => {
  const shown = (e) => !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
  const narrow = document.querySelector(`.st-key-narrow-${key}`);
  const wide = document.querySelector(`.st-key-wide-${key}`);
  const table = narrow && narrow.querySelector('table');
  const rows = table ? [...table.querySelectorAll('tr')].map(tr => [...tr.children].map(c =>
      ({text: c.innerText.trim(), right: c.getBoundingClientRect().right}))) : [];
  const box = table && table.parentElement;
  const main = document.querySelector("[data-testid='stMain']");
  const rules = [...document.querySelectorAll('style')].filter(s => s.textContent.includes('st-key-narrow-'));
  return {narrow: shown(narrow), wide: shown(wide), rows, rules: rules.length,
          wideShown: wide ? [...wide.querySelectorAll('*')].some(shown) : false,
          tableScrolls: box ? box.scrollWidth > box.clientWidth : null,
          doc: document.documentElement.scrollWidth, main: main.scrollWidth};
}"""


def pair_state(page, key: str) -> dict:
    page.wait_for_timeout(300)          # the style rule and the grid settle after the run
    return page.evaluate(PAIR_JS, key)


def assert_fits(got: dict, width: int) -> None:
    """The narrow half of a pair (ui/narrow.py) is shown, the wide one hidden, and nothing of it
    reaches past `width` or scrolls sideways."""
    assert got["narrow"] and not got["wide"] and not got["wideShown"], got
    assert got["rules"] == 1, got                       # one style rule on the page (app.py)
    assert got["doc"] <= width and got["main"] <= width, got
    assert got["tableScrolls"] is False, got
    too_wide = [c for r in got["rows"] for c in r if c["right"] > width]
    assert not too_wide, too_wide
