#!/usr/bin/env bash
# CB-CTT (ITC-2007 track 3) with planner-bench: every instance in the reference folder, then two instances
# bench/cbctt/generate.py makes in the shape of the larger competition ones, each with a planted timetable
# without hard violations (its cost is printed as an upper bound); one thread, a time limit (default 60 s),
# three seeds, scored by our own scorer. Each instance is read into the general scheduling model and solved
# by the timetabling moves and by the seminar scheduler of `planner schedule`. Ends with a table of medians
# against the ITC-2007 winner's results and the best known costs (bench/cbctt/summary.py).
# Usage: bench/cbctt.sh [PLANNER-BENCH] [DIR]
# (CBCTT_SECONDS, CBCTT_SEEDS="1 2 3", CBCTT_THREADS for cooperating searches, CBCTT_SOLVERS="timetabling
# seminar", CBCTT_JOBS=2 runs this many single-thread runs side by side)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-.build/release/planner-bench}
folder=${2:-../shared/reference/cbctt}
out=${BENCH_OUT:-bench/out}/cbctt
mkdir -p "$out"
python3 bench/cbctt/generate.py gen-a 11 100 12 5 6 "$out/gen-a.ctt" "$out/gen-a.planted.sol"
python3 bench/cbctt/generate.py gen-b 12 130 18 6 6 "$out/gen-b.ctt" "$out/gen-b.planted.sol"
for name in gen-a gen-b; do
    echo "$name planted timetable (an upper bound): $("$bench" score "$out/$name.ctt" "$out/$name.planted.sol")"
done
runs=()
for instance in "$folder"/*.ctt "$out/gen-a.ctt" "$out/gen-b.ctt"; do
    for solver in ${CBCTT_SOLVERS:-timetabling seminar}; do
        for seed in ${CBCTT_SEEDS:-1 2 3}; do runs+=("$instance $solver $seed"); done
    done
done
export bench out
run() {
    set -- $1
    name=$(basename "$1" .ctt)
    "$bench" cbctt "$1" --seconds "${CBCTT_SECONDS:-60}" --seed "$3" --threads "${CBCTT_THREADS:-1}" \
        --solver "$2" --output "$out/$name.$2.$3.sol" 2>/dev/null | sed "s/^/$name $2 seed $3: /"
}
export -f run
printf '%s\n' "${runs[@]}" | xargs -P "${CBCTT_JOBS:-1}" -I{} bash -c 'run "{}"' | tee "$out/results.txt"
python3 bench/cbctt/summary.py "$out/results.txt"
