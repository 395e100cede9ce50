import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices
import Scheduling

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
            let outcome = try await ImportPlanning(files: inputFiles(files)).run(in: global.context)
            printDiagnostics(outcome.warnings)
            if global.format == .json {
                try printJSON(outcome.summary.counts)
            } else {
                let parts = outcome.summary.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
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
                """
                Progress goes to standard error. Published (pinned) sessions stay where they are when they can. \
                A programme without funders, costs, published sessions, weekly maximums, prerequisites or \
                spacing beyond one day, whose offerings each have one trainer, is a timetabling problem: its \
                first schedule is improved with the timetabling moves (lectures moved and swapped, Kempe \
                chains, clashes repaired first), tens of times more moves a second than those that carry budgets.
                """)

        @Option(help: "Seconds for the improvement search.")
        var seconds: Double = 10

        @Option(help: "Seed: the same workspace and seed give the same schedule.")
        var seed: UInt64 = 1

        @Option(
            help: """
                Most improvement moves. With 2,000 or more per cohort to schedule (within --seconds) the search \
                anneals; with fewer it climbs.
                """)
        var iterations: Int = 20_000

        @Option(
            help: """
                Independent searches on that many threads, with seeds SEED, SEED+1, …; the best schedule wins \
                (the same for the same seeds when the iteration limit stops the searches).
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
            let quiet = global.format == .json
            let solve = SolveSchedule(
                seed: seed, seconds: seconds, iterations: iterations, threads: threads, weights: try weights(),
                progress: quiet ? nil : Self.printProgress)
            let outcome = try await solve.run(in: global.context)
            let result = outcome.result
            if quiet {
                try printJSON(ScheduleJSON(outcome.schedule, score: result.score))
                return
            }
            let placed = Set(result.sessions.map(\.cohort)).count
            print(
                "Scheduled \(placed) of \(outcome.cohorts) cohorts (\(result.sessions.count) sessions); score \(result.score)."
            )
            if !result.moved.isEmpty {
                print("\nMoved since published (\(result.moved.count)):")
                for move in result.moved {
                    print(
                        "  \(move.before.cohort.label) session \(move.before.index): \(describe(move.before)) → \(describe(move.after))"
                    )
                }
            }
            printCosts(result)
            if !result.unscheduled.isEmpty {
                print("\nNot scheduled (\(result.unscheduled.count)):")
                for item in result.unscheduled {
                    print("  \(item.cohort.label):")
                    for reason in item.reasons { print("    - \(reason)") }
                }
            }
            print("\nSee `planner schedule show`, `planner budget`, `planner schedule export --format ics`.")
        }

        /// The progress line on standard error.
        @Sendable static func printProgress(_ progress: ServiceProgress) {
            printError(
                String(
                    format: "  %6.1fs  placed %ld/%ld cohorts  score %ld", progress.elapsed, progress.done,
                    progress.total ?? 0, progress.score ?? 0))
        }

        /// The cohorts that cost most (all with --verbose).
        private func printCosts(_ result: ScheduleResult) {
            let costly = result.costs.sorted { $0.penalties.values.reduce(0, +) > $1.penalties.values.reduce(0, +) }
            let shown = global.verbose ? costly : Array(costly.prefix(8))
            guard !shown.isEmpty else { return }
            print("\nSoft costs per cohort\(global.verbose ? "" : " (highest \(shown.count); --verbose for all)"):")
            var table = ReportTable("cohort", "cost", "penalties")
            for item in shown {
                table.add(
                    item.cohort.label, item.cost.description,
                    item.penalties.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            print(table.rendered)
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
            let (schedule, score) = try ScheduleBook(global.context).current()
            if global.format == .json {
                try printJSON(ScheduleJSON(schedule, score: score))
                return
            }
            var table = ReportTable("cohort", "#", "date", "slot", "time", "venue", "trainer", "pinned")
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
            let count = try ScheduleBook(global.context).publish()
            print("Published \(count) sessions.")
        }
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
            let suggestions = try ScheduleBook(global.context).suggest(offering: offering, count: count)
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
