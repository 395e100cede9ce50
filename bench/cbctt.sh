#!/usr/bin/env bash
# CB-CTT (ITC-2007 track 3) with planner-bench: every instance in the reference folder, then two instances
# bench/cbctt/generate.py makes in the shape of the larger competition ones, each with a planted timetable
# without hard violations (its cost is printed as an upper bound); one thread, a time limit
# (default 60 s), scored by our own scorer. Each instance is read into the general scheduling model and
# solved twice: by the timetabling moves and by the seminar scheduler of `planner schedule`.
# Usage: bench/cbctt.sh [PLANNER-BENCH] [DIR]
# (CBCTT_SECONDS, CBCTT_THREADS for several independent searches, CBCTT_SOLVERS="timetabling seminar")
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-.build/release/planner-bench}
folder=${2:-../shared/reference/cbctt}
out=${BENCH_OUT:-bench/out}/cbctt
mkdir -p "$out"
python3 bench/cbctt/generate.py gen-a 11 100 12 5 6 "$out/gen-a.ctt" "$out/gen-a.planted.sol"
python3 bench/cbctt/generate.py gen-b 12 130 18 6 6 "$out/gen-b.ctt" "$out/gen-b.planted.sol"
for instance in "$folder"/*.ctt "$out/gen-a.ctt" "$out/gen-b.ctt"; do
    name=$(basename "$instance" .ctt)
    if [ -f "$out/$name.planted.sol" ]; then
        echo "$name planted timetable (an upper bound): $("$bench" score "$instance" "$out/$name.planted.sol")"
    fi
    for solver in ${CBCTT_SOLVERS:-timetabling seminar}; do
        "$bench" cbctt "$instance" --seconds "${CBCTT_SECONDS:-60}" --seed 1 --threads "${CBCTT_THREADS:-1}" \
            --solver "$solver" --output "$out/$name.$solver.sol" 2>/dev/null | sed "s/^/$name $solver: /"
    done
done
