#!/usr/bin/env bash
# Our engine side by side with OR-tools CP-SAT on generated seminar problems M and L (issue: solver
# quality). Both get the same problem (planner-bench seminar writes it with the static filters applied)
# and 30 s; ours runs on one thread, CP-SAT with 2 workers. bench/seminar_check.py, written apart from
# both, checks every hard constraint of both schedules and computes both objectives.
# Usage: bench/scheduling-cpsat.sh [PLANNER-BENCH]   (SIZES="M L", SECONDS_LIMIT=30, SEED=1)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(realpath "${1:-.build/release/planner-bench}")
out=${BENCH_OUT:-bench/out}/cpsat
sizes=${SIZES:-"M L"}
seconds=${SECONDS_LIMIT:-30}
seed=${SEED:-1}
mkdir -p "$out"
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import ortools" 2> /dev/null; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet -r bench/cpsat/requirements.txt
fi
objective() { python3 bench/seminar_check.py "$1" "$2" --json | python3 -c "import json,sys; r=json.load(sys.stdin); print(r['objective'], r['hard'], r['placed'], r['cohorts'])"; }
printf '%-4s %-58s %-8s %-22s %s\n' size solver hard objective placed
for size in $sizes; do
    problem="$out/$size.json"
    "$bench" seminar --size "$size" --seed "$seed" --seconds "$seconds" --problem "$problem" -o "$out/$size-ours.json" \
        | tee "$out/$size-ours.txt" >&2
    /usr/bin/time -f "%M" -o "$out/$size-cpsat.rss" bench/.venv/bin/python bench/cpsat/seminar_cpsat.py "$problem" \
        "$out/$size-cpsat.json" --seconds "$seconds" --workers 2 --seed "$seed" | tee "$out/$size-cpsat.txt" >&2
    read -r ours ours_hard ours_placed cohorts < <(objective "$problem" "$out/$size-ours.json")
    read -r peer peer_hard peer_placed _ < <(objective "$problem" "$out/$size-cpsat.json")
    printf '%-4s %-58s %-8s %-22s %s\n' "$size" "planner (1 thread, ${seconds} s)" "$ours_hard" "$ours" "$ours_placed/$cohorts"
    printf '%-4s %-58s %-8s %-22s %s\n' "$size" "OR-tools CP-SAT $(bench/.venv/bin/python -c 'import ortools; print(ortools.__version__)') (2 workers, ${seconds} s)" \
        "$peer_hard" "$peer" "$peer_placed/$cohorts"
    echo "$size: CP-SAT objective / ours = $(python3 -c "print(f'{$peer/max($ours,1):.1f}')") (lower objective is better; >1 means ours is better)"
done
