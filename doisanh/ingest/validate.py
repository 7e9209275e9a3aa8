"""Checks of imported rows against the catalog and the unit registry.

Input: rows as dicts of a FIGURES-like shape (era, level, unit_code, unit_name, parent_name,
index_id, year, component, value, published_rank) plus where each came from (sheet, row,
and the column letters of the unit name, unit code and value; other fields' columns in the
row's `cols`, or given once in `columns`). Each problem names that cell; a row with an error is rejected
(Collector.rejected), the others come back with their unit code and methodology version.

Checks, in order:
1. era and level known; year an integer;
2. index in the catalog; a methodology version covering the year; component 'total' or one
   of that version's components (ids, or their Vietnamese/English names);
3. unit: a code must exist in the registry for (era, level) (leading zeros Excel dropped are
   put back, with a warning); a name is resolved by doisanh.names (exact on the name key,
   plus its aliases: 'TP HCM', 'BRVT', 'Thừa Thiên Huế' → Huế, 'Hà Tây' …), within the parent
   for districts and communes; not found → up to 3 suggestions; several → ambiguous; code and
   name both given must agree; the unit must still exist in the year (Hà Tây until 2008);
4. value: present (unless a rank is), within [0, max] of the component (the total within
   [0, scale]); rank an integer ≥ 1;
5. one row per (era, level, unit, index, year, component): later duplicates are rejected;
6. the parts add up: Σ weight × value of the version's parts vs the total, only where the
   total and every part of a unit-year are present and valid; tolerance 0.05 × scale / 100
   (0.05 points on a 100 scale). The severity is the caller's (`sum_severity`: 'error' for
   user tables, 'warning' for publishers' workbooks, whose totals are the published fact);
   a warning also where the catalog's weights are unverified (status 'U').
Rows outside what the app covers (era, level, years of the catalog's `coverage`) are kept
with one warning per (index, era, level, year).
"""
from __future__ import annotations

import difflib
from collections import defaultdict

import polars as pl

from doisanh.catalog import Catalog, Index, Version
from doisanh.ingest.problems import Collector, short
from doisanh.names import UnitResolver
from doisanh.schema import ERAS, LEVELS
from doisanh.text import fold

CODE_DIGITS = {"province": 2, "district": 3, "commune": 5}
ALL_LEVELS = LEVELS
# levels and eras as a message says them (vi, en): "cấp tỉnh (trước 7/2025)", not "cấp province (pre2025)"
_LEVEL_WORDS = {"province": ("tỉnh", "province"), "district": ("huyện", "district"),
                "commune": ("xã", "commune"), "ministry": ("bộ, ngành", "ministry")}
_ERA_WORDS = {"pre2025": ("trước 7/2025", "before 7/2025"), "post2025": ("từ 7/2025", "from 7/2025")}


def _lv(level: str, en: bool = False) -> str:
    return _LEVEL_WORDS.get(level, (level, level))[en]


def _er(era: str, en: bool = False) -> str:
    return _ERA_WORDS.get(era, (era, era))[en]


class UnitIndex:
    """The unit registry prepared for validation (build once per snapshot and reuse)."""

    def __init__(self, units: pl.DataFrame):
        self.resolver = UnitResolver(units)
        self.units: dict[tuple[str, str, str], dict] = {}
        for u in units.select("era", "level", "unit_code", "name_vi", "valid_to", "parent_code",
                              "province_code").iter_rows(named=True):
            self.units[(u["era"], u["level"], u["unit_code"])] = u
        self._memo: dict[tuple, tuple[str | None, list[dict], str]] = {}

    @classmethod
    def of(cls, units: pl.DataFrame | UnitIndex) -> UnitIndex:
        return units if isinstance(units, UnitIndex) else cls(units)

    def find(self, name: str, era: str, level: str, parent: str | None) -> tuple[str | None, list[dict], str]:
        """(code or None, candidates, 'ok' | 'none' | 'ambiguous' | 'parent') for a printed name."""
        key = (name, era, level, parent)
        if key not in self._memo:
            self._memo[key] = self._find(name, era, level, parent)
        return self._memo[key]

    def _find(self, name: str, era: str, level: str, parent: str | None):
        r = self.resolver
        kw: dict = {}
        if parent and level == "district":
            pc = r.resolve(parent, era=era, level="province")
            if pc is None:
                return None, [], "parent"
            kw = {"province_code": pc}
        elif parent and level == "commune":
            d = r.resolve(parent, era=era, level="district")
            if d is not None:
                kw = {"parent_code": d}
            else:
                pc = r.resolve(parent, era=era, level="province")
                if pc is None:
                    return None, [], "parent"
                kw = {"province_code": pc}
        found = r.candidates(name, era=era, level=level, **kw)
        if len(found) == 1:
            return found[0]["unit_code"], found, "ok"
        return None, found, ("ambiguous" if found else "none")



def _version(ix: Index, year: int) -> Version | None:
    try:
        return ix.version_for(year)
    except KeyError:
        return None


def _component_lookup(v: Version) -> dict[str, str]:
    out = {"total": "total", "tong": "total", "tong diem": "total", "tong so": "total", "diem": "total"}
    for c in v.components:
        for label in (c.id, c.name_vi, c.name_en):
            out.setdefault(fold(label), c.id)
    return out


def _index_lookup(cat: Catalog) -> dict[str, str]:
    out = {"766": "i766", "bo chi so 766": "i766", "par index": "par", "chi so cchc": "par"}
    for ix in cat.indices:
        for label in (ix.id, ix.short_vi, ix.short_en, ix.name_vi, ix.name_en):
            out.setdefault(fold(label), ix.id)
    return out


def validate_rows(rows: list[dict], cat: Catalog, units: UnitIndex, col: Collector, *,
                  columns: dict[str, str] | None = None, sum_severity: str = "error") -> list[dict]:
    """The rows that pass, with `unit_code`, `index_id`, `component` normalised and
    `method_version` set; problems go to `col` (rejected rows in col.rejected)."""
    columns = columns or {}
    index_ids = _index_lookup(cat)
    comp_maps: dict[str, dict[str, str]] = {}
    coverage_warned: set[tuple] = set()
    covered: dict[tuple, tuple[int, ...]] = {}
    folded: dict[str, str] = {}
    ok: list[dict] = []

    def fold_(s: str | None) -> str:
        s = s or ""
        if s not in folded:
            folded[s] = fold(s)
        return folded[s]

    def add(code: str, vi: str, en: str, r: dict, field: str, severity: str | None = None) -> None:
        cols = r.get("cols") or columns  # the row's own sheet layout, else the caller's
        column = {"unit": r.get("unit_col"), "unit_code": r.get("code_col") or cols.get("unit_code"),
                  "value": r.get("value_col") or cols.get("value"),
                  "parent": cols.get("parent_name")}.get(field, cols.get(field))
        col.add(code, vi, en, sheet=r.get("sheet"), row=r.get("row"), column=column,
                severity=severity, rid=r["rid"])

    for r in rows:
        if r["rid"] in col.rejected:
            continue
        # 1. era, level, year
        year = r.get("year")
        if r.get("era") is None and isinstance(year, int):
            r["era"] = "post2025" if year >= 2025 else "pre2025"
        if r.get("level") is None:
            code = r.get("unit_code") or ""
            r["level"] = {2: "province", 3: "district", 5: "commune"}.get(len(code), "province") \
                if code.isdigit() else "province"
        era, level = r["era"], r["level"]
        if era not in ERAS:
            add("invalid_era",
                f"Thời kỳ {short(era)} không hợp lệ; dùng 'pre2025' (63 tỉnh) hoặc 'post2025' (34 tỉnh).",
                f"Era {short(era)} is invalid; use 'pre2025' (63 provinces) or 'post2025' (34).", r, "era")
            continue
        if level not in ALL_LEVELS:
            add("invalid_level", f"Cấp {short(level)} không hợp lệ; dùng province, district, commune hoặc ministry.",
                f"Level {short(level)} is invalid; use province, district, commune or ministry.", r, "level")
            continue
        if not isinstance(year, int) or not 1990 <= year <= 2100:
            add("invalid_year", f"Năm {short(year)} không hợp lệ.", f"Year {short(year)} is invalid.", r, "year")
            continue
        # 2. index, version, component
        iid = index_ids.get(fold_(r.get("index_id")))
        if iid is None:
            add("unknown_index", f"Chỉ số {short(r.get('index_id'))} không có trong danh mục ({', '.join(cat.ids)}).",
                f"Index {short(r.get('index_id'))} is not in the catalog ({', '.join(cat.ids)}).", r, "index_id")
            continue
        ix = cat[iid]
        v = _version(ix, year)
        if v is None:
            add("year_not_covered", f"{ix.short_vi} chưa có phương pháp cho năm {year}.",
                f"{ix.short_en} has no methodology version for {year}.", r, "year")
            continue
        if v.id not in comp_maps:
            comp_maps[v.id] = _component_lookup(v)
        comp = comp_maps[v.id].get(fold_(r.get("component")))
        if comp is None:
            ids = ["total", *(c.id for c in v.components)]
            near = difflib.get_close_matches(fold_(r.get("component")), ids, n=3, cutoff=0.5)
            hint_vi = f" Gần giống: {', '.join(near)}." if near else ""
            hint_en = f" Close: {', '.join(near)}." if near else ""
            add("unknown_component",
                f"Thành phần {short(r.get('component'))} không thuộc phương pháp {v.id} ({year}).{hint_vi}",
                f"Component {short(r.get('component'))} is not in methodology {v.id} ({year}).{hint_en}",
                r, "component")
            continue
        r["index_id"], r["component"], r["method_version"] = iid, comp, v.id
        # 3. unit
        if not _resolve_unit(r, units, add):
            continue
        # 4. value, rank
        val, rank = r.get("value"), r.get("published_rank")
        if val is None and rank is None:
            add("missing_field", "Thiếu giá trị.", "The value is missing.", r, "value")
            continue
        if rank is not None and (rank != int(rank) or rank < 1):
            add("invalid_rank", f"Thứ hạng {rank!r} phải là số nguyên ≥ 1.", f"Rank {rank!r} must be an integer ≥ 1.",
                r, "published_rank")
            continue
        if val is not None:
            top = v.scale_max if comp == "total" else next(c.max for c in v.components if c.id == comp)
            if not (0 <= val <= top + 1e-9):
                what_vi = "tổng điểm" if comp == "total" else f"thành phần {comp}"
                what_en = "the total" if comp == "total" else f"component {comp}"
                add("out_of_range", f"Giá trị {val:g} ngoài thang điểm của {what_vi}: 0–{top:g} ({v.id}).",
                    f"Value {val:g} is outside the scale of {what_en}: 0–{top:g} ({v.id}).", r, "value")
                continue
        cov = (iid, era, level, year)
        if (iid, era, level) not in covered:
            covered[(iid, era, level)] = ix.years(era, level)
        if year not in covered[(iid, era, level)] and cov not in coverage_warned:
            coverage_warned.add(cov)
            add("outside_coverage",
                f"{ix.short_vi} {year} cấp {_lv(level)} ({_er(era)}) nằm ngoài phạm vi ứng dụng đang hiển thị; "
                "dòng vẫn được nhập.",
                f"{ix.short_en} {year} at {_lv(level, True)} level ({_er(era, True)}) is outside what the app "
                "shows; the row is kept.",
                r, "year", severity="warning")
        ok.append(r)

    # 5. duplicates
    first: dict[tuple, dict] = {}
    kept = []
    for r in ok:
        k = (r["era"], r["level"], r["unit_code"], r["index_id"], r["year"], r["component"])
        if k in first:
            f = first[k]
            same = f.get("value") == r.get("value")
            what = f"{r['index_id']} {r['year']}, {r['component']}, {r['unit_code']}"
            add("duplicate_row",
                f"Trùng với dòng {f.get('row')} ({what})"
                + ("" if same else f"; giá trị khác: {f.get('value')} và {r.get('value')}") + ". Dòng đầu được giữ.",
                f"Same as row {f.get('row')} ({what})"
                + ("" if same else f"; values differ: {f.get('value')} and {r.get('value')}") + ". The first is kept.",
                r, "value")
            continue
        first[k] = r
        kept.append(r)

    # 6. parts add up to the total
    groups: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for r in kept:
        groups[(r["era"], r["level"], r["unit_code"], r["index_id"], r["year"])][r["component"]] = r
    for (_, _, _, iid, year), comps in groups.items():
        tot = comps.get("total")
        v = cat[iid].version_for(year)
        parts = v.parts
        if tot is None or tot.get("value") is None or not parts:
            continue
        if any(comps.get(p.id) is None or comps[p.id].get("value") is None for p in parts):
            continue
        s = sum(p.weight * comps[p.id]["value"] for p in parts)
        tol = 0.05 * v.scale_max / 100
        if abs(s - tot["value"]) > tol + 1e-9:
            unverified = any(p.status == "U" for p in parts)
            sev = "warning" if unverified else sum_severity
            rows_txt = ", ".join(str(comps[p.id].get("row")) for p in parts[:12])
            note_vi = " Trọng số trong danh mục chưa được kiểm chứng." if unverified else ""
            note_en = " The catalog's weights are unverified." if unverified else ""
            add("parts_sum_mismatch",
                f"Tổng {tot['value']:g} khác Σ trọng số × thành phần = {s:.4f} (chênh {tot['value'] - s:+.4f}, "
                f"dung sai {tol:g}; các dòng {rows_txt}).{note_vi}",
                f"Total {tot['value']:g} differs from Σ weight × part = {s:.4f} (by {tot['value'] - s:+.4f}, "
                f"tolerance {tol:g}; rows {rows_txt}).{note_en}",
                tot, "value", severity=sev)
    return [r for r in kept if r["rid"] not in col.rejected]


def _resolve_unit(r: dict, units: UnitIndex, add) -> bool:
    era, level, year = r["era"], r["level"], r["year"]
    code, name, parent = r.get("unit_code"), r.get("unit_name"), r.get("parent_name")
    if not code and not name:
        add("missing_field", "Thiếu mã hoặc tên đơn vị.", "The unit code or name is missing.", r, "unit")
        return False
    if code:
        width = CODE_DIGITS.get(level)
        if width and code.isdigit() and len(code) < width:
            padded = code.zfill(width)
            if (era, level, padded) in units.units:
                add("unit_code_padded", f"Mã {code!r} được hiểu là {padded!r} (Excel đã bỏ số 0 đầu).",
                    f"Code {code!r} read as {padded!r} (Excel dropped the leading zeros).", r, "unit_code",
                    severity="warning")
                code = padded
        if (era, level, code) not in units.units:
            add("unknown_unit_code",
                f"Mã {short(code)} không có trong danh mục đơn vị cấp {_lv(level)} ({_er(era)}).",
                f"Code {short(code)} is not a {_lv(level, True)} of the registry ({_er(era, True)}).",
                r, "unit_code")
            return False
        if name:
            found, cands, status = units.find(name, era, level, parent)
            if status == "ok" and found != code:
                other = units.units[(era, level, found)]["name_vi"]
                mine = units.units[(era, level, code)]["name_vi"]
                add("unit_mismatch", f"Mã {code} là {mine} nhưng tên {short(name)} là {other} ({found}).",
                    f"Code {code} is {mine} but the name {short(name)} is {other} ({found}).", r, "unit")
                return False
    else:
        code, cands, status = units.find(name, era, level, parent)
        if status == "parent":
            sug = units.resolver.suggest(parent, era=era, level="province" if level == "district" else "district")
            s_vi = f" Gợi ý: {', '.join(n for _, n in sug)}." if sug else ""
            s_en = f" Suggestions: {', '.join(n for _, n in sug)}." if sug else ""
            add("unknown_unit", f"Không tìm thấy đơn vị cấp trên {short(parent)}.{s_vi}",
                f"Parent unit {short(parent)} not found.{s_en}", r, "parent")
            return False
        if status == "ambiguous":
            opts = "; ".join(f"{u['unit_code']} {u['unit_type'] or ''} {u['name_vi']} "
                             f"({u['parent_code'] or u['province_code']})" for u in cands[:5])
            add("ambiguous_unit",
                f"Tên {short(name)} trùng {len(cands)} đơn vị cấp {_lv(level)}: {opts}. "
                "Hãy ghi mã đơn vị hoặc tên đơn vị cấp trên.",
                f"The name {short(name)} matches {len(cands)} {_lv(level, True)} units: {opts}. "
                "Give the unit code or the parent.",
                r, "unit")
            return False
        if status == "none":
            sug = units.resolver.suggest(name, era=era, level=level, k=3)
            s_vi = f" Có phải: {', '.join(f'{n} ({c})' for c, n in sug)}?" if sug else ""
            s_en = f" Did you mean: {', '.join(f'{n} ({c})' for c, n in sug)}?" if sug else ""
            add("unknown_unit", f"Không tìm thấy đơn vị {short(name)} cấp {_lv(level)} ({_er(era)}).{s_vi}",
                f"No {_lv(level, True)} named {short(name)} ({_er(era, True)}).{s_en}", r, "unit")
            return False
    u = units.units[(era, level, code)]
    if u["valid_to"] is not None and u["valid_to"].year < year:
        add("unit_not_valid_in_year",
            f"{u['name_vi']} ({code}) không còn tồn tại sau {u['valid_to']:%d/%m/%Y}; không thể có số liệu năm {year}.",
            f"{u['name_vi']} ({code}) ceased to exist on {u['valid_to']:%Y-%m-%d}; it cannot have {year} figures.",
            r, "unit")
        return False
    r["unit_code"] = code
    return True
