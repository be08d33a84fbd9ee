#!/usr/bin/env python3
"""Prints a workbook's cells as JSON, read by openpyxl (an independent reader), for tests
to compare with hnf's own JSON: {"sheets": [{"name", "freeze", "rows": [[{"v", "f"}]]}]}."""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({"sheets": [
    {"name": ws.title, "freeze": ws.freeze_panes,
     "rows": [[{"v": c.value, "f": c.number_format} for c in row] for row in ws.iter_rows()]}
    for ws in book.worksheets]}))
