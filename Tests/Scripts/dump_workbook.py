#!/usr/bin/env python3
"""Prints a workbook's cells as JSON, read by openpyxl (an independent reader), for tests
to compare with hnf's own JSON: {"sheets": [{"name", "freeze", "rows": [[{"v", "f"}]]}]}.
With --rows, prints text for a snapshot instead: each sheet's name and frozen cell, then
one line per row, each cell as [value, number format]."""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
if "--rows" in sys.argv[2:]:
    for ws in book.worksheets:
        print(f"## {ws.title} (frozen at {ws.freeze_panes})")
        for row in ws.iter_rows():
            print(json.dumps([[c.value, c.number_format] for c in row], ensure_ascii=False))
else:
    print(json.dumps({"sheets": [
        {"name": ws.title, "freeze": ws.freeze_panes,
         "rows": [[{"v": c.value, "f": c.number_format} for c in row] for row in ws.iter_rows()]}
        for ws in book.worksheets]}))
