public import Foundation
public import PlannerCore

/// The kinds of planning file, recognised by file name (`venues.csv`) or by their columns.
public enum PlanningFileKind: String, CaseIterable, Sendable {
    case calendar, venues, trainers, funders, offerings, tracks

    /// Columns that must be present.
    var requiredColumns: [String] {
        switch self {
        case .calendar: ["kind", "name", "start", "end", "value"]
        case .venues: ["id", "name", "territory", "capacity"]
        case .trainers: ["id", "name", "teaches"]
        case .funders: ["id", "name", "budget", "max_rate", "pays"]
        case .offerings: ["id", "module", "audience", "window_start", "window_end"]
        case .tracks: ["id", "cohorts"]
        }
    }

    /// Every column read; others are reported as warnings.
    var knownColumns: [String] {
        switch self {
        case .calendar: requiredColumns
        case .venues:
            requiredColumns + [
                "address", "equipment", "step_free", "cost_per_slot", "currency", "provider", "unavailable",
            ]
        case .trainers:
            requiredColumns + [
                "languages", "fee_per_session", "currency", "max_sessions_per_week", "territory", "in_house",
                "unavailable",
            ]
        case .funders: requiredColumns + ["currency", "audiences", "territories", "curricula", "eu_funding"]
        case .offerings:
            requiredColumns + [
                "cohorts", "participants", "sessions", "slots", "min_days_between", "max_days_between",
                "prerequisites", "territory", "language", "equipment", "step_free", "priority", "unavailable",
                "min_days",
            ]
        case .tracks: requiredColumns
        }
    }

    /// The kind of a file: from its name, else from its header.
    static func detect(fileName: String, header: [String]) -> PlanningFileKind? {
        let stem = URL(fileURLWithPath: fileName).deletingPathExtension().lastPathComponent.lowercased()
        for kind in allCases where stem.contains(kind.rawValue) || stem.contains(String(kind.rawValue.dropLast())) {
            return kind
        }
        return allCases.first { kind in kind.requiredColumns.allSatisfy(header.contains) }
    }
}

/// Everything read from planning files, checked and ready to store.
public struct PlanningInputs: Sendable {
    /// The calendar, when a calendar file was given.
    public var calendar: ProgrammeCalendar?
    /// Venues.
    public var venues: [Venue] = []
    /// Trainers.
    public var trainers: [Trainer] = []
    /// Funders, in file order (their order of preference).
    public var funders: [Funder] = []
    /// Offerings (`curriculumID` is filled in from the workspace when stored).
    public var offerings: [Offering] = []
    /// Tracks.
    public var tracks: [Track] = []
    /// Where each offering was read, to position later checks against the workspace.
    public var offeringRows: [String: (file: String, row: Int, column: Int)] = [:]
}

/// Reads planning files, collecting every problem with its position.
public struct PlanningReader {
    public private(set) var inputs = PlanningInputs()
    public private(set) var diagnostics: [Diagnostic] = []
    private var seen: [PlanningFileKind: [String: Int]] = [:]

    public init() {}

    /// Reads one file (its kind detected from its name or columns).
    public mutating func read(_ url: URL, file: String) {
        let (table, problems) = CSVTable.read(url, file: file)
        diagnostics += problems
        guard let table else { return }
        guard let kind = PlanningFileKind.detect(fileName: file, header: table.header) else {
            diagnostics.append(
                .error(
                    "cannot tell what this file holds: name it calendar.csv, venues.csv, trainers.csv, funders.csv, "
                        + "offerings.csv or tracks.csv", file: file, line: 1, column: 1))
            return
        }
        let missing = kind.requiredColumns.filter { !table.header.contains($0) }
        if !missing.isEmpty {
            diagnostics.append(
                .error(
                    "\(kind.rawValue) file lacks column(s) \(missing.joined(separator: ", ")) "
                        + "(it has: \(table.header.joined(separator: ", ")))", file: file, line: 1, column: 1))
            return
        }
        for (index, name) in table.header.enumerated() where !kind.knownColumns.contains(name) {
            diagnostics.append(.warning("unknown column '\(name)' is ignored", file: file, line: 1, column: index + 1))
        }
        var fields = FieldReader(file: file)
        // Duplicate identifiers are reported whatever else is wrong with the rows.
        if kind != .calendar {
            for row in table.rows {
                guard let id = row["id"] else { continue }
                if let first = seen[kind]?[id] {
                    fields.error("duplicate id '\(id)' (first on row \(first))", row, "id")
                } else {
                    seen[kind, default: [:]][id] = row.number
                }
            }
        }
        switch kind {
        case .calendar: readCalendar(table, &fields)
        case .venues:
            for row in table.rows { if let venue = readVenue(row, &fields) { add(venue, kind, row, &fields) } }
        case .trainers:
            for row in table.rows { if let trainer = readTrainer(row, &fields) { add(trainer, kind, row, &fields) } }
        case .funders:
            for row in table.rows { if let funder = readFunder(row, &fields) { add(funder, kind, row, &fields) } }
        case .offerings:
            for row in table.rows {
                if let offering = readOffering(row, &fields) {
                    add(offering, kind, row, &fields)
                    inputs.offeringRows[offering.id] = (file, row.number, row.column("module"))
                }
            }
        case .tracks:
            for row in table.rows { if let track = readTrack(row, &fields) { add(track, kind, row, &fields) } }
        }
        diagnostics += fields.diagnostics
    }

    private mutating func add<T: Identifiable>(
        _ value: T, _ kind: PlanningFileKind, _ row: CSVTable.Row, _ fields: inout FieldReader
    )
    where T.ID == String {
        guard seen[kind]?[value.id] == row.number else { return }  // a later duplicate
        switch value {
        case let venue as Venue: inputs.venues.append(venue)
        case let trainer as Trainer: inputs.trainers.append(trainer)
        case let funder as Funder: inputs.funders.append(funder)
        case let offering as Offering: inputs.offerings.append(offering)
        case let track as Track: inputs.tracks.append(track)
        default: break
        }
    }

    private mutating func readCalendar(_ table: CSVTable, _ fields: inout FieldReader) {
        var period: ClosedRange<LocalDate>?
        var zone: TimeZoneID?
        var weekdays: Set<Int> = [1, 2, 3, 4, 5]
        var closed: Set<LocalDate> = []
        var slots: [TimeSlot] = []
        for row in table.rows {
            switch row["kind"]?.lowercased() {
            case "period":
                if let start = fields.date(row, "start"), let end = fields.date(row, "end") {
                    if end < start {
                        fields.error("the period ends before it starts", row, "end")
                    } else {
                        period = start...end
                    }
                }
            case "timezone", "time_zone", "zone":
                if let value = fields.required(row, "value") {
                    if let id = TimeZoneID(value) {
                        zone = id
                    } else {
                        fields.error("'\(value)' is not an IANA time zone (e.g. Europe/Brussels)", row, "value")
                    }
                }
            case "weekdays":
                if let value = fields.required(row, "value") {
                    let names = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
                    var days: Set<Int> = []
                    for word in value.lowercased().split(whereSeparator: { $0 == " " || $0 == "|" }) {
                        if let day = names[String(word.prefix(3))]
                            ?? Int(word).flatMap({ (1...7).contains($0) ? $0 : nil })
                        {
                            days.insert(day)
                        } else {
                            fields.error("'\(word)' is not a weekday (Mon … Sun)", row, "value")
                        }
                    }
                    weekdays = days
                }
            case "closed":
                if let start = fields.date(row, "start") {
                    let end = row["end"] == nil ? start : (fields.date(row, "end") ?? start)
                    var day = start
                    while day <= end {
                        closed.insert(day)
                        day = day.adding(days: 1)
                    }
                }
            case "slot":
                guard let name = fields.required(row, "name"), let start = fields.time(row, "start"),
                    let end = fields.time(row, "end")
                else { continue }
                guard let slot = TimeSlot(name: name, start: start, end: end) else {
                    fields.error("slot '\(name)' ends before it starts", row, "end")
                    continue
                }
                if slots.contains(where: { $0.name == name }) {
                    fields.error("slot '\(name)' is defined twice", row, "name")
                } else {
                    slots.append(slot)
                }
            case let other:
                fields.error(
                    "unknown kind '\(other ?? "")' (use period, timezone, weekdays, closed or slot)", row, "kind")
            }
        }
        guard let period else {
            fields.diagnostics.append(.error("the calendar needs a 'period' row", file: table.file, line: 1, column: 1))
            return
        }
        if slots.isEmpty {
            fields.diagnostics.append(
                .error("the calendar needs at least one 'slot' row", file: table.file, line: 1, column: 1))
            return
        }
        inputs.calendar = ProgrammeCalendar(
            period: period, timeZone: zone ?? TimeZoneID("Europe/Brussels")!, workingWeekdays: weekdays,
            closedDates: closed, slots: slots)
    }

    private func readVenue(_ row: CSVTable.Row, _ fields: inout FieldReader) -> Venue? {
        guard let id = fields.identifier(row), let name = fields.required(row, "name"),
            let territory = fields.required(row, "territory"), let capacity = fields.int(row, "capacity", 1...100_000)
        else { return nil }
        let currency = fields.currency(row)
        let cost = fields.money(row, "cost_per_slot", currency) ?? .zero(currency)
        return Venue(
            id: id, name: name, territory: territory, address: row["address"] ?? "", capacity: capacity,
            equipment: fields.list(row, "equipment"), stepFreeAccess: fields.bool(row, "step_free", default: true),
            costPerSlot: cost, provider: row["provider"] ?? "", unavailable: fields.unavailability(row))
    }

    private func readTrainer(_ row: CSVTable.Row, _ fields: inout FieldReader) -> Trainer? {
        guard let id = fields.identifier(row), let name = fields.required(row, "name") else { return nil }
        let teaches = fields.list(row, "teaches")
        if teaches.isEmpty { fields.error("a trainer must teach at least one module or curriculum", row, "teaches") }
        let currency = fields.currency(row)
        let inHouse = fields.bool(row, "in_house", default: false)
        let fee = fields.money(row, "fee_per_session", currency) ?? .zero(currency)
        if inHouse && fee.minorUnits > 0 {
            fields.error(
                "an in-house expert has no fee (contributed in kind); leave fee_per_session empty", row,
                "fee_per_session")
        }
        return Trainer(
            id: id, name: name, teaches: teaches, languages: fields.list(row, "languages"), feePerSession: fee,
            maxSessionsPerWeek: row["max_sessions_per_week"] == nil
                ? 10 : (fields.int(row, "max_sessions_per_week", 1...50) ?? 10),
            territory: row["territory"] ?? "", inHouse: inHouse, unavailable: fields.unavailability(row))
    }

    private func readFunder(_ row: CSVTable.Row, _ fields: inout FieldReader) -> Funder? {
        guard let id = fields.identifier(row), let name = fields.required(row, "name") else { return nil }
        let currency = fields.currency(row)
        guard let budget = fields.money(row, "budget", currency), let rate = fields.rate(row, "max_rate") else {
            return nil
        }
        var pays: [CostKind] = []
        for word in fields.list(row, "pays") {
            switch word.lowercased() {
            case "trainer-fees", "trainers", "fees": pays.append(.trainerFees)
            case "venue-costs", "venues", "rooms": pays.append(.venueCosts)
            case "all", "everything": pays.append(contentsOf: CostKind.allCases)
            default: fields.error("'\(word)' is not a cost (trainer-fees, venue-costs or all)", row, "pays")
            }
        }
        return Funder(
            id: id, name: name, budget: budget, maxRateBasisPoints: rate, pays: pays,
            audiences: fields.audiences(row, "audiences"), territories: fields.list(row, "territories"),
            curricula: fields.list(row, "curricula"), isEUFunding: fields.bool(row, "eu_funding", default: false))
    }

    private func readOffering(_ row: CSVTable.Row, _ fields: inout FieldReader) -> Offering? {
        guard let id = fields.identifier(row), let module = fields.required(row, "module"),
            let audienceText = fields.required(row, "audience"), let start = fields.date(row, "window_start"),
            let end = fields.date(row, "window_end")
        else { return nil }
        guard let audience = Audience(rawValue: audienceText.lowercased()) else {
            fields.error(
                "'\(audienceText)' is not an audience (\(Audience.allCases.map(\.rawValue).joined(separator: ", ")))",
                row, "audience")
            return nil
        }
        guard start <= end else {
            fields.error("the window ends (\(end)) before it starts (\(start))", row, "window_end")
            return nil
        }
        let minDays = row["min_days_between"] == nil ? 1 : fields.int(row, "min_days_between", 0...365) ?? 1
        let maxDays = row["max_days_between"] == nil ? nil : fields.int(row, "max_days_between", 1...365)
        if let maxDays, maxDays < minDays {
            fields.error(
                "max_days_between (\(maxDays)) is below min_days_between (\(minDays))", row, "max_days_between")
        }
        return Offering(
            id: id, moduleID: module, audience: audience,
            cohorts: row["cohorts"] == nil ? 1 : fields.int(row, "cohorts", 1...100) ?? 1,
            participantsPerCohort: row["participants"] == nil ? 15 : fields.int(row, "participants", 1...10_000) ?? 15,
            sessionsPerCohort: row["sessions"] == nil ? 0 : fields.int(row, "sessions", 1...200) ?? 1,
            window: start...end, allowedSlots: fields.list(row, "slots"), minDaysBetween: minDays,
            maxDaysBetween: maxDays, prerequisites: fields.list(row, "prerequisites"), territory: row["territory"],
            language: row["language"], equipment: fields.list(row, "equipment"),
            stepFreeRequired: fields.bool(row, "step_free", default: true),
            priority: row["priority"] == nil ? 0 : fields.int(row, "priority", -100...100) ?? 0,
            unavailable: fields.unavailability(row),
            minimumDays: row["min_days"] == nil ? 0 : fields.int(row, "min_days", 0...200) ?? 0)
    }

    private func readTrack(_ row: CSVTable.Row, _ fields: inout FieldReader) -> Track? {
        guard let id = fields.identifier(row) else { return nil }
        var cohorts: [Cohort] = []
        for label in fields.list(row, "cohorts") {
            if let cohort = Cohort(label: label) {
                cohorts.append(cohort)
            } else if !label.contains("#") {
                cohorts.append(Cohort(offeringID: label, number: 1))
            } else {
                fields.error("'\(label)' is not a cohort (OFFERING#N)", row, "cohorts")
            }
        }
        if cohorts.count < 2 { fields.error("a track needs at least two cohorts", row, "cohorts") }
        return Track(id: id, cohorts: cohorts)
    }
}

/// Reads typed cells and records what is wrong with each, at its position.
struct FieldReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    mutating func error(_ message: String, _ row: CSVTable.Row, _ column: String) {
        diagnostics.append(.error(message, file: file, line: row.number, column: row.column(column)))
    }

    mutating func required(_ row: CSVTable.Row, _ column: String) -> String? {
        guard let value = row[column] else {
            error("missing value for '\(column)'", row, column)
            return nil
        }
        return value
    }

    mutating func identifier(_ row: CSVTable.Row) -> String? {
        guard let id = required(row, "id") else { return nil }
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:+".contains($0) }) else {
            error("id '\(id)' may only use letters, digits and - _ . : +", row, "id")
            return nil
        }
        return id
    }

    mutating func int(_ row: CSVTable.Row, _ column: String, _ range: ClosedRange<Int>) -> Int? {
        guard let text = required(row, column) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error("'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)", row, column)
            return nil
        }
        return value
    }

    mutating func date(_ row: CSVTable.Row, _ column: String) -> LocalDate? {
        guard let text = required(row, column) else { return nil }
        guard let value = LocalDate(iso: text) else {
            error("'\(text)' is not a date YYYY-MM-DD", row, column)
            return nil
        }
        return value
    }

    mutating func time(_ row: CSVTable.Row, _ column: String) -> TimeOfDay? {
        guard let text = required(row, column) else { return nil }
        guard let value = TimeOfDay(parsing: text.count == 4 ? "0" + text : text) else {
            error("'\(text)' is not a time HH:MM", row, column)
            return nil
        }
        return value
    }

    mutating func currency(_ row: CSVTable.Row) -> Currency {
        guard let code = row["currency"] else { return .euro }
        guard let currency = Currency(code: code.uppercased()) else {
            error("'\(code)' is not an ISO 4217 currency code", row, "currency")
            return .euro
        }
        return currency
    }

    /// An amount: `1200`, `1200.50`, `1 200,50` (a comma is read as the decimal mark when there is no dot).
    mutating func money(_ row: CSVTable.Row, _ column: String, _ currency: Currency) -> Money? {
        guard let text = row[column] else { return nil }
        let separator: Character = text.contains(",") && !text.contains(".") ? "," : "."
        do {
            let value = try Money(parsing: text, currency: currency, decimalSeparator: separator)
            if value.minorUnits < 0 { error("'\(text)' is negative", row, column) }
            return value
        } catch {
            self.error(String(describing: error), row, column)
            return nil
        }
    }

    /// A rate: `85%`, `85`, `0.85` → basis points, exactly (no floating point).
    mutating func rate(_ row: CSVTable.Row, _ column: String) -> Int? {
        guard let text = required(row, column) else { return nil }
        let percent = text.contains("%")
        let number = text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: ",", with: ".")
            .trimmingCharacters(in: .whitespaces)
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0].isEmpty ? "0" : parts[0]),
            parts.count == 1 || (parts[1].count <= 4 && parts[1].allSatisfy(\.isNumber))
        else {
            error("'\(text)' is not a rate (e.g. 85% or 0.85)", row, column)
            return nil
        }
        // Ten-thousandths of the number as written.
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        fraction += String(repeating: "0", count: 4 - fraction.count)
        let tenThousandths = whole * 10_000 + Int(fraction)!
        // Up to 1 without a % sign is a fraction (0.85); otherwise a percentage (85).
        let basisPoints = !percent && tenThousandths <= 10_000 ? tenThousandths : tenThousandths / 100
        guard (0...10_000).contains(basisPoints), percent || tenThousandths <= 10_000 || tenThousandths % 100 == 0
        else {
            error("'\(text)' is not a rate between 0 and 100 %", row, column)
            return nil
        }
        return basisPoints
    }

    mutating func bool(_ row: CSVTable.Row, _ column: String, default value: Bool) -> Bool {
        guard let text = row[column]?.lowercased() else { return value }
        switch text {
        case "yes", "y", "true", "1", "oui", "ja", "x": return true
        case "no", "n", "false", "0", "non", "nee": return false
        default:
            error("'\(text)' is not yes or no", row, column)
            return value
        }
    }

    /// A list in one cell, separated by `|` (commas and semicolons may be the file's delimiter).
    func list(_ row: CSVTable.Row, _ column: String) -> [String] {
        (row[column] ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    mutating func audiences(_ row: CSVTable.Row, _ column: String) -> [Audience] {
        list(row, column).compactMap { word in
            guard let audience = Audience(rawValue: word.lowercased()) else {
                error("'\(word)' is not an audience", row, column)
                return nil
            }
            return audience
        }
    }

    /// `2027-03-01|2027-03-02 evening|2027-04-01..2027-04-05`.
    mutating func unavailability(_ row: CSVTable.Row) -> [Unavailability] {
        var result: [Unavailability] = []
        for item in list(row, "unavailable") {
            let parts = item.split(separator: " ", maxSplits: 1).map(String.init)
            let range = parts[0].components(separatedBy: "..")
            guard let first = LocalDate(iso: range[0]),
                let last = LocalDate(iso: range.count > 1 ? range[1] : range[0]),
                first <= last
            else {
                error("'\(item)' is not a date, a date range (A..B) or a date and slot", row, "unavailable")
                continue
            }
            var day = first
            while day <= last {
                result.append(Unavailability(date: day, slot: parts.count > 1 ? parts[1] : nil))
                day = day.adding(days: 1)
            }
        }
        return result
    }
}
