"""Import a file from the command line (for deployers): the same code as the import page,
parsed in the same bounded child process (doisanh.ingest.sandbox).

    python -m doisanh.ingest FILE [--kind template|pci|papi] [--year N] [--keep-valid]
                                  [--out DIR] [--data DIR] [--lang vi|en]

Prints the problems table and a summary; writes the accepted rows to DIR/<file stem>.parquet
(doisanh.schema.OBSERVATIONS) and their sources to DIR/<file stem>.sources.parquet.
Exit code: 0 imported (warnings, and with --keep-valid dropped rows, allowed); 1 refused (a
fatal problem, or errors without --keep-valid); 2 usage (bad arguments, missing file).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from doisanh import snapshot
from doisanh.ingest import KINDS, ImportRefused, accept, sandbox


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m doisanh.ingest", description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--kind", choices=KINDS, help="default: detected (PCI/PAPI layouts, else template)")
    ap.add_argument("--year", type=int, help="PCI: the year the workbook must be")
    ap.add_argument("--keep-valid", action="store_true", help="import the valid rows when some have errors")
    ap.add_argument("--out", type=Path, default=Path("."), help="where to write the parquet files")
    ap.add_argument("--data", type=Path, default=snapshot.DATA_DIR, help="snapshot directory (units.parquet)")
    ap.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = ap.parse_args(argv)
    if not args.file.is_file():
        print(f"error: {args.file} not found", file=sys.stderr)
        return 2
    try:
        units = snapshot.read_table(next(t for t in snapshot.TABLES if t.name == "units"), args.data)
    except snapshot.SnapshotError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    data = args.file.read_bytes()
    res = sandbox.read(args.file.name, data, units, kind=args.kind, year=args.year)
    if res.problems:
        with pl.Config(tbl_rows=-1, fmt_str_lengths=200, tbl_width_chars=220, tbl_hide_dataframe_shape=True):
            print(res.problems_frame(args.lang))
    print(res.summary(args.lang))
    try:
        obs = accept(res, keep_valid=args.keep_valid)
    except ImportRefused as e:
        print(e.message_vi if args.lang == "vi" else e.message_en, file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.file.stem
    obs.write_parquet(args.out / f"{stem}.parquet")
    res.sources.write_parquet(args.out / f"{stem}.sources.parquet")
    print(f"{obs.height} rows → {args.out / (stem + '.parquet')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
