"""The peer of `bench/web.sh`: the same two requests as `planner serve` answers, written as a minimal Python
WSGI application over the same SQLite workspace, run under gunicorn (2 workers).

  GET  /verify/CODE         the certificate's verify page (one joined query, HTML escaped)
  POST /marks/OFF/COH/IDX   a roll-call tap: the session cookie checked against the stored sessions, the
                            person's registration checked, the mark written with its recording, the replaced
                            version kept (one transaction)

WORKSPACE_DB names the database file.
"""
import hashlib
import html
import os
import sqlite3
import threading
from datetime import datetime, timezone
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

DB = os.environ["WORKSPACE_DB"]
local = threading.local()

VERIFY = """
SELECT c.code, c.issued_on, c.minutes_attended, c.minutes_planned, c.revoked_at, c.revocation_reason,
       p.given_name, p.family_name, m.title, cu.title, (SELECT value FROM setting WHERE key = 'organiser')
FROM certificate c JOIN participant p ON p.id = c.participant_id JOIN offering o ON o.id = c.offering_id
JOIN module m ON m.id = o.module_id JOIN curriculum cu ON cu.id = m.curriculum_id WHERE c.code = ?
"""


def db() -> sqlite3.Connection:
    if not hasattr(local, "connection"):
        local.connection = sqlite3.connect(DB, timeout=5, isolation_level=None)
        local.connection.execute("PRAGMA busy_timeout = 5000")
    return local.connection


def hours(minutes: int) -> str:
    return str(minutes // 60) if minutes % 60 == 0 else f"{minutes / 60:.1f}"


def verify(code: str):
    row = db().execute(VERIFY, (code.upper(),)).fetchone()
    if row is None:
        return "404 Not Found", "<!doctype html><title>Unknown code</title><h1>Unknown code</h1>"
    code, issued, attended, planned, revoked, reason, given, family, seminar, programme, organiser = row
    e = html.escape
    status = "Revoked certificate" if revoked else "Valid certificate"
    page = (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Certificate {e(code)}</title></head><body>"
        f"<h1 id=status>{status}</h1><dl><dt>Issued by</dt><dd>{e(organiser or '')}</dd>"
        f"<dt>Awarded to</dt><dd>{e(given)} {e(family)}</dd><dt>Seminar</dt><dd>{e(seminar)}</dd>"
        f"<dt>Programme</dt><dd>{e(programme)}</dd><dt>Hours attended</dt><dd>{hours(attended)} of {hours(planned)}</dd>"
        f"<dt>Issued on</dt><dd>{e(issued)}</dd></dl></body></html>"
    )
    return "200 OK", page


def mark(environ, offering: str, cohort: int, index: int):
    cookie = SimpleCookie(environ.get("HTTP_COOKIE", "")).get("planner-session")
    form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()).items()}
    connection = db()
    connection.execute("BEGIN IMMEDIATE")
    try:
        key = hashlib.sha256(cookie.value.encode()).hexdigest() if cookie else ""
        if connection.execute("SELECT 1 FROM web_session WHERE key_hash = ?", (key,)).fetchone() is None:
            connection.execute("ROLLBACK")
            return "401 Unauthorized", '{"error": "sign in first"}'
        person, status = form.get("participant", ""), form.get("status", "")
        registered = connection.execute(
            "SELECT 1 FROM registration WHERE participant_id = ? AND offering_id = ? AND cohort_number = ? "
            "AND status = 'registered'", (person, offering, cohort)).fetchone()
        if registered is None:
            connection.execute("ROLLBACK")
            return "409 Conflict", '{"error": "not registered"}'
        minutes = connection.execute(
            "SELECT (julianday(ends_at) - julianday(starts_at)) * 1440 FROM session "
            "WHERE offering_id = ? AND cohort_number = ? AND idx = ?", (offering, cohort, index)).fetchone()[0]
        minutes = int(round(minutes)) if status in ("present", "late") else 0
        previous = connection.execute(
            "SELECT status, minutes, remark, recording_id, logged FROM attendance_mark WHERE offering_id = ? "
            "AND cohort_number = ? AND session_index = ? AND participant_id = ?", (offering, cohort, index, person)).fetchone()
        changed = previous is None or (previous[0], previous[1]) != (status, minutes)
        if changed:
            recording = connection.execute(
                "INSERT INTO mark_recording (at, actor, source) VALUES (?, 'peer', 'web roll call')",
                (datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),)).lastrowid
            if previous is not None:
                connection.execute(
                    "INSERT INTO mark_version SELECT offering_id, cohort_number, session_index, participant_id, status, "
                    "minutes, remark, recording_id, logged FROM attendance_mark WHERE offering_id = ? AND "
                    "cohort_number = ? AND session_index = ? AND participant_id = ?", (offering, cohort, index, person))
            connection.execute(
                "INSERT INTO attendance_mark VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 0) ON CONFLICT DO UPDATE SET "
                "status = excluded.status, minutes = excluded.minutes, remark = NULL, recording_id = excluded.recording_id",
                (offering, cohort, index, person, status, minutes, recording))
        connection.execute("COMMIT")
        return "200 OK", '{"participant": "%s", "status": "%s", "changed": %s}' % (person, status, str(changed).lower())
    except Exception:
        connection.execute("ROLLBACK")
        raise


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if environ["REQUEST_METHOD"] == "GET" and path.startswith("/verify/"):
        status, body = verify(path[len("/verify/"):])
        kind = "text/html; charset=utf-8"
    elif environ["REQUEST_METHOD"] == "POST" and path.startswith("/marks/"):
        offering, cohort, index = path[len("/marks/"):].split("/")
        status, body = mark(environ, offering, int(cohort), int(index))
        kind = "application/json"
    else:
        status, body, kind = "404 Not Found", "not found", "text/plain"
    data = body.encode()
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(data)))])
    return [data]
