"""Import of user tables and official workbooks (no streamlit here).

    from doisanh import ingest
    res = ingest.sandbox.read(name, data, units)       # untrusted bytes: parsed in a bounded child process
    res = ingest.read_any(name, data, units)           # the same in this process (trusted files, tests)
    res.problems_frame("vi")                            # file, sheet, row, column, code, message
    obs = ingest.accept(res, keep_valid=True)           # or ImportRefused
    frames = ingest.merge_frames(snapshot.read_all(), obs, sources=res.sources)

Every reader first runs `limits.precheck` (size and shape of the container) and parses only
if nothing is fatal. Modules: limits (precheck), problems (Problem, codes, table), text
(encodings), numbers (decimal commas), tables (cells of CSV/XLSX/XLS), validate (catalog and
registry checks), template (the generic template), official (PCI, PAPI workbooks), result
(ImportResult, accept), merge (per-session frames), sandbox + worker (the bounded child
process the upload page and the command line parse in); `python -m doisanh.ingest` is the
same for deployers.
"""
from __future__ import annotations

from doisanh.ingest import limits, official
from doisanh.ingest.limits import precheck
from doisanh.ingest.merge import merge_frames, prepare
from doisanh.ingest.official import detect_official, read_papi_workbook, read_pci_workbook
from doisanh.ingest.problems import CODES, Problem, problem_headers, problems_frame
from doisanh.ingest.result import ImportRefused, ImportResult, accept, is_imported
from doisanh.ingest.template import TEMPLATE_DOC, read_template, template_csv, template_doc, template_xlsx
from doisanh.ingest.validate import UnitIndex

KINDS = ("template", "pci", "papi")


def read_any(name: str, data: bytes, units, *, kind: str | None = None, cat=None,
             year: int | None = None) -> ImportResult:
    """Read with the importer of `kind`, or of the kind detected (official workbook layouts
    first, else the template)."""
    ins = limits.inspect(name, data)  # once, shared by the detection and the reader
    opened = None
    if kind is None:
        kind = "template"
        if ins.kind in ("xlsx", "xls") and not ins.fatal:
            opened = official.open_workbook(name, data, ins)
            kind = detect_official(name, data, opened) or "template"
    if kind in ("pci", "papi") and opened is None:
        opened = official.open_workbook(name, data, ins)
    if kind == "pci":
        return read_pci_workbook(name, data, units, cat=cat, year=year, opened=opened)
    if kind == "papi":
        return read_papi_workbook(name, data, units, cat=cat, opened=opened)
    if kind == "template":
        return read_template(name, data, cat, units, inspection=ins)
    raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")


__all__ = [
    "CODES",
    "KINDS",
    "TEMPLATE_DOC",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "UnitIndex",
    "accept",
    "detect_official",
    "is_imported",
    "merge_frames",
    "precheck",
    "prepare",
    "problem_headers",
    "problems_frame",
    "read_any",
    "read_papi_workbook",
    "read_pci_workbook",
    "read_template",
    "template_csv",
    "template_doc",
    "template_xlsx",
]
