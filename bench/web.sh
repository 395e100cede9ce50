#!/usr/bin/env bash
# The web application under load (wrk, 2 threads, 100 connections, 15 s): a certificate's verify page (random
# codes, as QR scans arrive) and a trainer's roll-call save (a tap: POST of a mark), side by side with the
# same two requests written as a minimal Python WSGI application under gunicorn (2 workers) over the same
# SQLite file (bench/web_peer.py). The rate limit is raised for the run.
# Usage: bench/web.sh [PLANNER]   (PARTICIPANTS default 3000, DURATION 15s, CONNECTIONS 100)
set -euo pipefail
cd "$(dirname "$0")/.."
planner=$(realpath "${1:-.build/release/planner}")
out=${BENCH_OUT:-bench/out}/web
participants=${PARTICIPANTS:-3000}
duration=${DURATION:-15s}
connections=${CONNECTIONS:-100}
command -v wrk > /dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
[ -x bench/.venv/bin/gunicorn ] || { python3 -m venv bench/.venv && bench/.venv/bin/pip install -q gunicorn==23.0.0; }
rm -rf "$out" && mkdir -p "$out"
export PLANNER_NOW=2026-12-03T10:00:00Z
port() { python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
ours_port=$(port)
peer_port=$(port)
ws="$out/workspace"
"$planner" demo run --output "$ws" --participants "$participants" --seconds 3 > /dev/null 2>&1
db=$(realpath "$ws/planner.sqlite")
sqlite3 "$db" "SELECT code FROM certificate" > "$out/codes.txt"
# A session with people registered, and a coordinator's signed-in session for the taps.
read -r offering cohort index < <(sqlite3 -separator ' ' "$db" "SELECT s.offering_id, s.cohort_number, s.idx FROM session s
    JOIN registration r ON r.offering_id = s.offering_id AND r.cohort_number = s.cohort_number AND r.status = 'registered'
    GROUP BY s.offering_id, s.cohort_number, s.idx ORDER BY COUNT(*) DESC LIMIT 1")
sqlite3 "$db" "SELECT participant_id FROM registration WHERE offering_id = '$offering' AND cohort_number = $cohort
    AND status = 'registered'" > "$out/people.txt"
"$planner" serve --port "$ours_port" --verify-limit 1000000000 --workspace "$ws" > "$out/serve.log" 2>&1 &
ours_pid=$!
WORKSPACE_DB="$db" bench/.venv/bin/gunicorn --chdir bench -w 2 -b "127.0.0.1:$peer_port" --log-level warning web_peer:app \
    > "$out/gunicorn.log" 2>&1 &
peer_pid=$!
trap 'kill $ours_pid $peer_pid 2> /dev/null || true' EXIT
sleep 2
# (Added once the server runs: on start it renews the link of a coordinator who has not chosen a password.)
setup=$("$planner" account add bench --role coordinator --workspace "$ws" | grep -o '/setup/[A-Za-z0-9_-]*')
curl -s -c "$out/jar" -o /dev/null --data-urlencode "password=a long pass phrase" --data-urlencode \
    "repeated=a long pass phrase" "http://127.0.0.1:$ours_port$setup"
cookie=$(awk '$6 == "planner-session" { print $6 "=" $7 }' "$out/jar")
token=$(curl -s -b "$cookie" "http://127.0.0.1:$ours_port/coordinator/imports" | grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)

cat > "$out/verify.lua" << LUA
local codes = {}
for line in io.lines("$out/codes.txt") do codes[#codes + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/verify/" .. codes[(n * 7919) % #codes + 1])
end
LUA
cat > "$out/marks.lua" << LUA
local people = {}
for line in io.lines("$out/people.txt") do people[#people + 1] = line end
local statuses = { "present", "absent", "excused" }
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Cookie"] = "$cookie"
request = function()
  n = n + 1
  local body = "csrf=$token&participant=" .. people[n % #people + 1] .. "&status=" .. statuses[n % 3 + 1]
  return wrk.format(nil, wrk.path, nil, body)
end
LUA
run() {  # name url script
    wrk -t2 -c"$connections" -d"$duration" --latency -s "$3" "$2" > "$out/$1.txt" 2>&1
    local rps p99 errors
    rps=$(awk '/Requests\/sec/ { print $2 }' "$out/$1.txt")
    p99=$(awk '$1 == "99%" { print $2 }' "$out/$1.txt")
    errors=$(awk '/Non-2xx/ { print $5 }' "$out/$1.txt")
    printf '%-22s %10s req/s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p99" "${errors:-0}"
    echo "$rps" > "$out/$1.rps"
}
echo "verify: $(wc -l < "$out/codes.txt") certificates; roll-call: $offering#$cohort/$index, $(wc -l < "$out/people.txt") registered"
run planner-verify "http://127.0.0.1:$ours_port/verify/" "$out/verify.lua"
run gunicorn-verify "http://127.0.0.1:$peer_port/verify/" "$out/verify.lua"
run planner-rollcall "http://127.0.0.1:$ours_port/trainer/sessions/$offering/$cohort/$index/marks" "$out/marks.lua"
run gunicorn-rollcall "http://127.0.0.1:$peer_port/marks/$offering/$cohort/$index" "$out/marks.lua"
ratio() { python3 -c "print(f'{float(open(\"$out/$1.rps\").read()) / float(open(\"$out/$2.rps\").read()):.2f}')"; }
echo "requests per second, planner ÷ gunicorn: verify $(ratio planner-verify gunicorn-verify), roll-call $(ratio planner-rollcall gunicorn-rollcall)"
