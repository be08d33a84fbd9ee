#!/usr/bin/env python3
"""Reads an `hnf run --format xlsx` workbook back with openpyxl, an independent reader,
and checks it against `hnf run --format json` for the same inputs and seed: sheet names,
number formats, frozen headers, native charts, and that its numbers are the JSON's.

Usage: check_workbook.py WORKBOOK.xlsx RUN.json [--overlays]
Prints one line per problem and exits 1 when there is any; prints "ok" otherwise."""
import json
import re
import sys
import zipfile

import openpyxl

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def close(a, b, tolerance=1e-9):
    return a is not None and b is not None and abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def row_of(ws, label):
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    problems.append(f"{ws.title}: no row labelled {label!r}")
    return None


def column_of(ws, header, header_row=1):
    for cell in ws[header_row]:
        if cell.value == header:
            return cell.column
    problems.append(f"{ws.title}: no column headed {header!r}")
    return None


def cell(ws, label, header):
    r, c = row_of(ws, label), column_of(ws, header)
    return ws.cell(r, c) if r and c else None


def main():
    path, json_path = sys.argv[1], sys.argv[2]
    overlays = "--overlays" in sys.argv
    output = json.load(open(json_path))
    results = output["results"]
    wb = openpyxl.load_workbook(path)
    expected = ["README", "Report", "Plans", "Placement mix", "Money", "Spend by setting", "Localities"]
    expected += ["Change vs baseline"] if overlays else []
    expected += ["DSG management plan"]
    check(wb.sheetnames == expected, f"sheets {wb.sheetnames}, expected {expected}")

    for name in expected[2:]:
        check(wb[name].freeze_panes is not None, f"{name}: header row not frozen")
    for name in expected:
        ws = wb[name]
        check(ws.page_setup.orientation == "landscape", f"{name}: does not print landscape")
        check(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
              and ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0,  # width 1 is the default, left out
              f"{name}: does not print fitted to the page's width")
    check(wb["Plans"].print_title_rows is not None, "Plans: the header row is not repeated on each printed page")
    check_report_sheet(wb["Report"], output["report"])

    plans = wb["Plans"]
    for year in results["years"]:
        c = cell(plans, "Plans p50", f"January {year['year']}")
        if c:
            check(close(c.value, year["plans"]["p50"]), f"Plans {year['year']}: {c.value} != JSON {year['plans']['p50']}")
            check(c.number_format == "#,##0", f"Plans: count format {c.number_format!r}")

    mix = wb["Placement mix"]
    last = results["years"][-1]
    for group, label in [("mainstream", "Mainstream (incl. RP/units)"), ("special", "Special schools")]:
        c = cell(mix, label, f"January {last['year']}")
        if c:
            check(close(c.value, last["groups"][group]["share"]["p50"] / 100), f"{label} share {c.value} != JSON")
            check(c.number_format == "0.0%", f"share format {c.number_format!r}, expected a percentage")

    money = wb["Money"]
    for m in results["money"]:
        header = m["label"] + (" (history)" if m["history"] else "")
        c = cell(money, "Cumulative balance p50", header)
        if c:
            check(close(c.value, m["cumulative_balance"]["p50"]), f"Cumulative balance {header}: {c.value} != JSON {m['cumulative_balance']['p50']}")
            check("£" in c.number_format, f"money format {c.number_format!r} has no £")
            check(isinstance(c.value, (int, float)), f"money {header} is not a number")
        c = cell(money, "Total spend p95", header)
        if c:
            check(close(c.value, m["spend"]["p95"]), f"Total spend p95 {header}: {c.value} != JSON")

    if overlays:
        change = wb["Change vs baseline"]
        for y in results["against_baseline"]["years"]:
            c = cell(change, "Plans p50", f"January {y['year']}")
            if c:
                check(close(c.value, y["plans"]["p50"]), f"change in plans {y['year']}: {c.value} != JSON {y['plans']['p50']}")
        for l in results["against_baseline"]["localities"]:
            r = row_of(change, l["name"])
            if r:
                check(close(change.cell(r, 3).value, l["change"]["p50"]), f"change for {l['name']} != JSON")

    check_dsg(wb["DSG management plan"], results)
    check_charts(path, overlays)
    readme = wb["README"]
    text = " ".join(str(c.value) for row in readme.iter_rows() for c in row if c.value is not None)
    check("sha256" in text and "Source: DfE" in text, "README sheet lacks provenance (sha256) or the SEN2 source")

    for p in problems:
        print(p)
    if not problems:
        print("ok")
    return 1 if problems else 0


def check_report_sheet(ws, report):
    """The Report sheet is the document `hnf run` prints: every table's title, header
    and figures (numbers, in the unit their format shows), every note's lines."""
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                cells.setdefault(c.value, c) if isinstance(c.value, str) else None
    rows = [[c for c in row] for row in ws.iter_rows()]
    for block in report["blocks"]:
        if block["kind"] == "note":
            for line in block["note"]["lines"]:
                check(line in cells, f"Report: the note line {line[:60]!r} is missing")
            if block["note"]["severity"] != "info":
                first = cells.get(block["note"]["lines"][0])
                check(first is not None and first.font.b, f"Report: the warning {block['note']['lines'][0][:60]!r} is not in bold")
            continue
        table = block["table"]
        title = cells.get(table["title"])
        check(title is not None, f"Report: no table titled {table['title'][:60]!r}")
        if title is None:
            continue
        r = title.row  # header on r + 1, rows from r + 2
        header = [c.value for c in rows[r][:len(table["header"])]]
        check(header == table["header"], f"Report: {table['id']} header {header} != {table['header']}")
        for i, cells_json in enumerate(table["rows"]):
            for j, cell_json in enumerate(cells_json):
                got = rows[r + 1 + i][j].value
                if "value" in cell_json:
                    want = cell_json["value"] / (100 if cell_json["kind"] == "percent" else 1)
                    check(isinstance(got, (int, float)) and close(got, want),
                          f"Report: {table['id']} row {i + 1} column {j + 1}: {got!r}, JSON {want}")
                elif cell_json["text"]:
                    check(got == cell_json["text"], f"Report: {table['id']} row {i + 1} column {j + 1}: {got!r} != {cell_json['text']!r}")


def check_dsg(ws, results):
    """Each January's cells add up to the mean number of plans; spend lines to mean spend."""
    categories = 7
    for year in results["years"]:
        r = row_of(ws, f"January {year['year']}")
        if not r:
            continue
        header = [c.value for c in ws[r + 1]]
        total_col = header.index("Total") + 1
        total = sum(ws.cell(r + 2 + i, total_col).value for i in range(categories * 5))
        check(close(total, year["plans"]["mean"], 1e-9), f"DSG plan January {year['year']}: cells sum to {total}, JSON mean plans {year['plans']['mean']}")
        needs = sum(ws.cell(r + 2, c).value for c in range(3, total_col))
        check(close(needs, ws.cell(r + 2, total_col).value), "DSG plan: a row's needs do not add to its total")
    r = row_of(ws, "All EHC plan spend")
    if r:
        for i, year in enumerate(results["years"]):
            check(close(ws.cell(r, 2 + i).value, year["cost"]["mean"]), f"DSG spend {year['year']} != JSON mean cost")
            check("£" in ws.cell(r, 2 + i).number_format, "DSG spend is not in £")
    check(row_of(ws, "How hnf's settings map to the template's placement categories") is not None, "DSG mapping table missing")
    check_dsg_summary(ws, results)


def check_dsg_summary(ws, results):
    """The financial summary: income, spend and balances equal to the JSON's means, year by
    year; formula funding in its placement categories adding up to all formula funding."""
    title = row_of(ws, next((c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Financial summary")), "Financial summary"))
    if not title:
        return
    header = [c.value for c in ws[title + 1]]
    lines = {}
    r = title + 2
    while ws.cell(r, 1).value:
        lines[ws.cell(r, 1).value] = [ws.cell(r, c).value for c in range(2, len(header) + 1)]
        r += 1
    for i, m in enumerate(results["money"]):
        check(header[1 + i] == m["label"] + (" h" if m["history"] else ""), f"DSG summary column {header[1 + i]!r} for {m['label']}")
        for label, key in [("Total income", "income"), ("Total spend", "spend"), ("Cumulative balance", "cumulative_balance"),
                           ("In-year balance", "in_year_balance"), ("Formula funding (locality budgets, transition funding, support without a plan)", "formula_funding"),
                           ("Cumulative balance without conditional income", "cumulative_balance_without_conditional"),
                           ("of which conditional (Safety Valve)", "conditional_income")]:
            got = lines.get(label, [None] * len(header))[i]
            check(got is not None and close(got, m[key]["mean"], 1e-9), f"DSG summary {label} {m['label']}: {got} != JSON mean {m[key]['mean']}")
        categories = [v[i] for k, v in lines.items() if k.startswith("Formula funding, ") and v[i] is not None]
        if not m["history"] and m["formula_funding"]["mean"] != 0:
            check(categories and close(sum(categories), m["formula_funding"]["mean"], 1e-9),
                  f"DSG summary {m['label']}: formula funding by category sums to {sum(categories)}, JSON mean {m['formula_funding']['mean']}")


def check_charts(path, overlays):
    """Native charts: one XML part per chart, each series pointing at a sheet's cells."""
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
        titles = []
        for name in charts:
            xml = z.read(name).decode()
            titles.append(" ".join(re.findall(r"<a:t>([^<]*)</a:t>", xml)))
            check("<c:ser>" in xml and "<c:val>" in xml, f"{name} has no series")
    wanted = ["EHC plans", "Placement mix", "balance"] + (["Change in plans"] if overlays else [])
    for w in wanted:
        check(any(w in t for t in titles), f"no chart titled with {w!r} (charts: {titles})")


if __name__ == "__main__":
    sys.exit(main())
