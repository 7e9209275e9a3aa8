"""The trend charts of the profile page (doisanh.charts.trend_lines over views.trend_frame): a
unit with a few predecessors names each line in the legend; a commune merged from many old ones
colours its lines by role, so the legend stays two or three entries and the plot stays in view."""
from __future__ import annotations

import polars as pl
import pytest

from doisanh import charts, views
from doisanh.i18n import t


def _trend(n_predecessors: int) -> pl.DataFrame:
    """What queries/trend.sql returns: the new unit in 2025, its predecessors in 2023–2024."""
    rows = [dict(year=2025, era="post2025", relation="self", unit_code="00004", name_vi="Ba Đình",
                 name_en="Ba Dinh", crosswalk_relation=None, value=59.2, rank_in_group=119,
                 n_in_group=126, is_illustrative=True, source_id="illustrative")]
    for i in range(n_predecessors):
        for year in (2023, 2024):
            rows.append(dict(year=year, era="pre2025", relation="predecessor", unit_code=f"{i:05d}",
                             name_vi=f"Phường {i}", name_en=f"Ward {i}", crosswalk_relation="whole",
                             value=60.0 + i, rank_in_group=10 + i, n_in_group=500,
                             is_illustrative=False, source_id="s1"))
    return pl.DataFrame(rows)


def _encoding(tf: pl.DataFrame) -> dict:
    spec = charts.trend_lines(tf, field="value", title="Điểm", series_title="Đơn vị").to_dict()
    return spec["layer"][0]["encoding"]


def test_a_few_predecessors_each_have_a_legend_entry():
    tf = views.trend_frame(_trend(2), "vi", 2)
    enc = _encoding(tf)
    assert enc["color"]["field"] == "series"
    assert tf["series"].n_unique() == 3
    assert views.trend_caption(tf, "vi") == t("trend_note", "vi")      # no count of grey lines


@pytest.mark.parametrize("lang, self_label, pred_label", [("vi", "Đơn vị này", "Đơn vị tiền thân"),
                                                          ("en", "This unit", "Predecessor")])
def test_many_predecessors_are_coloured_by_role_and_counted(lang, self_label, pred_label):
    tf = views.trend_frame(_trend(10), lang, 2)
    assert tf["series"].n_unique() == 11 > charts.MAX_NAMED_SERIES
    enc = _encoding(tf)
    assert enc["color"]["field"] == "role"
    # two legend entries, this unit first and red, the predecessors grey; one line per unit
    assert enc["color"]["scale"]["domain"] == [self_label, pred_label]
    assert enc["color"]["scale"]["range"] == ["#d62728", "#8c96a3"]
    assert enc["detail"]["field"] == "series"
    # each unit is still named, in the points' tooltip
    points = charts.trend_lines(tf, field="value", title="Điểm", series_title="Đơn vị").to_dict()["layer"][1]
    assert points["encoding"]["tooltip"][0]["field"] == "series"
    caption = views.trend_caption(tf, lang)
    assert ("10 đơn vị tiền thân" if lang == "vi" else "The 10 predecessors") in caption
