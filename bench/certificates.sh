#!/usr/bin/env bash
# Certificates at scale: issue 10,000 certificates (each with a signed VC-JWT), then export them (one PDF
# per certificate with QR code and embedded fonts, plus one multi-page PDF), side by side with reportlab
# drawing the same certificate (bench/reportlab_certificates.py, pip-installed in bench/.venv only).
# Usage: bench/certificates.sh [PLANNER]  (COHORTS × SIZE participants, default 10 × 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
planner=$(realpath "${1:-.build/release/planner}")
out=${BENCH_OUT:-bench/out}/certificates
cohorts=${COHORTS:-10}
size=${SIZE:-1000}
count=$((cohorts * size))
rm -rf "$out" && mkdir -p "$out"
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import reportlab" 2> /dev/null; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet --disable-pip-version-check "reportlab==4.2.5"
fi
python3 bench/generate_attendance.py "$out/inputs" "$cohorts" "$size" 2
ws="$out/workspace"
export PLANNER_NOW=2027-12-31T12:00:00Z
PLANNER=$planner bash bench/setup-attendance.sh "$out/inputs" "$ws" "$cohorts" "$size"
# Everyone present at both sessions: every participant qualifies.
sed -i 's/,late,150,/,present,,/; s/,excused,,/,present,,/; s/,absent,,/,present,,/' "$out/inputs/marks.csv"
"$planner" attendance import-marks "$out/inputs/marks.csv" --workspace "$ws" > /dev/null
"$planner" certificates keygen --workspace "$ws" > /dev/null
start=$(date +%s.%N)
"$planner" certificates issue --organiser "Ville de Liège — Service formation" --workspace "$ws" > /dev/null
issued=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
start=$(date +%s.%N)
"$planner" certificates export -o "$out/ours" --workspace "$ws" > /dev/null
exported=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
read -r single combined < <(bench/.venv/bin/python bench/reportlab_certificates.py "$count" "$out/reportlab")
peer=$(python3 -c "print(f'{$single + $combined:.2f}')")
echo "certificates: $count"
printf 'issue (UUID, code, signed Open Badges VC-JWT): %ss, %s credentials/s\n' "$issued" "$(python3 -c "print(int($count / $issued))")"
printf 'export (one PDF each + one %s-page PDF + credentials): planner %ss (%s certificates/s)\n' "$count" "$exported" \
    "$(python3 -c "print(int($count / $exported))")"
printf 'reportlab (one PDF each %ss + one multi-page %ss): %ss (%s certificates/s); ratio planner/reportlab %s\n' \
    "$single" "$combined" "$peer" "$(python3 -c "print(int($count / $peer))")" "$(python3 -c "print(f'{$exported / $peer:.2f}')")"
