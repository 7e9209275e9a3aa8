"""The what-if page's pieces: slider state per unit, index and year, the re-rated results, the
target solver's controls and answers, and the targets-vs-actuals table. Domain rules live in
doisanh.whatif; this module only shows them."""
from __future__ import annotations

import polars as pl
import streamlit as st

from doisanh import fmt, whatif
from doisanh.catalog import Index
from doisanh.i18n import t
from ui import controls, data, narrow, notes, state, tables
from ui.memo import memo


def whatif_key_prefix(unit_code: str, index: str, year: int) -> str:
    return f"wi_{index}_{year}_{unit_code}_"


def seed_whatif(prefix: str, current: dict[str, float], maxes: dict[str, float], lang: str) -> None:
    """Slider values: from the link's `whatif` the first time this unit/index/year is shown
    (or after a pasted link), else the unit's current scores. Invalid entries become notices."""
    ss = st.session_state
    if ss.get("_wi_prefix") == prefix and not ss.get("_fresh_url"):
        for cid, v in current.items():
            ss.setdefault(prefix + cid, float(v))
        return
    wanted = dict(ss[state._STATE].whatif) if ss.get(state._STATE) else {}
    for cid, v in current.items():
        ss[prefix + cid] = float(v)
    for cid, v in wanted.items():
        if cid in current and 0 <= v <= maxes[cid]:
            ss[prefix + cid] = float(v)
        else:
            state.notice("whatif", f"{cid}:{v:g}", "")
    ss["_wi_prefix"] = prefix
    ss["_fresh_url"] = False


def reset_whatif(prefix: str, values: dict[str, float]) -> None:
    for cid, v in values.items():
        st.session_state[prefix + cid] = float(v)


def band_name(ix: Index, year: int, value: float, rank: int | None, n: int, lang: str) -> str:
    from doisanh.catalog import QUARTILE_GROUPS
    from doisanh.whatif import TIE, quartile_of
    if ix.rating_kind == "bands":
        hits = [b for b in ix.bands_for(year) if value >= b.min - TIE]   # 79.99999999999999 is 80
        if hits:
            b = max(hits, key=lambda b: b.min)
            return b.name_en if lang == "en" else b.name_vi
    if ix.rating_kind == "quartile" and rank is not None:
        _, vi, en = QUARTILE_GROUPS[quartile_of(rank, n) - 1]
        return en if lang == "en" else vi
    return t("n_a", lang)


def component_sources(parts_df: pl.DataFrame, lang: str) -> str:
    """Which components are published, imported in this session or illustrative, in one line
    ('Công bố: A, B · Tự nhập: C')."""
    name_col = "name_en" if lang == "en" else "name_vi"
    groups: dict[str, list[str]] = {}
    for r in parts_df.iter_rows(named=True):
        status = notes.status_text(r["is_illustrative"], lang, r.get("source_id"))
        groups.setdefault(status, []).append(r[name_col])
    return t("whatif_sources", lang, parts=" · ".join(f"{k}: {', '.join(v)}" for k, v in groups.items()))


def whatif_results(row: dict, new_total: float, new_rank: int | None, n: int, new_pct: float | None,
                   ix: Index, year: int, lang: str) -> None:
    """The new total, rank, percentile and rating (a rank of None: not worked out, as when
    only some units are published)."""
    d = ix.decimals
    moved = (row["rank_in_peers"] - new_rank
             if new_rank is not None and row["rank_in_peers"] is not None else 0)
    # one wrapping row of metrics as wide as their values: in four equal columns a rating such
    # as 'Nhóm B (80–90%)' was cut to 'Nhóm B (80…' at 1280 px
    row_ = st.container(horizontal=True, gap="large")
    w = {"width": "content"}
    row_.metric(t("new_total", lang), fmt.num(new_total, d, lang),
                fmt.num(new_total - row["value"], d, lang, sign=True) if abs(new_total - row["value"]) > 0 else None,
                **w)
    row_.metric(t("new_rank", lang), fmt.rank(new_rank, n, lang),
                (t("rank_change_up", lang, n=moved) if moved > 0 else
                 t("rank_change_down", lang, n=-moved)) if moved else None, **w)
    row_.metric(t("new_percentile", lang), fmt.num(new_pct, 1, lang), **w)
    row_.metric(t("new_rating", lang), band_name(ix, year, new_total, new_rank, n, lang), **w)
    st.caption(t("metric_caption", lang, index=controls.index_label(ix, lang), year=year,
                 status=notes.status_text(row["is_illustrative"], lang, row["source_id"]), source="")
               + " · " + t("whatif_intro", lang).split(". ")[-1])


def target_controls(ix: Index, year: int, ranking: pl.DataFrame, unit: dict, others, lang: str, *,
                    ranked: bool = True):
    """Kind of target and its parameter; returns (kind or None, whatif.Target or None). Without
    ranks (`ranked` false: only some units published) only a rating or a score can be aimed at."""
    from doisanh.whatif import Target
    kinds = [None, "rank", "top", "band", "score", "beat"] if ranked else [None, "band", "score"]
    ss = st.session_state
    if ss.get("_target_seeded") != (ss.get(state._STATE).target if ss.get(state._STATE) else None):
        raw = ss[state._STATE].target if ss.get(state._STATE) else None
        kind, _, arg = (raw or "").partition(":")
        ss["w_tkind"] = kind if kind in kinds else None
        ss["w_targ"] = arg
        ss["_target_seeded"] = raw
    state.ensure_option("w_tkind", kinds, None)
    kind = st.selectbox(t("target_kind", lang), kinds, key="w_tkind", **controls.choose(lang),
                        format_func=lambda k: "—" if k is None else t("target_" + k, lang))
    n = others.n
    arg = ss.get("w_targ") or ""
    target = None
    if kind in ("rank", "top"):
        default = int(arg) if arg.isdigit() and 1 <= int(arg) <= n else max(1, min(n, 10))
        r = st.number_input(t("target_value", lang), 1, n, default, key=f"w_t_{kind}")
        target = Target(kind, rank=int(r))
        text = f"{kind}:{int(r)}"
    elif kind == "band":
        bands = [b for b in ix.bands_for(year) if b.min > 0]
        if not bands:
            st.info(t("target_undefined", lang))
            return kind, None
        ids = [b.id for b in bands]
        bid = st.selectbox(t("target_value", lang), ids, index=ids.index(arg) if arg in ids else 0,
                           key="w_t_band", **controls.choose(lang),
                           format_func=lambda i: next(b.name_vi if lang == "vi" else b.name_en
                                                      for b in bands if b.id == i))
        target = Target("band", band_min=next(b.min for b in bands if b.id == bid))
        text = f"band:{bid}"
    elif kind == "score":
        try:
            default = min(max(float(arg), 0.0), ix.scale_max)
        except ValueError:
            default = float(ranking["value"].max())
        shown = st.session_state.get("w_t_score", default)   # Streamlit writes 92.23: say 92,23 beside
        v = st.number_input(t("target_value_is", lang, value=fmt.num(shown, ix.decimals, lang)), 0.0,
                            float(ix.scale_max), default, step=10.0 ** -ix.decimals, key="w_t_score")
        target = Target("score", score=float(v))
        text = f"score:{v:g}"
    elif kind == "beat":
        rivals = ranking.filter(pl.col("unit_code") != unit["unit_code"])
        codes = rivals["unit_code"].to_list()
        if not codes:
            return kind, None
        names = dict(zip(codes, rivals["name_en" if lang == "en" else "name_vi"]))
        code = st.selectbox(t("target_value", lang), codes,
                            index=codes.index(arg) if arg in codes else 0, key="w_t_beat",
                            placeholder=t("choose_one", lang),
                            format_func=lambda c: f"{names[c]} ({c})")
        target = Target("beat", beat_total=float(rivals.filter(pl.col("unit_code") == code)["value"][0]))
        text = f"beat:{code}"
    else:
        text = None
    ss["_target_text"] = text
    return kind, target


DIFFICULTIES = tuple(round(0.1 * i, 1) for i in range(1, 101))   # 0,1 … 10,0


def difficulty_inputs(parts, names: dict[str, str], lang: str) -> dict[str, float]:
    """A difficulty per component, labelled with the component's name (`names`: id → name in
    the page's language) and written the language's way (a select slider over 0,1 … 10,0: a
    number input would show '1.00' on a Vietnamese page)."""
    st.caption(t("difficulty", lang))
    cols = st.columns(min(4, len(parts)))
    out = {}
    for i, p in enumerate(parts):
        if st.session_state.get("w_diff_" + p.id) not in DIFFICULTIES:
            st.session_state["w_diff_" + p.id] = 1.0
        out[p.id] = cols[i % len(cols)].select_slider(
            names.get(p.id, p.id), DIFFICULTIES, key="w_diff_" + p.id,
            format_func=lambda x: fmt.num(x, 1, lang))
    return out


def show_requirement(req, current_total: float, ix: Index, lang: str, published_total: float | None = None) -> None:
    """`current_total` is the hypothetical total (after the edits), `published_total` the unit's
    score as published: a target reached only by the edits says so."""
    d = ix.decimals
    published = current_total if published_total is None else published_total
    edited = abs(current_total - published) > 1e-9
    met = whatif.met_with(req, published)
    if req.required_total is None:
        st.info(t("target_undefined", lang))
    elif met == "published":
        st.success(t("target_met_published", lang, cur=fmt.num(published, d, lang)))
    elif met == "hypothetical":
        gain = whatif.gain_to(req.required_total, published, decimals=d)
        st.success(t("target_met_hypothetical", lang, new=fmt.num(current_total, d, lang),
                     cur=fmt.num(published, d, lang), gain=fmt.num(gain, d, lang)))
    elif edited and req.reachable:
        st.info(t("need_gain_hypothetical", lang, gain=fmt.num(req.gain, d, lang),
                  cur=fmt.num(current_total, d, lang), need=fmt.num(req.required_total, d, lang),
                  pub=fmt.num(published, d, lang)))
    elif not req.reachable:
        st.error(t("unreachable", lang, gain=fmt.num(req.gain, d, lang),
                   room=fmt.num(req.headroom, d, lang), short=fmt.num(req.shortfall, d, lang)))
    else:
        st.info(t("need_gain", lang, gain=fmt.num(req.gain, d, lang),
                  cur=fmt.num(current_total, d, lang), need=fmt.num(req.required_total, d, lang)))


def show_plan(plan, parts_df: pl.DataFrame, ix: Index, lang: str) -> None:
    d = ix.decimals
    meta = {r["component"]: r for r in parts_df.iter_rows(named=True)}
    name_col = "name_en" if lang == "en" else "name_vi"
    rows = [{
        t("component", lang): meta[s.id][name_col],
        t("score", lang): fmt.num(s.new_value - s.increase, d, lang),
        t("increase", lang): fmt.num(s.increase, d, lang, sign=True),
        t("new_value", lang): fmt.num(s.new_value, d, lang),
        t("max_points", lang): fmt.num(meta[s.id]["max_value"], d, lang),
    } for s in plan]
    st.markdown("##### " + t("plan", lang))
    frame = pl.DataFrame(rows)
    keys = (t("component", lang), t("increase", lang), t("new_value", lang))   # on a phone
    with narrow.pair("plan", narrow.columns_view(frame, keys, lang)):
        tables.table(frame)
    weighted = whatif.weighted_steps(plan, d)
    if weighted:     # '+0,70' against '1,38 điểm tổng': say how a component's points count
        detail = "; ".join(t("plan_weighted_item", lang, name=meta[s.id][name_col],
                             inc=fmt.num(s.increase, d, lang, sign=True), pts=fmt.num(s.points, d, lang, sign=True))
                           for s in weighted)
        st.caption(t("plan_weighted", lang, total=fmt.num(sum(s.points for s in plan), d, lang, sign=True),
                     detail=detail))


@memo(maxsize=64)
def _targets_start(ind: pl.DataFrame, unit_name: str, province_name: str, lang: str) -> list[dict]:
    """The published indicators (with a target) of this unit or its province, as table rows."""
    from doisanh.text import name_key
    keys = {name_key(unit_name), name_key(province_name)}
    with_target = ind.filter(pl.col("unit_name").is_not_null() & pl.col("target").is_not_null())
    mine = with_target.filter(fmt.texts(with_target["unit_name"], name_key).is_in(list(keys)))
    ind_col = "indicator_en" if lang == "en" else "indicator_vi"
    start = [{t("indicator", lang): f"{r[ind_col]} ({r['year']}, {r['unit_name']})",
              t("actual", lang): r["value"], t("target_col", lang): r["target"],
              t("higher_is_better", lang): True} for r in mine.iter_rows(named=True)]
    return start or [{t("indicator", lang): "", t("actual", lang): None, t("target_col", lang): None,
                      t("higher_is_better", lang): True}]


def targets_table(unit: dict, era: str, year: int, lang: str) -> None:
    """Published local indicators of this unit (or its province) with their targets, editable;
    met / not met and the margin are computed from what is in the table."""
    st.caption(t("targets_help", lang))
    ind = data.query("indicators", year_from=2000, year_to=2100)
    prov = data.province_names(era)["vi"].get(unit["province_code"], "")
    start = _targets_start(ind, unit["name_vi"], prov, lang)
    edited = st.data_editor(pl.DataFrame(start, schema={
        t("indicator", lang): pl.String, t("actual", lang): pl.Float64,
        t("target_col", lang): pl.Float64, t("higher_is_better", lang): pl.Boolean}),
        num_rows="dynamic", key=f"w_targets_{unit['unit_code']}", width="stretch", placeholder="",
        column_config={c: st.column_config.NumberColumn(c, format=tables.browser_number_format(2, lang))
                       for c in (t("actual", lang), t("target_col", lang))})
    rows = []
    for r in pl.DataFrame(edited).iter_rows(named=True):
        a, tg = r[t("actual", lang)], r[t("target_col", lang)]
        if a is None or tg is None:
            continue
        up = r[t("higher_is_better", lang)] is not False
        margin = (a - tg) if up else (tg - a)
        rows.append({t("indicator", lang): r[t("indicator", lang)],
                     t("actual", lang): fmt.num(a, 2, lang), t("target_col", lang): fmt.num(tg, 2, lang),
                     t("target_result", lang): "✅ " + t("met", lang) if margin >= 0 else "❌ " + t("not_met", lang),
                     t("margin", lang): fmt.num(margin, 2, lang, sign=True)})
    if rows:
        frame = pl.DataFrame(rows)
        keys = (t("indicator", lang), t("target_result", lang), t("margin", lang))   # on a phone
        with narrow.pair("targets", narrow.columns_view(frame, keys, lang)):
            tables.table(frame)
