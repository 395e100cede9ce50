#!/usr/bin/env bash
# Curriculum import side by side with xmllint on generated feeds: XCRI-CAP of two shapes (`xcri`: one text
# description and one presentation a course; `rich`: XHTML descriptions, outcomes, credits with levels, a
# qualification and two to four presentations) and LHÉO (`lheo`: a Carif-Oref shaped offer, escaped HTML).
# Prints, for each size: xmllint --stream --noout time; planner validate (streaming parse + mapping) and
# planner import (validate + write into a fresh workspace) times, ratios, and peak memory (max RSS).
# Each is run RUNS times (default 3), the three commands in turn; the medians are printed. Then the
# catalogue is listed back (`planner curriculum list --format json`, the JSON contract), with its peak memory.
# Usage: bench/curriculum-import.sh [PLANNER] ; feeds with FEEDS="xcri:10000 rich:50000 lheo:50000"
set -euo pipefail
cd "$(dirname "$0")/.."
planner=${1:-.build/release/planner}
out=${BENCH_OUT:-bench/out}
mkdir -p "$out"
feeds=${FEEDS:-"xcri:10000 xcri:100000 rich:50000 rich:100000 lheo:50000"}

# Seconds (wall) and max RSS (KiB) of one command, via GNU time.
measure() {
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null 2>&1
    cat "$out/time.txt"
}

printf '%-13s %-8s %-10s %-10s %-10s %-7s %-7s %-12s %-12s\n' feed MB xmllint validate import "val/x" "imp/x" "valRSS(MiB)" "impRSS(MiB)"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
runs=${RUNS:-3}
for spec in $feeds; do
    kind=${spec%%:*}
    n=${spec##*:}
    feed="$out/$kind-$n.xml"
    if [ ! -f "$feed" ]; then
        case $kind in
            xcri) python3 bench/generate_xcri.py "$n" "$feed" 1 ;;
            rich) python3 bench/generate_xcri.py "$n" "$feed" 1 rich ;;
            lheo) python3 bench/generate_lheo.py "$n" "$feed" 1 ;;
            *) echo "unknown feed kind $kind" >&2; exit 2 ;;
        esac
    fi
    mb=$(( $(stat -c %s "$feed") / 1000000 ))
    x_all="" v_all="" i_all="" l_all="" v_kb=0 i_kb=0 l_kb=0
    for _ in $(seq "$runs"); do
        read -r s _ < <(measure xmllint --stream --noout "$feed")
        x_all+="$s "
        read -r s v_kb < <(measure "$planner" curriculum validate "$feed")
        v_all+="$s "
        ws=$(mktemp -d)
        "$planner" init "$ws" > /dev/null
        read -r s i_kb < <(measure "$planner" curriculum import "$feed" --workspace "$ws")
        i_all+="$s "
        read -r s l_kb < <(measure "$planner" curriculum list --format json --workspace "$ws")
        l_all+="$s "
        rm -rf "$ws"
    done
    x_s=$(echo $x_all | tr ' ' '\n' | median)
    v_s=$(echo $v_all | tr ' ' '\n' | median)
    i_s=$(echo $i_all | tr ' ' '\n' | median)
    printf '%-13s %-8s %-10s %-10s %-10s %-7s %-7s %-12s %-12s\n' "$spec" "$mb" "$x_s" "$v_s" "$i_s" \
        "$(python3 -c "print(f'{$v_s/max($x_s,0.01):.1f}')")" "$(python3 -c "print(f'{$i_s/max($x_s,0.01):.2f}')")" \
        "$((v_kb / 1024))" "$((i_kb / 1024))"
    echo "  runs (s): xmllint $x_all| validate $v_all| import $i_all"
    echo "  list --format json: $(echo $l_all | tr ' ' '\n' | median) s (runs $l_all), peak $((l_kb / 1024)) MiB"
done
