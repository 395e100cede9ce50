#!/usr/bin/env bash
# Curriculum import side by side with xmllint on generated XCRI-CAP feeds.
# Prints, for each size: xmllint --stream --noout time; planner validate (streaming parse + mapping) and
# planner import (validate + write into a fresh workspace) times, ratios, and peak memory (max RSS).
# Usage: bench/curriculum-import.sh [PLANNER] ; sizes with COURSES="10000 100000"
set -euo pipefail
cd "$(dirname "$0")/.."
planner=${1:-.build/release/planner}
out=${BENCH_OUT:-bench/out}
mkdir -p "$out"
sizes=${COURSES:-"10000 100000"}

# Seconds (wall) and max RSS (KiB) of one command, via GNU time.
measure() {
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null 2>&1
    cat "$out/time.txt"
}

printf '%-9s %-8s %-10s %-10s %-10s %-7s %-7s %-12s %-12s\n' courses MB xmllint validate import "val/x" "imp/x" "valRSS(MiB)" "impRSS(MiB)"
for n in $sizes; do
    feed="$out/xcri-$n.xml"
    [ -f "$feed" ] || python3 bench/generate_xcri.py "$n" "$feed" 1
    mb=$(( $(stat -c %s "$feed") / 1000000 ))
    read -r x_s _ < <(measure xmllint --stream --noout "$feed")
    read -r v_s v_kb < <(measure "$planner" curriculum validate "$feed")
    ws=$(mktemp -d)
    "$planner" init "$ws" > /dev/null
    read -r i_s i_kb < <(measure "$planner" curriculum import "$feed" --workspace "$ws")
    rm -rf "$ws"
    printf '%-9s %-8s %-10s %-10s %-10s %-7s %-7s %-12s %-12s\n' "$n" "$mb" "$x_s" "$v_s" "$i_s" \
        "$(python3 -c "print(f'{$v_s/max($x_s,0.01):.1f}')")" "$(python3 -c "print(f'{$i_s/max($x_s,0.01):.1f}')")" \
        "$((v_kb / 1024))" "$((i_kb / 1024))"
done
