#!/usr/bin/python3
"""Writes a UTF-8 CSV ledger as an .xlsx workbook with openpyxl (Debian's
python3-openpyxl), an independent writer for gridbot's .xlsx reader tests.

usage: csv_to_xlsx.py IN.csv OUT.xlsx [--sheet NAME] [--before NAME]
                      [--numbers] [--float-phones]
  --sheet NAME     the ledger's sheet name (default 住户台账)
  --before NAME    put an unrelated sheet NAME first
  --numbers        digits-only phone (电话) and room (门牌) cells as numbers,
                   as Excel makes them when typed
  --float-phones   phones as floating point numbers (13912345678.0)
"""
import csv
import sys

import openpyxl


def main(argv):
    args = argv[1:]
    src, dst = args[0], args[1]
    opts = args[2:]
    sheet = opts[opts.index("--sheet") + 1] if "--sheet" in opts else "住户台账"
    before = opts[opts.index("--before") + 1] if "--before" in opts else None
    numbers = "--numbers" in opts
    floats = "--float-phones" in opts

    wb = openpyxl.Workbook()
    first = wb.active
    if before:
        first.title = before
        first.append(["这一页不是台账", "说明"])
        ws = wb.create_sheet(sheet)
    else:
        first.title = sheet
        ws = first
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    numeric_cols = {i for i, h in enumerate(header) if h in ("电话", "门牌")}
    for r, row in enumerate(rows):
        out = []
        for i, cell in enumerate(row):
            if r > 0 and i in numeric_cols and cell.isdigit() and not cell.startswith("0"):
                if floats and header[i] == "电话":
                    out.append(float(cell))
                elif numbers:
                    out.append(int(cell))
                else:
                    out.append(cell)
            else:
                out.append(cell)
        ws.append(out)
    wb.save(dst)


if __name__ == "__main__":
    main(sys.argv)
