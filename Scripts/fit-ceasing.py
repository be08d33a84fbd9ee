#!/usr/bin/env python3
"""Prints an LA's `flows.ceasing.by_age` block: the chance that an EHC plan ends in a
calendar year at each age, from SEN2's plans ceased in that year by age at ceasing
(ceased-plans.csv) over the plans held the January before by children a year younger
(caseload-by-age.csv). "20plus" covers ages 20-25 (children 19-24 that January).

Why by age only, not age x setting: SEN2 also counts ceased plans by placement, but by
the placement at ceasing, which for most young adults is "NEET" after leaving college; for
Kent 2024 it records 1,211 plans ending in "educated elsewhere" against about 1,600 held
there in January. A fit of age x January setting to both margins has no solution.

Usage: python3 Scripts/fit-ceasing.py LA_CODE YEAR      e.g. 886 2024
"""
import csv, sys

code, year = sys.argv[1], sys.argv[2]
num = lambda v: float(v) if v not in ("", None) else 0.0
ceased = {r["value"]: num(r["total_ceased"]) for r in csv.DictReader(open("Scenarios/national/ceased-plans.csv"))
          if r["code"] == code and r["year"] == year and r["breakdown"] == "age"}
held = {r["age"]: num(r["plans"]) for r in csv.DictReader(open("Scenarios/national/caseload-by-age.csv"))
        if r["code"] == code and r["year"] == year}
if not ceased or not held:
    sys.exit(f"no SEN2 ceased plans by age or caseload by age for {code} in {year}")

print(f"    # By single age, from Scripts/fit-ceasing.py {code} {year}: plans ceased in {year} at that age [SEN2]")
print(f"    # over the plans held in January {year} by children a year younger [SEN2]")
print("    by_age:")
for label, ages in [(str(a), [a]) for a in range(4, 20)] + [("20plus", list(range(20, 26)))]:
    exposure = sum(held.get(str(a - 1), 0) for a in ages)
    if label not in ceased or exposure <= 0:
        continue
    rate = min(1.0, ceased[label] / exposure)
    for age in ages:
        print(f"      {age}: {rate:.4f}   # {ceased[label]:,.0f} / {exposure:,.0f}" if age == ages[0] else f"      {age}: {rate:.4f}")
