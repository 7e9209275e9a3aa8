"""One-page briefing for a unit: a paragraph written the way review-meeting reports write it,
generated deterministically from the numbers (templates, no language model), key figures,
the components chart, sources and the illustrative flag — rendered to PDF or PNG."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import altair as alt
import polars as pl

from doisanh import charts, fmt
from doisanh.catalog import Index
from doisanh.i18n import t

# how the value of each index is written in a report
_SUFFIX = {"%": ("%", "%"), "điểm": (" điểm", " points"), "0–1": ("", "")}


@dataclass(frozen=True)
class BriefingData:
    lang: str
    unit_name: str                  # 'Tỉnh Bình Dương'
    index: Index
    year: int
    value: float
    rank: int | None                # None: no rank printed, and not every unit published
    n: int
    peer_phrase_vi: str             # 'tỉnh, thành phố' or 'đơn vị trong nhóm …'
    peer_phrase_en: str
    is_illustrative: bool
    prev_year: int | None = None
    prev_rank: int | None = None
    prev_value: float | None = None
    gap_to_leader: float | None = None
    gap_to_next_rank: float | None = None
    rating: str | None = None
    weakest_name: str | None = None
    weakest_gap: float | None = None
    whatif_changes: tuple[tuple[str, float], ...] = ()   # (component name, new value)
    whatif_total: float | None = None
    whatif_rank: int | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)
    any_illustrative: bool = False


def _v(d: BriefingData, x: float | None) -> str:
    return fmt.num(x, d.index.decimals, d.lang)


def paragraph(d: BriefingData) -> str:
    """The opening paragraph, e.g. 'Năm 2020, Chỉ số CCHC của Tỉnh Bình Dương đạt 86,93%, xếp
    thứ 4/63 tỉnh, thành phố, tăng 13 bậc so với năm 2019; …'."""
    vi = d.lang == "vi"
    suffix = _SUFFIX.get(d.index.unit, ("", ""))[0 if vi else 1]
    name = d.index.short_vi if vi else d.index.short_en
    score = _v(d, d.value) + suffix
    parts: list[str] = []
    if d.rank is None:               # a figure without a rank: only some units are published
        s = (f"Năm {d.year}, {name} của {d.unit_name} đạt {score} (chưa có hạng công bố)" if vi else
             f"In {d.year}, {d.unit_name}'s {name} was {score} (no published rank)")
    elif vi:
        s = f"Năm {d.year}, {name} của {d.unit_name} đạt {score}, xếp thứ {d.rank}/{d.n} {d.peer_phrase_vi}"
    else:
        s = f"In {d.year}, {d.unit_name}'s {name} was {score}, ranking {d.rank} of {d.n} {d.peer_phrase_en}"
    if d.prev_rank is not None and d.prev_year is not None and d.rank is not None:
        moved = d.prev_rank - d.rank
        if vi:
            change = (f"tăng {moved} bậc" if moved > 0 else f"giảm {-moved} bậc" if moved < 0
                      else "giữ nguyên thứ hạng")
            s += f", {change} so với năm {d.prev_year}"
        else:
            change = (f"up {moved} places" if moved > 0 else f"down {-moved} places" if moved < 0
                      else "the same rank")
            s += f", {change} from {d.prev_year}"
    if d.rating:
        s += f" (xếp loại {d.rating})" if vi else f" (rated {d.rating})"
    parts.append(s)
    if d.rank is not None and d.rank > 1 and d.gap_to_leader is not None:
        if vi:
            parts.append(f"cách đơn vị dẫn đầu {_v(d, d.gap_to_leader)} điểm và cần thêm "
                         f"{_v(d, d.gap_to_next_rank)} điểm để lên hạng")
        else:
            parts.append(f"{_v(d, d.gap_to_leader)} points behind the leader, needing "
                         f"{_v(d, d.gap_to_next_rank)} more points to move up a place")
    elif d.rank == 1:
        parts.append("dẫn đầu nhóm so sánh" if vi else "leading the peer group")
    text = "; ".join(parts) + "."
    if d.weakest_name is not None and d.weakest_gap is not None:
        gap = fmt.num(d.weakest_gap, d.index.decimals, d.lang, sign=True)
        text += (f" Thành phần thấp nhất so với nhóm là “{d.weakest_name}” ({gap} điểm so với trung vị)."
                 if vi else
                 f" The weakest component against peers is “{d.weakest_name}” ({gap} points from the median).")
    if d.whatif_changes and d.whatif_total is not None and d.whatif_rank is None:
        changes = ", ".join(f"“{c}” lên {_v(d, v)}" if vi else f"“{c}” to {_v(d, v)}"
                            for c, v in d.whatif_changes)
        text += (f" Nếu nâng {changes}, tổng điểm đạt {_v(d, d.whatif_total)}{suffix}." if vi else
                 f" Raising {changes} would give {_v(d, d.whatif_total)}{suffix}.")
    elif d.whatif_changes and d.whatif_total is not None:
        changes = ", ".join(f"“{c}” lên {_v(d, v)}" if vi else f"“{c}” to {_v(d, v)}"
                            for c, v in d.whatif_changes)
        text += (f" Nếu nâng {changes}, tổng điểm đạt {_v(d, d.whatif_total)}{suffix}, "
                 f"xếp thứ {d.whatif_rank}/{d.n} (các đơn vị khác giữ nguyên)."
                 if vi else
                 f" Raising {changes} would give {_v(d, d.whatif_total)}{suffix}, rank "
                 f"{d.whatif_rank} of {d.n} (other units unchanged).")
    if d.any_illustrative:
        text += (" Lưu ý: một số số liệu trong bản này là số liệu minh họa, không phải số liệu công bố."
                 if vi else
                 " Note: some figures here are illustrative, not published.")
    return text


def _text_block(lines: list[str], *, size: int, bold: bool = False, color: str = "#222",
                width: int = 760) -> alt.Chart:
    data = pl.DataFrame({"line": lines, "i": list(range(len(lines)))})
    return alt.Chart(data).mark_text(
        align="left", baseline="top", fontSize=size, fontWeight="bold" if bold else "normal",
        color=color, font="DejaVu Sans, Liberation Sans, Arial, sans-serif",
    ).encode(
        x=alt.value(0), y=alt.Y("i", type="ordinal", axis=None),
        text=alt.Text("line", type="nominal"),
    ).properties(width=width, height=int(size * 1.45 * max(len(lines), 1)))


def spec(d: BriefingData, chart: alt.Chart | None) -> dict:
    """The briefing as one Vega-Lite spec (A4-ish portrait), ready for vl-convert."""
    vi = d.lang == "vi"
    title = f"Đối sánh — {d.unit_name} — {d.index.short_vi if vi else d.index.short_en} {d.year}"
    blocks: list[alt.Chart] = [_text_block([title], size=18, bold=True)]
    if d.is_illustrative or d.any_illustrative:
        blocks.append(_text_block([t("briefing_illustrative", d.lang)], size=11, color="#a05a00"))
    blocks.append(_text_block(textwrap.wrap(paragraph(d), 110), size=12))
    figures = [
        f"{t('score', d.lang)}: {_v(d, d.value)} · {t('rank', d.lang)}: {fmt.rank(d.rank, d.n)}"
        f" · {t('status', d.lang)}: {t('illustrative' if d.is_illustrative else 'published', d.lang)}",
    ]
    blocks.append(_text_block(figures, size=12, bold=True))
    if chart is not None:
        blocks.append(chart.properties(width=700))
        blocks.append(_text_block([t("components_legend", d.lang)], size=9, color="#555"))
    foot = [f"{t('source', d.lang)}: " + s for s in d.sources[:4]] or [t("source", d.lang) + ": —"]
    wrapped = [w for line in foot for w in textwrap.wrap(line, 130)]
    blocks.append(_text_block(wrapped, size=9, color="#555"))
    out = alt.vconcat(*blocks, spacing=8).configure_view(stroke=None).properties(
        padding={"left": 28, "top": 28, "right": 28, "bottom": 28})
    return charts.localize_spec(out.to_dict(), d.lang)


def pdf(d: BriefingData, chart: alt.Chart | None) -> bytes:
    import vl_convert as vlc
    return vlc.vegalite_to_pdf(_fixed(spec(d, chart)))


def png(d: BriefingData, chart: alt.Chart | None, scale: float = 1.5) -> bytes:
    import vl_convert as vlc
    return vlc.vegalite_to_png(_fixed(spec(d, chart)), scale=scale)


def _fixed(s: dict) -> dict:
    from doisanh.export import for_export
    return for_export(s, 700)
