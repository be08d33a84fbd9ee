#!/usr/bin/env python3
"""Writes Tests/Fixtures/witan-send-small: a small, synthetic history in witan.send's input
format (transitions, population, costs, valid states, run configuration), made by this
project so that the import, the estimator and the bad-input tests run on a lone clone.

witan.send's own demo carries no licence and is never copied into the repository; this
fixture only borrows its *format* (column names, academic-year convention, NONSEND for
joiners and leavers) and the shape of its first rows, which the bad-input tests edit.
Deterministic: the same file every time (random.Random(20250101)).

    python3 Scripts/make-witan-send-fixture.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "witan-send-small")

# setting: (group, min academic year, max academic year)
SETTINGS = {
    "A": ("group1", -3, 15), "B": ("group1", -1, 16), "G": ("group1", -2, 15),
    "J": ("group2", -2, 16), "L": ("group2", 0, 15),
    "P": ("group3", -3, -1), "S": ("group3", 11, 19),
}
NEEDS = ["T", "U", "V", "W", "X", "Y"]
COSTS = {"A": 1000.0, "B": 1200.0, "G": 900.0, "J": 9000.0, "L": 11000.0, "P": 700.0, "S": 4000.0}
YEARS = range(2013, 2018)           # transition years: 2013 -> 2014 ... 2017 -> 2018
POPULATION_YEARS = range(2013, 2023)  # observed and projected
AGES = range(-5, 21)


def valid(setting, ay):
    _, low, high = SETTINGS[setting]
    return low <= ay <= high


def main():
    rng = random.Random(20250101)
    os.makedirs(OUT, exist_ok=True)
    rows = [
        # The bad-input tests edit these two rows: line 2 is a joiner, line 3 a stayer.
        (2013, "NONSEND", "NONSEND", -3, "P", "U", -2),
        (2013, "B", "X", 5, "B", "X", 6),
    ]
    # A starting stock, then five years of leaving, moving, ageing and joining.
    stock = []
    for _ in range(260):
        setting = rng.choice(list(SETTINGS))
        _, low, high = SETTINGS[setting]
        stock.append((setting, rng.choice(NEEDS), rng.randint(low, min(high, 14))))
    for year in YEARS:
        following = []
        for setting, need, ay in stock:
            nxt = ay + 1
            options = [s for s in SETTINGS if valid(s, nxt)]
            if not options or nxt > 19 or rng.random() < 0.06:
                rows.append((year, setting, need, ay, "NONSEND", "NONSEND", nxt))
                continue
            destination = setting
            if not valid(setting, nxt) or rng.random() < 0.05:
                destination = rng.choice([s for s in options if s != setting] or options)
            rows.append((year, setting, need, ay, destination, need, nxt))
            following.append((destination, need, nxt))
        for _ in range(rng.randint(40, 55)):
            ay = rng.randint(-4, 13)
            options = [s for s in SETTINGS if valid(s, ay + 1)]
            destination, need = rng.choice(options), rng.choice(NEEDS)
            rows.append((year, "NONSEND", "NONSEND", ay, destination, need, ay + 1))
            following.append((destination, need, ay + 1))
        stock = following
    with open(os.path.join(OUT, "transitions.csv"), "w") as f:
        f.write("calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")
    with open(os.path.join(OUT, "population.csv"), "w") as f:
        f.write("calendar-year,academic-year,population\n")
        for year in POPULATION_YEARS:
            for ay in AGES:
                f.write(f"{year},{ay},{9000 + 40 * (year - 2013) + rng.randint(-300, 300)}\n")
    with open(os.path.join(OUT, "costs.csv"), "w") as f:
        f.write("need,setting,cost\n")
        f.write("U,G,1000.0\n")  # edited by the bad-input tests
        for setting, cost in COSTS.items():
            for need in NEEDS:
                if (need, setting) != ("U", "G"):
                    f.write(f"{need},{setting},{cost}\n")
    moves = ",".join(SETTINGS)
    with open(os.path.join(OUT, "valid-states.csv"), "w") as f:
        f.write("setting,setting-group,min-academic-year,max-academic-year,needs,setting->setting\n")
        for setting, (group, low, high) in SETTINGS.items():
            f.write(f'{setting},{group},{low},{high},"{",".join(NEEDS)}","{moves}"\n')
    with open(os.path.join(OUT, "config-1000.edn"), "w") as f:
        f.write("{:projection-parameters {:random-seed 50\n                         :simulations 1000}}\n")


if __name__ == "__main__":
    main()
