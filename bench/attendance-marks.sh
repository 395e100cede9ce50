#!/usr/bin/env bash
# Attendance at scale: import 1,000,000 marks from CSV in one transaction (every row checked),
# side by side with sqlite3's own `.import` of the same file into a plain table; then the participant
# report over 100,000 participants. Usage: bench/attendance-marks.sh [PLANNER] (COHORTS, SIZE, SESSIONS
# default to 100 × 1000 × 10).
set -euo pipefail
cd "$(dirname "$0")/.."
planner=$(realpath "${1:-.build/release/planner}")
out=${BENCH_OUT:-bench/out}/attendance
cohorts=${COHORTS:-100}
size=${SIZE:-1000}
sessions=${SESSIONS:-10}
rm -rf "$out" && mkdir -p "$out"
python3 bench/generate_attendance.py "$out/inputs" "$cohorts" "$size" "$sessions"
ws="$out/workspace"
export PLANNER_NOW=2027-12-31T12:00:00Z
PLANNER=$planner bash bench/setup-attendance.sh "$out/inputs" "$ws" "$cohorts" "$size"
rows=$(( $(wc -l < "$out/inputs/marks.csv") - 1 ))
measure() { /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null 2>&1; cat "$out/time.txt"; }
# Three runs each, from the same starting point; the median counts.
cp "$ws/planner.sqlite" "$out/before.sqlite"
median() { sort -n | sed -n 2p; }
ours_runs=() peer_runs=()
for run in 1 2 3; do
    rm -f "$ws"/planner.sqlite-* && cp "$out/before.sqlite" "$ws/planner.sqlite"
    read -r seconds ours_kb < <(measure "$planner" attendance import-marks "$out/inputs/marks.csv" --workspace "$ws")
    ours_runs+=("$seconds")
    rm -f "$out/plain.sqlite"
    read -r seconds _ < <(measure sqlite3 "$out/plain.sqlite" ".import --csv $out/inputs/marks.csv marks")
    peer_runs+=("$seconds")
done
ours=$(printf '%s\n' "${ours_runs[@]}" | median)
peer=$(printf '%s\n' "${peer_runs[@]}" | median)
echo "runs: planner ${ours_runs[*]}; sqlite3 ${peer_runs[*]} (median of three)"
read -r report report_kb < <(measure "$planner" attendance report --format csv --workspace "$ws")
marks=$(sqlite3 "$ws/planner.sqlite" "SELECT COUNT(*) FROM attendance_mark")
echo "marks in CSV: $rows; stored: $marks"
printf 'import-marks: planner %ss (peak %s MiB), sqlite3 .import %ss, ratio %s\n' "$ours" "$((ours_kb / 1024))" "$peer" \
    "$(python3 -c "print(f'{$ours/max($peer,0.01):.1f}')")"
printf 'participant report over %s participants: %ss (peak %s MiB)\n' "$((cohorts * size))" "$report" "$((report_kb / 1024))"
