#!/usr/bin/env python3
"""Prints an .xlsx workbook as JSON, read by openpyxl (an independent reader):
{"sheets": [names], "freeze": "A2", "rows": [[cell values]], "formats": [number formats of row 2]}."""
import json
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [list(r) for r in ws.iter_rows(values_only=True)]
formats = [c.number_format for c in ws[2]] if ws.max_row >= 2 else []
print(json.dumps({"sheets": wb.sheetnames, "freeze": ws.freeze_panes, "rows": rows,
                  "formats": formats}, ensure_ascii=False))
