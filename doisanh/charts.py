"""One small function per chart; each returns an alt.Chart over a tidy frame.

Channel objects, not shorthand strings (shorthand parsing costs ~7 ms a chart).
"""
from __future__ import annotations

import altair as alt
import polars as pl

PUBLISHED_COLOR = "#1f5fa8"
ILLUSTRATIVE_COLOR = "#b8bec6"


def ranking_bars(df: pl.DataFrame, *, value_title: str, status_title: str,
                 published_label: str, illustrative_label: str,
                 highlight: str | None = None) -> alt.Chart:
    """Lollipop chart, best first: a dot per unit on an axis that starts near the lowest score
    (so small gaps are visible) and a thin rule from that axis start; illustrative dots grey.

    `df` needs: label, value, rank_in_peers, is_illustrative, unit_code, value_text.
    """
    data = df.with_columns(
        pl.when(pl.col("is_illustrative")).then(pl.lit(illustrative_label))
        .otherwise(pl.lit(published_label)).alias("status"),
        (pl.col("unit_code") == (highlight or "")).alias("is_selected"),
        pl.lit(float(df["value"].min()) if df.height else 0.0).alias("axis_start"),
    ).select("label", "value", "rank_in_peers", "status", "is_selected", "value_text",
             "axis_start")
    y = alt.Y("label", type="nominal", sort=alt.EncodingSortField(field="rank_in_peers"),
              title=None, axis=alt.Axis(labelLimit=150, labelOverlap=False))
    x = alt.X("value", type="quantitative", title=value_title, scale=alt.Scale(zero=False))
    color = alt.Color("status", type="nominal", title=status_title,
                      scale=alt.Scale(domain=[published_label, illustrative_label],
                                      range=[PUBLISHED_COLOR, ILLUSTRATIVE_COLOR]),
                      legend=alt.Legend(orient="bottom"))
    tooltip = [alt.Tooltip("label", type="nominal", title=" "),
               alt.Tooltip("value_text", type="nominal", title=value_title),
               alt.Tooltip("status", type="nominal", title=status_title)]
    base = alt.Chart(data)
    rules = base.mark_rule(strokeWidth=1.5).encode(
        y=y, x=alt.X("axis_start", type="quantitative"), x2=alt.X2("value"), color=color)
    dots = base.mark_circle(size=90, opacity=1).encode(
        y=y, x=x, color=color, tooltip=tooltip,
        stroke=alt.condition(alt.datum.is_selected, alt.value("#d62728"), alt.value("white")),
        strokeWidth=alt.condition(alt.datum.is_selected, alt.value(3), alt.value(0.5)),
    )
    return (rules + dots).properties(height=alt.Step(20), width="container")
