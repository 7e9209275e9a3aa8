"""One small function per chart; each returns an alt.Chart over a tidy frame.

Channel objects, not shorthand strings (shorthand parsing costs ~7 ms a chart). Numbers on axes
and legends follow the page's language: `locale(lang)` is the Vega-Lite config.locale of a
Vietnamese chart (decimal comma, thousands dot: 79,92; 1.000), `localized` puts it on a chart.
"""
from __future__ import annotations

import textwrap

import altair as alt
import polars as pl

VI_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}


def locale(lang: str) -> dict | None:
    """Vega-Lite's config.locale for `lang` (None: Vega's default, English)."""
    return {"number": dict(VI_NUMBERS)} if lang == "vi" else None


def localized(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """A top-level chart with the number locale of `lang` (apply last: a configured chart
    cannot be layered or concatenated any more)."""
    loc = locale(lang)
    return chart if loc is None else chart.configure(locale=loc)


def localize_spec(spec: dict, lang: str) -> dict:
    """A Vega-Lite spec dict with the number locale of `lang` (a shallow copy; `spec` is not
    changed, so a cached spec can be shared)."""
    loc = locale(lang)
    if loc is None:
        return spec
    return {**spec, "config": {**spec.get("config", {}), "locale": loc}}


PUBLISHED_COLOR = "#1f5fa8"
ILLUSTRATIVE_COLOR = "#b8bec6"
CHOSEN_COLOR = "#d62728"        # the chosen unit, on every chart and map


def axis_start(values: pl.Series) -> float:
    """Where the ranking chart's stems start: a twentieth of the range below the lowest score (at
    the lowest score itself the last unit had no stem and looked as if it had no score)."""
    vals = values.drop_nulls()
    if vals.is_empty():
        return 0.0
    lo, hi = float(vals.min()), float(vals.max())
    return lo - ((hi - lo) / 20 or abs(lo) / 20 or 1.0)


def ranking_bars(df: pl.DataFrame, *, value_title: str, status_title: str,
                 published_label: str, illustrative_label: str,
                 highlight: str | None = None) -> alt.Chart:
    """Lollipop chart, best first: a dot per unit on an axis that starts just below the lowest
    score (so small gaps are visible; axis_start) and a thin rule from there; illustrative dots grey.

    `df` needs: label, value, rank_in_peers, is_illustrative, unit_code, value_text.
    """
    any_illustrative = bool(df["is_illustrative"].any())
    data = df.with_columns(
        pl.when(pl.col("is_illustrative")).then(pl.lit(illustrative_label))
        .otherwise(pl.lit(published_label)).alias("status"),
        (pl.col("unit_code") == (highlight or "")).alias("is_selected"),
        pl.lit(axis_start(df["value"])).alias("axis_start"),
    ).select("label", "value", "rank_in_peers", "status", "is_selected", "value_text",
             "axis_start")
    y = alt.Y("label", type="nominal", sort=alt.EncodingSortField(field="rank_in_peers"),
              title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False))  # "Cao Lãnh (thành phố, Đồng Tháp)"
    x = alt.X("value", type="quantitative", title=value_title, scale=alt.Scale(zero=False))
    color = alt.Color("status", type="nominal", title=status_title,
                      # the legend names only the kinds shown: no 'Illustrative' entry when
                      # every dot is published
                      scale=alt.Scale(domain=[published_label, illustrative_label][:1 + any_illustrative],
                                      range=[PUBLISHED_COLOR, ILLUSTRATIVE_COLOR][:1 + any_illustrative]),
                      # one entry under the other: side by side, 'Minh họa' was cut off at 390 px
                      # (the legend starts at the plot's left edge, after the units' names)
                      legend=alt.Legend(orient="bottom", direction="vertical"))
    tooltip = [alt.Tooltip("label", type="nominal", title=" "),
               alt.Tooltip("value_text", type="nominal", title=value_title),
               alt.Tooltip("status", type="nominal", title=status_title)]
    base = alt.Chart(data)
    rules = base.mark_rule(strokeWidth=1.5).encode(
        y=y, x=alt.X("axis_start", type="quantitative"), x2=alt.X2("value"), color=color)
    dots = base.mark_circle(size=90, opacity=1).encode(
        y=y, x=x, color=color, tooltip=tooltip,
        stroke=alt.condition(alt.datum.is_selected, alt.value(CHOSEN_COLOR), alt.value("white")),
        strokeWidth=alt.condition(alt.datum.is_selected, alt.value(3), alt.value(0.5)),
    )
    return (rules + dots).properties(height=alt.Step(20), width="container")


def components_vs_peers(df: pl.DataFrame, *, unit_label: str, median_label: str,
                        best_label: str, axis_title: str, label_limit: int = 180) -> alt.Chart:
    """Bars: the unit's achievement (value / max) per component; ticks: peer median and best.

    `df` needs: component_label, achievement, median_share, best_share, is_illustrative.
    """
    data = df.select("component_label", "achievement", "median_share", "best_share",
                     "value_text", "median_text", "best_text")
    y = alt.Y("component_label", type="nominal", sort=None, title=None,
              axis=alt.Axis(labelLimit=label_limit))
    x_scale = alt.Scale(domain=[0, 1])
    bars = alt.Chart(data).mark_bar(color=PUBLISHED_COLOR, opacity=0.85).encode(
        y=y, x=alt.X("achievement", type="quantitative", title=axis_title, scale=x_scale,
                     axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("component_label", type="nominal", title=" "),
                 alt.Tooltip("value_text", type="nominal", title=unit_label),
                 alt.Tooltip("median_text", type="nominal", title=median_label),
                 alt.Tooltip("best_text", type="nominal", title=best_label)])
    median = alt.Chart(data).mark_tick(color="#e07b00", thickness=3, size=18).encode(
        y=y, x=alt.X("median_share", type="quantitative", scale=x_scale))
    best = alt.Chart(data).mark_tick(color="#2ca02c", thickness=2, size=18).encode(
        y=y, x=alt.X("best_share", type="quantitative", scale=x_scale))
    return (bars + median + best).properties(height=alt.Step(26), width="container")


MAX_NAMED_SERIES = 4       # more series than this: coloured by role, named in the tooltip only


def trend_by_role(tf: pl.DataFrame) -> bool:
    """Whether the trend has too many series to name each in a legend (a commune merged from a
    dozen old ones): the chart then colours its lines by role and the caption counts them."""
    return tf["series"].n_unique() > MAX_NAMED_SERIES


STATUS_SHAPES = ("circle", "square", "triangle-up")   # published, illustrative, imported
_ROLE_COLOURS = {"self": CHOSEN_COLOR, "successor": PUBLISHED_COLOR, "predecessor": "#8c96a3"}
_PREDECESSOR_COLOURS = ("#8c96a3", "#e6a23c", "#6a9f58", "#9467bd")   # up to MAX_NAMED_SERIES named


def trend_lines(df: pl.DataFrame, *, field: str, title: str, series_title: str,
                reverse: bool = False, legends: bool = True,
                statuses: tuple[str, ...] = (), year_angle: int = 0) -> alt.Chart:
    """One line per series (this unit, predecessors, successor) over the years.

    This unit is always red and its successor blue, as the unit is red on the other charts. Up to
    MAX_NAMED_SERIES series each have a colour and a legend entry. A commune merged from
    a dozen old ones would get a legend taller than the chart (it pushed the plot out of view),
    so beyond that the lines are coloured by role — this unit red, its successor blue, every
    predecessor grey — and each line is named in its tooltip.

    `df` needs: year, series, relation ('self' | 'predecessor' | 'successor'), role (its label),
    <field>, status, value_text. `statuses` (published, illustrative, imported labels) fixes
    their shapes — circle, square, triangle — so a printed key can name them; `legends=False`
    leaves the legends out (the briefing says what the colours and shapes are in its text: in a
    composition Vega-Lite moves them to the foot of the whole page); `year_angle` tilts the
    years of a narrow chart.
    """
    data = df.select("year", "series", "relation", "role", field, "status", "value_text")
    by_role = trend_by_role(data)
    key = "role" if by_role else "series"
    # this unit first, then its successor, then predecessors (each group in the order first seen)
    entries = sorted(data.select("relation", key).unique(maintain_order=True).iter_rows(),
                     key=lambda r: list(_ROLE_COLOURS).index(r[0]))
    if by_role:
        colours = [_ROLE_COLOURS[rel] for rel, _ in entries]
    else:                            # a named predecessor gets a colour of its own
        spare = iter(_PREDECESSOR_COLOURS)
        colours = [next(spare) if rel == "predecessor" else _ROLE_COLOURS[rel] for rel, _ in entries]
    colour = alt.Color(key, type="nominal", title=series_title,
                       scale=alt.Scale(domain=[e[1] for e in entries], range=colours),
                       legend=alt.Legend(orient="top", direction="vertical", labelLimit=320) if legends else None)
    base = alt.Chart(data)
    enc = dict(
        x=alt.X("year", type="ordinal", title=None, axis=alt.Axis(labelAngle=year_angle)),
        # '~f' trims trailing zeros (one year of figures gave ticks like 86,930000) and takes its
        # decimals from the tick step; '~g' took significant digits from it: 0, 1e+1, 2e+1
        y=alt.Y(field, type="quantitative", title=title, axis=alt.Axis(format="~f"),
                scale=alt.Scale(zero=False, reverse=reverse)),
        color=colour,
        detail=alt.Detail("series", type="nominal"),
    )
    line = base.mark_line(point=False).encode(
        **enc, strokeWidth=alt.condition(alt.datum.relation == "self", alt.value(2.5), alt.value(1.5)))
    points = base.mark_point(filled=True, size=60).encode(
        **enc,
        # below the plot: beside the series legend at the top it was clipped on a phone
        shape=alt.Shape("status", type="nominal", title=None,
                        scale=alt.Scale(domain=list(statuses), range=list(STATUS_SHAPES[:len(statuses)]))
                        if statuses else alt.Undefined,
                        legend=alt.Legend(orient="bottom") if legends else None),
        tooltip=[alt.Tooltip("series", type="nominal", title=series_title),
                 alt.Tooltip("year", type="ordinal"),
                 alt.Tooltip("value_text", type="nominal", title=title),
                 alt.Tooltip("status", type="nominal", title=" ")])
    return (line + points).properties(height=340, width="container")


def distribution(bins: pl.DataFrame, marks: pl.DataFrame, thresholds: pl.DataFrame, *,
                 value_title: str, count_title: str) -> alt.Chart:
    """Histogram of all units (bins from SQL), a red rule for the unit, a rug of short blue
    ticks along the axis for its peers (hundreds of full-height rules hid the histogram and the
    rating thresholds), dashed rules for the rating thresholds.

    bins: bin_lo, bin_hi, n_units; marks: value, who, label (the unit first, then its peers);
    thresholds: value, label.
    """
    hist = alt.Chart(bins.select("bin_lo", "bin_hi", "n_units")).mark_rect(
        color="#c9d3df").encode(
        x=alt.X("bin_lo", type="quantitative", title=value_title, scale=alt.Scale(zero=False)),
        x2=alt.X2("bin_hi"),
        y=alt.Y("n_units", type="quantitative", title=count_title),
        y2=alt.Y2Datum(0))
    layers = [hist]
    if marks.height:
        data = marks.select("value", "who", "label")
        # one colour scale for both layers, so they share one legend: the unit red, peers blue
        colour = alt.Color("who", type="nominal", title=None,
                           scale=alt.Scale(domain=list(dict.fromkeys(data["who"].to_list())),
                                           range=[CHOSEN_COLOR, PUBLISHED_COLOR]),
                           legend=alt.Legend(orient="bottom"))
        tooltip = [alt.Tooltip("label", type="nominal", title=" ")]
        if data.height > 1:
            layers.append(alt.Chart(data.slice(1)).mark_tick(thickness=1.5, size=14, opacity=0.7).encode(
                x=alt.X("value", type="quantitative"), y=alt.YDatum(0), color=colour, tooltip=tooltip))
        layers.append(alt.Chart(data.head(1)).mark_rule(strokeWidth=3).encode(
            x=alt.X("value", type="quantitative"), color=colour, tooltip=tooltip))
    if thresholds.height:
        layers.append(alt.Chart(thresholds.select("value", "label")).mark_rule(
            strokeDash=[4, 3], color="#555").encode(
            x=alt.X("value", type="quantitative"),
            tooltip=[alt.Tooltip("label", type="nominal", title=" ")]))
    return alt.layer(*layers).properties(height=260, width="container")


# Vega-Lite has no 'container' width for a facet grid: fixed sizes that fit a 390 px phone (358 px
# of content, measured in tests/test_browser_compare.py): two panels and 16 px between them, 344 px
COMPARE_COLUMNS = 2
COMPARE_PANEL_WIDTH = 164    # px of bars in a panel
COMPARE_LEGEND_LABEL = 140   # px of a unit's name in the legend (two columns, a symbol before each)
# eight colours of Tableau 10 without its red, the colour of the chosen unit on every other chart
# (Streamlit's own palette coloured a peer red, and came in look-alike pairs of one hue)
COMPARE_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#edc948", "#b07aa1", "#9c755f", "#bab0ac"]
COMPARE_HEAD_CHARS = 24      # a component's name is wrapped onto lines of this many characters


def _panel_heads(names: list[str]) -> dict[str, str]:
    """Each name wrapped onto lines of COMPARE_HEAD_CHARS, joined by newlines, with blank lines
    before a shorter one, so every name ends just above its panel (the panels of a row line up)."""
    lines = {n: textwrap.wrap(n, COMPARE_HEAD_CHARS) or [n] for n in names}
    most = max(map(len, lines.values()), default=1)
    return {n: "\n".join([""] * (most - len(ls)) + ls) for n, ls in lines.items()}


def compare_bars(df: pl.DataFrame, *, unit_title: str, axis_title: str, value_title: str,
                 status_title: str) -> alt.FacetChart:
    """Small multiples: a panel per component (in the order they come in `df`), a bar per unit
    in every panel — the units in the order they come in `df` (the compare table's columns, the
    order they were chosen in: views.compare_in_order), in the same places and colours, named
    once in the legend above the panels. Illustrative bars are paler and say so in their tooltip.

    `df` needs: component_label, unit_label, achievement, value_text, status, status_text.
    """
    data = df.select("component_label", "unit_label", "achievement", "value_text", "status", "status_text")
    units = data["unit_label"].unique(maintain_order=True).to_list()   # the table's column order
    heads = _panel_heads(data["component_label"].unique(maintain_order=True).to_list())
    data = data.with_columns(panel=pl.col("component_label").replace_strict(heads))
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("unit_label", type="nominal", sort=units, axis=None),
        x=alt.X("achievement", type="quantitative", title=None, scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", values=[0, 0.5, 1])),
        color=alt.Color("unit_label", type="nominal", title=unit_title, sort=units,
                        scale=alt.Scale(range=COMPARE_COLORS),
                        legend=alt.Legend(orient="top", columns=COMPARE_COLUMNS, labelLimit=COMPARE_LEGEND_LABEL)),
        opacity=alt.condition(alt.datum.status == "illustrative", alt.value(0.55), alt.value(1)),
        tooltip=[alt.Tooltip("unit_label", type="nominal", title=unit_title),
                 alt.Tooltip("component_label", type="nominal", title=" "),
                 alt.Tooltip("value_text", type="nominal", title=value_title),
                 alt.Tooltip("achievement", type="quantitative", title=axis_title, format=".0%"),
                 alt.Tooltip("status_text", type="nominal", title=status_title)],
    ).properties(width=COMPARE_PANEL_WIDTH, height=alt.Step(10))
    # the names of the panels: lines of an array (Vega draws each on a line of its own)
    head = alt.Header(labelExpr="split(datum.value, '\\n')", labelAnchor="start", labelPadding=4,
                      labelLimit=COMPARE_PANEL_WIDTH)
    return bars.facet(facet=alt.Facet("panel", type="nominal", sort=list(heads.values()), title=axis_title,
                                      header=head),
                      columns=COMPARE_COLUMNS, spacing={"row": 12, "column": 16})
