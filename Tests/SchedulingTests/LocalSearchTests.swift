import PlannerCore
import Testing

@testable import Scheduling

/// A toy space for the engine: values to bring to their targets, one changed per move; the cost is the
/// total distance, kept by delta.
private struct Targets: LocalSearchSpace {
    let targets: [Int]
    var values: [Int]
    var cost: Int
    var restores = 0

    init(_ targets: [Int]) {
        self.targets = targets
        values = Array(repeating: 0, count: targets.count)
        cost = targets.reduce(0) { $0 + abs($1) }
    }

    var size: Int { values.count }

    mutating func tryRandomMove(using random: inout SeededGenerator, accept: (Int) -> Bool) -> Int? {
        let index = Int(random.next(upperBound: UInt64(values.count)))
        let value = Int(random.next(upperBound: UInt64(21))) - 10
        let delta = abs(value - targets[index]) - abs(values[index] - targets[index])
        guard accept(delta) else { return nil }
        values[index] = value
        cost += delta
        return delta
    }

    func snapshot() -> ([Int], Int) { (values, cost) }

    mutating func restore(_ snapshot: ([Int], Int)) {
        (values, cost) = snapshot
        restores += 1
    }
}

@Suite struct LocalSearchTests {
    let targets = [3, -7, 0, 9, -2, 5, 5, -10, 1, 8]

    private func search(_ schedule: AnnealingSchedule, seed: UInt64, iterations: Int) -> (
        Targets, [LocalSearchProgress]
    ) {
        var space = Targets(targets)
        var random = SeededGenerator(seed: seed)
        var reports: [LocalSearchProgress] = []
        LocalSearch.run(
            &space, schedule: schedule, seconds: 60, iterations: iterations, random: &random,
            progress: { progress, _ in reports.append(progress) })
        return (space, reports)
    }

    @Test func hillClimbingReachesTheOptimumAndStopsThere() {
        let climb = AnnealingSchedule(
            startTemperature: 0, endTemperature: 0, stallPerUnit: 1_000, clockEvery: 1, lowerBound: 0)
        let (space, reports) = search(climb, seed: 1, iterations: 1_000_000)
        #expect(space.values == targets)
        #expect(space.cost == 0)
        // It stopped at the lower bound, long before the iteration limit.
        let last = reports.last!
        #expect(last.best == 0 && last.current == 0)
        #expect(last.iterations < 100_000)
    }

    @Test func annealingEndsOnItsBestSolutionAndIsDeterministic() {
        // Hot enough to accept many worse moves, and too few moves to finish: the space must come back to
        // the best solution seen, whose cost the progress reports.
        let hot = AnnealingSchedule(
            startTemperature: 50, endTemperature: 20, stallPerUnit: 1_000_000, clockEvery: 10, lowerBound: -1)
        let (first, reports) = search(hot, seed: 7, iterations: 400)
        let (second, _) = search(hot, seed: 7, iterations: 400)
        let (other, _) = search(hot, seed: 8, iterations: 400)
        #expect(first.values == second.values)
        #expect(first.values != other.values)
        #expect(first.cost == zip(first.values, targets).reduce(0) { $0 + abs($1.0 - $1.1) })
        #expect(first.cost == reports.last!.best)
        #expect(reports.last!.iterations == 400)
    }

    @Test func aStalledSearchGoesBackToItsBest() {
        // Restart after 3 moves per value without a new best, and hot: restores must happen.
        let restless = AnnealingSchedule(
            startTemperature: 100, endTemperature: 100, stallPerUnit: 3, clockEvery: 1, lowerBound: -1)
        let (space, reports) = search(restless, seed: 3, iterations: 5_000)
        #expect(reports.last!.restarts > 0)
        #expect(space.restores >= reports.last!.restarts)
        #expect(space.cost == reports.last!.best)
    }

    @Test func parallelSearchesComeBackInOrder() {
        let results = LocalSearch.parallel(threads: 3) { index in index * 10 }
        #expect(results == [0, 10, 20])
    }
}

/// The seminar scheduler on the engine: the score it keeps move by move (from the cohorts a move changes
/// and their tracks) is the score computed from scratch.
@Suite struct SeminarSearchTests {
    @Test(arguments: [MoveMix.climbing, .annealing])
    func theScoreKeptMoveByMoveIsTheFullScore(mix: MoveMix) {
        for seed in [UInt64(1), 5] {
            let problem = generateProblem(size: .s, seed: seed).problem
            var solver = Solver(problem: problem, options: SolveOptions(seed: seed, seconds: 60, iterations: 0))
            _ = solver.run()
            // The annealing mix swaps sessions between cohorts (re-funded when their venues differ).
            solver.mix = mix
            solver.improvementOrder = problem.cohorts
            solver.currentScore = solver.scoring.totalScore(of: solver.state)
            var random = SeededGenerator(seed: seed)
            var accepted = 0
            for move in 0..<400 {
                // Accept a third of the moves whatever they cost, so that worse schedules are visited too.
                let take = move % 3 == 0
                if solver.tryRandomMove(using: &random, accept: { $0 <= 0 || take }) != nil { accepted += 1 }
                #expect(
                    solver.currentScore == solver.scoring.totalScore(of: solver.state), "seed \(seed), move \(move)")
            }
            #expect(accepted > 50)
            // Whatever was accepted (single sessions moved to other times, venues and trainers included),
            // the schedule holds every hard constraint, funding included.
            #expect(violations(of: solver.result(), in: problem).isEmpty, "seed \(seed)")
        }
    }

    /// The search anneals only when its limits leave it thousands of moves per cohort, from a temperature
    /// on the scale of the soft penalties even when the first schedule leaves cohorts out; drawing the sample
    /// leaves the schedule as it was.
    @Test func theSearchAnnealsAtTheScaleOfTheSoftPenaltiesOnlyWithMovesToSpare() {
        let problem = generateProblem(size: .s, seed: 1).problem
        for iterations in [100, 100_000_000] {
            var solver = Solver(problem: problem, options: SolveOptions(seed: 1, seconds: 60, iterations: iterations))
            for cohort in solver.placingOrder() { solver.insert(cohort) }
            #expect(solver.state.placements.count < problem.cohorts.count, "some cohorts are left out")
            solver.improvementOrder = problem.cohorts
            solver.currentScore = solver.scoring.totalScore(of: solver.state)
            let before = solver.state.placements
            var random = SeededGenerator(seed: 1)
            let schedule = solver.calibratedSchedule(using: &random)
            #expect(solver.state.placements == before)
            #expect(solver.currentScore == solver.scoring.totalScore(of: solver.state))
            if iterations == 100 {
                #expect(schedule.startTemperature == 0)
                #expect(solver.mix == .climbing)
            } else {
                #expect(schedule.startTemperature > 0)
                #expect(schedule.startTemperature < Double(Scoring.unplacedWeight) / 1_000)
                #expect(schedule.endTemperature == schedule.startTemperature / 100)
                #expect(solver.mix == .annealing)
            }
        }
    }

    /// A track's idle slots and isolated sessions, counted in order (small tracks) or by day (large ones): the
    /// same counts, duplicates included.
    @Test func bothWaysOfCountingATracksGapsAgree() {
        let problem = generateProblem(size: .s, seed: 2).problem
        let grid = Grid(problem)
        let scoring = Scoring(problem: problem, grid: grid)
        var random = SeededGenerator(seed: 9)
        for size in [1, 2, 5, 30, 64, 65, 300] {
            let times = (0..<size).map { _ in Int(random.next(upperBound: UInt64(min(grid.timeCount, 40)))) }
            let inOrder = scoring.countsInOrder(times)
            let byDay = scoring.countsByDay(times)
            #expect(inOrder.gaps == byDay.gaps && inOrder.isolated == byDay.isolated, "\(size) times")
        }
        // Day 0, slots 0, 1 and 3: one idle slot, one isolated session.
        let slots = grid.slots.count
        if slots >= 4 { #expect(scoring.countsInOrder([3, 0, 1]) == (gaps: 1, isolated: 1)) }
    }

    @Test func theStartTemperatureIgnoresRisesFromLeavingCohortsOut() {
        let leavingOut = Array(repeating: Scoring.unplacedWeight, count: 8) + [2 * Scoring.unplacedWeight]
        #expect(Solver.startTemperature(rises: leavingOut + [5, 2, 9, 7]) == 5)
        #expect(Solver.startTemperature(rises: [4]) == 4)
        #expect(Solver.startTemperature(rises: leavingOut) == nil)
        #expect(Solver.startTemperature(rises: []) == nil)
    }

    @Test func parallelSearchesKeepTheBestAndAreDeterministic() {
        let problem = generateProblem(size: .s, seed: 3).problem
        let one = solve(problem, options: SolveOptions(seed: 4, seconds: 60, iterations: 300))
        let three = solve(problem, options: SolveOptions(seed: 4, seconds: 60, iterations: 300, threads: 3))
        let again = solve(problem, options: SolveOptions(seed: 4, seconds: 60, iterations: 300, threads: 3))
        #expect(three.score <= one.score)
        #expect(three.sessions == again.sessions)
        #expect(three.score == again.score)
    }
}
