"""doisanh.views as the pages use them: memoised by the content of their frames (ui/memo.py),
so a rerun that shows the same data does not derive it again. The results are shared between
sessions: read them, never change them."""
from __future__ import annotations

from doisanh import briefing as _briefing
from doisanh import views as _views
from ui.memo import memo

parts = memo(maxsize=64)(_views.parts)
weakest = memo(maxsize=64)(_views.weakest)
has_part_values = memo(maxsize=64)(_views.has_part_values)
parts_complete = memo(maxsize=64)(_views.parts_complete)
components_table = memo(maxsize=64)(_views.components_table)
components_chart_frame = memo(maxsize=64)(_views.components_chart_frame)
trend_frame = memo(maxsize=64)(_views.trend_frame)
trend_caption = memo(maxsize=64)(_views.trend_caption)
compare_in_order = memo(maxsize=32)(_views.compare_in_order)
compare_pivot = memo(maxsize=32)(_views.compare_pivot)
compare_bars = memo(maxsize=32)(_views.compare_bars)
row_of = memo(maxsize=256)(_views.row_of)
units_without_total = memo(maxsize=32)(_views.units_without_total)
own_years = memo(maxsize=256)(_views.own_years)
rank_neighbours = memo(maxsize=64)(_views.rank_neighbours)
peers_without = memo(maxsize=64)(_views.peers_without)
distribution_marks = memo(maxsize=32)(_views.distribution_marks)
briefing_data = memo(maxsize=32)(_briefing.data_for)
paragraph = memo(maxsize=32)(_briefing.paragraph)
rows_around = memo(maxsize=64)(_views.rows_around)
