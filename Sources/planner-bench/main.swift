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
        subcommands: [CBCTT.self, Score.self, Seminar.self])

    /// `planner-bench cbctt FILE.ctt --seconds N --seed S --output FILE.sol`
    struct CBCTT: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cbctt",
            abstract: "Solve an ITC-2007 curriculum-based timetabling instance and score it.",
            discussion: """
                The instance is read into the general scheduling model (courses → offerings of one cohort with \
                their teacher, curricula → tracks, rooms → venues, days × periods → open days × slots, the \
                ITC-2007 cost → soft weights). The timetabling search (lecture moves, room changes, swaps, \
                Kempe chains) then works on the timetable that problem is; --solver seminar runs the seminar \
                scheduler of `planner schedule` on the same problem instead (its first schedule, then the same \
                timetabling moves, since the problem is a timetabling problem), --solver general the seminar \
                scheduler with its own moves (those it uses on problems with budgets, trainers to choose or \
                spacing). The timetable is scored by the ITC-2007 scorer and by the general model's own \
                evaluation, which must agree.
                """)
        @Argument(help: "The .ctt instance.") var file: String
        @Option(help: "Time limit in seconds.") var seconds: Double = 60
        @Option(help: "Seed.") var seed: UInt64 = 1
        @Option(help: "Most moves (as `planner schedule --iterations`); none by default.") var iterations: Int?
        @Option(name: .shortAndLong, help: "Write the solution here (course room day period per line).") var output:
            String?
        @Option(help: "Independent searches on this many threads (seeds seed, seed+1, …); the best wins.")
        var threads: Int = 1
        @Option(
            help: """
                timetabling (lecture moves, the default), seminar (the `planner schedule` solver) or general (the \
                seminar scheduler with its own moves).
                """)
        var solver = "timetabling"
        @Flag(help: "Print the search's progress on standard error twice a second.") var progress = false

        func validate() throws {
            guard ["timetabling", "seminar", "general"].contains(solver) else {
                throw ValidationError("--solver is timetabling, seminar or general")
            }
        }

        func run() throws {
            let parsed = try CBCTTInstance(parsing: String(contentsOfFile: file, encoding: .utf8), file: file)
            let problem = parsed.schedulingProblem
            let instance = try CBCTTInstance(problem: problem, name: parsed.name)
            let started = Date()
            let solution: [CBCTTAssignment]
            if solver != "timetabling" {
                let report: @Sendable (SolveProgress) -> Void = { report in
                    let line = String(
                        format: "%6.1f s  current %ld  %ld moves  %ld/%ld placed\n", report.elapsed, report.score,
                        report.iterations, report.placed, report.total)
                    FileHandle.standardError.write(Data(line.utf8))
                }
                var options = SolveOptions(
                    seed: seed, seconds: seconds, iterations: iterations ?? Int.max, threads: threads,
                    progress: progress ? report : nil)
                options.timetablingMoves = solver == "seminar"
                let result = Scheduling.solve(problem, options: options)
                solution = instance.assignments(result.sessions, in: problem)
                for left in result.unscheduled {
                    FileHandle.standardError.write(
                        Data("not placed: \(left.cohort): \(left.reasons.joined(separator: "; "))\n".utf8))
                }
            } else if threads > 1 {
                solution = CBCTTSolver.solve(
                    instance, threads: threads, seconds: seconds, iterations: iterations ?? Int.max, seed: seed)
            } else {
                var search = CBCTTSolver(instance)
                solution = search.solve(
                    seconds: seconds, iterations: iterations ?? Int.max, seed: seed,
                    progress: progress
                        ? { report in
                            FileHandle.standardError.write(
                                Data(
                                    String(
                                        format: "%6.1f s  best %ld  current %ld  %ld moves  %ld restarts\n",
                                        report.elapsed, report.best, report.current, report.iterations,
                                        report.restarts
                                    ).utf8))
                        } : nil)
            }
            let score = instance.score(solution)
            let general = evaluate(instance.sessions(solution, in: problem), for: problem)
            if let output { try Data(instance.solutionText(solution).utf8).write(to: URL(fileURLWithPath: output)) }
            print(
                String(
                    format: "%@: %@ in %.1f s (seed %llu); general model score %ld", instance.name,
                    score.description, Date().timeIntervalSince(started), seed, general.score))
            if score.hard == 0 && general.score != score.soft {
                throw ValidationError("the general model scores \(general.score), the ITC-2007 scorer \(score.soft)")
            }
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

    /// `planner-bench seminar --size M --seed 1 --seconds 30 --problem P.json --output OURS.json`
    struct Seminar: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a seminar problem, solve it with our engine, and write both for other solvers.",
            discussion: """
                The problem (static filters applied) and our schedule are written in the terms bench/cpsat and \
                bench/seminar_check.py read. Prints the time to the first complete schedule, the time used and \
                our score.
                """)
        @Option(help: "S, M, L or XL.") var size: String = "M"
        @Option(help: "Seed of the generated problem and of the search.") var seed: UInt64 = 1
        @Option(help: "Time limit in seconds.") var seconds: Double = 30
        @Option(help: "Write the problem here.") var problem: String
        @Option(name: .shortAndLong, help: "Write our schedule here.") var output: String
        @Option(help: "Independent searches on this many threads (seeds seed, seed+1, …); the best wins.")
        var threads: Int = 1

        func run() throws {
            guard let size = ProblemSize(rawValue: size.uppercased()) else {
                throw ValidationError("--size takes S, M, L or XL")
            }
            let generated = generateProblem(size: size, seed: seed).problem
            try SeminarExchange.problem(generated).write(to: URL(fileURLWithPath: problem))
            let started = Date()
            let firstComplete = Box()
            let moves = Box()
            let result = solve(
                generated,
                options: SolveOptions(
                    seed: seed, seconds: seconds, iterations: Int.max, threads: threads,
                    progress: { progress in
                        if progress.constructed { firstComplete.set(progress.elapsed) }
                        moves.replace(Double(progress.iterations))
                    }))
            try SeminarExchange.schedule(result, of: generated).write(to: URL(fileURLWithPath: output))
            print(
                String(
                    format:
                        "ours: score %ld, %ld of %ld cohorts placed, first schedule (construction) after %@, "
                        + "%.0f improvement moves, %.1f s in all",
                    result.score, generated.cohorts.count - result.unscheduled.count, generated.cohorts.count,
                    firstComplete.value.map { String(format: "%.2f s", $0) } ?? "never", moves.value ?? 0,
                    Date().timeIntervalSince(started)))
        }
    }
}

/// The first value set, shared with the solver's progress callback.
final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Double?
    var value: Double? { lock.withLock { stored } }
    func set(_ value: Double) { lock.withLock { if stored == nil { stored = value } } }
    func replace(_ value: Double) { lock.withLock { stored = value } }
}
