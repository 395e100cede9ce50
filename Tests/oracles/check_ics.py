#!/usr/bin/env python3
"""Independent check of an iCalendar file with the `icalendar` package (RFC 5545 parser).

Prints JSON: the calendar's time zones and, per event, uid, start/end (ISO with offset), tzid, sequence,
summary, location, description. Exits 1 with a message when the file does not parse or an event lacks
what a calendar client needs.
"""
import json
import sys

import icalendar


def main() -> None:
    data = open(sys.argv[1], "rb").read()
    if b"\r\n" not in data:
        sys.exit("lines must end with CRLF")
    for raw in data.split(b"\r\n"):
        if len(raw) > 75:
            sys.exit(f"line longer than 75 octets: {raw[:40]!r}")
    calendar = icalendar.Calendar.from_ical(data)
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    events = []
    for event in calendar.walk("VEVENT"):
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "SEQUENCE"):
            if key not in event:
                sys.exit(f"event without {key}")
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        if start.tzinfo is None:
            sys.exit("DTSTART without a time zone")
        tzid = event["DTSTART"].params.get("TZID")
        if tzid not in zones:
            sys.exit(f"TZID {tzid} has no VTIMEZONE")
        events.append({
            "uid": str(event["UID"]),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "tzid": tzid,
            "sequence": int(event["SEQUENCE"]),
            "summary": str(event["SUMMARY"]),
            "location": str(event["LOCATION"]),
            "description": str(event["DESCRIPTION"]),
        })
    print(json.dumps({"zones": zones, "events": events}, ensure_ascii=False))


if __name__ == "__main__":
    main()
