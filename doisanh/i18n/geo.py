"""Texts of the map page, the lineage panel and the reconstructed series (merged into doisanh.i18n)."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "page_map": ("Bản đồ", "Map"),
    "map_intro": (
        "Điểm và hạng của các đơn vị trên bản đồ, trước hoặc sau sắp xếp ngày 1/7/2025. Cấp tỉnh: "
        "tô màu theo ranh giới tỉnh; cấp huyện và xã: mỗi đơn vị là một chấm tại tâm đơn vị.",
        "Scores and ranks on a map, before or after the reorganisation of 1 July 2025. Provinces "
        "are filled within their boundaries; districts and communes are dots at their centres."),
    "archipelago_hoang_sa": ("Quần đảo Hoàng Sa (Đà Nẵng)", "Hoàng Sa archipelago (Đà Nẵng)"),
    "archipelago_truong_sa": ("Quần đảo Trường Sa (Khánh Hòa)", "Trường Sa archipelago (Khánh Hòa)"),
    "island": ("Đảo", "Island"),
    "map_inset_note": (
        "{name}: vẽ trong khung nét đứt bên cạnh, thu nhỏ và dời lại gần đất liền (không đúng vị trí "
        "và tỉ lệ) để phần đất liền của tỉnh/thành phố đủ lớn.",
        "{name}: drawn in the dashed frame beside, reduced and moved near the mainland (not to "
        "position or scale) so that the province's mainland stays readable."),
    "map_title": ("{index} năm {year} · {level} · {area}", "{index} {year} · {level} · {area}"),
    "map_area_country": ("cả nước ({n} tỉnh/thành phố {when}), gồm quần đảo Hoàng Sa và Trường Sa",
                         "whole country ({n} provinces {when}), with the Hoàng Sa and Trường Sa "
                         "archipelagos"),
    "map_area_province": ("{province} ({when})", "{province} ({when})"),
    "map_when_pre2025": ("trước 7/2025", "before 7/2025"),
    "map_when_post2025": ("từ 7/2025", "from 7/2025"),
    "map_no_figure": ("Không có số liệu", "No figure"),
    "map_color_by": ("Tô màu theo", "Colour by"),
    "map_click_hint": ("Bấm vào một đơn vị trên bản đồ để chọn đơn vị đó (viền đỏ).",
                       "Click a unit on the map to choose it (red outline)."),
    "map_color_value": ("Điểm", "Score"),
    "map_color_rank": ("Hạng", "Rank"),
    "map_province_needed": (
        "Cấp xã có quá nhiều đơn vị để vẽ cho cả nước: hãy chọn một tỉnh/thành phố (ô “Trong "
        "tỉnh/thành phố”) hoặc tìm một đơn vị.",
        "There are too many communes to draw for the whole country: choose a province (“Within "
        "province”) or find a unit."),
    "map_ministry": ("Bộ, ngành không có vị trí trên bản đồ; xem trang Xếp hạng.",
                     "Ministries have no place on a map; see the Ranking page."),
    "map_caption_provinces": (
        "{index}, năm {year} — {n} trên {total} tỉnh/thành phố có số liệu. Hạng trong số các tỉnh "
        "có số liệu. Viền đỏ: đơn vị đang chọn; viền cam: nhóm so sánh; xám: không có số liệu. "
        "Quần đảo Hoàng Sa (Đà Nẵng) và Trường Sa (Khánh Hòa): chấm tại các đảo chính, tô màu "
        "của tỉnh/thành phố.",
        "{index}, {year} — {n} of {total} provinces have a figure; ranks are among those. Red "
        "outline: the chosen unit; orange: its peers; grey: no figure. The Hoàng Sa (Đà Nẵng) "
        "and Trường Sa (Khánh Hòa) archipelagos: dots at their main islands, in their "
        "province's colour."),
    "map_caption_points": (
        "{index}, năm {year} — {level}, {scope}: {k} chấm tại tâm đơn vị (tọa độ gần đúng theo "
        "vietnamadminunits), {n} có số liệu; hạng trong số đó. Vòng đỏ: đơn vị đang chọn; vòng "
        "cam: nhóm so sánh; chấm rỗng: không có số liệu.",
        "{index}, {year} — {level}, {scope}: {k} dots at unit centres (approximate positions from "
        "vietnamadminunits), {n} with a figure; ranks are among those. Red ring: the chosen unit; "
        "orange: its peers; hollow: no figure."),
    "map_no_position": ("{k} đơn vị không có tọa độ nên không hiện trên bản đồ.",
                        "{k} units have no position and are not drawn."),
    "map_hatay": (
        "Hà Tây (đến 8/2008) có số liệu năm {year} nhưng không có ranh giới riêng trên bản đồ "
        "(nay thuộc Hà Nội).",
        "Hà Tây (until August 2008) has a figure for {year} but no boundary of its own on this map "
        "(it is now part of Hà Nội)."),
    "map_geo_error": ("Không đọc được ranh giới tỉnh: {msg}", "Cannot read the province boundaries: {msg}"),
    "map_boundaries_pre2025": (
        "Ranh giới 63 tỉnh: geoBoundaries VNM ADM1 (năm 2008, phạm vi công cộng), Côn Đảo gộp vào "
        "Bà Rịa - Vũng Tàu, đã đơn giản hóa (~1 km). Vị trí các đảo của quần đảo Hoàng Sa và "
        "Trường Sa: tọa độ công khai (xem data/SOURCES.md).",
        "Boundaries of the 63 provinces: geoBoundaries VNM ADM1 (2008, public domain), Côn Đảo "
        "dissolved into Bà Rịa - Vũng Tàu, simplified (~1 km). Islands of the Hoàng Sa and "
        "Trường Sa archipelagos: public coordinates (see data/SOURCES.md)."),
    "map_boundaries_post2025": (
        "Ranh giới 34 tỉnh: vnmap (MIT), theo bản đồ sapnhap.bando.com.vn, đã đơn giản hóa (~1 km). "
        "Vị trí các đảo của quần đảo Hoàng Sa và Trường Sa: tọa độ công khai (xem data/SOURCES.md).",
        "Boundaries of the 34 provinces: vnmap (MIT), after sapnhap.bando.com.vn, simplified (~1 km). "
        "Islands of the Hoàng Sa and Trường Sa archipelagos: public coordinates (see data/SOURCES.md)."),
    "map_boundaries_custom": ("Ranh giới tỉnh: tệp cấu hình {path}.",
                              "Province boundaries: configured file {path}."),
    "map_chosen": ("Đơn vị đang chọn: {unit}.", "Chosen unit: {unit}."),
    "map_chosen_within": ("Đơn vị đang chọn: {unit} — trên bản đồ này là {shown}.",
                          "Chosen unit: {unit} — on this map, {shown}."),
    "map_table": ("Bảng số liệu của bản đồ", "Figures on this map"),
    "lineage": ("Lịch sử sắp xếp đơn vị hành chính", "History across the reorganisation"),
    "lineage_pick_unit": (
        "Tìm và chọn một đơn vị để xem đơn vị tiền thân/kế thừa và chuỗi số liệu dựng lại.",
        "Find and choose a unit to see its predecessors or successors and a reconstructed series."),
    "lineage_none": ("{unit} không có đơn vị tiền thân hay kế thừa trong bảng chuyển đổi.",
                     "{unit} has no predecessor or successor in the crosswalk."),
    "lineage_direction": ("Quan hệ", "Link"),
    "lineage_predecessor": ("Tiền thân", "Predecessor"),
    "lineage_successor": ("Kế thừa", "Successor"),
    "lineage_relation": ("Phần chuyển sang", "What moved"),
    "lineage_whole": ("toàn bộ", "whole"),
    "lineage_partial": ("một phần", "partial"),
    "lineage_split_into": (" (chia cho {n} đơn vị)", " (split among {n} units)"),
    "lineage_source": ("Nguồn: bảng chuyển đổi của bản dựng (cấp tỉnh: Quyết định 19/2025/QĐ-TTg qua "
                       "vnmap; cấp xã: vietnamadminunits).",
                       "Source: the build's crosswalk (provinces: Decision 19/2025/QĐ-TTg via vnmap; "
                       "communes: vietnamadminunits)."),
    "recon_toggle": ("Hiện chuỗi dựng lại trước 7/2025", "Show the reconstructed series before 7/2025"),
    "recon_target": ("Đơn vị kế thừa để dựng lại", "Successor to reconstruct"),
    "recon_weighting": ("Trọng số", "Weights"),
    "recon_weight_population": ("Dân số 2024 của đơn vị tiền thân", "2024 population of each predecessor"),
    "recon_weight_equal": ("Bằng nhau (trung bình cộng)", "Equal (simple mean)"),
    "recon_method_population": (
        "Phương pháp: trung bình có trọng số theo dân số 2024 (NSO) của các đơn vị tiền thân có số "
        "liệu trong từng năm.",
        "Method: mean of the predecessors with a figure in each year, weighted by their 2024 "
        "population (NSO)."),
    "recon_partial_share": (
        "Đơn vị tiền thân chỉ nhập một phần được tính với dân số chia đều cho các đơn vị kế thừa.",
        "A predecessor that went only partly into this unit counts its population divided equally "
        "among its successors."),
    "recon_method_equal": (
        "Phương pháp: trung bình cộng (trọng số bằng nhau) của các đơn vị tiền thân có số liệu trong "
        "từng năm.",
        "Method: simple mean (equal weights) of the predecessors with a figure in each year."),
    "recon_method_equal_fallback": (
        "Phương pháp: trung bình cộng (trọng số bằng nhau) — {k} trên {n} đơn vị tiền thân không có "
        "số liệu dân số, nên không thể dùng trọng số dân số.",
        "Method: simple mean (equal weights) — {k} of the {n} predecessors have no population "
        "figure, so population weights cannot be used."),
    "recon_method_equal_level": (
        "Phương pháp: trung bình cộng (trọng số bằng nhau) — dưới cấp tỉnh không có số liệu dân số.",
        "Method: simple mean (equal weights) — there is no population below province level."),
    "recon_series": ("{name}: dựng lại từ đơn vị tiền thân", "{name}: reconstructed from predecessors"),
    "recon_own_series": ("{name}: số liệu của chính đơn vị", "{name}: its own figures"),
    "recon_detail": ("{k}/{n} đơn vị tiền thân có số liệu", "{k} of {n} predecessors with a figure"),
    "recon_gaps": ("Năm thiếu số liệu của một số đơn vị tiền thân: {years}.",
                   "Years where some predecessors have no figure: {years}."),
    "recon_none": ("Không dựng lại được: các đơn vị tiền thân cùng cấp không có số liệu {index}.",
                   "Nothing to reconstruct: no predecessor of the same level has a {index} figure."),
    "recon_not_merged": (
        "{unit} không hợp nhất với đơn vị cùng cấp nào: chuỗi dựng lại chính là số liệu của đơn vị "
        "tiền thân.",
        "{unit} was not merged with another unit of its level: the reconstruction is its "
        "predecessor's own series."),
    "recon_no_successor": ("Đơn vị này không có đơn vị kế thừa cùng cấp để dựng lại.",
                           "This unit has no successor of the same level to reconstruct."),
    "recon_note": (
        "Chuỗi dựng lại là phép tính của ứng dụng, không phải số liệu công bố; phương pháp của chỉ số "
        "có thể khác nhau giữa các năm.",
        "The reconstructed series is computed by the app, not published; the index's method may "
        "differ between years."),
    "recon_used": ("Đơn vị tiền thân có số liệu", "Predecessors with a figure"),
    "recon_missing": ("Thiếu số liệu", "Without a figure"),
    "recon_inputs": ("Số liệu của đơn vị tiền thân", "Predecessors' figures"),
    "recon_inputs_illustrative": ("{k}/{n} là số liệu minh họa", "{k} of {n} illustrative"),
    "recon_table": ("Bảng chuỗi dựng lại", "Reconstructed series, table"),
}
