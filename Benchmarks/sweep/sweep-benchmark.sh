#!/usr/bin/env bash
# Sweep speed: runs a second for every LA × 4 variants at 200 draws, and what a run costs
# in the sweep against the same run as its own `hnf calibrate && hnf run` (the command the
# sweep stores). Release build; prints figures for Docs/speed.md ("Sweep speed").
#
#   swift build -c release && Benchmarks/sweep/sweep-benchmark.sh [THREADS] [SAMPLE_RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${1:-2}
sample=${2:-12}
hnf=${HNF:-$PWD/.build/release/hnf}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
"$hnf" sweep Benchmarks/sweep/sweep-150x4.yaml --db "$work/bench.db" --threads "$threads" --quiet
end=$(date +%s.%N)
read -r runs inside <<<"$(sqlite3 -separator ' ' "$work/bench.db" "SELECT COUNT(*), SUM(seconds) FROM runs WHERE status = 'done'")"
awk -v r="$runs" -v s="$start" -v e="$end" -v i="$inside" 'BEGIN {
  wall = e - s
  printf "sweep: %d runs in %.1f s = %.2f runs/s (%.3f s a run; %.3f s inside the runs themselves, %.3f s a run on loading, the database and bookkeeping)\n", r, wall, r / wall, wall / r, i / r, (wall - i) / r }'

[ "$sample" -gt 0 ] || exit 0
# The same runs alone, each as the command the sweep stored (a fresh process each: national
# data read, LA calibrated, scenario checked, projected, report written).
sqlite3 "$work/bench.db" "SELECT command FROM runs WHERE status = 'done' ORDER BY (id * 7919) % 1000 LIMIT $sample" > "$work/commands"
cd "$work"
start=$(date +%s.%N)
while read -r command; do
  eval "${command//hnf /\"$hnf\" }" --threads "$threads" > /dev/null
done < commands
end=$(date +%s.%N)
awk -v n="$(wc -l < commands)" -v s="$start" -v e="$end" 'BEGIN { printf "alone: %d stored commands (hnf calibrate && hnf run) in %.1f s = %.3f s a run\n", n, e - s, (e - s) / n }'
