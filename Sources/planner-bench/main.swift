import ArgumentParser
import Foundation
import PlannerCore
import Scheduling

/// `planner-bench`: benchmarks of the scheduling engine (not part of the user CLI).
@main
struct PlannerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planner-bench",
        abstract: "Benchmarks of the scheduling engine.",
        subcommands: [CBCTT.self, Score.self])

    /// `planner-bench cbctt FILE.ctt --seconds N --seed S --output FILE.sol`
    struct CBCTT: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cbctt", abstract: "Solve an ITC-2007 curriculum-based timetabling instance and score it.")
        @Argument(help: "The .ctt instance.") var file: String
        @Option(help: "Time limit in seconds.") var seconds: Double = 60
        @Option(help: "Seed.") var seed: UInt64 = 1
        @Option(name: .shortAndLong, help: "Write the solution here (course room day period per line).") var output:
            String?

        func run() throws {
            let instance = try CBCTTInstance(
                parsing: String(contentsOfFile: file, encoding: .utf8), file: file)
            var solver = CBCTTSolver(instance)
            let started = Date()
            let solution = solver.solve(seconds: seconds, seed: seed)
            let score = instance.score(solution)
            if let output { try Data(instance.solutionText(solution).utf8).write(to: URL(fileURLWithPath: output)) }
            print(
                String(
                    format: "%@: %@ in %.1f s (seed %llu)", instance.name, score.description,
                    Date().timeIntervalSince(started), seed))
        }
    }

    /// `planner-bench score FILE.ctt FILE.sol`
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score a solution file with our scorer.")
        @Argument(help: "The .ctt instance.") var instance: String
        @Argument(help: "The solution.") var solution: String

        func run() throws {
            let parsed = try CBCTTInstance(parsing: String(contentsOfFile: instance, encoding: .utf8), file: instance)
            let assignments = try parsed.solution(
                parsing: String(contentsOfFile: solution, encoding: .utf8), file: solution)
            print(parsed.score(assignments).description)
        }
    }
}
