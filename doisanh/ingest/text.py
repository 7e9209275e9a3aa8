"""Text of an uploaded file: decoding, legacy Vietnamese encodings, cell normalisation.

`decode(name, data)` turns CSV bytes into text:
0. bytes with control characters in them (other than tab, line feed, carriage return; more than a
   stray one or two) are binary data, not a text/CSV file ('file_type_unknown', as the precheck
   says of bytes with NUL in them), whatever else they might look like (random bytes read as
   Latin-1 looked like TCVN3);
1. a byte-order mark decides: UTF-8 (Excel's "CSV UTF-8"), UTF-16 or UTF-32;
2. else strict UTF-8;
3. else the bytes are looked at as Latin-1 for the legacy Vietnamese font encodings, which
   are refused (fatal, naming the encoding) instead of being decoded into nonsense;
4. else Windows-1258 (Python's 'cp1258', Excel's "CSV" on a Vietnamese Windows), accepted
   only if the result reads as Vietnamese (most non-ASCII letters are Vietnamese letters);
   a warning says so;
5. else refused ('encoding_unknown').
The decoded text is checked for legacy-encoded words again (a VNI file re-saved as UTF-8 keeps
its 'Vieät Nam') and normalised to NFC (a warning when it was not).

VNI and TCVN3 (ABC) are font encodings of the 1990s: the bytes are Latin-1/Windows-1252
letters and symbols that a VNI or .Vn font draws as Vietnamese. Their signatures:
- VNI writes a base letter followed by a mark byte: 'Vieät Nam' (ệ = e + 'ä'), 'Ñoàng Thaùp'
  (Đ = 'Ñ'); the marks 'ø û ï å ä ü ë ñ ö æ î' (and capitals) are no Vietnamese letter;
- TCVN3 maps each Vietnamese letter to one byte, many in the Latin-1 symbol range:
  'Hµ Néi' (à = 'µ', ộ = 'é'), '§ång Th¸p' (Đ = '§', á = '¸'); 'µ ¶ · ¸ ¹ ª « ¬ ® § ¨ ©'
  and friends inside words are its signature.
(Byte tables: lamdao/xvnkb vni.h and tcvn.h.)
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from doisanh.fmt import num
from doisanh.ingest.problems import Problem, fatal

_VNI_MARKS = frozenset("øûïåäüëñöæîØÛÏÅÄÜËÑÖÆÎ")
_TCVN3_MARKS = frozenset("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾")
_VIET_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
_MIN_SIGNALS = 2
# C0 controls and DEL, without tab, LF, CR: a CSV has none, binary data ~10% of its bytes
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = {c: None for c in _CONTROLS}
_MAX_STRAY_CONTROLS = 2                  # a ^Z at the end of an old DOS file, a stray form feed
_SPACE = re.compile(r"\s+")


@dataclass
class Decoded:
    text: str | None                  # None when refused
    encoding: str | None
    problems: list[Problem] = field(default_factory=list)


def legacy_encoding(text: str) -> tuple[str | None, int]:
    """('vni' | 'tcvn3' | None, position of the first signal). A signal is a mark character
    of the encoding next to a letter; two or more are needed."""
    tcvn = vni = 0
    first_t = first_v = -1
    n = len(text)
    for i, ch in enumerate(text):
        if ch not in _TCVN3_MARKS and ch not in _VNI_MARKS:
            continue
        prev_ok = i > 0 and text[i - 1].isalpha()
        next_ok = i + 1 < n and text[i + 1].isalpha()
        if ch in _TCVN3_MARKS and (prev_ok or next_ok):
            tcvn += 1
            first_t = i if first_t < 0 else first_t
        elif ch in _VNI_MARKS and ((prev_ok and "a" <= text[i - 1].lower() <= "z") or (ch in "Ññ" and next_ok)):
            vni += 1
            first_v = i if first_v < 0 else first_v
    if tcvn >= _MIN_SIGNALS:  # VNI never writes bytes 0xA1–0xBF, so these decide
        return "tcvn3", first_t
    if vni >= _MIN_SIGNALS:
        return "vni", first_v
    return None, -1


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, max(pos, 0)) + 1


def legacy_problem(file: str, kind: str, *, sheet: str | None = None, row: int | None = None,
                   column: str | None = None, sample: str = "") -> Problem:
    name = {"vni": "VNI", "tcvn3": "TCVN3 (ABC)"}[kind]
    s = f" (ví dụ {sample!r})" if sample else ""
    e = f" (e.g. {sample!r})" if sample else ""
    return fatal(file, f"encoding_{kind}",
                 f"Chữ trong tệp có vẻ ở bảng mã {name} cũ{s}. Hãy chuyển sang Unicode (Unikey: "
                 "Công cụ chuyển mã) rồi lưu lại dạng CSV UTF-8 hoặc .xlsx.",
                 f"The text looks like the legacy {name} encoding{e}. Convert it to Unicode (e.g. "
                 "Unikey's converter) and save again as CSV UTF-8 or .xlsx.",
                 sheet=sheet, row=row, column=column)


def _sample(text: str, pos: int) -> str:
    """The words around `pos` on its line (for the message)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    line = text[a:b if b >= 0 else len(text)]
    k = pos - a
    return _SPACE.sub(" ", line[max(0, k - 15):k + 15]).strip()


def _plausible_vietnamese(text: str) -> bool:
    t = unicodedata.normalize("NFC", text)
    non_ascii = [c for c in t if ord(c) > 127 and not c.isspace()]
    if not non_ascii:
        return True
    viet = sum(1 for c in non_ascii if c in _VIET_LETTERS)
    return viet / len(non_ascii) >= 0.6


def _n_controls(data: bytes | str) -> int:
    if isinstance(data, bytes):
        return len(data) - len(data.translate(None, _CONTROLS))
    return len(data) - len(data.translate(_CONTROL_CHARS))


def _not_text(file: str, n: int) -> Decoded:
    return Decoded(None, None, [fatal(
        file, "file_type_unknown",
        f"Tệp không phải văn bản/CSV: có {num(n, 0, 'vi')} ký tự điều khiển (dữ liệu nhị phân?). "
        "Hãy tải lên tệp CSV (UTF-8) hoặc bảng tính .xlsx/.xls.",
        f"This is not a text/CSV file: it holds {num(n, 0, 'en')} control characters (binary data?). "
        "Upload a CSV (UTF-8) or an .xlsx/.xls workbook.")])


def decode(file: str, data: bytes) -> Decoded:
    """CSV bytes → NFC text, or a fatal problem (see the module docstring). Never raises."""
    boms = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"))
    probs: list[Problem] = []
    enc = next((e for bom, e in boms if data.startswith(bom)), None)
    if enc is not None:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            return Decoded(None, enc, [fatal(
                file, "encoding_invalid",
                f"Tệp đánh dấu {enc.upper()} nhưng có byte sai ở dòng {line}.",
                f"The file is marked {enc.upper()} but has invalid bytes on line {line}.", row=line)])
        if (n := _n_controls(text)) > _MAX_STRAY_CONTROLS:
            return _not_text(file, n)
    elif (n := _n_controls(data)) > _MAX_STRAY_CONTROLS:
        return _not_text(file, n)
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            latin = data.decode("latin-1")
            kind, pos = legacy_encoding(latin)
            if kind:
                return Decoded(None, kind, [legacy_problem(file, kind, row=_line_of(latin, pos),
                                                           sample=_sample(latin, pos))])
            try:
                text, enc = data.decode("cp1258"), "cp1258"
            except UnicodeDecodeError:
                text = None
            if text is None or not _plausible_vietnamese(text):
                return Decoded(None, None, [fatal(
                    file, "encoding_unknown",
                    "Không nhận ra bảng mã của tệp (không phải UTF-8, không phải Windows-1258). "
                    "Trong Excel hãy chọn Lưu thành › CSV UTF-8, hoặc tải lên tệp .xlsx.",
                    "Could not tell the file's encoding (neither UTF-8 nor Windows-1258). In Excel "
                    "choose Save As › CSV UTF-8, or upload the .xlsx.")])
            probs.append(Problem(file, None, None, None, "encoding_cp1258",
                                 "Tệp không ở UTF-8; đã đọc theo bảng mã Windows-1258 (CP1258). "
                                 "Hãy kiểm tra tên đơn vị có dấu.",
                                 "The file is not UTF-8; it was read as Windows-1258 (CP1258). Check the "
                                 "accented unit names.", "warning"))
    kind, pos = legacy_encoding(text)
    if kind:
        return Decoded(None, kind, [legacy_problem(file, kind, row=_line_of(text, pos), sample=_sample(text, pos))])
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text and enc != "cp1258":
        probs.append(Problem(file, None, None, None, "text_nfd",
                             "Chữ tiếng Việt ở dạng tổ hợp (NFD) đã được chuẩn hoá sang dạng dựng sẵn (NFC).",
                             "Vietnamese text in decomposed form (NFD) was normalised to NFC.", "warning"))
    return Decoded(nfc, enc, probs)


def clean(value: object) -> str | None:
    """A cell as text: NFC, trimmed (spaces, tabs, no-break spaces, line breaks); '' → None."""
    if value is None:
        return None
    s = unicodedata.normalize("NFC", str(value)).strip()
    return s or None
