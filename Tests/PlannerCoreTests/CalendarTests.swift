import Foundation
import PlannerCore
import Testing

@Suite struct CalendarTests {
    /// Foundation's Gregorian calendar in UTC is the oracle for our day arithmetic and ISO text.
    @Test func datesMatchFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        // Every 37th day from 1601 to 2399 (leap centuries 1600/2000 and non-leap 1700/1800/1900/2100 inside).
        for days in stride(from: -135_140, through: 156_000, by: 37) {
            let date = LocalDate(daysSinceEpoch: days)
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(date.description == expected)
            #expect(LocalDate(iso: expected) == date)
        }
        #expect(LocalDate(year: 9, month: 1, day: 2)?.description == "0009-01-02")
        #expect(LocalDate(year: 2000, month: 2, day: 29)?.description == "2000-02-29")
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
    }
}
