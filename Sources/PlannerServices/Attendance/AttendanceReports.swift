public import Attendance
import Foundation
public import PlannerCore
import Workspace

/// Reports on attendance: hours attended ÷ hours planned, the low-attendance list, equal opportunities, and
/// the ESF+ indicators. Monitoring data appear only as aggregates.
public struct AttendanceReports: Sendable {
    let context: ServiceContext

    /// Reports on the workspace of `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// How an attendance report groups its rows.
    public enum Grouping: String, Sendable, CaseIterable { case participant, cohort, offering }

    /// How the equal-opportunities report groups its rows.
    public enum EqualityGrouping: String, Sendable, CaseIterable { case offering, audience, funder }

    /// A report as a table, with the JSON key of each column.
    public struct Report: Sendable {
        /// The rows.
        public var table: ReportTable
        /// JSON keys, one per column.
        public var keys: [String]
    }

    /// Hours planned, hours attended and "hours attended ÷ hours planned" per participant, cohort or
    /// offering; `below` (a percentage) keeps participants under it.
    public func attendance(by grouping: Grouping, offering: String? = nil, below: Double? = nil) throws -> Report {
        let data = try attendanceData(context.workspace(), singleMarks: false)
        var rows = data.participantAttendance(asOf: context.now)
        if let offering { rows = rows.filter { $0.cohort.offeringID == offering } }
        if let below { rows = data.lowAttendance(rows, below: Int(below * 100)) }
        let rateTitle = "hours attended ÷ hours planned"
        switch grouping {
        case .participant:
            var table = ReportTable(
                "participant", "family name", "given name", "cohort", "hours planned", "hours attended", rateTitle,
                "sessions held", "sessions missed")
            for row in rows {
                table.add(
                    row.participantID, row.familyName, row.givenName, row.cohort.label, hours(row.minutesPlanned),
                    hours(row.minutesAttended), percent(row.rateBasisPoints), String(row.sessionsHeld),
                    String(row.sessionsMissed))
            }
            return Report(
                table: table,
                keys: [
                    "participant", "family_name", "given_name", "cohort", "hours_planned", "hours_attended",
                    "hours_attended_over_hours_planned", "sessions_held", "sessions_missed",
                ])
        case .cohort, .offering:
            let totals = data.totals(rows) { [grouping == .cohort ? $0.cohort.label : $0.cohort.offeringID] }
            var table = ReportTable(
                header: [
                    grouping.rawValue, "participants", "hours planned", "hours attended", rateTitle, "certificates",
                ])
            for (group, total) in totals.sorted(by: { $0.key < $1.key }) {
                table.add(
                    group, String(total.participants), hours(total.minutesPlanned), hours(total.minutesAttended),
                    percent(total.rateBasisPoints), String(total.completed))
            }
            return Report(
                table: table,
                keys: [
                    grouping.rawValue, "participants", "hours_planned", "hours_attended",
                    "hours_attended_over_hours_planned", "certificates",
                ])
        }
    }

    /// The equal-opportunities report: participants, attendance and completion by gender per group, and the
    /// organisations supported by type.
    public struct Equality: Sendable {
        /// One row per group and gender, and one for the group as a whole (`all`).
        public var report: Report
        /// Organisations supported, by type, in order.
        public var organisations: [(type: String, count: Int)]
    }

    /// Participants, attendance and completion by gender, per offering, audience or funder.
    public func equality(by grouping: EqualityGrouping) throws -> Equality {
        let data = try attendanceData(context.workspace(), singleMarks: false)
        let rows = data.participantAttendance(asOf: context.now)
        let genders = data.genders
        let audiences = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0.audience.rawValue) })
        let funders = data.fundersByCohort
        let totals = data.totals(rows) { row in
            let gender = genders[row.participantID]?.rawValue ?? "not-stated"
            let groups: [String] =
                switch grouping {
                case .offering: [row.cohort.offeringID]
                case .audience: [audiences[row.cohort.offeringID] ?? "other"]
                case .funder: (funders[row.cohort] ?? []).sorted()
                }
            return groups.flatMap { ["\($0)|\(gender)", "\($0)|all"] }
        }
        var table = ReportTable(
            header: [
                grouping.rawValue, "gender", "participants", "hours attended ÷ hours planned", "certificates",
                "completion rate",
            ])
        for (key, total) in totals.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|").map(String.init)
            table.add(
                parts[0], parts[1], String(total.participants), percent(total.rateBasisPoints), String(total.completed),
                percent(total.completionBasisPoints))
        }
        let keys = [
            grouping.rawValue, "gender", "participants", "hours_attended_over_hours_planned", "certificates",
            "completion_rate",
        ]
        return Equality(
            report: Report(table: table, keys: keys),
            organisations: data.organisationsSupported().map { ($0.key.rawValue, $0.value) }.sorted { $0.0 < $1.0 })
    }

    /// The ESF+ common output indicators for a period (and a funder), by gender.
    public func esf(from: LocalDate, to: LocalDate, funder: String?) throws -> ESFIndicators {
        let data = try attendanceData(context.workspace())
        if let funder, !data.funders.contains(where: { $0.id == funder }) {
            throw ServiceError(.notFound, "no funder '\(funder)'")
        }
        return data.esfIndicators(from: from, to: to, funderID: funder)
    }

    /// Attendance and completion by gender over the whole programme (the demo's summary).
    func byGender() throws -> [(gender: String, total: AttendanceTotals)] {
        let data = try attendanceData(context.workspace())
        let rows = data.participantAttendance(asOf: context.now)
        let genders = data.genders
        let totals = data.totals(rows) { [genders[$0.participantID]?.rawValue ?? "not-stated"] }
        return totals.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension ESFIndicators {
    /// The indicators as a table (gender columns).
    public var table: ReportTable {
        var table = ReportTable("indicator", "women", "men", "non-binary", "not stated", "total")
        for line in lines {
            table.add(
                line.indicator, String(line.women), String(line.men), String(line.nonBinary), String(line.notStated),
                String(line.total))
        }
        return table
    }
}

/// Everything reports read, from the workspace; `singleMarks: false` reads sums instead of every mark.
func attendanceData(_ workspace: Workspace, singleMarks: Bool = true) throws -> AttendanceData {
    let planning = try workspace.planningData()
    let schedule = try workspace.schedule()
    let statuses = try workspace.statuses().map {
        AttendanceStatus(
            name: $0.name, countsAsAttended: $0.countsAsAttended,
            defaultMinutes: $0.fullMinutesByDefault ? .full : .none,
            key: $0.key.first ?? "?")
    }
    guard let statusSet = AttendanceStatusSet(statuses) else {
        throw ServiceError(
            .conflict,
            "the workspace's status set cannot be used (names or keys repeat: "
                + statuses.map { "\($0.name)=\($0.key)" }.joined(separator: ", ")
                + "); see `planner attendance statuses`")
    }
    return AttendanceData(
        sessions: try workspace.sessionFacts(), participants: try workspace.participants(),
        registrations: try workspace.allRegistrations().map {
            RegistrationFact(participantID: $0.participantID, cohort: $0.cohort, status: $0.status)
        },
        marks: singleMarks ? try workspace.marks() : [], statuses: statusSet,
        offerings: planning.offerings, funding: schedule.funding, funders: planning.funders,
        certified: try workspace.certifiedPairs(), aggregates: singleMarks ? nil : try workspace.markAggregates())
}

/// Basis points as a percentage for people: 8000 → "80.0 %".
public func percent(_ basisPoints: Int) -> String { String(format: "%.1f %%", Double(basisPoints) / 100) }

/// Minutes as hours for people: 210 → "3.50".
public func hours(_ minutes: Int) -> String {
    String(format: "%ld.%02ld", minutes / 60, (minutes % 60) * 100 / 60)
}
