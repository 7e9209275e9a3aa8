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
    """Horizontal bars, best first; illustrative bars grey and hatched by opacity.

    `df` needs: label, value, rank_in_peers, is_illustrative, unit_code, value_text.
    """
    data = df.with_columns(
        pl.when(pl.col("is_illustrative")).then(pl.lit(illustrative_label))
        .otherwise(pl.lit(published_label)).alias("status"),
        (pl.col("unit_code") == (highlight or "")).alias("is_selected"),
    ).select("label", "value", "rank_in_peers", "status", "is_selected", "value_text")
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        y=alt.Y("label", type="nominal", sort=alt.EncodingSortField(field="rank_in_peers"),
                title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X("value", type="quantitative", title=value_title),
        color=alt.Color("status", type="nominal", title=status_title,
                        scale=alt.Scale(domain=[published_label, illustrative_label],
                                        range=[PUBLISHED_COLOR, ILLUSTRATIVE_COLOR]),
                        legend=alt.Legend(orient="bottom")),
        stroke=alt.condition(alt.datum.is_selected, alt.value("#d62728"), alt.value(None)),
        strokeWidth=alt.condition(alt.datum.is_selected, alt.value(3), alt.value(0)),
        tooltip=[alt.Tooltip("label", type="nominal", title=" "),
                 alt.Tooltip("value_text", type="nominal", title=value_title),
                 alt.Tooltip("rank_in_peers", type="quantitative", title="#"),
                 alt.Tooltip("status", type="nominal", title=status_title)],
    )
    return bars.properties(height=alt.Step(18), width="container")
