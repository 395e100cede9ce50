#!/usr/bin/env bash
# CB-CTT (ITC-2007 track 3) with planner-bench: every instance in the reference folder, one thread,
# a time limit (default 60 s), scored by our own scorer. Usage: bench/cbctt.sh [PLANNER-BENCH] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-.build/release/planner-bench}
folder=${2:-../shared/reference/cbctt}
out=${BENCH_OUT:-bench/out}/cbctt
mkdir -p "$out"
for instance in "$folder"/*.ctt; do
    name=$(basename "$instance" .ctt)
    "$bench" cbctt "$instance" --seconds "${CBCTT_SECONDS:-60}" --seed 1 --output "$out/$name.sol" | sed "s/^/$name /"
done
