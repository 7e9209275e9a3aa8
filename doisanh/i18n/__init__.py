"""UI texts in Vietnamese (first) and English: `t(key, lang)`; missing keys fail loudly.

Every text is in this package, one module per area, each with a TEXTS dict of
key → (Vietnamese, English): common (shared words, profile, compare, ranking, what-if), export
(files, chart headings, the briefing), geo (the map), ingest (the import page), lang (widget
placeholders and labels), lineage (across the 2025 break), mode (published / illustrative),
ops (errors and operations), state (the official's state: my unit, compare list). A key defined
in two modules is an error at import.
"""
from __future__ import annotations

import importlib
import pkgutil

LANGS = ("vi", "en")
TEXTS: dict[str, tuple[str, str]] = {}


def _load() -> None:
    for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        extra = importlib.import_module(f"{__name__}.{m.name}").TEXTS
        clash = set(extra) & set(TEXTS)
        if clash:
            raise KeyError(f"doisanh/i18n/{m.name}.py redefines texts {sorted(clash)}")
        TEXTS.update(extra)


_load()


def t(key: str, lang: str = "vi", /, **kw: object) -> str:
    vi, en = TEXTS[key]
    s = en if lang == "en" else vi
    return s.format(**kw) if kw else s
