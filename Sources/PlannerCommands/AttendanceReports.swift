import ArgumentParser
import Attendance
import Documents
import Foundation
import PlannerCore
import Workspace

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
    return AttendanceData(
        sessions: try workspace.sessionFacts(), participants: try workspace.participants(),
        registrations: try workspace.allRegistrations().map {
            RegistrationFact(participantID: $0.participantID, cohort: $0.cohort, status: $0.status)
        },
        marks: singleMarks ? try workspace.marks() : [], statuses: AttendanceStatusSet(statuses) ?? .standard,
        offerings: planning.offerings, funding: schedule.funding, funders: planning.funders,
        certified: try workspace.certifiedPairs(), aggregates: singleMarks ? nil : try workspace.markAggregates())
}

/// Prints a table in the chosen format (JSON: an array of objects keyed by `keys`).
func emit(_ table: TextTable, keys: [String], format: OutputFormat) throws {
    switch format {
    case .table: print(table.rendered)
    case .csv: print(table.csv, terminator: "")
    case .json:
        try printJSON(table.rows.map { row in Dictionary(uniqueKeysWithValues: zip(keys, row)) })
    }
}

extension Planner.AttendanceGroup {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Hours planned, hours attended and \"hours attended ÷ hours planned\" per participant, cohort or offering.",
            discussion: """
                Hours planned are all sessions scheduled for the cohort (not only those held so far); "held" and
                "missed" count sessions that have started. --below 80 lists participants under 80 %.
                """)
        enum Grouping: String, ExpressibleByArgument, CaseIterable { case participant, cohort, offering }
        @Option(help: "participant, cohort or offering.") var by: Grouping = .participant
        @Option(help: "Only this offering.") var offering: String?
        @Option(help: "Only participants under this percentage (low-attendance list).") var below: Double?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let data = try attendanceData(try global.openWorkspace(), singleMarks: false)
            var rows = data.participantAttendance(asOf: currentTime())
            if let offering { rows = rows.filter { $0.cohort.offeringID == offering } }
            if let below { rows = data.lowAttendance(rows, below: Int(below * 100)) }
            let rateTitle = "hours attended ÷ hours planned"
            switch by {
            case .participant:
                var table = TextTable(
                    "participant", "family name", "given name", "cohort", "hours planned", "hours attended", rateTitle,
                    "sessions held", "sessions missed")
                for row in rows {
                    table.add(
                        row.participantID, row.familyName, row.givenName, row.cohort.label, hours(row.minutesPlanned),
                        hours(row.minutesAttended), percent(row.rateBasisPoints), String(row.sessionsHeld),
                        String(row.sessionsMissed))
                }
                try emit(
                    table,
                    keys: [
                        "participant", "family_name", "given_name", "cohort", "hours_planned", "hours_attended",
                        "hours_attended_over_hours_planned", "sessions_held", "sessions_missed",
                    ], format: global.format)
            case .cohort, .offering:
                let totals = data.totals(rows) { [by == .cohort ? $0.cohort.label : $0.cohort.offeringID] }
                var table = TextTable(
                    by.rawValue, "participants", "hours planned", "hours attended", rateTitle, "certificates")
                for (group, total) in totals.sorted(by: { $0.key < $1.key }) {
                    table.add(
                        group, String(total.participants), hours(total.minutesPlanned), hours(total.minutesAttended),
                        percent(total.rateBasisPoints), String(total.completed))
                }
                try emit(
                    table,
                    keys: [
                        by.rawValue, "participants", "hours_planned", "hours_attended",
                        "hours_attended_over_hours_planned", "certificates",
                    ],
                    format: global.format)
            }
        }
    }

    struct Equality: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "equality",
            abstract:
                "Equal opportunities: participants, attendance and completion by gender, per offering, audience or funder."
        )
        enum Grouping: String, ExpressibleByArgument, CaseIterable { case offering, audience, funder }
        @Option(help: "offering, audience or funder.") var by: Grouping = .offering
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let data = try attendanceData(try global.openWorkspace(), singleMarks: false)
            let rows = data.participantAttendance(asOf: currentTime())
            let genders = data.genders
            let audiences = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0.audience.rawValue) })
            let funders = data.fundersByCohort
            let totals = data.totals(rows) { row in
                let gender = genders[row.participantID]?.rawValue ?? "not-stated"
                let groups: [String] =
                    switch by {
                    case .offering: [row.cohort.offeringID]
                    case .audience: [audiences[row.cohort.offeringID] ?? "other"]
                    case .funder: (funders[row.cohort] ?? []).sorted()
                    }
                return groups.flatMap { ["\($0)|\(gender)", "\($0)|all"] }
            }
            var table = TextTable(
                by.rawValue, "gender", "participants", "hours attended ÷ hours planned", "certificates",
                "completion rate")
            for (key, total) in totals.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "|").map(String.init)
                table.add(
                    parts[0], parts[1], String(total.participants), percent(total.rateBasisPoints),
                    String(total.completed),
                    percent(total.completionBasisPoints))
            }
            if global.format == .json {
                struct Output: Encodable {
                    var groups: [[String: String]]
                    var organisations: [String: Int]
                }
                let keys = [
                    by.rawValue, "gender", "participants", "hours_attended_over_hours_planned", "certificates",
                    "completion_rate",
                ]
                try printJSON(
                    Output(
                        groups: table.rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) },
                        organisations: Dictionary(
                            uniqueKeysWithValues: data.organisationsSupported().map { ($0.key.rawValue, $0.value) })))
                return
            }
            try emit(table, keys: [], format: global.format)
            if global.format == .table {
                print("\nOrganisations supported:")
                for (type, count) in data.organisationsSupported().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    print("  \(type.rawValue): \(count)")
                }
            }
        }
    }

    struct ESF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "esf",
            abstract: "ESF+ common output indicators for a period (and a funder), by gender.",
            discussion: """
                Participants: everyone who attended at least one session in the period, in a cohort the funder
                co-finances. Disability and minority appear only as aggregate counts.
                """)
        @Option(help: "First day (YYYY-MM-DD).") var from: String
        @Option(help: "Last day (YYYY-MM-DD).") var to: String
        @Option(help: "Funder id (default: all).") var funder: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard let start = LocalDate(iso: from), let end = LocalDate(iso: to), start <= end else {
                throw ValidationError("--from and --to must be dates YYYY-MM-DD, from before to")
            }
        }

        func run() async throws {
            let data = try attendanceData(try global.openWorkspace())
            if let funder, !data.funders.contains(where: { $0.id == funder }) {
                throw CommandFailure("no funder '\(funder)'")
            }
            let indicators = data.esfIndicators(from: LocalDate(iso: from)!, to: LocalDate(iso: to)!, funderID: funder)
            if global.format == .json {
                try printJSON(indicators)
                return
            }
            var table = TextTable("indicator", "women", "men", "non-binary", "not stated", "total")
            for line in indicators.lines {
                table.add(
                    line.indicator, String(line.women), String(line.men), String(line.nonBinary),
                    String(line.notStated),
                    String(line.total))
            }
            try emit(table, keys: [], format: global.format)
            if global.format == .table {
                print(
                    """

                    Special categories (aggregate only): disability \(indicators.withDisability), minority \
                    \(indicators.minorityBackground), refused to answer \(indicators.specialCategoriesRefused)
                    Organisations supported: public administrations \(indicators.publicAdministrations), SMEs \(indicators.smes)
                    """)
            }
        }
    }

    struct Sheet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print sign-in sheets (PDF): one session, every session of an offering, or of a date.")
        @Argument(help: "Session, e.g. SEM1-ADM#1/2.") var session: String?
        @Option(help: "Every session of this offering.") var offering: String?
        @Option(help: "Every session on this date.") var date: String?
        @Option(help: "Organiser printed on the sheet (remembered for next time).") var organiser: String?
        @Option(name: .shortAndLong, help: "PDF file to write.") var output: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard [session, offering, date].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give one session, or --offering, or --date")
            }
        }

        func run() async throws {
            let workspace = try global.openWorkspace()
            if let organiser { try workspace.setSetting("organiser", to: organiser) }
            let organiserName = try workspace.setting("organiser") ?? "Training programme"
            var sessions = try workspace.sessionFacts()
            if let session { sessions = sessions.filter { $0.key == (try? sessionKey(session)) } }
            if let offering { sessions = sessions.filter { $0.key.cohort.offeringID == offering } }
            if let date { sessions = sessions.filter { $0.date.description == date } }
            guard !sessions.isEmpty else {
                throw CommandFailure("no scheduled session matches (see planner schedule show)")
            }
            let sheets = try signInSheets(for: sessions, workspace: workspace, organiser: organiserName)
            let path =
                output
                ?? "sign-in-\(session.map { $0.replacingOccurrences(of: "#", with: "-").replacingOccurrences(of: "/", with: "-") } ?? offering ?? date ?? "sheets").pdf"
            let pages = sheets.flatMap { $0.pages() }
            try renderPDF(
                pages, size: .a4Landscape, info: DocumentInfo(title: "Sign-in sheets", author: organiserName),
                to: URL(fileURLWithPath: path))
            print("Wrote \(sheets.count) sign-in sheet(s), \(pages.count) page(s), to \(path)")
        }
    }
}

/// A short code linking a paper sheet to its session: the session key and a checksum.
func sheetCode(_ key: SessionKey) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key.description.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    let check = (0..<4).map { alphabet[Int((hash >> (UInt64($0) * 5)) & 31)] }
    return "\(key.cohort.offeringID)-\(key.cohort.number)-\(key.index)-\(String(check))"
}

/// Builds the sheets for sessions from the workspace (registered participants only, no monitoring data).
func signInSheets(for sessions: [SessionFacts], workspace: Workspace, organiser: String) throws -> [SignInSheet] {
    let planning = try workspace.planningData()
    let funding = try workspace.schedule().funding
    let venues = Dictionary(uniqueKeysWithValues: planning.venues.map { ($0.id, $0) })
    let trainers = Dictionary(uniqueKeysWithValues: planning.trainers.map { ($0.id, $0) })
    let offerings = Dictionary(uniqueKeysWithValues: planning.offerings.map { ($0.id, $0) })
    let euFunders = Set(planning.funders.filter(\.isEUFunding).map(\.id))
    let slots = Dictionary((planning.calendar?.slots ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var cache: [Cohort: [(familyName: String, givenName: String, organisation: String)]] = [:]
    return try sessions.map { session in
        let cohort = session.key.cohort
        if cache[cohort] == nil {
            cache[cohort] = try workspace.registrations(of: cohort).filter { $0.status == .registered }.map {
                (
                    $0.participant.participant.familyName, $0.participant.participant.givenName,
                    $0.participant.participant.organisation
                )
            }
        }
        let offering = offerings[cohort.offeringID]
        let curriculum = try offering.flatMap { try workspace.curriculum(id: $0.moduleID) }
        let module = curriculum?.modules.first { $0.id == offering?.moduleID }
        let euFunded = funding.contains {
            $0.cohort == cohort && euFunders.contains($0.funderID) && $0.amount.minorUnits > 0
        }
        let venue = venues[session.venueID]
        let slot = slots[session.slot]
        return SignInSheet(
            organiser: organiser, fundingStatement: euFunded ? "Co-funded by the European Union" : nil,
            programme: curriculum?.title.text() ?? "",
            seminar: module?.title.text() ?? offering?.moduleID ?? cohort.offeringID,
            session: session.key, sessionCount: offering?.sessionsPerCohort ?? session.key.index, date: session.date,
            start: slot?.start ?? TimeOfDay(hour: 0, minute: 0)!, end: slot?.end ?? TimeOfDay(hour: 0, minute: 0)!,
            venue: [venue?.name, venue?.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
            trainer: trainers[session.trainerID]?.name ?? session.trainerID, participants: cache[cohort] ?? [],
            code: sheetCode(session.key))
    }
}
