import Foundation
import PlannerCore

/// An ISO 8601 duration (`P4M`, `PT10M`, `P7Y3M8DT1H10M0S`), kept as its parts.
struct ISODuration: Equatable {
    var years = 0.0
    var months = 0.0
    var weeks = 0.0
    var days = 0.0
    var hours = 0.0
    var minutes = 0.0
    var seconds = 0.0

    init?(_ text: String) {
        // ASCII throughout: any other character makes the text not a duration. Numbers are read as they
        // come (`12`, `1.5`, `0,5`), with no string made of them.
        let bytes = trimmingSpacesAndTabs(text)
        guard let first = bytes.first, first | 0x20 == UInt8(ascii: "p"), bytes.count > 1 else { return nil }
        var inTime = false
        var number = 0.0  // the digits read, as a whole number
        var scale = 0.0  // 0 before a decimal point, then 1, 10, 100, …: the value is number / scale
        var digits = 0
        var any = false
        var anyTime = false
        for byte in bytes.dropFirst() {
            let upper = (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
            if upper == UInt8(ascii: "T") {
                guard !inTime, digits == 0, scale == 0 else { return nil }
                inTime = true
            } else if (0x30...0x39).contains(byte) {
                number = number * 10 + Double(byte - 0x30)
                if scale > 0 { scale *= 10 }
                digits += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
                guard scale == 0 else { return nil }
                scale = 1
            } else {
                guard digits > 0 else { return nil }
                let value = scale > 0 ? number / scale : number
                (number, scale, digits) = (0, 0, 0)
                any = true
                anyTime = inTime
                switch (upper, inTime) {
                case (UInt8(ascii: "Y"), false): years = value
                case (UInt8(ascii: "M"), false): months = value
                case (UInt8(ascii: "W"), false): weeks = value
                case (UInt8(ascii: "D"), false): days = value
                case (UInt8(ascii: "H"), true): hours = value
                case (UInt8(ascii: "M"), true): minutes = value
                case (UInt8(ascii: "S"), true): seconds = value
                default: return nil
                }
            }
        }
        // "P1MT": a time designator must be followed by a time.
        guard any, digits == 0, scale == 0, !inTime || anyTime else { return nil }
    }

    /// Whole contact hours when the duration is a pure time (`PT30H`, `PT90M`); otherwise nil.
    var contactHours: Int? {
        guard years == 0, months == 0, weeks == 0, days == 0 else { return nil }
        let total = hours + minutes / 60 + seconds / 3600
        guard total > 0 else { return nil }
        return Int(total.rounded())
    }

    /// Approximate length in days, to compare with a display text.
    var approximateDays: Double {
        years * 365 + months * 30.4 + weeks * 7 + days + (hours + minutes / 60 + seconds / 3600) / 24
    }
}

/// Words that name a unit of time in the languages feeds use, with the unit's length in days.
private let timeUnits: [(prefixes: [String], days: Double)] = [
    (["year", "an", "jahr"], 365), (["month", "mois", "monat"], 30.4), (["week", "semaine", "woche"], 7),
    (["day", "jour", "tag"], 1), (["hour", "heure", "stunde"], 1.0 / 24),
]

/// Reads the rough length a person wrote ("1 month", "2 ans", "10 weeks"), in days; nil when unclear.
func approximateDays(inText text: String) -> Double? {
    // Words are runs of letters, digits and points; bytes of non-ASCII characters count as letters. The
    // first number followed by a unit counts. (Words are walked as ranges of the text's bytes: splitting
    // them into an array was half of reading a duration, `perf`.)
    var text = text
    return text.withUTF8 { utf8 -> Double? in
        func isWordByte(_ byte: UInt8) -> Bool {
            byte >= 0x80 || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
                || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: ".")
        }
        /// The next word at or after `index`.
        func word(from index: Int) -> Range<Int>? {
            var start = index
            while start < utf8.count, !isWordByte(utf8[start]) { start += 1 }
            guard start < utf8.count else { return nil }
            var end = start
            while end < utf8.count, isWordByte(utf8[end]) { end += 1 }
            return start..<end
        }
        func unit(_ word: Range<Int>, startsWith prefixes: [String]) -> Bool {
            prefixes.contains { prefix in
                word.count >= prefix.utf8.count
                    && zip(utf8[word], prefix.utf8).allSatisfy {
                        (0x41...0x5A).contains($0) ? $0 + 0x20 == $1 : $0 == $1
                    }
            }
        }
        var current = word(from: 0)
        while let this = current {
            let next = word(from: this.upperBound)
            if let next, let value = Double(String(decoding: UnsafeBufferPointer(rebasing: utf8[this]), as: UTF8.self))
            {
                if next.count == 1 && utf8[next.lowerBound] | 0x20 == UInt8(ascii: "h") { return value / 24 }
                if let match = timeUnits.first(where: { unit(next, startsWith: $0.prefixes) }) {
                    return value * match.days
                }
            }
            current = next
        }
        return nil
    }
}

/// A date as feeds write it: `2027-03-01`, `2027-03-01T09:00:00Z`, or just `2027-03` (first of the month).
func parseFeedDate(_ text: String) -> (date: LocalDate, partial: Bool)? {
    let trimmed = collapsingWhitespace(text)
    let utf8 = trimmed.utf8
    // The first ten bytes (a `String` that small is stored inline: no allocation, no grapheme walk).
    if utf8.count >= 10, let date = LocalDate(iso: String(decoding: utf8.prefix(10), as: UTF8.self)) {
        return (date, false)
    }
    // `2027-03` or `2027`, in ASCII digits (read as bytes: most texts here are display dates, `1/3/2027`).
    func number(_ bytes: Substring.UTF8View) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
    let bytes = Substring(trimmed).utf8
    if utf8.count == 7, bytes[bytes.index(bytes.startIndex, offsetBy: 4)] == UInt8(ascii: "-"),
        let year = number(bytes.prefix(4)), let month = number(bytes.suffix(2)),
        let date = LocalDate(year: year, month: month, day: 1)
    {
        return (date, true)
    }
    if utf8.count == 4, let year = number(bytes), let date = LocalDate(year: year, month: 1, day: 1) {
        return (date, true)
    }
    return nil
}

/// A text in several languages from sibling elements carrying `xml:lang` (or `lang`).
func localizedText(_ elements: [XMLElement]) -> LocalizedText {
    LocalizedText(elements.compactMap(localizedEntry))
}

/// One element's text and language (`xml:lang`, or `lang`), nil when it has no text.
func localizedEntry(_ element: XMLElement) -> LocalizedText.Entry? {
    let text = element.allText
    guard !text.isEmpty else { return nil }
    let language = element.language ?? element.attribute("lang") ?? element.attribute("language") ?? ""
    return LocalizedText.Entry(language: language, text: text)
}

/// The hours of an ELM `volumeOfLearning` (an ISO 8601 duration), or a warning at it when it is not one.
func volumeOfLearningHours(_ volume: XMLElement, file: String, into diagnostics: inout [Diagnostic]) -> Int? {
    if let duration = ISODuration(volume.trimmedText) { return duration.contactHours }
    diagnostics.append(
        .warning(
            "volumeOfLearning '\(volume.trimmedText)' is not an ISO 8601 duration", file: file, line: volume.line,
            column: volume.column))
    return nil
}

/// Whether a credit value is a plain decimal number.
func isDecimal(_ text: String) -> Bool {
    let bytes = trimmingSpacesAndTabs(text)
    guard !bytes.isEmpty else { return false }
    var seenPoint = false
    for (index, byte) in bytes.enumerated() {
        if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
            guard !seenPoint, index > 0 else { return false }
            seenPoint = true
        } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            return false
        }
    }
    return true
}

/// Month names feeds use in display text (English, French), by their first three letters.
private let monthPrefixes: [String: Int] = [
    "jan": 1, "feb": 2, "fév": 2, "fev": 2, "mar": 3, "apr": 4, "avr": 4, "may": 5, "mai": 5, "jun": 6, "jui": 7,
    "jul": 7, "aug": 8, "aoû": 8, "aou": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12, "déc": 12,
]

/// A date as people write it in feeds' display text: "1 October 2014", "October 1, 2014", "1er mars 2027",
/// "01/10/2014" (day first, as in Europe); nil when the text is not one of those.
func parseDisplayDate(_ text: String) -> LocalDate? {
    if let numeric = numericDisplayDate(text) { return numeric }
    // Split as bytes (the separators are ASCII); only a month name is lowercased, as text.
    let words = text.utf8.split { $0 == 0x20 || $0 == 0x2C || $0 == 0x2E || $0 == 0x2F }.map {
        String(decoding: $0, as: UTF8.self)
    }
    guard words.count == 3 else { return nil }
    func number(_ word: String) -> Int? {
        if let number = Int(word) { return number }
        let lower = word.lowercased()
        return Int(lower.hasSuffix("er") ? String(lower.dropLast(2)) : lower)
    }
    func month(_ word: String) -> Int? { Int(word) ?? monthPrefixes[String(word.lowercased().prefix(3))] }
    guard words[2].utf8.count == 4, let year = Int(words[2]) else { return nil }
    if let day = number(words[0]), let month = month(words[1]) {
        return LocalDate(year: year, month: month, day: day)
    }
    if let month = month(words[0]), let day = number(words[1]) {
        return LocalDate(year: year, month: month, day: day)
    }
    return nil
}

/// `1/3/2027` or `01.03.2027` (day first), read as bytes: the form most feeds display.
private func numericDisplayDate(_ text: String) -> LocalDate? {
    var parts = (0, 0, 0)
    var digits = (0, 0, 0)
    var part = 0
    var separator: UInt8?
    for byte in text.utf8 {
        if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let digit = Int(byte - UInt8(ascii: "0"))
            switch part {
            case 0: (parts.0, digits.0) = (parts.0 * 10 + digit, digits.0 + 1)
            case 1: (parts.1, digits.1) = (parts.1 * 10 + digit, digits.1 + 1)
            default: (parts.2, digits.2) = (parts.2 * 10 + digit, digits.2 + 1)
            }
        } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "."), part < 2, separator ?? byte == byte {
            separator = byte
            part += 1
        } else {
            return nil
        }
    }
    guard part == 2, (1...2).contains(digits.0), (1...2).contains(digits.1), digits.2 == 4 else { return nil }
    return LocalDate(year: parts.2, month: parts.1, day: parts.0)
}

/// The text's UTF-8 without spaces and tabs at either end.
private func trimmingSpacesAndTabs(_ text: String) -> Substring.UTF8View {
    var bytes = Substring(text).utf8.drop { $0 == 0x20 || $0 == 0x09 }
    while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
    return bytes
}

extension Curriculum {
    /// A warning, at a position of `file`, that some of the curriculum's modules — courses, units, sections, as
    /// `kind` says — carry no contact hours, naming the command that sets them; nil when all have hours.
    func missingHoursWarning(_ kind: String, file: String, line: Int, column: Int) -> Diagnostic? {
        let missing = modules.filter { $0.hours == nil }.count
        guard missing > 0 else { return nil }
        return .warning(
            "'\(id)': \(missing) of \(modules.count) \(kind) give no contact hours (set them with "
                + "`planner curriculum set-hours MODULE HOURS`)", file: file, line: line, column: column)
    }
}
