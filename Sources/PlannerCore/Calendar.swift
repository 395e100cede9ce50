public import Foundation

/// A calendar date without a time zone (proleptic Gregorian), e.g. 2027-03-01.
public struct LocalDate: Hashable, Sendable, Comparable, TextCodable {
    /// Days since 1970-01-01 (negative before).
    public let daysSinceEpoch: Int

    /// Creates a date from days since 1970-01-01.
    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a date from its parts; `nil` for an impossible date such as 2027-02-29.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else {
            return nil
        }
        // Days from civil (H. Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// Parses an ISO 8601 calendar date `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        // Exactly `DDDD-DD-DD` in ASCII digits, read byte by byte (feeds carry one per date element).
        var digits = (0, 0, 0)
        var count = 0
        for byte in text.utf8 {
            defer { count += 1 }
            switch count {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if count < 4 {
                    digits.0 = digits.0 * 10 + digit
                } else if count < 7 {
                    digits.1 = digits.1 * 10 + digit
                } else {
                    digits.2 = digits.2 * 10 + digit
                }
            default:
                return nil
            }
        }
        guard count == 10 else { return nil }
        self.init(year: digits.0, month: digits.1, day: digits.2)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let w = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    /// The date `days` later (or earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Whole days from this date to `other`.
    public func days(to other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return String(format: "%04d-%02d-%02d", y, m, d) }
        // Written digit by digit: `String(format:)` cost 4 % of a 100,000-course import (perf).
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, at index: Int, width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(y, at: 0, width: 4)
            buffer[4] = UInt8(ascii: "-")
            put(m, at: 5, width: 2)
            buffer[7] = UInt8(ascii: "-")
            put(d, at: 8, width: 2)
            return 10
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

/// A wall-clock time of day, to the minute, e.g. 09:00.
public struct TimeOfDay: Hashable, Sendable, Comparable, TextCodable {
    /// Minutes since midnight, 0…1439.
    public let minutes: Int

    /// Creates a time from hours and minutes; `nil` when out of range.
    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        minutes = hour * 60 + minute
    }

    /// Parses `HH:MM`.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(hour: h, minute: m)
    }

    /// The hour, 0…23.
    public var hour: Int { minutes / 60 }
    /// The minute, 0…59.
    public var minute: Int { minutes % 60 }

    /// `HH:MM`.
    public var description: String { String(format: "%02d:%02d", hour, minute) }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

/// A named daily time slot, e.g. `morning` 09:00–12:30.
public struct TimeSlot: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The slot's name, unique in a calendar (`morning`, `evening`).
    public var name: String
    /// When the slot starts.
    public var start: TimeOfDay
    /// When the slot ends; after `start`.
    public var end: TimeOfDay

    /// Creates a slot; `nil` unless `start` is before `end`.
    public init?(name: String, start: TimeOfDay, end: TimeOfDay) {
        guard start < end else { return nil }
        self.name = name
        self.start = start
        self.end = end
    }

    /// Length of the slot in minutes.
    public var minutes: Int { end.minutes - start.minutes }

    /// Whether two slots share any minute.
    public func overlaps(_ other: TimeSlot) -> Bool { start < other.end && other.start < end }

    /// `morning 09:00–12:30`.
    public var description: String { "\(name) \(start)–\(end)" }
}

/// An IANA time zone identifier that this system knows, e.g. `Europe/Brussels`.
public struct TimeZoneID: Hashable, Sendable, TextCodable {
    /// The IANA identifier.
    public let identifier: String

    /// Creates the zone; `nil` when the identifier is unknown.
    public init?(_ identifier: String) {
        guard TimeZone(identifier: identifier) != nil else { return nil }
        self.identifier = identifier
    }

    /// The Foundation time zone.
    public var timeZone: TimeZone { TimeZone(identifier: identifier)! }

    /// The local date of an instant in this zone.
    public func localDate(of instant: Date) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The UTC instant of a local date and time in this zone (the earlier one when ambiguous).
    public func instant(on date: LocalDate, at time: TimeOfDay) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let (y, m, d) = date.components
        let components = DateComponents(year: y, month: m, day: d, hour: time.hour, minute: time.minute)
        return calendar.date(from: components)!
    }

    public var description: String { identifier }
}

extension LocalDate {
    /// Reads the text form.
    public init?(text: String) { self.init(iso: text) }

    /// What the text must be.
    public static let textForm = "a date YYYY-MM-DD"
}

extension TimeOfDay {
    /// Reads the text form.
    public init?(text: String) { self.init(parsing: text) }

    /// What the text must be.
    public static let textForm = "a time HH:MM"
}

extension TimeZoneID {
    /// Reads the text form.
    public init?(text: String) { self.init(text) }

    /// What the text must be.
    public static let textForm = "an IANA time zone"
}
