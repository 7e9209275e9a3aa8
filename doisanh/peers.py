"""Peer groups: each mode yields the query filters and the sentence that describes them,
so the caption on screen always matches the query (Datasette's filter idea)."""
from __future__ import annotations

from dataclasses import dataclass



_NOUN_VI = {"province": "tỉnh", "district": "huyện", "commune": "xã", "ministry": "bộ"}


@dataclass(frozen=True)
class PeerGroup:
    mode: str
    province_code: str | None = None
    region_code: str | None = None
    parent_code: str | None = None
    peer_codes: list[str] | None = None
    sentence_vi: str = ""
    sentence_en: str = ""

    @property
    def empty(self) -> bool:
        """A custom list with no unit chosen but the official's own: no group to rank within
        (ranked alone it read "Hạng 1/1 … giữ nguyên hạng")."""
        return self.mode == "custom" and len(self.peer_codes or ()) <= 1

    def params(self) -> dict:
        return {"province_code": self.province_code, "region_code": self.region_code,
                "parent_code": self.parent_code, "peer_codes": self.peer_codes}

    def sentence(self, lang: str) -> str:
        return self.sentence_en if lang == "en" else self.sentence_vi


def resolve_mode(mode: str, level: str) -> str:
    """'auto' means: units of the same province below province level, all provinces otherwise."""
    if mode == "auto":
        return "all" if level == "province" else "province"
    if mode == "province" and level == "province":
        return "all"
    return mode


def build(mode: str, *, level: str, unit: dict, province_name: dict[str, str],
          region_name: dict[str, str], neighbours: list[str] | None = None,
          custom: tuple[str, ...] = ()) -> PeerGroup:
    """`unit` is a row of queries/units.sql; names map codes to (already translated) names."""
    mode = resolve_mode(mode, level)
    lv = {"vi": _NOUN_VI.get(level, level), "en": level}
    if mode == "province":
        pc = unit["province_code"]
        return PeerGroup(mode, province_code=pc,
                         sentence_vi=f"các đơn vị cấp {lv['vi']} của {province_name['vi'].get(pc, pc)}",
                         sentence_en=f"{lv['en']} units of {province_name['en'].get(pc, pc)}")
    if mode == "region":
        rc = unit["region_code"]
        return PeerGroup(mode, region_code=rc,
                         sentence_vi=f"các đơn vị cấp {lv['vi']} vùng {region_name['vi'].get(rc, rc)}",
                         sentence_en=f"{lv['en']} units of the {region_name['en'].get(rc, rc)} region")
    if mode in ("near_size", "near_profile"):
        codes = [unit["unit_code"], *(neighbours or [])]
        basis_vi = ("dân số và diện tích" if mode == "near_size"
                    else "cơ cấu điểm thành phần của chỉ số này")
        basis_en = ("population and area" if mode == "near_size"
                    else "the component profile on this index")
        k = len(codes) - 1
        return PeerGroup(mode, peer_codes=codes,
                         sentence_vi=f"{k} đơn vị giống nhất về {basis_vi} (láng giềng thống kê)",
                         sentence_en=f"the {k} units most similar in {basis_en} (statistical neighbours)")
    if mode == "custom":
        codes = list(dict.fromkeys([unit["unit_code"], *custom]))
        if len(codes) == 1:
            return PeerGroup(mode, peer_codes=codes,
                             sentence_vi="danh sách tự chọn, còn trống (chưa chọn đơn vị nào)",
                             sentence_en="a custom list, still empty (no unit chosen)")
        return PeerGroup(mode, peer_codes=codes,
                         sentence_vi=f"danh sách tự chọn ({len(codes)} đơn vị)",
                         sentence_en=f"a custom list ({len(codes)} units)")
    return PeerGroup("all", sentence_vi=f"tất cả các đơn vị cấp {lv['vi']} cả nước",
                     sentence_en=f"all {lv['en']} units in the country")
