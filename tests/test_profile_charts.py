"""Charts of the profile page. Trend (doisanh.charts.trend_lines over views.trend_frame): a unit
with a few predecessors names each line in the legend; a commune merged from many old ones
colours its lines by role, so the legend stays two or three entries and the plot stays in view.
Distribution (charts.distribution over views.distribution_marks): the unit a red rule, its peers
a rug of ticks that covers the whole group, however large."""
from __future__ import annotations

import polars as pl
import pytest

from doisanh import charts, views
from doisanh.i18n import t


def _trend(n_predecessors: int) -> pl.DataFrame:
    """What queries/trend.sql returns, oldest first: the predecessors in 2023–2024, then the new
    unit in 2025."""
    rows = [dict(year=2025, era="post2025", relation="self", unit_code="00004", name_vi="Ba Đình",
                 name_en="Ba Dinh", crosswalk_relation=None, value=59.2, rank_in_group=119,
                 n_in_group=126, is_illustrative=True, source_id="illustrative")]
    for i in range(n_predecessors):
        for year in (2023, 2024):
            rows.append(dict(year=year, era="pre2025", relation="predecessor", unit_code=f"{i:05d}",
                             name_vi=f"Phường {i}", name_en=f"Ward {i}", crosswalk_relation="whole",
                             value=60.0 + i, rank_in_group=10 + i, n_in_group=500,
                             is_illustrative=False, source_id="s1"))
    return pl.DataFrame(rows[1:] + rows[:1])


def _encoding(tf: pl.DataFrame) -> dict:
    spec = charts.trend_lines(tf, field="value", title="Điểm", series_title="Đơn vị").to_dict()
    return spec["layer"][0]["encoding"]


def test_a_few_predecessors_each_have_a_legend_entry():
    tf = views.trend_frame(_trend(2), "vi", 2)
    enc = _encoding(tf)
    assert enc["color"]["field"] == "series"
    assert tf["series"].n_unique() == 3
    # this unit first and red (as on the other charts), each predecessor a colour of its own
    assert enc["color"]["scale"]["domain"] == ["Ba Đình (đơn vị này, ≥7/2025)",
                                               "Phường 0 (đơn vị tiền thân, ≤2025)",
                                               "Phường 1 (đơn vị tiền thân, ≤2025)"]
    assert enc["color"]["scale"]["range"][0] == "#d62728"
    assert len(set(enc["color"]["scale"]["range"])) == 3
    assert views.trend_caption(tf, "vi") == t("trend_note", "vi")      # no count of grey lines


@pytest.mark.parametrize("lang, self_label, pred_label", [("vi", "Đơn vị này", "Đơn vị tiền thân"),
                                                          ("en", "This unit", "Predecessor")])
def test_many_predecessors_are_coloured_by_role_and_counted(lang, self_label, pred_label):
    tf = views.trend_frame(_trend(10), lang, 2)
    assert tf["series"].n_unique() == 11 > views.MAX_NAMED_SERIES
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


def _ranking(n: int) -> pl.DataFrame:
    """A ranking result, best first: unit i has 100 - i * 0.05."""
    return pl.DataFrame({"unit_code": [f"{i:05d}" for i in range(n)],
                         "name_vi": [f"Xã {i}" for i in range(n)], "name_en": [f"Commune {i}" for i in range(n)],
                         "value": [100 - i * 0.05 for i in range(n)]})


@pytest.mark.parametrize("n, shown", [(300, 299), (2_500, 833)])
def test_peer_marks_cover_the_whole_group(n, shown):
    """300 peers: every one is marked (the best 200 were, before); 2,500: every third by rank,
    down to the last ones — the marks span the group as the group spans the axis."""
    ranking = _ranking(n)
    marks, _ = views.distribution_marks(ranking, "00000", 100.0, "Xã 0", mark_peers=True, lang="vi",
                                        decimals=2, bands=())
    peers = marks.slice(1)
    assert marks["who"][0] == t("this_unit", "vi") and peers.height == shown <= views.MAX_PEER_MARKS
    assert peers["value"].min() <= ranking["value"].min() + 0.15     # the bottom of the group too
    assert "00000" not in peers["label"].to_list()


def test_distribution_draws_the_unit_as_a_rule_and_its_peers_as_a_rug():
    marks, thresholds = views.distribution_marks(_ranking(50), "00010", 99.5, "Xã 10", mark_peers=True,
                                                 lang="vi", decimals=2, bands=((65.0, "Khá"),))
    bins = pl.DataFrame({"bin_lo": [95.0, 97.5], "bin_hi": [97.5, 100.0], "n_units": [20, 30]})
    layers = charts.distribution(bins, marks, thresholds, value_title="Điểm", count_title="Số").to_dict()["layer"]
    kinds = [(ly["mark"] if isinstance(ly["mark"], str) else ly["mark"]["type"]) for ly in layers]
    assert kinds == ["rect", "tick", "rule", "rule"]
    rug, unit = layers[1], layers[2]
    assert rug["encoding"]["y"] == {"datum": 0}
    # one colour scale (hence one legend): the unit red, its peers blue
    assert rug["encoding"]["color"]["scale"] == unit["encoding"]["color"]["scale"]
    assert unit["encoding"]["color"]["scale"]["range"] == [charts.CHOSEN_COLOR, charts.PUBLISHED_COLOR]


def test_rank_neighbours_name_ties_together_and_the_leader():
    r = pl.DataFrame({"unit_code": ["a", "b", "c", "d", "e", "f", "g"],
                      "name_vi": ["A", "B", "C", "D", "E", "F", "G"], "name_en": ["A", "B", "C", "D", "E", "F", "G"],
                      "value": [90.0, 85.0, 85.0, 85.0, 85.0, 80.0, 70.0], "rank_in_peers": [1, 2, 2, 2, 2, 6, 7]})
    line = views.rank_neighbours(r, "f", "vi", 2)
    assert line == ("Ngay trên: **B**, **C**, **D** và 1 đơn vị khác (hạng 2, 85,00 điểm, hơn 5,00)"
                    " · ngay dưới: **G** (hạng 7, 70,00 điểm, kém 10,00)")
    assert views.rank_neighbours(r, "a", "en", 2) == (
        "Leads the group · just below: **B**, **C**, **D** and 1 more (rank 2, 85.00, 5.00 behind)")
    assert views.rank_neighbours(r, "g", "vi", 2).startswith("Ngay trên: **F** (hạng 6")
    assert views.rank_neighbours(r, "zz", "vi", 2) is None
