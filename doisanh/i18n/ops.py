"""Texts of the operational messages (query time limit), merged into doisanh.i18n."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "query_timeout": (
        "Truy vấn chạy quá {seconds} giây nên đã dừng. Vui lòng thu hẹp lựa chọn (một tỉnh, một năm) "
        "hoặc thử lại sau.",
        "The query ran longer than {seconds} seconds and was stopped. Please narrow the selection "
        "(one province, one year) or try again later."),
}
