#!/usr/bin/env python3
"""Regenerate Scenarios/national/districts.csv: every English district's children by
single year of age and its deprivation score, with the LA (SEN2's) it belongs to.

Usage:
    python3 Scripts/update-district-data.py [SHARED_DATA_DIR] [OUT_DIR]

SHARED_DATA_DIR defaults to ../shared/data (it needs districts/ and sen2/caseload.csv);
OUT_DIR defaults to Scenarios/national. hnf never reads SHARED_DATA_DIR: it reads only
the file written here. The output is deterministic.

One row per district of April 2021 (a unitary council, metropolitan district or London
borough is its own LA's only district), with:

- `code`, `name`: the ONS district code and name (2021 boundaries);
- `la`, `la_name`: the old 3-digit DfE number of the LA that holds its children's plans in
  SEN2's reporting year 2025 (Kent = 886). A shire district belongs to its county by ONS's
  Local Authority District to County (April 2021) lookup, written out below as code ranges
  (ONS numbers a county's districts together; each county's count is checked). Cumbria's
  six districts went to Cumberland and Westmorland and Furness in April 2023 (The Cumbria
  (Structural Changes) Order 2022); North Yorkshire's and Somerset's to their new
  unitaries, which SEN2 keeps under the county's number (815, 933); Buckinghamshire's
  2020 unitary (E06000060) is SEN2's 825.
- `deprivation`: mySociety's composite index of multiple deprivation score of the council
  (`la-deprivation-score`, England's part built from IMD 2019; higher = more deprived),
  matched by name. The 17 districts abolished in 2023 are not in mySociety's file (it lists
  the councils of 2024): they carry their new unitary's score, and `deprivation_of` says
  so (`district` or `la`).
- `age_0` ... `age_25`: ONS mid-2021 population estimates, persons (males + females).

Sources (in SHARED_DATA_DIR/README.md): ONS mid-2021 population estimates by district,
sex and single year of age (Open Government Licence v3.0), via UCL-CHIG/family-hubs-
database raw/pop2021.csv; mySociety composite_uk_imd la_imd.csv (CC BY 4.0, attribute
mySociety); DfE SEN2 reporting year 2025 caseload (OGL v3.0), for the LA numbers.
Check: Kent's 12 districts add up to 469,471 people aged 0-25.
"""
import csv
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Scenarios", "national")
MAX_AGE = 25


def shire(*numbers):
    return [f"E07{n:06d}" for n in numbers]


def span(first, last):
    return shire(*range(first, last + 1))


# ONS Local Authority District to County (April 2021), by each county's (or, since 2023,
# unitary's) ONS code; the count of districts is checked against it.
COUNTIES = {
    "E10000003": (span(8, 12), 5),  # Cambridgeshire
    "E06000063": (shire(26, 28, 29), 3),  # Cumberland: Allerdale, Carlisle, Copeland
    "E06000064": (shire(27, 30, 31), 3),  # Westmorland and Furness: Barrow, Eden, South Lakeland
    "E10000007": (span(32, 39), 8),  # Derbyshire
    "E10000008": (span(40, 47), 8),  # Devon
    "E10000011": (span(61, 65), 5),  # East Sussex
    "E10000012": (span(66, 77), 12),  # Essex
    "E10000013": (span(78, 83), 6),  # Gloucestershire
    "E10000014": (span(84, 94), 11),  # Hampshire
    "E10000015": (shire(95, 96, 98, 99, 102, 103, 240, 241, 242, 243), 10),  # Hertfordshire
    "E10000016": (span(105, 116), 12),  # Kent
    "E10000017": (span(117, 128), 12),  # Lancashire
    "E10000018": (span(129, 135), 7),  # Leicestershire
    "E10000019": (span(136, 142), 7),  # Lincolnshire
    "E10000020": (span(143, 149), 7),  # Norfolk
    "E10000023": (span(163, 169), 7),  # North Yorkshire (unitary from 2023)
    "E10000024": (span(170, 176), 7),  # Nottinghamshire
    "E10000025": (span(177, 181), 5),  # Oxfordshire
    "E10000027": (shire(187, 188, 189, 246), 4),  # Somerset (unitary from 2023)
    "E10000028": (span(192, 199), 8),  # Staffordshire
    "E10000029": (shire(200, 202, 203, 244, 245), 5),  # Suffolk
    "E10000030": (span(207, 217), 11),  # Surrey
    "E10000031": (span(218, 222), 5),  # Warwickshire
    "E10000032": (span(223, 229), 7),  # West Sussex
    "E10000034": (span(234, 239), 6),  # Worcestershire
}
# SEN2 2025 numbers an LA by a code other than its 2021 ONS one.
SEN2_CODE = {"E06000060": "E10000002"}  # Buckinghamshire

# mySociety's council names that normalising does not match to ONS's district names.
COUNCIL_NAME = {
    "Kingston upon Hull, City of": "Hull City Council",
    "County Durham": "Durham County Council",
    "King's Lynn and West Norfolk": "Borough Council of Kings Lynn and West Norfolk",
    "St Albans": "St Albans City and District Council",
    "St. Helens": "St Helens Council",
    "Newcastle upon Tyne": "Newcastle City Council",
}
# Districts abolished in 2023 take the score of the unitary their area went to.
UNITARY_COUNCIL = {
    "E06000063": "Cumberland Council",
    "E06000064": "Westmorland and Furness Council",
    "E10000023": "North Yorkshire Council",
    "E10000027": "Somerset Council",
}
PREFIXES = ["city of ", "london borough of ", "royal borough of ", "council of the ", "borough council of ", "borough of "]
SUFFIXES = [
    " metropolitan borough council", " metropolitan district council", " district council", " borough council",
    " city council", " county council", " council",
]


def normalised(name):
    s = " ".join(name.lower().replace("&", "and").replace(",", " ").split())
    if s.startswith("city of london"):  # the City of London Corporation
        return "city of london"
    for p in PREFIXES:
        if s.startswith(p):
            s = s[len(p):]
    for x in SUFFIXES:
        if s.endswith(x):
            s = s[: -len(x)]
            break
    for x in [" city of", " county of"]:
        if s.endswith(x):
            s = s[: -len(x)]
    return s.strip()


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def main():
    population = defaultdict(lambda: [0] * (MAX_AGE + 1))
    names = {}
    for r in read(os.path.join(SRC, "districts", "ons-mid2021-population-by-district-sex-age.csv")):
        if r["country"] != "E":
            continue
        names[r["ladcode21"]] = r["ladname21"]
        age = int(r["age"])
        if age <= MAX_AGE:
            population[r["ladcode21"]][age] += int(r["population_2021"])

    county_of = {}
    for county, (districts, count) in COUNTIES.items():
        assert len(districts) == count, county
        for d in districts:
            assert d in names, f"{d} of {county} is not an English district of 2021"
            assert d not in county_of, d
            county_of[d] = county
    shires = [d for d in names if d.startswith("E07")]
    assert len(shires) == 181 and all(d in county_of for d in shires), "every shire district in one county"

    sen2 = {}
    for r in read(os.path.join(SRC, "sen2", "caseload.csv")):
        if r["geographic_level"] == "Local authority" and r["time_period"] == "202425":
            sen2[r["new_la_code"]] = (r["old_la_code"], r["la_name"])

    scores = read(os.path.join(SRC, "districts", "mysociety-la-imd.csv"))
    by_official = {r["official-name"]: float(r["la-deprivation-score"]) for r in scores}
    by_name = {}
    for r in scores:
        by_name.setdefault(normalised(r["official-name"]), float(r["la-deprivation-score"]))

    rows = []
    for code in sorted(names):
        la_code = SEN2_CODE.get(code, county_of.get(code, code))
        assert la_code in sen2, f"{code} {names[code]}: no LA {la_code} in SEN2 2025"
        la, la_name = sen2[la_code]
        name = names[code]
        if name in COUNCIL_NAME:
            score, of = by_official[COUNCIL_NAME[name]], "district"
        elif normalised(name) in by_name:
            score, of = by_name[normalised(name)], "district"
        else:
            assert county_of.get(code) in UNITARY_COUNCIL, f"{code} {name}: no council of that name in mySociety's file"
            score, of = by_official[UNITARY_COUNCIL[county_of[code]]], "la"
        rows.append([code, name, la, la_name, f"{score:.2f}", of] + population[code])
    kent = sum(sum(r[6:]) for r in rows if r[2] == "886")
    assert kent == 469471, f"Kent's districts aged 0-25: {kent}, expected 469,471"
    assert len({r[2] for r in rows}) == len(sen2), "every SEN2 LA has a district"

    out = os.path.join(OUT, "districts.csv")
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "la", "la_name", "deprivation", "deprivation_of"]
                   + [f"age_{a}" for a in range(MAX_AGE + 1)])
        w.writerows(rows)
    print(f"wrote {out}: {len(rows)} districts of {len(sen2)} LAs", file=sys.stderr)


if __name__ == "__main__":
    main()
