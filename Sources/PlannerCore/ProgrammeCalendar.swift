/// The days and daily slots a programme can use: a period, working weekdays, closed dates, named slots.
public struct ProgrammeCalendar: Hashable, Sendable, Codable {
    /// First and last day of the programme.
    public var period: ClosedRange<LocalDate>
    /// The programme's IANA time zone: sessions are planned in local time and stored in UTC.
    public var timeZone: TimeZoneID
    /// ISO weekdays on which sessions may take place (1 = Monday … 7 = Sunday).
    public var workingWeekdays: Set<Int>
    /// Public holidays and other closed days.
    public var closedDates: Set<LocalDate>
    /// The named daily slots, in order of the day.
    public var slots: [TimeSlot]

    /// Creates a calendar.
    public init(
        period: ClosedRange<LocalDate>, timeZone: TimeZoneID, workingWeekdays: Set<Int> = [1, 2, 3, 4, 5],
        closedDates: Set<LocalDate> = [], slots: [TimeSlot]
    ) {
        self.period = period
        self.timeZone = timeZone
        self.workingWeekdays = workingWeekdays
        self.closedDates = closedDates
        self.slots = slots.sorted { $0.start < $1.start }
    }

    /// Whether sessions may take place on a day.
    public func isOpen(_ date: LocalDate) -> Bool {
        period.contains(date) && workingWeekdays.contains(date.weekday) && !closedDates.contains(date)
    }

    /// The open days within a window (clipped to the period), in order.
    public func openDays(in window: ClosedRange<LocalDate>) -> [LocalDate] {
        let from = max(window.lowerBound, period.lowerBound)
        let to = min(window.upperBound, period.upperBound)
        guard from <= to else { return [] }
        return (from.daysSinceEpoch...to.daysSinceEpoch).map(LocalDate.init(daysSinceEpoch:)).filter(isOpen)
    }

    /// The slot of that name.
    public func slot(named name: String) -> TimeSlot? { slots.first { $0.name == name } }
}
