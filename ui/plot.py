"""Charts on screen from cached specs.

Building an Altair chart and converting it (validation included) cost ~25 ms per chart on
every rerun (measured on the ranking chart; the profile page has four). `show` builds a chart
of doisanh.charts once per distinct input, converts it exactly as st.altair_chart does, keeps
the result in a bounded memo keyed by the inputs' content (ui/memo.py: no per-call hashing by
Streamlit, no copy of the spec) and draws it with st.vega_lite_chart. Downloads build the
Altair chart only when clicked (`Chart.to_dict`); the briefing draws its own charts from its data
(doisanh.briefing).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import streamlit as st

# the conversion st.altair_chart applies (theme, datasets as Arrow); streamlit is pinned
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from doisanh import charts
from ui.memo import memo


@dataclass(frozen=True)
class Chart:
    """A chart of doisanh.charts by name and arguments, in a language; built only when asked.
    `build` gives the Altair chart; `to_dict` the finished spec, numbers in the language's
    format (PNG/SVG downloads)."""
    name: str
    args: tuple
    kwargs: tuple[tuple[str, Any], ...]
    lang: str = "vi"

    def build(self) -> alt.TopLevelMixin:
        return getattr(charts, self.name)(*self.args, **dict(self.kwargs))

    def to_dict(self) -> dict:
        return charts.localized(self.build(), self.lang).to_dict()


@memo(maxsize=256)
def _spec(name: str, args: tuple, kwargs: tuple) -> dict:
    return _convert_altair_to_vega_lite_spec(Chart(name, args, kwargs).build())


def show(name: str, *args: Any, lang: str, width: str = "stretch", **kwargs: Any) -> Chart:
    """Draw doisanh.charts.<name>(*args, **kwargs) from the cached spec, numbers in the format
    of `lang`; returns the Chart."""
    if not hasattr(charts, name):
        raise ValueError(f"doisanh.charts has no chart {name!r}")
    ch = Chart(name, args, tuple(sorted(kwargs.items())), lang)
    st.vega_lite_chart(charts.localize_spec(_spec(ch.name, ch.args, ch.kwargs), lang), width=width)
    return ch
