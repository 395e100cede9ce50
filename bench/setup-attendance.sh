#!/usr/bin/env bash
# Shared by the attendance and certificate benchmarks: a workspace at $2 from the inputs at $1
# (bench/generate_attendance.py), scheduled, with every participant of cohort c registered for OFF#c.
# Usage: bench/setup-attendance.sh INPUTS WORKSPACE COHORTS SIZE   (PLANNER = the planner binary)
set -euo pipefail
inputs=$1 ws=$2 cohorts=$3 size=$4
"$PLANNER" init "$ws" > /dev/null
"$PLANNER" curriculum import "$inputs/curriculum.xml" --workspace "$ws" > /dev/null
"$PLANNER" schedule import "$inputs"/{calendar,venues,trainers,funders,offerings}.csv --workspace "$ws" > /dev/null
"$PLANNER" schedule --seconds 1 --iterations 0 --workspace "$ws" > /dev/null 2>&1
"$PLANNER" participant import "$inputs/participants.csv" --workspace "$ws" > /dev/null
for c in $(seq 1 "$cohorts"); do
    first=$(( (c - 1) * size ))
    # shellcheck disable=SC2046
    "$PLANNER" attendance register "OFF#$c" $(seq -f "P%07g" "$first" $(( first + size - 1 ))) --workspace "$ws" > /dev/null
done
