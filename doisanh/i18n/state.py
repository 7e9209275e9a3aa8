"""Texts of the official's state: the compare list, "my unit", peer groups and targets that say
what is true (issue 14; Vietnamese first)."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "compare_refused": (
        "Chưa thêm **{name}**: chỉ so sánh được tối đa {n} đơn vị. Bỏ một đơn vị khỏi danh sách rồi thêm lại.",
        "**{name}** was not added: at most {n} units can be compared. Remove a unit from the list, then add it again."),
    "compare_full": ("Đã đủ {n} đơn vị: bỏ một đơn vị để thêm đơn vị khác.",
                     "{n} units chosen, the most there can be: remove one to add another."),
    "compare_mine": ("Đơn vị của tôi: **{name}** (chọn ở trang “Đơn vị của tôi”, “Mục tiêu và giả định”, "
                     "“Bản đồ”, hoặc bằng nút dưới đây). Thêm đơn vị vào danh sách so sánh không đổi đơn vị của tôi.",
                     "My unit: **{name}** (chosen on “My unit”, “What-if and targets”, “Map”, or with the "
                     "button below). Adding units to the comparison does not change my unit."),
    "compare_make_mine": ("Đặt làm đơn vị của tôi", "Make this my unit"),
    "compare_make_mine_pick": ("Đơn vị trong danh sách", "Unit in the list"),
    "peers_custom_empty": (
        "Danh sách tự chọn đang trống: chọn các đơn vị trong nhóm ở ô trên. Chưa có nhóm so sánh, "
        "nên chưa có hạng, khoảng cách hay trung vị trong nhóm.",
        "The custom list is empty: choose the units of the group in the box above. There is no peer "
        "group yet, so no rank, gap or median within it."),
    "target_met_published": ("Mục tiêu đã đạt với điểm công bố hiện tại ({cur}).",
                             "The target is already met with the current, published score ({cur})."),
    "target_met_hypothetical": (
        "Mục tiêu đạt được với điểm giả định {new} (sau các thay đổi ở trên), chưa đạt với điểm công bố "
        "hiện tại {cur}: còn cần tăng {gain} điểm tổng.",
        "The target is met with the hypothetical score {new} (after the changes above), not with the "
        "current, published score {cur}: {gain} more points of the total are still needed."),
    "need_gain_hypothetical": (
        "Cần tăng tối thiểu {gain} điểm tổng so với điểm giả định (từ {cur} lên {need}; điểm công bố "
        "hiện tại {pub}).",
        "Needs at least {gain} more points of the total beyond the hypothetical score (from {cur} to "
        "{need}; current published score {pub})."),
    "ranking_mine_rows": ("Đơn vị đang chọn trong bảng xếp hạng (cùng đơn vị liền trên và liền dưới)",
                          "The chosen unit in the ranking (with the units just above and below)"),
    "compare_held": ("{n} đơn vị đã chọn ở cấp hoặc giai đoạn khác được giữ lại, sẽ hiện lại khi chọn cấp và "
                     "giai đoạn của chúng (đường dẫn chỉ ghi các đơn vị đang hiện).",
                     "{n} units chosen at another level or era are kept aside and come back when their "
                     "level and era are chosen again (the link holds only the units shown)."),
}
