#!/usr/bin/env python3
"""Regenerate Scenarios/national/ from the DfE SEN2 release (reporting year 2025).

Usage:
    python3 Scripts/update-national-data.py [SEN2_DIR] [OUT_DIR]

SEN2_DIR defaults to ../shared/data/sen2 (the raw DfE files, copied byte for byte);
OUT_DIR defaults to Scenarios/national. The output is deterministic: running it twice on
the same input gives byte-identical files, so `git diff` shows exactly what a new
release changed.

What it does, and why:
- keeps only the breakdowns hnf reads (totals, age, type of placement), so the files
  stay small enough to ship;
- writes one row per area (England, region, local authority) with a stable `code`:
  `E92000001` for England, the ONS region code for a region, the old 3-digit DfE number
  for an LA (never the 9-character ONS LA code, which the release changes between files);
- writes academic-year snapshots as the January year (`202425` -> 2025) and keeps
  calendar years as they are;
- writes the DfE's `x` (not available) as an empty cell and keeps the published
  percentages beside the counts (`published_pc_*`) so hnf can check its own shares.

Source: Department for Education, "Education, health and care plans", reporting year
2025, Explore Education Statistics. Licence: Open Government Licence v3.0.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "sen2")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Scenarios", "national")

LEVELS = {"National": "england", "Regional": "region", "Local authority": "la"}

# Placement columns of caseload.csv and newplans.csv, in the release's order.
PLACEMENT_COLUMNS = [
    "mainstream_la_maintained", "mainstream_la_maintained_resourced_provision",
    "mainstream_la_maintained_senunit", "mainstream_academy",
    "mainstream_academy_resourced_provision", "mainstream_academy_senunit",
    "mainstream_free_school", "mainstream_free_school_resourced_provision",
    "mainstream_free_school_senunit", "mainstream_independent", "mainstream_total",
    "special_la_maintained", "special_academy_free", "special_independent",
    "special_non_maintained", "special_total",
    "ap_pru_academy", "ap_pru_free_school", "ap_pru_la_maintained", "ap_pru_total",
    "general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider",
    "fe_total",
    "elective_home_education", "other_arrangements_la", "other_arrangements_parents",
    "online_provider", "w_settings", "other_schools", "other_placement_settings",
    "neet", "neet_ntci", "neet_other", "neet_other_csa", "ed_elsewhere",
    "nm_early_years", "placement_unknown", "await_prov_2022", "perm_ex_2022",
]
# The DfE's published percentage for each hnf placement group.
PUBLISHED_PC = {
    "mainstream": "mainstream_total_pc", "special": "special_total_pc",
    "ap": "AP_PRU_total_pc", "post16": "fe_total_pc", "elsewhere": "ed_elsewhere_pc",
    "early_years": "nm_early_years_pc", "unknown": "placement_unknown_pc",
}
NEEDS = ["asd", "slcn", "semh", "mld", "sld", "pmld", "spld", "hi", "vi", "msi", "pd", "oth",
         "need_unknown"]
CEASED_REASONS = ["max_age", "needs_met", "he", "employ", "transfer", "no_engage",
                  "moved_outside_eng", "deceased", "not_rec", "other", "total_ceased"]
REQUEST_COLUMNS = ["requests_received_in_year", "requests_rya", "requests_decided_to_assess",
                   "requests_decided_not_to_assess", "requests_decision_not_made",
                   "requests_withdrawn"]
AREA = ["year", "level", "code", "name", "region_code"]


def read(name):
    with open(os.path.join(SRC, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def area(row):
    level = LEVELS[row["geographic_level"]]
    code = {"england": row["country_code"], "region": row["region_code"],
            "la": row["old_la_code"]}[level]
    name = {"england": row["country_name"], "region": row["region_name"],
            "la": row["la_name"]}[level]
    period = row["time_period"]
    year = int(period[:4]) + 1 if len(period) == 6 else int(period)
    return [year, level, code, name, row["region_code"] if level == "la" else ""]


def value(v):
    return "" if v in ("x", "z", "c", "low", "") else v


def age_label(breakdown):
    """'age 7' -> '7'; 'under 3' -> 'under3'; 'age 2 and under' -> 'under3';
    'age 20 and over' -> '20plus'; 'Age unknown' -> 'unknown'."""
    b = breakdown.lower()
    if b in ("under 3", "age 2 and under"):
        return "under3"
    if b == "age 20 and over":
        return "20plus"
    if b == "age unknown":
        return "unknown"
    assert b.startswith("age "), breakdown
    return b[4:]


def write(name, header, rows, comment):
    path = os.path.join(OUT, name)
    tmp = path + ".tmp"
    rows.sort(key=lambda r: (r[0], ["england", "region", "la"].index(r[1]), r[2]) + tuple(map(str, r[5:6])))
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)
    print(f"{name}: {len(rows)} rows ({comment})")


def caseload():
    totals, by_age = [], []
    for r in read("caseload.csv"):
        topic = r["breakdown_topic"]
        counts = [value(r[c]) for c in PLACEMENT_COLUMNS]
        if topic == "All EHC plans":
            pcs = [value(r[PUBLISHED_PC[g]]) for g in PUBLISHED_PC]
            totals.append(area(r) + [value(r["ehcplans"])] + counts + pcs)
        elif topic == "Child or young persons age":
            by_age.append(area(r) + [age_label(r["breakdown"]), value(r["ehcplans"])] + counts)
    write("caseload.csv", AREA + ["plans"] + PLACEMENT_COLUMNS
          + ["published_pc_" + g for g in PUBLISHED_PC], totals,
          "EHC plans at January by placement, 2019-2025")
    write("caseload-by-age.csv", AREA + ["age", "plans"] + PLACEMENT_COLUMNS, by_age,
          "EHC plans at January by age and placement, 2024-2025")


def needs():
    rows = []
    for r in read("sen_needs_all_plans.csv"):
        topic = r["breakdown_topic"]
        if topic == "All EHC plans":
            kind, key = "all", "all"
        elif topic == "Child or young persons age":
            kind, key = "age", age_label(r["breakdown"])
        elif topic == "Type of placement":
            kind, key = "placement", r["breakdown"]
        else:
            continue
        rows.append(area(r) + [kind, key, value(r["ehc_plans"])]
                    + [value(r["number_" + n]) for n in NEEDS])
    write("needs.csv", AREA + ["breakdown", "value", "plans"] + NEEDS, rows,
          "EHC plans at January by primary need, by age and by placement, 2025")


def repair_copied_region_totals(rows):
    """The release's 2022 new-plan totals of the 15 Yorkshire and The Humber LAs are their
    region's total (6,078 each: LAs then sum to 151,798 against England's 66,706), while
    their rows by age at start are the LA's own. Where an LA's total row equals its
    region's total for the year and its rows by age do not add up to it, the total row
    (and each placement column) becomes the sum of the LA's rows by age."""
    region_totals = {(r[0], r[2]): r for r in rows if r[1] == "region" and r[5] == "all"}
    by_age = {}
    for r in rows:
        if r[1] == "la" and r[5] != "all":
            by_age.setdefault((r[0], r[2]), []).append(r)
    for i, r in enumerate(rows):
        if r[1] != "la" or r[5] != "all":
            continue
        region = region_totals.get((r[0], r[4]))
        ages = by_age.get((r[0], r[2]), [])
        def total(j):
            return sum(int(a[j]) for a in ages if a[j] != "")
        age_total = total(6)
        if region is None or r[6] != region[6] or not ages or str(age_total) == r[6]:
            continue
        summed = [str(total(j)) if any(a[j] != "" for a in ages) else "" for j in range(6, len(r))]
        rows[i] = r[:6] + summed
        print(f"new-plans.csv: {r[3]} {r[0]}: total {r[6]} is its region's; using its rows by age ({age_total})")


def new_plans():
    rows = []
    for r in read("newplans.csv"):
        topic = r["breakdown_topic"]
        if topic == "New EHC plans":
            age = "all"
        elif topic == "Age when plan started":
            age = age_label(r["breakdown"])
        else:
            continue
        rows.append(area(r) + [age, value(r["new_ehc_plans"])]
                    + [value(r[c]) for c in PLACEMENT_COLUMNS])
    repair_copied_region_totals(rows)
    write("new-plans.csv", AREA + ["age", "new_plans"] + PLACEMENT_COLUMNS, rows,
          "new EHC plans in the calendar year, by age at start and placement, 2019-2024")
    rows = []
    for r in read("sen_need_newplans.csv"):
        if r["breakdown_topic"] != "All EHC plans":
            continue
        rows.append(area(r) + [value(r["ehc_plans"])] + [value(r["number_" + n]) for n in NEEDS])
    write("new-plans-by-need.csv", AREA + ["new_plans"] + NEEDS, rows,
          "new EHC plans in the calendar year by primary need, 2024")


def ceased():
    rows = []
    for r in read("ceased_plans.csv"):
        topic = r["breakdown_topic"]
        if topic == "All ceased EHC plans":
            kind, key = "all", "all"
        elif topic == "Age plan ceased":
            kind, key = "age", age_label(r["breakdown"])
        elif topic == "Type of placement":
            kind, key = "placement", r["breakdown"]
        else:
            continue
        rows.append(area(r) + [kind, key] + [value(r[c]) for c in CEASED_REASONS])
    write("ceased-plans.csv", AREA + ["breakdown", "value"] + CEASED_REASONS, rows,
          "EHC plans ceased in the calendar year by reason, age and placement, 2022-2024")


def requests():
    rows = []
    for r in read("requests.csv"):
        if r["breakdown_topic"] != "All requests for EHC needs assessments":
            continue
        rows.append(area(r) + [value(r[c]) for c in REQUEST_COLUMNS])
    write("requests.csv", AREA + REQUEST_COLUMNS, rows,
          "requests for EHC needs assessment in the calendar year, 2019-2024")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    caseload()
    needs()
    new_plans()
    ceased()
    requests()
