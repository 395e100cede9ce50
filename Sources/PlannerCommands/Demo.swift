public import ArgumentParser
import Foundation
import PlannerServices
import Scheduling

extension Planner {
    /// `planner demo …`: sample data.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the whole job on built-in sample data, or generate planning problems of any size.",
            subcommands: [Run.self, Generate.self],
            defaultSubcommand: Run.self)
    }
}

extension ProblemSize: ExpressibleByArgument {}

extension Planner.Demo {
    /// `planner demo generate --size S|M|L|XL --seed N --output DIR`
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a random valid planning problem as input files (curriculum XML + planning CSV).",
            discussion: """
                Writes curriculum.xml, calendar.csv, venues.csv, trainers.csv, funders.csv, offerings.csv and
                tracks.csv into DIR. The same size and seed always give the same files. Then:
                  planner curriculum import DIR/curriculum.xml && planner schedule import DIR/*.csv && planner schedule
                """)

        @Option(help: "S (20 offerings), M (200), L (2,000) or XL (about 20,000 sessions).")
        var size: ProblemSize = .s

        @Option(help: "Seed.")
        var seed: UInt64 = 1

        @Option(name: .shortAndLong, help: "Folder to write into (created if needed).")
        var output: String

        func run() async throws {
            let folder = URL(fileURLWithPath: output, isDirectory: true)
            let outcome = try GenerateProblemFiles(size: size, seed: seed, folder: folder).run()
            print(
                "Wrote \(outcome.files) files to \(folder.path): \(outcome.offerings) offerings, "
                    + "\(outcome.cohorts) cohorts, \(outcome.sessions) sessions.")
        }
    }
}
