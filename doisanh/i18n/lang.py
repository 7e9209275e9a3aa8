"""Texts that replace Streamlit's own English words and machine codes on the page: widget
placeholders, the upload button, a slider's value written the language's way, imported sources'
titles, and the template's columns named in words (merged into doisanh.i18n.TEXTS)."""
TEXTS: dict[str, tuple[str, str]] = {
    # placeholders of st.selectbox / st.multiselect (Streamlit's: 'Choose an option', 'Choose options')
    "choose_one": ("Chọn…", "Choose…"),
    "choose_many": ("Chọn một hoặc nhiều đơn vị…", "Choose one or more units…"),
    "custom_too_many": ("Nhóm tự chọn có tối đa {n} đơn vị; đã bỏ bớt.",
                        "A custom group holds at most {n} units; the rest were dropped."),
    # st.file_uploader has no parameter for its button and its line of limits (see ui.upload.uploader_texts)
    "upload_button": ("Chọn tệp", "Upload"),
    # a slider's label with its value, as Streamlit's own number cannot have a decimal comma
    "slider_value": ("{name}: {value} / {max}", "{name}: {value} / {max}"),
    "research_notes": ("ghi chú nghiên cứu của nhóm", "our research notes"),
    "target_value_is": ("Giá trị mục tiêu: {value}", "Target value: {value}"),
    # titles of imported sources, stored bilingual in the session's sources table
    "import_title_bare": ("Tệp nhập {file}", "Imported file {file}"),
    "import_title_mark": ("{text} — tệp nhập {file}", "{text} — imported file {file}"),
    "import_title_pci": ("Bảng kết quả PCI {year} của VCCI (tệp nhập {file})",
                         "VCCI PCI {year} results workbook (imported file {file})"),
    "import_title_papi": ("Kết quả PAPI cấp tỉnh, các trang {sheets} (tệp nhập {file})",
                          "PAPI provincial results, sheets {sheets} (imported file {file})"),
    # the template's columns in words (a problem names the column in words, then its header)
    "tcol_era": ("Giai đoạn", "Era"),
    "tcol_level": ("Cấp", "Level"),
    "tcol_unit_code": ("Mã đơn vị", "Unit code"),
    "tcol_unit_name": ("Tên đơn vị", "Unit name"),
    "tcol_parent_name": ("Đơn vị cấp trên", "Parent unit"),
    "tcol_index_id": ("Chỉ số", "Index"),
    "tcol_year": ("Năm", "Year"),
    "tcol_component": ("Thành phần", "Component"),
    "tcol_value": ("Giá trị", "Value"),
    "tcol_source": ("Nguồn", "Source"),
    "tcol_published_rank": ("Hạng công bố", "Published rank"),
    "tcol_or": ("hoặc", "or"),
}
