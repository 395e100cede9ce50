import ArgumentParser
import Foundation
import PlannerCore
import Scheduling
import Workspace

extension Planner {
    /// `planner schedule …`: plan sessions into dates, slots, venues and trainers, paid by funders.
    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan the programme: import planning files, solve, show, export, publish.",
            subcommands: [Solve.self, Import.self, Show.self, Export.self, Publish.self, Suggest.self],
            defaultSubcommand: Solve.self)
    }
}

extension Planner.Schedule {
    /// `planner schedule import FILE...`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import planning files (calendar, venues, trainers, funders, offerings, tracks as CSV).",
            discussion: """
                Files are recognised by name (venues.csv …) or by their columns; UTF-8 with or without BOM, comma
                or semicolon. Every file is checked first; nothing is imported if any has an error.
                Formats: docs/formats.md.
                """)

        @Argument(help: "CSV files.")
        var files: [String]

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            var reader = PlanningReader()
            for file in files { reader.read(URL(fileURLWithPath: file), file: file) }
            var diagnostics = reader.diagnostics
            if !diagnostics.containsErrors { diagnostics += try workspace.check(reader.inputs) }
            for diagnostic in diagnostics.sortedByPosition() { printError(String(describing: diagnostic)) }
            guard !diagnostics.containsErrors else {
                printError("error: nothing was imported; fix the errors above and run the import again")
                throw ExitCode.failure
            }
            let summary = try workspace.importPlanning(reader.inputs)
            if global.format == .json {
                try printJSON(summary.counts)
            } else {
                let parts = summary.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                print("Imported " + (parts.isEmpty ? "nothing" : parts.joined(separator: ", ")) + ".")
            }
        }
    }

    /// `planner schedule [solve]`
    struct Solve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solve",
            abstract: "Schedule every cohort (highest priority first); explain what cannot be placed.",
            discussion:
                "Progress goes to standard error. Published (pinned) sessions stay where they are when they can.")

        @Option(help: "Seconds for the improvement search.")
        var seconds: Double = 10

        @Option(help: "Seed: the same workspace and seed give the same schedule.")
        var seed: UInt64 = 1

        @Option(help: "Most improvement moves.")
        var iterations: Int = 20_000

        @Option(
            help: """
                Independent searches on that many threads, with seeds SEED, SEED+1, …; the best schedule wins                 (the same for the same seeds when the iteration limit stops the searches).
                """)
        var threads: Int = 1

        @Option(
            name: .customLong("weight"),
            help: "Soft-constraint weight NAME=VALUE (repeatable): \(SoftWeights.names.joined(separator: ", ")).")
        var weightSettings: [String] = []

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
            guard iterations >= 0 else { throw ValidationError("--iterations must not be negative") }
            guard (1...64).contains(threads) else { throw ValidationError("--threads must be between 1 and 64") }
            _ = try weights()
        }

        func weights() throws -> SoftWeights {
            var weights = SoftWeights()
            for setting in weightSettings {
                let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let value = Int(parts[1]), value >= 0 else {
                    throw ValidationError("--weight takes NAME=VALUE with a whole number, not '\(setting)'")
                }
                guard weights.set(parts[0], to: value) else {
                    throw ValidationError(
                        "unknown weight '\(parts[0])'; known: \(SoftWeights.names.joined(separator: ", "))")
                }
            }
            return weights
        }

        func run() async throws {
            let workspace = try global.openWorkspace()
            let data = try workspace.planningData()
            guard let calendar = data.calendar else {
                throw CommandFailure("no calendar: import calendar.csv first (planner schedule import calendar.csv …)")
            }
            guard !data.offerings.isEmpty else {
                throw CommandFailure(
                    "no offerings: import offerings.csv first (planner schedule import offerings.csv …)")
            }
            // Published (pinned) sessions are kept when they can be and reported when they move; cohorts
            // that have started (attendance may be recorded) stay exactly as they are.
            let stored = try workspace.schedule().sessions
            let now = currentTime()
            let started = Set(stored.filter { $0.start <= now }.map(\.session.cohort)).union(
                try workspace.markedCohorts())
            let published = stored.filter { $0.pinned || started.contains($0.session.cohort) }.map {
                PublishedSession(session: $0.session, pinned: true, fixed: started.contains($0.session.cohort))
            }
            let problem = SchedulingProblem(
                calendar: calendar, venues: data.venues, trainers: data.trainers, funders: data.funders,
                offerings: data.offerings, tracks: data.tracks, weights: try weights(), published: published)
            let quiet = global.format == .json
            let options = SolveOptions(
                seed: seed, seconds: seconds, iterations: iterations, threads: threads,
                progress: { progress in
                    guard !quiet else { return }
                    printError(
                        String(
                            format: "  %6.1fs  placed %ld/%ld cohorts  score %ld", progress.elapsed, progress.placed,
                            progress.total, progress.score))
                })
            let result = Scheduling.solve(problem, options: options)
            try workspace.saveSchedule(
                result.sessions, funding: result.funding,
                unscheduled: result.unscheduled.map { ($0.cohort, $0.reasons) },
                seed: seed, score: result.score, moved: result.moved.count)
            if quiet {
                try printJSON(ScheduleJSON(try workspace.schedule(), score: result.score))
                return
            }
            let placed = Set(result.sessions.map(\.cohort)).count
            print(
                "Scheduled \(placed) of \(problem.cohorts.count) cohorts (\(result.sessions.count) sessions); score \(result.score)."
            )
            if !result.moved.isEmpty {
                print("\nMoved since published (\(result.moved.count)):")
                for move in result.moved {
                    print(
                        "  \(move.before.cohort.label) session \(move.before.index): \(describe(move.before)) → \(describe(move.after))"
                    )
                }
            }
            let costly = result.costs.sorted { $0.penalties.values.reduce(0, +) > $1.penalties.values.reduce(0, +) }
            let shown = global.verbose ? costly : Array(costly.prefix(8))
            if !shown.isEmpty {
                print("\nSoft costs per cohort\(global.verbose ? "" : " (highest \(shown.count); --verbose for all)"):")
                var table = TextTable("cohort", "cost", "penalties")
                for item in shown {
                    table.add(
                        item.cohort.label, item.cost.description,
                        item.penalties.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                            separator: ", "))
                }
                print(table.rendered)
            }
            if !result.unscheduled.isEmpty {
                print("\nNot scheduled (\(result.unscheduled.count)):")
                for item in result.unscheduled {
                    print("  \(item.cohort.label):")
                    for reason in item.reasons { print("    - \(reason)") }
                }
            }
            print("\nSee `planner schedule show`, `planner budget`, `planner schedule export --format ics`.")
        }

        private func describe(_ session: PlannerCore.Session) -> String {
            "\(session.date) \(session.slot.name) \(session.venueID) \(session.trainerID)"
        }
    }

    /// `planner schedule show`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the schedule (sessions, unscheduled cohorts, funding).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            let schedule = try workspace.schedule()
            if global.format == .json {
                try printJSON(ScheduleJSON(schedule, score: try workspace.lastScore() ?? 0))
                return
            }
            var table = TextTable("cohort", "#", "date", "slot", "time", "venue", "trainer", "pinned")
            for stored in schedule.sessions {
                let session = stored.session
                table.add(
                    session.cohort.label, String(session.index), session.date.description, session.slot.name,
                    "\(session.slot.start)–\(session.slot.end)", session.venueID, session.trainerID,
                    stored.pinned ? "yes" : "")
            }
            print(table.rendered)
            if !schedule.unscheduled.isEmpty {
                print("\nNot scheduled:")
                for item in schedule.unscheduled {
                    print("  \(item.cohort.label): \(item.reasons.joined(separator: "; "))")
                }
            }
        }
    }

    /// `planner schedule publish`
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pin every session: later solves move published sessions only when they must, and report it.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let count = try global.openWorkspace().publishSchedule()
            print("Published \(count) sessions.")
        }
    }
}

/// The JSON contract of `planner schedule show --format json` (docs/formats.md).
struct ScheduleJSON: Encodable {
    struct SessionJSON: Encodable {
        var offering: String
        var cohort: Int
        var index: Int
        var start: String
        var end: String
        var venue: String
        var trainer: String
        var sequence: Int
        var pinned: Bool
    }

    struct UnscheduledJSON: Encodable {
        var offering: String
        var cohort: Int
        var reasons: [String]
    }

    struct FundingJSON: Encodable {
        var offering: String
        var cohort: Int
        var funder: String
        var kind: String
        var amount: String
        var currency: String
    }

    var sessions: [SessionJSON]
    var unscheduled: [UnscheduledJSON]
    var funding: [FundingJSON]
    var score: Int

    init(_ schedule: StoredSchedule, score: Int) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = schedule.timeZone?.timeZone ?? TimeZone(identifier: "UTC")!
        formatter.formatOptions = [.withInternetDateTime]
        sessions = schedule.sessions.map {
            SessionJSON(
                offering: $0.session.cohort.offeringID, cohort: $0.session.cohort.number, index: $0.session.index,
                start: formatter.string(from: $0.start), end: formatter.string(from: $0.end), venue: $0.session.venueID,
                trainer: $0.session.trainerID, sequence: $0.sequence, pinned: $0.pinned)
        }
        unscheduled = schedule.unscheduled.map {
            UnscheduledJSON(offering: $0.cohort.offeringID, cohort: $0.cohort.number, reasons: $0.reasons)
        }
        funding = schedule.funding.map {
            FundingJSON(
                offering: $0.cohort.offeringID, cohort: $0.cohort.number, funder: $0.funderID, kind: $0.kind.rawValue,
                amount: $0.amount.decimalString, currency: $0.amount.currency.code)
        }
        self.score = score
    }
}

extension Planner.Schedule {
    /// `planner schedule suggest OFFERING`
    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The best few placements for one more cohort of an offering, moving nothing else.")

        @Argument(help: "Offering id.")
        var offering: String

        @Option(help: "How many suggestions.")
        var count: Int = 5

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            let data = try workspace.planningData()
            guard let calendar = data.calendar else { throw CommandFailure("no calendar: import calendar.csv first") }
            guard data.offerings.contains(where: { $0.id == offering }) else {
                throw CommandFailure("no offering '\(offering)' in the workspace")
            }
            let published = try workspace.schedule().sessions.map {
                PublishedSession(session: $0.session, pinned: true)
            }
            let problem = SchedulingProblem(
                calendar: calendar, venues: data.venues, trainers: data.trainers, funders: data.funders,
                offerings: data.offerings, tracks: data.tracks, published: published)
            let (suggestions, reasons) = Scheduling.suggest(problem, offeringID: offering, count: count)
            if suggestions.isEmpty {
                throw CommandFailure(
                    "no placement for another cohort of \(offering): " + reasons.joined(separator: "; "))
            }
            for (number, suggestion) in suggestions.enumerated() {
                print("\(number + 1). cost \(suggestion.cost), score \(suggestion.score)")
                for session in suggestion.sessions {
                    print(
                        "   \(session.index). \(session.date) \(session.slot.name) \(session.slot.start)–\(session.slot.end)  "
                            + "\(session.venueID)  \(session.trainerID)")
                }
            }
        }
    }
}
