"""The profile page's blocks: the headline figures of the unit (score, rank, percentile, rating
and gaps, with status and source) and where it stands in the distribution of its level."""
from __future__ import annotations

import polars as pl
import streamlit as st

from doisanh.catalog import Index
from doisanh.i18n import t
from ui import controls, notes
from ui import views as derived


def headline_metrics(h, ix: Index, year: int, lang: str) -> None:
    status = notes.status_text(h.is_illustrative, lang, h.source_id)
    src = notes.source_text(h.source_id, lang)
    st.caption(t("metric_caption", lang, index=controls.index_label(ix, lang), year=year, status=status,
                 source=f" — {t('source', lang)}: {src}" if src else ""))
    if h.is_illustrative:
        st.warning(t("illustrative_banner", lang, k=1, n=1))
    # two wrapping rows rather than st.columns: two blocks to send on every rerun instead of nine
    row = st.container(horizontal=True)
    row.metric(t("score", lang), h.score, h.score_delta, delta_color="normal")
    row.metric(t("rank", lang), h.rank, h.rank_delta, delta_color="off" if not h.rank_moved else "normal",
               help=t("help_rank", lang))
    row.metric(t("percentile", lang), h.percentile, help=t("help_percentile", lang))
    row.metric(t("rating", lang), h.rating, help=t("help_rating", lang))
    row = st.container(horizontal=True)
    row.metric(t("gap_to_leader", lang), h.gap_leader, help=t("help_gap_leader", lang))
    row.metric(t("gap_to_median", lang), h.gap_median, help=t("help_gap_median", lang))
    row.metric(t("gap_to_next_rank", lang), h.gap_next, help=t("help_gap_next", lang))


MIN_DISTRIBUTION = 3   # units with a figure below which there is no distribution to draw


def distribution_view(ranking: pl.DataFrame, row: dict, ix: Index, era: str, level: str,
                      year: int, group, lang: str) -> None:
    from ui import plot
    bins = notes.run_query(lang, "histogram", era=era, level=level, index_id=ix.id, year=year,
                           province_code=None, bins=30)
    if bins is None or bins.is_empty():
        return
    n = int(bins["n_units"].sum())
    if n < MIN_DISTRIBUTION:      # one published district drew one bar of width 0.000000001
        st.caption(t("distribution_too_few", lang, n=n))
        return
    name = "name_en" if lang == "en" else "name_vi"
    # peers are marked when they are a subset; the whole level is the histogram itself
    bands = tuple((b.min, b.name_vi if lang == "vi" else b.name_en) for b in ix.bands_for(year) if b.min > 0)
    marks, thresholds = derived.distribution_marks(ranking, row["unit_code"], row["value"], row[name],
                                                   mark_peers=group.mode != "all", lang=lang,
                                                   decimals=ix.decimals, bands=bands)
    # no caption under it: the peer group is named under the unit's name at the top of the page,
    # and the legend says which marks are the group (the caption repeated the first word for word)
    plot.show("distribution", bins, marks, thresholds, lang=lang,
              value_title=f"{controls.index_label(ix, lang)} {year}", count_title=t("n_units_axis", lang))
