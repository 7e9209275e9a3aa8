"""Texts of the import page (merged into doisanh.i18n.TEXTS)."""
TEXTS: dict[str, tuple[str, str]] = {
    "page_import": ("Nhập số liệu", "Import data"),
    "import_intro": (
        "Nạp bảng số liệu của địa phương (mẫu chung, hoặc tệp kết quả PCI/PAPI chính thức). Số liệu "
        "nhập chỉ có trong phiên làm việc của bạn, không ai khác thấy; đóng trình duyệt là mất, trừ khi "
        "bạn tải về tệp không gian làm việc.",
        "Load your own tables (the generic template, or an official PCI/PAPI result workbook). Imported "
        "figures exist only in your session and nobody else sees them; they are gone when the session "
        "ends unless you download the workspace file."),
    "template_title": ("Mẫu nhập số liệu", "Import template"),
    "template_csv": ("Tải mẫu CSV", "Download CSV template"),
    "template_xlsx": ("Tải mẫu Excel", "Download Excel template"),
    "upload": ("Chọn tệp (.xlsx, .xls, .csv; tối đa 25 MB)", "Choose a file (.xlsx, .xls, .csv; at most 25 MB)"),
    "import_kind": ("Loại tệp", "Kind of file"),
    "kind_auto": ("Tự nhận biết", "Detect"),
    "kind_template": ("Mẫu chung", "Generic template"),
    "kind_pci": ("Kết quả PCI của VCCI", "VCCI PCI results"),
    "kind_papi": ("Bảng PAPI cấp tỉnh", "PAPI provincial tables"),
    "import_reading": ("Đang đọc và kiểm tra tệp…", "Reading and checking the file…"),
    "import_waiting": ("Máy chủ đang đọc tệp của người khác; tệp của bạn sẽ được đọc ngay khi xong…",
                       "The server is reading someone else's file; yours will be read as soon as it is done…"),
    "import_summary": ("Tệp {file}: đọc {read} dòng, {valid} dòng hợp lệ, {rejected} dòng bị loại; {n} vấn đề.",
                       "File {file}: {read} rows read, {valid} valid, {rejected} rejected; {n} problems."),
    "import_summary_capped": (
        "Tệp {file}: đọc {read} dòng, {valid} dòng hợp lệ, {rejected} dòng bị loại; {n} vấn đề, "
        "{listed} vấn đề được liệt kê bên dưới (tối đa {cap} vấn đề mỗi loại, phần còn lại được đếm).",
        "File {file}: {read} rows read, {valid} valid, {rejected} rejected; {n} problems, {listed} listed "
        "below (at most {cap} of each kind, the rest counted)."),
    "import_fatal": ("Tệp bị từ chối, không có gì được nạp: {why}",
                     "The file is refused; nothing was loaded: {why}"),
    "problems": ("Các vấn đề (tệp, trang tính, dòng, cột)", "Problems (file, sheet, row, column)"),
    "import_choice": ("Khi có dòng lỗi", "When some rows have errors"),
    "keep_valid": ("Giữ các dòng hợp lệ, bỏ các dòng lỗi", "Keep the valid rows, drop the rows with errors"),
    "refuse_all": ("Từ chối cả tệp", "Refuse the whole file"),
    "import_go": ("Nạp vào phiên làm việc", "Load into my session"),
    "import_done": ("Đã nạp {n} dòng. Trong phiên này có {total} dòng số liệu nhập; các trang dùng chúng ngay.",
                    "Loaded {n} rows. This session now holds {total} imported rows; every page uses them."),
    "import_refused": ("Đã từ chối tệp; số liệu đã có không thay đổi.",
                       "The file was refused; what was already loaded is unchanged."),
    "import_active": ("Phiên này đang dùng số liệu tự nhập từ: {files}.",
                      "This session uses imported figures from: {files}."),
    "import_clear": ("Bỏ toàn bộ số liệu đã nhập", "Remove every imported figure"),
    "import_none": ("Chưa nạp số liệu nào; các trang dùng số liệu có sẵn.",
                    "Nothing imported; pages use the shipped figures."),
    "workspace": ("Tải tệp không gian làm việc (mẫu CSV, nạp lại được)",
                  "Download the workspace file (template CSV, can be loaded again)"),
    "link_needs_import": (
        "Đường dẫn này được tạo trên số liệu người gửi tự nhập. Bạn đang xem số liệu có sẵn của ứng dụng, "
        "có thể khác với màn hình của người gửi.",
        "This link was made on figures its sender imported. You are seeing the app's shipped figures, "
        "which may differ from the sender's screen."),
    "imported_flag": ("Tự nhập", "Imported"),
}
