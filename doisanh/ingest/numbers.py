"""Numbers as people type them in Vietnamese spreadsheets.

`parse(cell)` never raises. Rules, in order:
- a number cell (int, float) is taken as is; booleans, NaN and infinities are not numbers;
- text is trimmed (also no-break and thin spaces), a leading '+', '-' or '−' and a trailing
  '%' are allowed ('98,8%' → 98.8: the percent sign is dropped, the value kept as written,
  since our scales are in points or percent);
- digits only → that integer; '1.5e3' scientific notation with a point → 1500;
- both '.' and ',' → the last one is the decimal mark and the other one must group the
  integer part by thousands: '1.234,5' → 1234.5 (Vietnamese), '1,234.5' → 1234.5 (English);
- one ',' → decimal comma (Vietnamese): '79,92' → 79.92;
- one '.' → decimal point: '79.92' → 79.92;
- several ',' or several '.' → thousands grouping: '1.234.567' → 1234567;
- spaces may group thousands: '1 234,5' → 1234.5.
A non-zero literal too small for a float ('1e-400' would be 0) or too large ('1e400' would be
infinite) is an error ('number_out_of_range'), not a silent 0 or infinity; '-0' is stored as 0
(no negative zero).
Ambiguous: one separator followed by exactly three digits and a first group of 1–3 digits
not starting with 0 ('1,234', '5.125', '12.345'): it could be a thousands separator or a
decimal mark. It is read as a DECIMAL mark (scores in our indices are below 1000; a thousands
reading would be out of range anyway) and reported as a warning ('number_ambiguous') saying
which reading was taken.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

_SPACES = "\u00a0\u202f\u2009\u2007 "
_AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}")
_DIGITS = re.compile(r"[0-9]+")
_SCI = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")


@dataclass(frozen=True)
class Parsed:
    value: float | None
    code: str | None = None      # None | 'not_a_number' | 'number_out_of_range' (errors) | 'number_ambiguous' (warning)
    note_vi: str = ""
    note_en: str = ""


_EMPTY = Parsed(None)


def _bad(raw: str) -> Parsed:
    r = raw if len(raw) <= 40 else raw[:39] + "…"
    return Parsed(None, "not_a_number", f"{r!r} không phải là số.", f"{r!r} is not a number.")


def _grouped(s: str, sep: str) -> bool:
    return re.fullmatch(r"[0-9]{1,3}(?:" + re.escape(sep) + r"[0-9]{3})+", s) is not None


def parse(cell: object) -> Parsed:
    try:
        return _in_range(cell, _parse(cell))
    except Exception:  # never raise: a cell we cannot read is not a number
        return _bad(str(cell)[:40])


_MANTISSA = re.compile(r"[^eE]*")


def _in_range(cell: object, p: Parsed) -> Parsed:
    """No silent 0 for a non-zero literal, no infinity, no negative zero."""
    v = p.value
    if v is None:
        return p
    if isinstance(cell, str) and (not math.isfinite(v) or (v == 0 and re.search(
            "[1-9]", _MANTISSA.match(cell.strip()).group()))):
        r = cell.strip() if len(cell.strip()) <= 40 else cell.strip()[:39] + "…"
        small = math.isfinite(v)
        return Parsed(None, "number_out_of_range",
                      f"{r!r} " + ("quá nhỏ để lưu (khác 0 nhưng sẽ thành 0)" if small else "quá lớn để lưu")
                      + "; hãy ghi đúng giá trị.",
                      f"{r!r} is too " + ("small to store (not zero, but it would become 0)" if small
                                          else "large to store") + "; write the value as meant.")
    return Parsed(0.0, p.code, p.note_vi, p.note_en) if v == 0 else p


def _parse(cell: object) -> Parsed:
    if cell is None:
        return _EMPTY
    if isinstance(cell, bool):
        return _bad(str(cell))
    if isinstance(cell, (int, float)):
        v = float(cell)
        return Parsed(v) if math.isfinite(v) else _bad(str(cell))
    raw = str(cell)
    s = raw.strip().strip(_SPACES)
    if not s:
        return _EMPTY
    if s.endswith("%"):
        s = s[:-1].rstrip().rstrip(_SPACES)
    sign = 1.0
    if s[:1] in "+-\u2212":
        sign = -1.0 if s[0] in "-\u2212" else 1.0
        s = s[1:].lstrip()
    if not s:
        return _bad(raw)
    # spaces grouping thousands: '1 234,5'
    if any(c in _SPACES for c in s):
        m = re.match(f"([0-9{_SPACES}]+)(.*)", s)
        head = re.sub(f"[{_SPACES}]", " ", m.group(1)).strip() if m else ""
        if not m or not _grouped(head, " ") or any(c in _SPACES for c in m.group(2)):
            return _bad(raw)
        s = head.replace(" ", "") + m.group(2)
    if _DIGITS.fullmatch(s):
        return Parsed(sign * float(int(s)))
    if _SCI.fullmatch(s):
        return Parsed(sign * float(s))
    has_dot, has_comma = "." in s, "," in s
    if not re.fullmatch(r"[0-9.,]+", s):
        return _bad(raw)
    if has_dot and has_comma:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        ip, _, fp = s.rpartition(dec)
        if not _DIGITS.fullmatch(fp) or not _grouped(ip, thou):
            return _bad(raw)
        return Parsed(sign * float(ip.replace(thou, "") + "." + fp))
    sep = "," if has_comma else "."
    k = s.count(sep)
    if k > 1:
        if _grouped(s, sep):
            return Parsed(sign * float(s.replace(sep, "")))
        return _bad(raw)
    ip, _, fp = s.partition(sep)
    if not (ip or fp) or (ip and not _DIGITS.fullmatch(ip)) or (fp and not _DIGITS.fullmatch(fp)):
        return _bad(raw)
    v = sign * float(f"{ip or '0'}.{fp or '0'}")
    if _AMBIGUOUS.fullmatch(s):
        alt = sign * float(ip + fp)
        mark_vi = "dấu phẩy thập phân" if sep == "," else "dấu chấm thập phân"
        mark_en = "decimal comma" if sep == "," else "decimal point"
        return Parsed(v, "number_ambiguous",
                      f"{raw.strip()!r} đọc là {v:g} ({mark_vi}), không phải {alt:g}. Nếu ý là {alt:g}, "
                      "hãy bỏ dấu phân cách hàng nghìn.",
                      f"{raw.strip()!r} read as {v:g} ({mark_en}), not {alt:g}. If {alt:g} is meant, "
                      "remove the thousands separator.")
    return Parsed(v)
