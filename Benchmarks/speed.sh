#!/usr/bin/env bash
# hnf's speed, every figure the table in Docs/speed.md gives, for the checkout as it is:
# wall-clock medians (noisy on a shared 2-core machine: compare ratios) and, where they
# matter, instructions per pupil-year counted by valgrind's callgrind (the same whatever
# the machine's load). Prints a Markdown table with the date and commit.
#
#   Benchmarks/speed.sh [--quick]     (from anywhere in the checkout; builds release first)
#
# --quick leaves out the two long figures (England-scale 1,000 draws, the sweep of every
# LA), about 3 minutes instead of 6. Needs valgrind and Python's numpy for those columns
# (each is reported as "n/a" when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1
swift build -c release --product hnf >&2
swift build -c release --product hnf-benchmark >&2
hnf=$PWD/.build/release/hnf
bench=$PWD/.build/release/hnf-benchmark
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind cannot read a release build's Swift debug info: count a stripped copy.
have_valgrind=0
if command -v valgrind >/dev/null 2>&1; then
  have_valgrind=1
  strip --strip-debug -o "$work/hnf" "$hnf"
  strip --strip-debug -o "$work/hnf-benchmark" "$bench"
  # The national-table cache is keyed by the executable too: let each copy build its own
  # before anything is counted, so no count includes parsing the CSV tables.
  "$work/hnf" validate Scenarios/kent/baseline.yaml >/dev/null
  "$work/hnf-benchmark" --step-only --repetitions 1 >/dev/null
fi

# median N CMD...: the median wall-clock seconds of N runs (output thrown away).
median() {
  python3 - "$@" <<'PY'
import subprocess, sys, time, statistics
n = int(sys.argv[1]); times = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - t)
print(f"{statistics.median(times):.3f}")
PY
}
# instructions CMD...: instructions callgrind counts for the whole process.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" >/dev/null 2>"$work/cg.err"
  grep -m1 '^summary:' "$work/cg.out" | awk '{print $2}'
}
pupil_years() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['stats']['pupil_years'])" "$1"; }
rows=()
row() { rows+=("| $1 | \`$2\` | $3 |"); }

# 1. Start-up: national data ready (from the cache after the first run) and Kent checked.
"$hnf" validate Scenarios/kent/baseline.yaml >/dev/null
startup=$(median 20 "$hnf" validate Scenarios/kent/baseline.yaml)
version=$(median 20 "$hnf" --version)
ir="n/a"
[ $have_valgrind = 1 ] && ir=$(instructions "$work/hnf" validate Scenarios/kent/baseline.yaml)
row "start-up: \`hnf validate\` on Kent (national tables from the cache)" "hnf validate Scenarios/kent/baseline.yaml" \
  "$(awk -v s="$startup" -v v="$version" -v i="$ir" 'BEGIN { printf "%.0f ms (the process alone, `hnf --version`: %.0f ms); %s instructions", s * 1000, v * 1000, i }')"

# 2. The step alone, England scale, one thread.
step=$("$bench" --draws 8 --threads 2 | tee "$work/bench.txt" | grep '^yearly step')
rate=$(sed -E 's/.*= ([0-9.]+) million pupil-years\/s.*/\1/' <<<"$step")
per="n/a"
if [ $have_valgrind = 1 ]; then
  one=$(instructions "$work/hnf-benchmark" --step-only --repetitions 1)
  two=$(instructions "$work/hnf-benchmark" --step-only --repetitions 2)
  r1=$("$bench" --step-only --repetitions 1 | sed -nE 's/step-only: ([0-9]+) .*/\1/p')
  r2=$("$bench" --step-only --repetitions 2 | sed -nE 's/step-only: ([0-9]+) .*/\1/p')
  per=$(awk -v a="$one" -v b="$two" -v r="$r1" -v q="$r2" 'BEGIN { printf "%.1f", (b - a) / (q - r) }')
fi
row "the yearly step alone, England scale (639k plans, 150 localities, 10 years), 1 core, median of 5" \
  "hnf-benchmark --draws 8" "$rate million pupil-years/s; $per instructions a pupil-year"
while read -r line; do
  row "whole England-scale projection in-process, $(sed -E 's/projection, ([0-9]+ draws, [0-9]+ thread\(s\)).*/\1/' <<<"$line")" \
    "hnf-benchmark --draws 8 --threads 2" "$(sed -E 's/.*= ([0-9.]+) million\/s, ([0-9.]+) million\/s per core/\1 million pupil-years\/s (\2 per core)/' <<<"$line")"
done < <(grep '^projection' "$work/bench.txt")

# 3. Kent, 1,000 draws x 5 years, end to end on 2 threads; instructions a pupil-year from
#    the difference of 20 and 10 draws (so start-up and the report's fixed part cancel).
kent=$(median 3 "$hnf" run Scenarios/kent/baseline.yaml --threads 2)
kent1=$(median 3 "$hnf" run Scenarios/kent/baseline.yaml --threads 1)
per="n/a"
if [ $have_valgrind = 1 ]; then
  "$hnf" run Scenarios/kent/baseline.yaml --draws 10 --format json -o "$work/k10.json"
  "$hnf" run Scenarios/kent/baseline.yaml --draws 20 --format json -o "$work/k20.json"
  a=$(instructions "$work/hnf" run Scenarios/kent/baseline.yaml --draws 10 --threads 1)
  b=$(instructions "$work/hnf" run Scenarios/kent/baseline.yaml --draws 20 --threads 1)
  per=$(awk -v a="$a" -v b="$b" -v p="$(pupil_years "$work/k20.json")" -v q="$(pupil_years "$work/k10.json")" \
    'BEGIN { printf "%.1f", (b - a) / (p - q) }')
fi
row "Kent baseline, 1,000 draws x 5 years, end to end (report to /dev/null)" "hnf run Scenarios/kent/baseline.yaml --threads 2" \
  "${kent} s (1 thread: ${kent1} s); $per instructions a pupil-year, whole process"

# 4. England scale, 16 draws x 10 years, one thread, JSON out, against the numpy reference.
"$hnf" run Benchmarks/england-scale.yaml --draws 16 --threads 1 --format json -o "$work/e16.json"
england=$(median 3 "$hnf" run Benchmarks/england-scale.yaml --draws 16 --threads 1 --format json -o "$work/e16.json")
years=$(pupil_years "$work/e16.json")
hnf_rate=$(awk -v y="$years" -v s="$england" 'BEGIN { printf "%.1f", y / s / 1e6 }')
reference="numpy not installed"
ratio="n/a"
if python3 -c "import numpy" 2>/dev/null; then
  "$bench" Benchmarks/england-scale.yaml --reference-workload "$work/workload.json" >/dev/null
  line=$(python3 Benchmarks/numpy-reference.py "$work/workload.json" --draws 16)
  reference_rate=$(sed -E 's/.*= ([0-9.]+) million.*/\1/' <<<"$line")
  reference="numpy reference $reference_rate million pupil-years/s"
  ratio=$(awk -v h="$hnf_rate" -v r="$reference_rate" 'BEGIN { printf "%.1f", h / r }')
fi
row "England scale, 16 draws x 10 years, 1 thread, whole process, JSON out" \
  "hnf run Benchmarks/england-scale.yaml --draws 16 --threads 1 --format json -o e.json" \
  "${england} s = $hnf_rate million pupil-years/s; $reference: **${ratio}x**"

if [ $quick = 0 ]; then
  # 5. England scale, 1,000 draws x 10 years on 2 threads (one run: about a minute).
  start=$(date +%s.%N)
  "$hnf" run Benchmarks/england-scale.yaml --draws 1000 --threads 2 --format json -o "$work/e1000.json"
  end=$(date +%s.%N)
  row "England scale, 1,000 draws x 10 years, 2 threads, JSON out (one run)" \
    "hnf run Benchmarks/england-scale.yaml --draws 1000 --threads 2 --format json -o e.json" \
    "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f s", e - s }')"
  # 6. Every LA x 4 variants x 200 draws.
  sweep=$(HNF="$hnf" Benchmarks/sweep/sweep-benchmark.sh 2 0 | grep '^sweep:')
  row "every LA x 4 variants, 200 draws, 5 years (Benchmarks/sweep/sweep-150x4.yaml)" \
    "Benchmarks/sweep/sweep-benchmark.sh 2 0" "${sweep#sweep: }"
fi

echo "Measured $(date -u +'%-d %B %Y') at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo ' with uncommitted changes'), $(nproc) cores, release build:"
echo
echo "| what | command | figure |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
