#!/usr/bin/env python3
"""Regenerate the high needs money tables of Scenarios/national/ from the DfE DSG files.

Usage:
    python3 Scripts/update-dsg-data.py ../shared/data/dsg [OUT_DIR]

DSG_DIR defaults to ../shared/data/dsg (tidy extracts of DfE/ESFA files, described in
that directory's README); OUT_DIR defaults to Scenarios/national. hnf never reads
DSG_DIR: it reads only the two files written here. The output is deterministic.

Writes, in the layout of the SEN2 tables (year, level, code, name, region_code, values):

- `s251-high-needs.csv`: the Section 251 high needs lines of the DfE high needs
  benchmarking tool 2021-22, budget and outturn, £, one row per LA, and an England row
  that is the sum of the LA rows with outturn (so England's unit costs divide England's
  money by England's children). `year` is 2021 (financial year 2021-22). The tool does
  not label the outturn year; 940/941 (created April 2021) have outturn, so it is read as
  2021-22. The placements the tool shows (January 2021) are not copied: hnf divides by
  SEN2 counts from caseload.csv, so that it can choose the January.
- `dsg-balances.csv`: per financial year (`year` 2019 = 2019-20) and area, the total DSG
  allocation (`total_dsg`, derived workbook DSG_by_year_dr.xlsx), the cumulative DSG
  balance as a % of income at 31 March (`cumulative_balance_pc`, derived workbook
  dsg_deficit_derived.xlsx, 2019-20 to 2021-22) and its £ equivalent
  (`cumulative_balance` = pc / 100 x total_dsg), and the high needs block before and
  after the ESFA's direct funding of places (`hnb_before_deductions`,
  `hnb_direct_funded_places`, `hnb_after_deductions`; DSG 2022 to 2023 and 2023 to 2024
  allocation tables). An empty cell: not published in these files.

Licence: Open Government Licence v3.0 (DfE/ESFA). The two derived workbooks do not name
their upstream publication; see ../shared/data/README.md.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "dsg")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Scenarios", "national")
ENGLAND = ("england", "E92000001", "England")


def read(name):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text):
    return float(text) if text not in ("", None) else None


def fmt(value):
    if value is None:
        return ""
    return repr(round(value, 2)).removesuffix(".0")


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"wrote {path}: {len(rows)} rows")


def s251():
    rows = read("high-needs-benchmarking-2021-22.csv")
    lines = [c for c in rows[0] if c.startswith("budget_") or c.startswith("outturn_")]
    out, totals = [], {c: 0.0 for c in lines + ["population_2_18"]}
    for r in rows:
        values = {c: number(r[c]) for c in lines}
        if all(v is None for v in values.values()):
            continue  # predecessor codes with no money (928, 835-837)
        population = number(r["population_2_18"])
        out.append(["2021", "la", r["la_code"], r["la_name"], "", fmt(population)] + [fmt(values[c]) for c in lines])
        if values["outturn_place_funding_total"] is not None:
            totals["population_2_18"] += population or 0
            for c in lines:
                totals[c] += values[c] or 0
    england = ["2021", *ENGLAND, "", fmt(totals["population_2_18"])] + [fmt(totals[c]) for c in lines]
    out.sort(key=lambda row: int(row[2]))
    write("s251-high-needs.csv", ["year", "level", "code", "name", "region_code", "population_2_18"] + lines, [england] + out)


def balances():
    totals = {}
    for r in read("dsg-totals-by-year.csv"):
        level = {"National": "england", "Local authority": "la"}.get(r["geographic_level"])
        if level:
            code = ENGLAND[1] if level == "england" else r["la_code"]
            totals[(int(r["time_period"][:4]), code)] = (level, r["la_name"], number(r["total_dsg_allocation"]))
    deficit = {}
    for r in read("dsg-deficit.csv"):
        level = {"National": "england", "Local authority": "la"}.get(r["geographic_level"])
        if level:
            code = ENGLAND[1] if level == "england" else r["old_la_code"]
            deficit[(int(r["time_period"][:4]), code)] = number(r["dsg_cumulative_balance_pc_of_income"])
    block = {}
    for year, name in ((2022, "high-needs-block-2022-23.csv"), (2023, "high-needs-block-2023-24.csv")):
        for r in read(name):
            code = ENGLAND[1] if r["geographic_level"] == "National" else r["la_code"]
            block[(year, code)] = (number(r["total_before_deductions"]), number(r["deductions_direct_funded_places"]),
                                   number(r["total_after_deductions"]))
    out = []
    for (year, code) in sorted(totals, key=lambda k: (k[0], k[1] != ENGLAND[1], k[1])):
        level, name, total = totals[(year, code)]
        pc = deficit.get((year, code))
        before, deducted, after = block.get((year, code), (None, None, None))
        balance = pc / 100 * total if pc is not None and total is not None else None
        out.append([str(year), level, code, name, "", fmt(total), fmt(pc), fmt(balance), fmt(before), fmt(deducted), fmt(after)])
    write("dsg-balances.csv", ["year", "level", "code", "name", "region_code", "total_dsg", "cumulative_balance_pc",
                               "cumulative_balance", "hnb_before_deductions", "hnb_direct_funded_places", "hnb_after_deductions"], out)


if __name__ == "__main__":
    s251()
    balances()
