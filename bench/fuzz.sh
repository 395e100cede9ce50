#!/usr/bin/env bash
# Runs each libFuzzer target (planner-fuzz built with -sanitize=fuzzer,address) for FUZZ_SECONDS, seeded from
# the repository's fixtures; prints one line per target: executions, corpus size, crashes.
# Usage: bash bench/fuzz.sh BINARY [TARGET...]    (FUZZ_SECONDS, default 600; FUZZ_DIR, default .fuzz)
set -euo pipefail
binary=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(native xcri elm ewp lheo cdmfr imscc moodle package csv)
seconds=${FUZZ_SECONDS:-600}
dir=${FUZZ_DIR:-.fuzz}
fixtures=Tests/CurriculumImportTests/Fixtures
hostile=("$fixtures"/{entity-bomb,external-entity,truncated,mismatched-tag,deeply-nested}.xml)
seeds() {
  case $1 in
    native) ls Curricula/*.xml | grep -v xcri; echo "$fixtures/native-errors.xml" ;;
    xcri) ls "$fixtures"/xcri*.xml Curricula/xcri*.xml ;;
    elm) ls "$fixtures"/elm*.xml "$fixtures"/edc*.xml ;;
    ewp) ls "$fixtures"/ewp*.xml ;;
    lheo) ls "$fixtures"/lheo*.xml ;;
    cdmfr) ls "$fixtures"/cdm-fr*.xml ;;
    imscc) ls "$fixtures"/imscc*.xml "$fixtures"/canvas-cartridge/imsmanifest.xml ;;
    moodle) ls "$fixtures"/moodle-backup/moodle_backup.xml ;;
    package) packages ;;
    csv) ls Tests/PlannerCommandsTests/Fixtures/planning/*.csv Tests/PlannerCommandsTests/Fixtures/participants.csv ;;
  esac
  case $1 in csv | package) ;; *) printf '%s\n' "${hostile[@]}" ;; esac
}
# Package seeds, made from the fixtures as the systems export them: a Canvas cartridge (zip), a Moodle backup
# (gzip'd tar, and a zip), and a zip holding an entity bomb as its manifest.
packages() {
  local made=$dir/packages
  mkdir -p "$made"
  python3 - "$fixtures" "$made" << 'PY'
import io, sys, tarfile, zipfile
fixtures, made = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(f"{made}/canvas.imscc", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("imsmanifest.xml", "course_settings/learning_outcomes.xml"):
        z.write(f"{fixtures}/canvas-cartridge/{name}", name)
with tarfile.open(f"{made}/backup.mbz", "w:gz") as t:
    t.add(f"{fixtures}/moodle-backup", arcname=".")
with zipfile.ZipFile(f"{made}/backup-zip.mbz", "w") as z:
    z.write(f"{fixtures}/moodle-backup/moodle_backup.xml", "moodle_backup.xml")
    z.write(f"{fixtures}/moodle-backup/course/course.xml", "course/course.xml")
with zipfile.ZipFile(f"{made}/bomb.imscc", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(f"{fixtures}/entity-bomb.xml", "imsmanifest.xml")
PY
  ls "$made"/*
}
printf '%-7s %12s %10s %8s %s\n' target executions corpus crashes seconds
for target in "${targets[@]}"; do
  corpus=$dir/corpus/$target
  mkdir -p "$corpus" "$dir/crashes"
  seeds "$target" | while read -r seed; do cp "$seed" "$corpus/seed-$(basename "$seed")"; done
  log=$dir/$target.log
  status=0
  SWIFT_BACKTRACE=enable=no PLANNER_FUZZ_TARGET=$target "$binary" "$corpus" -max_total_time="$seconds" \
    -max_len=65536 -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 \
    -artifact_prefix="$dir/crashes/$target-" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  # Crashes, leaks, timeouts and out-of-memory inputs; libFuzzer's "slow-unit" reports (an input that took
  # more than 10 s once, as when the machine is busy) are listed apart.
  crashes=$(ls "$dir/crashes" 2>/dev/null | grep -cE "^$target-(crash|leak|timeout|oom)-" || true)
  slow=$(ls "$dir/crashes" 2>/dev/null | grep -c "^$target-slow-unit-" || true)
  printf '%-7s %12s %10s %8s %s\n' "$target" "$runs" "$(ls "$corpus" | wc -l)" "$crashes" "$seconds"
  if [ "$slow" -gt 0 ]; then echo "  $target: $slow slow input(s) in $dir/crashes (replay: planner-fuzz $target FILE)"; fi
  if [ "$status" -ne 0 ]; then
    echo "  $target stopped with status $status: see $log and $dir/crashes/$target-*" >&2
  fi
done
