#!/usr/bin/env bash
# Scheduling at growing sizes: generated problems (planner demo generate) solved with the same time limit;
# prints cohorts placed, sessions, score, the time to the first complete schedule (construction alone,
# --iterations 0), the time of the whole run and its peak memory. Usage: bench/scheduling.sh [PLANNER]
set -euo pipefail
cd "$(dirname "$0")/.."
planner=$(realpath "${1:-.build/release/planner}")
out=${BENCH_OUT:-bench/out}/scheduling
seconds=${SECONDS_LIMIT:-30}
rm -rf "$out" && mkdir -p "$out"
printf '%-5s %-9s %-10s %-10s %-12s %-8s %-8s %-9s\n' size offerings placed sessions score first seconds "RSS MiB"
for size in ${SIZES:-S M L}; do  # XL too: SIZES="S M L XL"
    "$planner" demo generate --size "$size" --seed 1 -o "$out/$size" > /dev/null
    ws="$out/$size-workspace"
    "$planner" init "$ws" > /dev/null
    "$planner" curriculum import "$out/$size/curriculum.xml" --workspace "$ws" > /dev/null
    "$planner" schedule import "$out/$size"/*.csv --workspace "$ws" > /dev/null
    cp -r "$ws" "$ws-construction"
    /usr/bin/time -f "%e" -o "$out/time.txt" "$planner" schedule --iterations 0 --seconds "$seconds" --format json \
        --workspace "$ws-construction" > /dev/null 2>&1
    read -r first < "$out/time.txt"
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$planner" schedule --seconds "$seconds" --format json --workspace "$ws" > "$out/$size.json" 2> /dev/null
    read -r elapsed kb < "$out/time.txt"
    python3 - "$out/$size.json" "$size" "$elapsed" "$kb" "$out/$size/offerings.csv" "$first" << 'PY'
import csv, json, sys
result = json.load(open(sys.argv[1]))
offerings = list(csv.DictReader(open(sys.argv[5])))
cohorts = sum(int(o["cohorts"]) for o in offerings)
placed = len({(s["offering"], s["cohort"]) for s in result["sessions"]})
print(f"{sys.argv[2]:<5} {len(offerings):<9} {f'{placed}/{cohorts}':<10} {len(result['sessions']):<10} {result['score']:<12} {sys.argv[6]:<8} {sys.argv[3]:<8} {int(sys.argv[4]) // 1024:<9}")
PY
done
