#!/usr/bin/env python3
"""The obvious vectorised implementation of hnf's yearly step, in numpy, as the yardstick
for hnf's speed (issue: "Whole process ... >= 10x the numpy reference").

It does the same work on the same tables: `hnf-benchmark SCENARIO --reference-workload
W.json` writes one draw's starting children and, for every step, the chances of leaving
(and of that being a transfer out), of moving and where to, the settings each age may be
in, the new plans' means and mixes, arrivals from other LAs and the cost of a child by
locality x setting x band. Each year, for every child at once: a year older; those past
the maximum age leave; one uniform decides leaving, another moving (destination by
searchsorted in the cell's cumulative shares); a child whose setting does not take its
new age is sent where new plans of that age start; new plans by Poisson per locality x
phase and per age, their age, need, setting and band by `Generator.choice`; plans from
other LAs likewise; spend by `bincount` over locality x setting x band times the cost
table. Children are counted as hnf counts pupil-years: those alive at the start of each
step.

Usage (from the repository root, after `swift build -c release`):

    .build/release/hnf-benchmark Benchmarks/england-scale.yaml --reference-workload /tmp/w.json
    python3 Benchmarks/numpy-reference.py /tmp/w.json [--draws 16]

Prints pupil-years per second over the draws (one thread: numpy's kernels here are single
threaded), the time of the simulation alone (loading the JSON is not counted).
"""
import json, sys, time
import numpy as np


def choice(rng, weights, size):
    weights = np.asarray(weights, dtype=float)
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def simulate(w, rng):
    S, B, N, A = w["settings"], w["bands"], w["needs"], w["ages"]
    L, stride, max_age = w["localities"], w["need_stride"], w["max_age"]
    st = w["stock"]
    loc, age, need = (np.array(st[k], dtype=np.int64) for k in ("locality", "age", "need"))
    setting, band = (np.array(st[k], dtype=np.int64) for k in ("setting", "band"))
    allowed = np.array(w["allowed"], dtype=bool)
    need_w = np.array(w["need_weights"])
    pupil_years, spend = 0, 0.0
    for step in w["steps"]:
        pupil_years += len(age)
        # Age, leave (and transfer out), move: every child at once.
        age = age + 1
        past = age > max_age
        a = np.minimum(age, A - 1)
        cell = (a * S + setting) * stride + (need if stride > 1 else 0)
        u = rng.random(len(age))
        leaves = past | (u < step["leave"][cell])
        _transfers = leaves & ~past & (u < step["transfer_out"][a])
        keep = ~leaves
        loc, age, need, setting, band, cell = loc[keep], age[keep], need[keep], setting[keep], band[keep], cell[keep]
        moving = np.nonzero(rng.random(len(age)) < step["move"][cell])[0]
        if len(moving):
            starts = step["move_start"]
            c = cell[moving]
            v = rng.random(len(moving)) * step["move"][c]
            k = np.searchsorted(step["move_keys"], c * 2.0 + v, side="right")
            k = np.minimum(k, starts[c + 1] - 1)
            setting[moving] = step["move_to"][k]
        # A setting that does not take the child's new age: where new plans of that age start.
        out = np.nonzero(~allowed[age * S + setting])[0]
        for slot in np.unique(age[out] * S + setting[out]):
            who = out[(age[out] * S + setting[out]) == slot]
            setting[who] = choice(rng, w["age_out_destination"][slot], len(who))
        # New plans by locality x phase, then by single age, then from other LAs.
        new = [joiners_by_phase(w, step, rng, need_w), joiners_by_age(w, step, rng, need_w), arrivals(w, rng, need_w)]
        for part in new:
            loc, age, need, setting, band = (np.concatenate([x, y]) for x, y in zip((loc, age, need, setting, band), part))
        # Cost: children by locality x setting x band at the year's unit costs.
        counts = np.bincount((loc * S + setting) * B + band, minlength=L * S * B).reshape(L, S * B)
        spend += float((counts * step["cost"]).sum())
    return pupil_years, spend


def bands_of(w, rng, phase, need):
    band = np.zeros(len(need), dtype=np.int64)
    for key in np.unique(phase * w["needs"] + need):
        who = np.nonzero(phase * w["needs"] + need == key)[0]
        band[who] = choice(rng, w["band_weights"][key], len(who))
    return band


def settings_of(w, rng, age):
    setting = np.zeros(len(age), dtype=np.int64)
    for a in np.unique(age):
        who = np.nonzero(age == a)[0]
        setting[who] = choice(rng, w["joiner_setting"][a], len(who))
    return setting


def joiners_by_phase(w, step, rng, need_w):
    P = w["phases"]
    counts = rng.poisson(step["new_plans"])
    lp = np.repeat(np.arange(len(counts)), counts)
    loc, phase = lp // P, lp % P
    age = np.zeros(len(lp), dtype=np.int64)
    for p in range(P):
        who = np.nonzero(phase == p)[0]
        if len(who):
            ages = w["joiner_ages"][p]
            age[who] = np.asarray(ages["ages"])[choice(rng, ages["weights"], len(who))]
    need = choice(rng, need_w, len(lp))
    setting = settings_of(w, rng, age)
    return loc, age, need, setting, bands_of(w, rng, phase, need)


def phase_of(age):
    # hnf's phases (Sources/HNFCore/NationalData/Phase.swift): 0-4, 5-10, 11-15, 16-18, 19-25.
    return np.select([age <= 4, age <= 10, age <= 15, age <= 18], [0, 1, 2, 3], 4)


def settings_by_entry(rng, entries, k):
    """Each plan's setting, drawn from the mix of the entry `k` it came from."""
    setting = np.zeros(len(k), dtype=np.int64)
    for e in np.unique(k):
        who = np.nonzero(k == e)[0]
        setting[who] = choice(rng, entries[e]["setting"], len(who))
    return setting


def joiners_by_age(w, step, rng, need_w):
    entries = w["joiners_by_age"]
    if not entries:
        return (np.zeros(0, dtype=np.int64),) * 5
    K = len(entries)
    counts = rng.poisson(step["joiners_by_age_mean"])
    lk = np.repeat(np.arange(len(counts)), counts)
    loc, k = lk // K, lk % K
    age = np.array([e["age"] for e in entries], dtype=np.int64)[k]
    setting = settings_by_entry(rng, entries, k)
    need = choice(rng, need_w, len(lk))
    return loc, age, need, setting, bands_of(w, rng, phase_of(age), need)


def arrivals(w, rng, need_w):
    entries = w["transfers_in"]
    if not entries:
        return (np.zeros(0, dtype=np.int64),) * 5
    counts = rng.poisson([e["mean"] for e in entries])
    k = np.repeat(np.arange(len(entries)), counts)
    age = np.array([e["age"] for e in entries], dtype=np.int64)[k]
    loc = choice(rng, w["transfer_locality"], len(k))
    setting = settings_by_entry(rng, entries, k)
    need = choice(rng, need_w, len(k))
    return loc, age, need, setting, bands_of(w, rng, phase_of(age), need)


def main():
    args = sys.argv[1:]
    draws = 16
    if "--draws" in args:
        i = args.index("--draws")
        draws = int(args[i + 1])
        del args[i : i + 2]
    w = json.load(open(args[0]))
    # Tables as arrays once, before the clock starts (as hnf compiles its plan once).
    for step in w["steps"]:
        for key in ("leave", "transfer_out", "move", "move_start", "move_cumulative", "move_to", "new_plans",
                    "joiners_by_age_mean", "cost"):
            step[key] = np.asarray(step[key])
        # Each cell's cumulative shares, offset by twice its index: one sorted array for searchsorted.
        owner = np.repeat(np.arange(len(step["move_start"]) - 1), np.diff(step["move_start"]))
        step["move_keys"] = owner * 2.0 + step["move_cumulative"]
    start = time.perf_counter()
    total = 0
    for d in range(draws):
        years, _ = simulate(w, np.random.default_rng(d))
        total += years
    elapsed = time.perf_counter() - start
    print(f"numpy reference, {draws} draws, 1 thread: {total} pupil-years in {elapsed:.2f} s = "
          f"{total / elapsed / 1e6:.1f} million pupil-years/s (numpy {np.__version__})")


if __name__ == "__main__":
    main()
