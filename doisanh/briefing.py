"""One-page briefing for a unit, the page an official hands out at a meeting: A4 portrait
(595 × 842 pt) as PDF or PNG, in the page's language.

Data in, charts out: `data_for` turns the profile's query results into a `BriefingData`
(plain values, no frames), `paragraph` writes the report-ready paragraph from it
deterministically (templates, no language model), and `spec` lays the page out as ONE
Vega-Lite composition — title, unit, index, year and peer group; headline figures (score, rank
of n, rating, change since the year before, gaps to the leader, the median and the next rank);
the paragraph; the trend across the years (predecessors and successor across the 2025 break);
the components against the peer median and best; the target plan when a what-if is in the link;
published / illustrative marked; every source with its address; the link to the live view —
drawing its charts with doisanh.charts. `pdf` and `png` render it with vl-convert.

Imports run one way (tests/test_imports.py): pages → ui → views / briefing → charts → fmt, i18n.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt
import polars as pl

from doisanh import charts, fmt, views
from doisanh.catalog import Index
from doisanh.export import EXPORT_FONT, for_export
from doisanh.i18n import t

# how the value of each index is written in a report
_SUFFIX = {"%": ("%", "%"), "điểm": (" điểm", " points"), "0–1": ("", "")}

A4 = (595, 842)              # points; vl-convert writes one PDF point per Vega pixel
MARGIN = 26
WIDTH = A4[0] - 2 * MARGIN   # the width every block of the page is laid out in
# A composition aligns its blocks by their plot areas, the axis labels of a chart sticking out to
# the left: every block's plot area starts GUTTER in, the component names of the bar chart fill
# the gutter, and text is drawn from -GUTTER, so the page is exactly WIDTH wide.
GUTTER = 150
PLOT = WIDTH - GUTTER - 4    # the right end of an axis takes a pixel or two
GREY, WARN, INK = "#555", "#a05a00", "#222"
MAX_SOURCES = 8               # sources listed by name; the rest are counted (the live view has them)


@dataclass(frozen=True)
class BriefingData:
    lang: str
    unit_name: str                  # 'Tỉnh Bình Dương'
    index: Index
    year: int
    value: float
    rank: int | None                # None: no rank printed, and not every unit published
    n: int
    peer_phrase_vi: str             # 'tỉnh, thành phố' or 'trong các đơn vị …' (the paragraph)
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
    sources: tuple[tuple[str, str], ...] = ()            # (title, address) of every figure's source
    any_illustrative: bool = False
    # the page beyond the paragraph
    peers: str = ""                 # the peer group as a sentence: 'tất cả các đơn vị cấp tỉnh cả nước'
    gap_to_median: float | None = None                   # + = above the median
    whatif_plan: tuple[tuple[str, float, float, float, float], ...] = ()  # (name, now, new, max, gain in total)
    link: str = ""                  # the address of the live view
    made_on: str = ""               # '04/12/2026'


def _v(d: BriefingData, x: float | None, sign: bool = False) -> str:
    return fmt.num(x, d.index.decimals, d.lang, sign=sign)


def _suffix(d: BriefingData) -> str:
    return _SUFFIX.get(d.index.unit, ("", ""))[0 if d.lang == "vi" else 1]


def _index_name(d: BriefingData) -> str:
    return d.index.short_vi if d.lang == "vi" else d.index.short_en


def paragraph(d: BriefingData) -> str:
    """The opening paragraph, e.g. 'Năm 2020, Chỉ số CCHC của Tỉnh Bình Dương đạt 86,93%, xếp
    thứ 4/63 tỉnh, thành phố, tăng 13 bậc so với năm 2019; …'."""
    vi = d.lang == "vi"
    suffix = _suffix(d)
    name = _index_name(d)
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


def data_for(*, lang: str, unit: dict, ix: Index, year: int, row: dict, prev: dict | None,
             prev_year: int, breakdown: pl.DataFrame | None, ranking: pl.DataFrame,
             peers_vi: str, peers_en: str, level: str = "",
             whatif: tuple[tuple[str, float], ...] = (),
             sources: tuple[tuple[str, str], ...] = (), link: str = "", made_on: str = "") -> BriefingData:
    """Everything the one-page briefing says, from the profile's query results: the unit's row
    of the ranking (and of the year before), its breakdown, the peers' totals (for the rank a
    what-if reaches), the peer group's sentence in both languages, the what-if of the link
    (component id, new value), the sources of the figures shown as (title, address), the
    address of the live view."""
    from doisanh import whatif as wi
    name_col = "name_en" if lang == "en" else "name_vi"
    weak = views.weakest(breakdown) if breakdown is not None else None
    if peers_vi.startswith("tất cả các đơn vị cấp tỉnh"):
        peer_vi, peer_en = "tỉnh, thành phố", "provinces"
    else:
        peer_vi, peer_en = f"trong {peers_vi}", f"among {peers_en}"
    changes: tuple = ()
    plan: tuple = ()
    new_total = new_rank = None
    if whatif and breakdown is not None:
        p = views.parts(breakdown).filter(pl.col("value").is_not_null())
        meta = {r["component"]: r for r in p.iter_rows(named=True)}
        valid = [(c, v) for c, v in whatif if c in meta and 0 <= v <= meta[c]["max_value"]]
        if valid:
            gains = {c: meta[c]["weight"] * (v - meta[c]["value"]) for c, v in valid}
            new_total = row["value"] + sum(gains.values())
            others = wi.Peers.of(ranking.filter(pl.col("unit_code") != unit["unit_code"])["value"].to_list())
            # no rank among an incomplete set (queries/ranking.sql is_complete)
            new_rank = others.rank_of(new_total)[0] if row.get("is_complete", True) else None
            changes = tuple((meta[c][name_col], v) for c, v in valid)
            plan = tuple((meta[c][name_col], meta[c]["value"], v, meta[c]["max_value"], gains[c])
                         for c, v in valid)
    full = unit["full_name_vi"] if lang == "vi" else (unit.get("name_en") or unit["full_name_vi"])
    illustrative_parts = (breakdown is not None
                          and bool(views.parts(breakdown)["is_illustrative"].fill_null(False).any()))
    median_gap = row.get("gap_to_median")
    return BriefingData(
        lang=lang, unit_name=full, index=ix, year=year, value=row["value"],
        rank=row["rank_in_peers"], n=row["n_units"], peer_phrase_vi=peer_vi, peer_phrase_en=peer_en,
        is_illustrative=bool(row["is_illustrative"]), prev_year=prev_year if prev else None,
        prev_rank=prev["rank_in_peers"] if prev else None, prev_value=prev["value"] if prev else None,
        gap_to_leader=row["gap_to_leader"], gap_to_next_rank=row["gap_to_next_rank"],
        rating=row.get("rating_en" if lang == "en" else "rating_vi"),
        weakest_name=weak[name_col] if weak else None,
        weakest_gap=weak["gap_to_median"] if weak else None,
        whatif_changes=changes, whatif_total=new_total, whatif_rank=new_rank, sources=sources,
        any_illustrative=bool(row["is_illustrative"]) or illustrative_parts,
        peers=peers_en if lang == "en" else peers_vi,
        gap_to_median=None if median_gap is None else -median_gap,    # the query: median − value
        whatif_plan=plan, link=link, made_on=made_on,
    )


# ------------------------------------------------------------------ the page, block by block

@dataclass(frozen=True)
class Line:
    text: str
    size: float = 9.5
    bold: bool = False
    color: str = INK
    gap: float = 0.0                 # extra space above the line


def _chars(size: float, width: float = WIDTH) -> int:
    """How many average characters of DejaVu Sans at `size` fit in `width`."""
    return int(width / (size * 0.58))


def _em(ch: str) -> float:
    """The advance of `ch` in DejaVu Sans, in em (near enough: capitals are wider than
    lower-case letters, punctuation narrower); an address in capitals ran past the page's edge
    when every character was counted alike."""
    if ch.isupper() or ch in "mwMW@%&":
        return 0.74
    if ch.isdigit() or ch in "_#~=+<>":
        return 0.64
    if ch in " .,:;/|!'-()[]{}\"ilfjt":
        return 0.36
    return 0.6


def wrap(text: str, size: float, width: float = WIDTH) -> list[str]:
    """`text` in lines no wider than `width` at `size`: broken between words, and inside a word
    (an address) that is wider than a line by itself."""
    room = width / size * 0.97
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split():
        w = sum(map(_em, word))
        if line and used + _em(" ") + w <= room:
            line, used = f"{line} {word}", used + _em(" ") + w
            continue
        if line:
            lines.append(line)
        line, used = "", 0.0
        while w > room:                       # a word wider than a line: cut it
            cut, taken = 0, 0.0
            while cut < len(word) and taken + _em(word[cut]) <= room:
                taken += _em(word[cut])
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
            w = sum(map(_em, word))
        line, used = word, w
    if line:
        lines.append(line)
    return lines or [""]


def _text(lines: list[Line], width: float = WIDTH) -> alt.Chart:
    """Lines of text at fixed positions (pixel scales): bold and normal lines as two layers."""
    rows, y = [], 0.0
    for ln in lines:
        y += ln.gap
        rows.append({"text": ln.text, "y": y, "size": ln.size, "color": ln.color, "bold": ln.bold})
        y += ln.size * 1.4
    data = pl.DataFrame(rows, schema={"text": pl.String, "y": pl.Float64, "size": pl.Float64,
                                      "color": pl.String, "bold": pl.Boolean})
    layers = []
    for bold in (False, True):
        part = data.filter(pl.col("bold") == bold)
        if part.height:
            layers.append(alt.Chart(part).mark_text(
                align="left", baseline="top", fontWeight="bold" if bold else "normal",
                font=EXPORT_FONT, limit=width).encode(
                x=alt.value(-GUTTER), y=alt.Y("y", type="quantitative", scale=None, axis=None),
                size=alt.Size("size", type="quantitative", scale=None, legend=None),
                color=alt.Color("color", type="nominal", scale=None, legend=None),
                text=alt.Text("text", type="nominal")))
    return alt.layer(*layers).properties(width=PLOT, height=max(int(y), 1))


def _cards(cards: list[tuple[str, str, str]], per_row: int = 4) -> alt.Chart:
    """Headline figures as cards of three lines: label (grey), figure (large, bold; smaller when
    it is a long rating such as 'Group B (80–90%)'), note."""
    w = WIDTH / per_row
    room = w - 8
    style = {"label": (8.5, "normal", GREY), "value": (14, "bold", INK), "note": (8, "normal", GREY)}
    rows = []
    for i, (label, value, note) in enumerate(cards):
        x, y = (i % per_row) * w - GUTTER, (i // per_row) * 50
        for kind, text, dy in (("label", label, 0), ("value", value, 12), ("note", note, 31)):
            size = style[kind][0]
            em = sum(map(_em, text)) * (1.22 if kind == "value" else 1.0)    # bold is wider
            rows.append({"x": x, "y": y + dy, "text": text, "kind": kind,
                         "size": max(7.0, min(size, room / em)) if em else size})
    data = pl.DataFrame(rows)
    layers = [alt.Chart(data.filter(pl.col("kind") == k)).mark_text(
        align="left", baseline="top", fontWeight=weight, color=color, font=EXPORT_FONT, limit=room).encode(
        x=alt.X("x", type="quantitative", scale=None, axis=None),
        y=alt.Y("y", type="quantitative", scale=None, axis=None),
        size=alt.Size("size", type="quantitative", scale=None, legend=None),
        text=alt.Text("text", type="nominal"))
        for k, (_, weight, color) in style.items()]
    n_rows = -(-len(cards) // per_row)
    return alt.layer(*layers).properties(width=PLOT, height=n_rows * 50 - 6)


def headline_cards(d: BriefingData) -> list[tuple[str, str, str]]:
    lang, suffix = d.lang, _suffix(d)
    if d.prev_year is not None and d.prev_value is not None:
        moved = (d.prev_rank - d.rank) if d.prev_rank is not None and d.rank is not None else None
        rank_note = ("" if moved is None else t("rank_change_up", lang, n=moved) if moved > 0
                     else t("rank_change_down", lang, n=-moved) if moved < 0 else t("rank_change_same", lang))
        change = (t("brief_change", lang, year=d.prev_year), _v(d, d.value - d.prev_value, sign=True),
                  t("brief_points", lang, v="").strip())
    else:
        rank_note = ""
        change = (t("brief_change", lang, year=d.year - 1), "–", t("brief_change_none", lang))
    status = t("illustrative" if d.is_illustrative else "published", lang)
    return [
        (t("score", lang), _v(d, d.value) + suffix, ""),
        (t("rank", lang), fmt.rank(d.rank, d.n, lang), rank_note),
        (t("rating", lang), d.rating or "–", ""),
        change,
        (t("gap_to_leader", lang), _v(d, d.gap_to_leader), t("brief_points", lang, v="").strip()),
        (t("gap_to_median", lang), _v(d, d.gap_to_median, sign=True), t("brief_points", lang, v="").strip()),
        (t("gap_to_next_rank", lang), _v(d, d.gap_to_next_rank), t("brief_points", lang, v="").strip()),
        (t("status", lang), status, ""),
    ]


def _heading(text: str) -> Line:
    return Line(text, size=11, bold=True, gap=4)


def _rank_line(d: BriefingData, trend: pl.DataFrame) -> str:
    own = trend.filter(pl.col("relation") == "self").sort("year")
    ranks = " · ".join(f"{r['year']}: {fmt.rank(r['rank_in_group'], r['n_in_group'], d.lang)}"
                       + (" *" if r["is_illustrative"] else "")
                       for r in own.iter_rows(named=True) if r["rank_in_group"] is not None)
    return t("brief_ranks", d.lang, ranks=ranks) if ranks else ""


def _source_lines(d: BriefingData, most: int = MAX_SOURCES) -> list[Line]:
    lines: list[Line] = []
    for title, url in d.sources[:most]:
        text = "• " + fmt.source_line(title, url)
        lines += [Line(w, size=7.5, color=GREY) for w in wrap(text, 7.5)]
    if len(d.sources) > most:
        lines.append(Line("• " + t("export_sources_more", d.lang, n=len(d.sources) - most)
                          + " — " + t("brief_sources_online", d.lang), size=7.5, color=GREY))
    if d.any_illustrative:
        lines += [Line(w, size=7.5, color=WARN) for w in wrap(t("brief_source_illustrative", d.lang), 7.5)]
    if not lines:
        lines.append(Line(t("export_no_source", d.lang), size=7.5, color=GREY))
    return lines


def _link_lines(d: BriefingData) -> list[Line]:
    out: list[Line] = []
    if d.link:
        out += [Line(w, size=7.5, color="#1f5fa8") for w in wrap(t("brief_link", d.lang, url=d.link), 7.5)][:4]
    if d.made_on:
        out.append(Line(t("brief_footer", d.lang, date=d.made_on), size=7.5, color=GREY))
    return out


def spec(d: BriefingData, components: pl.DataFrame | None = None,
         trend: pl.DataFrame | None = None, *, trend_height: int = 150, step: int = 20,
         max_sources: int = MAX_SOURCES) -> dict:
    """The briefing as one Vega-Lite spec, `WIDTH` wide. `components` is
    views.components_chart_frame of the unit's breakdown, `trend` views.trend_frame of its
    trend (either may be None or empty: the page says so)."""
    lang = d.lang
    index_label = d.index.name_vi if lang == "vi" else d.index.name_en
    top = [Line(t("brief_title", lang, unit=d.unit_name), size=16, bold=True)]
    top += [Line(w, size=9.5, color=GREY) for w in
            wrap(t("brief_subtitle", lang, index=index_label, year=d.year, peers=d.peers or "–", n=d.n), 9.5)]
    status = "brief_status_illustrative" if d.is_illustrative else "brief_status_published"
    top.append(Line(t(status, lang), size=9, bold=d.is_illustrative,
                    color=WARN if d.is_illustrative else GREY))
    if d.any_illustrative and not d.is_illustrative:
        top += [Line(w, size=9, color=WARN) for w in wrap(t("briefing_illustrative", lang), 9)]
    top.append(_heading(t("brief_figures", lang)))
    blocks: list[alt.Chart] = [_text(top), _cards(headline_cards(d))]

    text = [_heading(t("brief_paragraph", lang))]
    text += [Line(w, size=9.5) for w in wrap(paragraph(d), 9.5)]
    text.append(_heading(t("brief_trend", lang)))
    blocks.append(_text(text))
    if trend is not None and trend.height:
        chart = charts.trend_lines(
            trend, field="value", title=t("score", lang), series_title=t("unit", lang), legends=False,
            statuses=(t("published", lang), t("illustrative", lang), t("imported_flag", lang)),
            year_angle=-45 if trend["year"].n_unique() > 10 else 0)
        blocks.append(chart.properties(width=PLOT, height=trend_height))
        notes = [Line(w, size=8, color=GREY) for w in wrap(t("brief_trend_key", lang), 8)]
        notes += [Line(w, size=8, color=GREY) for w in wrap(_rank_line(d, trend), 8) if w]
        blocks.append(_text(notes))
    else:
        blocks.append(_text([Line(t("brief_no_trend", lang), size=9, color=GREY)]))

    comp = [_heading(t("brief_components", lang))]
    if components is not None and components.height:
        blocks.append(_text(comp))
        chart = charts.components_vs_peers(
            components, unit_label=t("this_unit", lang), median_label=t("peer_median", lang),
            best_label=t("peer_best", lang), axis_title=t("achievement", lang), label_limit=GUTTER - 12)
        blocks.append(chart.properties(width=PLOT, height=alt.Step(step)))
        notes = [Line(w, size=8, color=GREY) for w in wrap(t("components_legend", lang), 8)]
        k = int(components["is_illustrative"].fill_null(False).sum()) if "is_illustrative" in components.columns else 0
        if k:
            notes.append(Line(t("brief_components_status", lang, k=k, n=components.height), size=8, color=WARN))
        blocks.append(_text(notes))
    else:
        blocks.append(_text(comp + [Line(t("no_components", lang), size=9, color=GREY)]))

    tail: list[Line] = []
    if d.whatif_plan and d.whatif_total is not None:
        tail.append(_heading(t("brief_plan", lang)))
        for name, now, new, mx, gain in d.whatif_plan:
            row = t("brief_plan_row", lang, name=name, now=_v(d, now), new=_v(d, new), max=_v(d, mx),
                    gain=_v(d, gain, sign=True))
            tail += [Line(w, size=9) for w in wrap(row, 9)]
        tail.append(Line(t("brief_plan_total", lang, total=_v(d, d.whatif_total) + _suffix(d),
                           rank="–" if d.whatif_rank is None else d.whatif_rank, n=d.n), size=9, bold=True))
    tail.append(_heading(t("brief_sources", lang)))
    tail += _source_lines(d, max_sources)
    tail += _link_lines(d)
    blocks.append(_text(tail))
    out = alt.vconcat(*blocks, spacing=6).configure_view(stroke=None).properties(
        padding={"left": MARGIN, "top": MARGIN, "right": MARGIN, "bottom": MARGIN})
    return charts.localize_spec(for_export(out.to_dict(), WIDTH), lang)


_SIZE = re.compile(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"')
MIN_TREND, MIN_STEP, MIN_SOURCES = 80, 14, 2


def _measure(s: dict) -> tuple[float, float]:
    import vl_convert as vlc
    m = _SIZE.search(vlc.vegalite_to_svg(s))
    return (float(m.group(1)), float(m.group(2))) if m else A4


def page(d: BriefingData, components: pl.DataFrame | None = None,
         trend: pl.DataFrame | None = None) -> dict:
    """The briefing's spec filling an A4 portrait page: laid out, measured (an SVG rendering),
    the charts made shorter when the page would run over (a long what-if plan, many sources),
    then fewer sources named (the rest counted), then padded at the right and the bottom to exactly 595 × 842."""
    trend_height, step, most = 150, 20, MAX_SOURCES
    n_parts = 0 if components is None else components.height
    while True:
        s = spec(d, components, trend, trend_height=trend_height, step=step, max_sources=most)
        w, h = _measure(s)
        over = h - A4[1]
        charts_at_least = trend_height <= MIN_TREND and (step <= MIN_STEP or not n_parts)
        if over <= 0 or (charts_at_least and most <= MIN_SOURCES):
            break
        if charts_at_least:          # then fewer sources by name (two lines of ~10.5 pt each)
            most = max(MIN_SOURCES, min(most, len(d.sources)) - int(-(-over // 21)))
            continue
        cut = min(over, trend_height - MIN_TREND)
        trend_height -= int(cut) + (1 if cut else 0)
        if over - cut > 0 and n_parts:
            step = max(MIN_STEP, step - int(-(-(over - cut) // n_parts)))
    pad = dict(s["padding"])
    if h > A4[1]:                    # still over with the shortest charts: narrower top and bottom margins
        trim = min(h - A4[1], 2 * (MARGIN - 10))
        pad["top"] -= trim / 2
        pad["bottom"] -= trim / 2
        h -= trim
    pad["right"] += max(0.0, A4[0] - w)
    pad["bottom"] += max(0.0, A4[1] - h)
    return {**s, "padding": pad}


def pdf(d: BriefingData, components: pl.DataFrame | None = None, trend: pl.DataFrame | None = None) -> bytes:
    """The briefing as a one-page A4 portrait PDF (595 × 842 pt)."""
    import vl_convert as vlc
    return vlc.vegalite_to_pdf(page(d, components, trend))


def png(d: BriefingData, components: pl.DataFrame | None = None, trend: pl.DataFrame | None = None,
        scale: float = 2.0) -> bytes:
    """The briefing as an A4 portrait image (1190 × 1684 pixels at the default scale)."""
    import vl_convert as vlc
    return vlc.vegalite_to_png(page(d, components, trend), scale=scale)
