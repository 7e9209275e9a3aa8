"""The floor of a page's rerun: a stand-in script that sends the same Streamlit elements as
the page (same kinds, same counts, same number of blocks) with tiny contents and none of our
work — no query, no frame, no chart spec to build. Its rerun time, as a ratio to the empty
script's, is what Streamlit alone costs for a page of that shape; the page's own ratio minus
this one is what our code adds. Used by benchmarks/bench.py (section 3).
"""
from __future__ import annotations

import functools

HEAD = '''import ui  # noqa: F401  (same transport as the app: TCP_NODELAY, ui/net.py)
import streamlit as st

from benchmarks.floor import chart_spec, table

SPEC, FRAME = chart_spec(), table()
'''

# element type (as the websocket carries it) -> one call that sends it; {i} numbers the keys
MAKERS = {
    "markdown": 'st.markdown("Đoạn {i}")',
    "heading": 'st.header("Tiêu đề {i}")',
    "text": 'st.text("{i}")',
    "code": 'st.code("https://example.org/{i}")',
    "alert": 'st.info("Thông báo {i}")',
    "metric": 'st.metric("Chỉ số {i}", "79,92", "+1,20")',
    "selectbox": 'st.selectbox("Chọn {i}", ["a", "b", "c"], key="s{i}")',
    "radio": 'st.radio("Chọn {i}", ["vi", "en"], key="r{i}", horizontal=True)',
    "checkbox": 'st.toggle("Bật {i}", key="c{i}")',        # st.toggle is sent as a checkbox
    "text_input": 'st.text_input("Tìm {i}", key="t{i}")',
    "multiselect": 'st.multiselect("Chọn {i}", ["a", "b", "c"], default=["a"], key="m{i}")',
    "slider": 'st.slider("Trượt {i}", 0.0, 10.0, 5.0, key="l{i}")',
    "number_input": 'st.number_input("Số {i}", value=1.0, key="n{i}")',
    "button": 'st.button("Nút {i}", key="b{i}")',
    "download_button": ('st.download_button("Tải {i}", lambda: b"a,b\\n1,2\\n", file_name="f{i}.csv", '
                        'key="d{i}", on_click="ignore")'),
    "vega_lite_chart": "st.vega_lite_chart(SPEC)",
    "dataframe": "st.dataframe(FRAME)",
    "html": 'st.html("<p>Bảng {i}</p>")',
    "page_link": 'st.page_link("https://example.org/{i}", label="Liên kết {i}")',
    "empty": "st.empty()",
}


async def shape(ws_url: str, page: str = "", query: str = "") -> tuple[dict[str, int], int]:
    """The element types and counts, and the number of blocks, a rerun of the page sends (the
    page must render without an error, the first time and the rerun)."""
    from benchmarks import stclient as sc
    s = await sc.Session.open(ws_url, page=page, query=query)
    try:
        for _ in range(2):
            r = await s.render(timeout=120)
            if not r.ok:
                raise RuntimeError(f"{page}?{query}: {r.status} {r.exceptions} {r.errors}")
        return dict(r.elements), r.blocks
    finally:
        await s.close()


@functools.cache
def table():
    """A small Arrow table, as ui.tables.table hands frames to st.dataframe."""
    import pyarrow as pa
    return pa.table({"a": list(range(10)), "b": [i * 1.5 for i in range(10)]})


@functools.cache
def chart_spec() -> dict:
    """A small bar chart converted once, as ui/plot.py keeps the app's specs (data already as
    Arrow bytes); made on import of this module, not on every run of the stand-in."""
    import altair as alt
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    return _convert_altair_to_vega_lite_spec(alt.Chart(table().to_pandas()).mark_bar().encode(x="a:O", y="b:Q"))


def script(elements: dict[str, int], blocks: int) -> str:
    """The stand-in's source. An element type without a maker is an error, so a page that
    starts sending a new kind of element cannot make the floor silently cheaper."""
    unknown = sorted(set(elements) - set(MAKERS))
    if unknown:
        raise KeyError(f"benchmarks/floor.py has no stand-in for element types {unknown}")
    lines = [HEAD]
    lines += ["st.container()"] * blocks
    n = 0
    for kind, count in sorted(elements.items()):
        for _ in range(count):
            lines.append(MAKERS[kind].format(i=n))
            n += 1
    return "\n".join(lines) + "\n"
