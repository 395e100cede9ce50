public import Foundation
public import PlannerCore

/// One event of an iCalendar export.
public struct CalendarEvent: Sendable, Hashable {
    /// Stable across re-exports: the same session keeps its UID.
    public var uid: String
    /// Raised each time the session moves.
    public var sequence: Int
    /// Local start date and time in the calendar's zone.
    public var date: LocalDate
    /// The slot (start and end times).
    public var slot: TimeSlot
    /// Title.
    public var summary: String
    /// Venue name and address.
    public var location: String
    /// Trainer, module, cohort.
    public var description: String

    /// Creates an event.
    public init(
        uid: String, sequence: Int, date: LocalDate, slot: TimeSlot, summary: String, location: String,
        description: String
    ) {
        self.uid = uid
        self.sequence = sequence
        self.date = date
        self.slot = slot
        self.summary = summary
        self.location = location
        self.description = description
    }
}

/// Writes RFC 5545 iCalendar: CRLF lines folded at 75 octets, escaped text, a VTIMEZONE with the
/// zone's real transitions around the events, and events in local time with TZID.
public func iCalendar(
    _ events: [CalendarEvent], timeZone: TimeZoneID, name: String, stamp: Date
) -> String {
    var lines: [String] = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//TrainingPlanner//planner//EN", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "X-WR-CALNAME:\(escapeText(name))", "X-WR-TIMEZONE:\(timeZone.identifier)",
    ]
    let dates = events.map(\.date)
    lines += vtimezone(
        timeZone, from: dates.min() ?? LocalDate(year: 2027, month: 1, day: 1)!,
        to: dates.max() ?? LocalDate(year: 2027, month: 12, day: 31)!)
    let utc = DateFormatter()
    utc.locale = Locale(identifier: "en_US_POSIX")
    utc.timeZone = TimeZone(identifier: "UTC")
    utc.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    for event in events {
        lines += [
            "BEGIN:VEVENT",
            "UID:\(event.uid)",
            "DTSTAMP:\(utc.string(from: stamp))",
            "SEQUENCE:\(event.sequence)",
            "DTSTART;TZID=\(timeZone.identifier):\(local(event.date, event.slot.start))",
            "DTEND;TZID=\(timeZone.identifier):\(local(event.date, event.slot.end))",
            "SUMMARY:\(escapeText(event.summary))",
            "LOCATION:\(escapeText(event.location))",
            "DESCRIPTION:\(escapeText(event.description))",
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    }
    lines.append("END:VCALENDAR")
    return lines.map(fold).joined(separator: "\r\n") + "\r\n"
}

private func local(_ date: LocalDate, _ time: TimeOfDay) -> String {
    let (y, m, d) = date.components
    return String(format: "%04d%02d%02dT%02d%02d00", y, m, d, time.hour, time.minute)
}

/// TEXT escaping of RFC 5545 §3.3.11.
func escapeText(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "\\": result += "\\\\"
        case ";": result += "\\;"
        case ",": result += "\\,"
        case "\n": result += "\\n"
        case "\r": continue
        default: result.append(character)
        }
    }
    return result
}

/// Folds a content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 §3.1).
func fold(_ line: String) -> String {
    var result = ""
    var count = 0
    for character in line {
        let size = String(character).utf8.count
        if count + size > 75 {
            result += "\r\n "
            count = 1
        }
        result.append(character)
        count += size
    }
    return result
}

/// A VTIMEZONE with every offset change of the zone from a year before the first event to a year after the last.
private func vtimezone(_ zone: TimeZoneID, from first: LocalDate, to last: LocalDate) -> [String] {
    let timeZone = zone.timeZone
    let start = zone.instant(on: first.adding(days: -366), at: TimeOfDay(hour: 0, minute: 0)!)
    let end = zone.instant(on: last.adding(days: 366), at: TimeOfDay(hour: 0, minute: 0)!)
    var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.identifier)"]
    func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return String(format: "%@%02d%02d", sign, magnitude / 3600, (magnitude % 3600) / 60)
    }
    let localFormat = DateFormatter()
    localFormat.locale = Locale(identifier: "en_US_POSIX")
    localFormat.dateFormat = "yyyyMMdd'T'HHmmss"
    var cursor = start
    var transitions: [(Date, Int, Int, Bool)] = []
    while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next < end {
        let before = timeZone.secondsFromGMT(for: next.addingTimeInterval(-1))
        let after = timeZone.secondsFromGMT(for: next)
        transitions.append((next, before, after, timeZone.isDaylightSavingTime(for: next)))
        cursor = next
    }
    if transitions.isEmpty {
        let seconds = timeZone.secondsFromGMT(for: start)
        localFormat.timeZone = TimeZone(secondsFromGMT: seconds)
        return lines + [
            "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset(seconds))",
            "TZOFFSETTO:\(offset(seconds))", "END:STANDARD", "END:VTIMEZONE",
        ]
    }
    for (instant, before, after, daylight) in transitions {
        // DTSTART is the local time just before the change, in the offset that was in force.
        localFormat.timeZone = TimeZone(secondsFromGMT: before)
        let kind = daylight ? "DAYLIGHT" : "STANDARD"
        lines += [
            "BEGIN:\(kind)", "DTSTART:\(localFormat.string(from: instant))", "TZOFFSETFROM:\(offset(before))",
            "TZOFFSETTO:\(offset(after))",
            "TZNAME:\(timeZone.abbreviation(for: instant) ?? zone.identifier)", "END:\(kind)",
        ]
    }
    lines.append("END:VTIMEZONE")
    return lines
}
