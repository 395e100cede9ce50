public import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

extension AttendanceReports.Grouping: ExpressibleByArgument {}
extension AttendanceReports.EqualityGrouping: ExpressibleByArgument {}

extension Planner.AttendanceGroup {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Hours planned, hours attended and \"hours attended ÷ hours planned\" per participant, cohort or offering.",
            discussion: """
                Hours planned are all sessions scheduled for the cohort (not only those held so far); "held" and
                "missed" count sessions that have started. --below 80 lists participants under 80 %.
                """)
        @Option(help: "participant, cohort or offering.") var by: AttendanceReports.Grouping = .participant
        @Option(help: "Only this offering.") var offering: String?
        @Option(help: "Only participants under this percentage (low-attendance list).") var below: Double?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let report = try AttendanceReports(global.context).attendance(by: by, offering: offering, below: below)
            try emit(report.table, keys: report.keys, format: global.format)
        }
    }

    struct Equality: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "equality",
            abstract:
                "Equal opportunities: participants, attendance and completion by gender, per offering, audience or funder."
        )
        @Option(help: "offering, audience or funder.") var by: AttendanceReports.EqualityGrouping = .offering
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let equality = try AttendanceReports(global.context).equality(by: by)
            switch global.format {
            case .json: try printJSON(equality.json)
            case .csv: print(equality.report.table.csv, terminator: "")
            case .table: print(equality.text, terminator: "")
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
            let indicators = try AttendanceReports(global.context).esf(
                from: LocalDate(iso: from)!, to: LocalDate(iso: to)!, funder: funder)
            switch global.format {
            case .json: try printJSON(indicators)
            case .csv: print(indicators.table.csv, terminator: "")
            case .table: print(indicators.text, terminator: "")
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
            let selection: PrintSignInSheets.Selection
            if let session {
                guard let key = SessionKey(session) else {
                    throw CommandFailure("no scheduled session matches (see planner schedule show)")
                }
                selection = .session(key)
            } else {
                selection = offering.map { .offering($0) } ?? .date(date ?? "")
            }
            let name = session.map {
                $0.replacingOccurrences(of: "#", with: "-").replacingOccurrences(of: "/", with: "-")
            }
            let path = output ?? "sign-in-\(name ?? offering ?? date ?? "sheets").pdf"
            let outcome = try await PrintSignInSheets(
                selection, output: URL(fileURLWithPath: path), organiser: organiser
            ).run(in: global.context)
            print("Wrote \(outcome.sheets) sign-in sheet(s), \(outcome.pages) page(s), to \(path)")
        }
    }
}
