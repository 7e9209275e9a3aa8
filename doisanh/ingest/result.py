"""What an import returns, and the user's choice to accept it.

`ImportResult.observations` holds the VALID rows only, in the snapshot's OBSERVATIONS shape
(is_illustrative = false, source_id 'import:<file name>' or 'import:<file name>#<hash of the
row's source text>'); rows with an error are left out and listed in `problems`. `accept`
applies the user's choice:

    accept(result, keep_valid=False)  # every row valid, or ImportRefused
    accept(result, keep_valid=True)   # the valid rows (errors dropped), unless a fatal problem

Nothing is merged here: the caller keeps what it already had when ImportRefused is raised.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import polars as pl

from doisanh.fmt import num
from doisanh.i18n import t
from doisanh.ingest.problems import MAX_PER_CODE, TOO_MANY, Problem, problems_frame, problems_table
from doisanh.schema import OBSERVATIONS, SOURCES

IMPORT_PREFIX = "import:"
IMPORT_KIND = "import"
IMPORT_LICENCE = "imported by the user; visible only in their session"


def source_id(file: str, source_text: str | None = None) -> str:
    sid = IMPORT_PREFIX + file
    if source_text:
        sid += "#" + hashlib.sha1(source_text.encode("utf-8")).hexdigest()[:8]
    return sid


_TITLE_MARK = " — tệp nhập / imported file "
_TITLE_BARE = "Tệp nhập / imported file "


def import_title(file: str, source_text: str | None = None) -> str:
    """The title of an imported source: the user's source text, then the file it came in."""
    return f"{source_text}{_TITLE_MARK}{file}" if source_text else _TITLE_BARE + file


def source_text_of(title: str | None) -> str:
    """The user's source text back from `import_title` ('' when none was given); any other
    title (an official workbook's) as it is.

    >>> source_text_of(import_title("a.csv", "Sở Nội vụ")), source_text_of(import_title("a.csv"))
    ('Sở Nội vụ', '')
    """
    if not title or title.startswith(_TITLE_BARE):
        return ""
    text, mark, _ = title.rpartition(_TITLE_MARK)
    return text if mark else title


_OFFICIAL_TITLE = re.compile(r"^(?:VCCI PCI (?P<year>\d{4}) results workbook"
                             r"|PAPI provincial results, sheets (?P<sheets>.+))"
                             r" \(tệp nhập / imported file (?P<file>.+)\)$")


def shown_title(title: str, lang: str = "vi") -> str:
    """An imported source's title as the page shows it, in the page's language only: titles
    are stored with both languages ('… — tệp nhập / imported file x.csv', official workbooks'
    English titles), the sources table being one for every language.

    >>> shown_title(import_title("a.csv", "Sở Nội vụ"), "en"), shown_title(import_title("a.csv"))
    ('Sở Nội vụ — imported file a.csv', 'Tệp nhập a.csv')
    >>> shown_title("VCCI PCI 2016 results workbook (tệp nhập / imported file p.xlsx)")
    'Bảng kết quả PCI 2016 của VCCI (tệp nhập p.xlsx)'
    """
    if not title:
        return title
    if title.startswith(_TITLE_BARE):
        return t("import_title_bare", lang, file=title.removeprefix(_TITLE_BARE))
    m = _OFFICIAL_TITLE.match(title)
    if m:
        if m["year"]:
            return t("import_title_pci", lang, year=m["year"], file=m["file"])
        return t("import_title_papi", lang, sheets=m["sheets"], file=m["file"])
    text, mark, file = title.rpartition(_TITLE_MARK)
    return t("import_title_mark", lang, text=text, file=file) if mark else title


def is_imported(source_id_: str | None) -> bool:
    return bool(source_id_) and source_id_.startswith(IMPORT_PREFIX)


def empty_observations() -> pl.DataFrame:
    return pl.DataFrame(schema=OBSERVATIONS)


def empty_sources() -> pl.DataFrame:
    return pl.DataFrame(schema=SOURCES)


@dataclass
class ImportResult:
    observations: pl.DataFrame
    problems: list[Problem]
    n_rows_read: int
    n_rows_valid: int
    file: str = ""
    kind: str = ""                  # 'template' | 'pci' | 'papi'
    sources: pl.DataFrame = field(default_factory=empty_sources)
    detected: dict = field(default_factory=dict)  # e.g. {'index_id': 'pci', 'years': [2013]}

    @property
    def fatal(self) -> bool:
        return any(p.severity == "fatal" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def n_rows_rejected(self) -> int:
        return self.n_rows_read - self.n_rows_valid

    def problems_frame(self, lang: str = "vi") -> pl.DataFrame:
        return problems_frame(self.problems, lang)

    def problems_table(self, lang: str = "vi") -> pl.DataFrame:
        """The problems as the page shows them (headers and severities in `lang`)."""
        return problems_table(self.problems, lang)

    @property
    def n_problems(self) -> int:
        """Every problem found, listed or not (problems.MAX_PER_CODE are listed per code; a
        'too_many_problems' line counts the rest)."""
        return sum(p.count for p in self.problems)

    @property
    def n_listed(self) -> int:
        return sum(1 for p in self.problems if p.code != TOO_MANY)

    def summary(self, lang: str = "vi") -> str:
        """What was read, kept, left out and found, numbers written the language's way: a row
        can have several problems and a warning rejects nothing, so rows and problems are
        counted apart ("180.783 dòng bị loại; 181.204 vấn đề, 609 được liệt kê")."""
        n = {k: num(v, 0, lang) for k, v in (("read", self.n_rows_read), ("valid", self.n_rows_valid),
                                              ("rejected", self.n_rows_rejected), ("n", self.n_problems),
                                              ("listed", self.n_listed), ("cap", MAX_PER_CODE))}
        capped = self.n_problems > self.n_listed
        return t("import_summary_capped" if capped else "import_summary", lang, file=self.file, **n)


class ImportRefused(ValueError):
    """The import was refused (a fatal problem, or errors and keep_valid=False)."""

    def __init__(self, result: ImportResult, message_vi: str, message_en: str):
        super().__init__(message_en)
        self.result = result
        self.problems = result.problems
        self.message_vi = message_vi
        self.message_en = message_en


def accept(result: ImportResult, keep_valid: bool) -> pl.DataFrame:
    """The observations to load, or ImportRefused (see the module docstring)."""
    if result.fatal:
        raise ImportRefused(result, "Tệp bị từ chối vì lỗi nghiêm trọng; không có gì được nhập.",
                            "The file was refused (fatal problem); nothing was imported.")
    if result.errors and not keep_valid:
        n = result.n_rows_rejected
        raise ImportRefused(result, f"Đã từ chối cả tệp: {n:,} dòng có lỗi.",
                            f"The whole import was refused: {n:,} rows have errors.")
    return result.observations


def refused(file: str, kind: str, problems: list[Problem], n_read: int = 0) -> ImportResult:
    return ImportResult(empty_observations(), problems, n_read, 0, file, kind)


def observations_frame(rows: list[dict], sid: dict[int, str]) -> pl.DataFrame:
    """OBSERVATIONS of validated rows (see validate.validate_rows); `sid`: rid → source_id."""
    return pl.DataFrame(
        [dict(era=r["era"], level=r["level"], unit_code=r["unit_code"], index_id=r["index_id"],
              year=r["year"], component=r["component"], value=r.get("value"),
              published_rank=None if r.get("published_rank") is None else int(r["published_rank"]),
              published_band=None, is_illustrative=False, method_version=r["method_version"],
              source_id=sid[r["rid"]], pub_source_id=None) for r in rows],
        schema=OBSERVATIONS,
    ).sort("index_id", "era", "level", "year", "unit_code", "component")


def sources_frame(titles: dict[str, str]) -> pl.DataFrame:
    """SOURCES rows of an import: source_id → title."""
    return pl.DataFrame(
        [dict(source_id=s, title=t, url="", kind=IMPORT_KIND, licence=IMPORT_LICENCE)
         for s, t in sorted(titles.items())],
        schema=SOURCES,
    )
