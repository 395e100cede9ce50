import Foundation
import PlannerCore

/// A problem the local-search engine can improve: it holds a current solution, proposes random
/// neighbours with what they would change in cost (delta evaluation), and can go back to a solution it
/// gave out earlier.
///
/// The seminar scheduler (``Solver``: cohorts removed and re-inserted, sessions moved) runs on this engine.
/// The CB-CTT timetabler (``CBCTTSolver``) has a loop of its own (``Annealer``): at millions of moves a
/// second, a move made through this protocol's closure and snapshots cost more than the move itself.
protocol LocalSearchSpace {
    associatedtype Snapshot

    /// How many things the search moves (lectures, cohorts): the stall before a restart scales with it.
    var size: Int { get }
    /// The cost of the current solution (lower is better).
    var cost: Int { get }
    /// Draws a random neighbour of the current solution. When `accept` takes its cost change, the space
    /// moves there and returns the change; otherwise the solution is left as it was and the result is `nil`
    /// (also when the draw gave nothing to try).
    mutating func tryRandomMove(using random: inout SeededGenerator, accept: (Int) -> Bool) -> Int?
    /// The current solution, to come back to.
    func snapshot() -> Snapshot
    /// Makes a solution from ``snapshot()`` the current one again.
    mutating func restore(_ snapshot: Snapshot)
}

/// How the engine accepts moves and when it restarts: simulated annealing, cooled from `startTemperature`
/// to `endTemperature` by the clock (by the moves made when their number is limited); a temperature of 0 accepts only moves that do not make the
/// cost worse (hill climbing with sideways moves).
struct AnnealingSchedule: Sendable {
    var startTemperature: Double
    var endTemperature: Double
    /// Moves without a new best, per unit of ``LocalSearchSpace/size``, before the search goes back to its
    /// best solution and warms up a little.
    var stallPerUnit: Int
    /// Moves between two looks at the clock (a clock read costs more than a cheap move).
    var clockEvery: Int
    /// A cost nothing can beat: the search stops there.
    var lowerBound: Int
    /// Moves at least between two copies of a new best solution (a copy costs the solution's size; the
    /// solution is copied again when the search is back at its best).
    var saveEvery = 1
}

/// How a search is going.
struct LocalSearchProgress: Sendable {
    /// Seconds since the search started.
    var elapsed: Double
    /// Moves tried.
    var iterations: Int
    /// Cost of the current solution.
    var current: Int
    /// Best cost so far.
    var best: Int
    /// Returns to the best solution after a stall.
    var restarts: Int
}

/// The engine: simulated annealing with restarts, a time limit and an iteration limit, deterministic for
/// a seed and an iteration limit, with progress about twice a second.
enum LocalSearch {
    /// Improves `space` until the limits and leaves it holding the best solution found.
    static func run<Space: LocalSearchSpace>(
        _ space: inout Space, schedule: AnnealingSchedule, seconds: Double, iterations: Int,
        random: inout SeededGenerator, progress: ((LocalSearchProgress, Space) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) {
        var current = space.cost
        var best = current
        // Hill climbing never leaves its best solution: no snapshots to take (they cost a copy of the
        // solution on the next move).
        let climbing = schedule.startTemperature <= 0
        var bestSolution = climbing ? nil : space.snapshot()
        // The cost of `bestSolution`, and whether a better solution than it has been seen but not copied yet.
        var saved = current
        var lastSave = 0
        let saveEvery = max(1, schedule.saveEvery)
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        var iteration = 0
        var temperature = schedule.startTemperature
        var lastImprovement = 0
        var restarts = 0
        var lastReport = -1.0
        let stall = max(1, schedule.stallPerUnit * max(1, space.size))
        let clockEvery = max(1, schedule.clockEvery)
        func report(_ time: Double) {
            lastReport = time
            progress?(
                LocalSearchProgress(
                    elapsed: time, iterations: iteration, current: current, best: best, restarts: restarts), space)
        }
        while iteration < iterations {
            if let shouldStop, iteration & 1_023 == 0, shouldStop() { break }
            if iteration % clockEvery == 0 {
                let time = elapsed()
                if time >= seconds || best <= schedule.lowerBound { break }
                // Cooling by the clock, or by the moves when their number is limited (so that a seed and
                // an iteration limit give the same search on any machine); after a restart the search
                // starts a little warmer than the cooling.
                let fraction =
                    iterations < Int.max ? Double(iteration) / Double(iterations) : time / max(seconds, 0.001)
                if schedule.startTemperature > 0 {
                    temperature =
                        schedule.startTemperature
                        * pow(schedule.endTemperature / schedule.startTemperature, fraction)
                        * (restarts > 0 ? 1.5 : 1)
                }
                if progress != nil, time - lastReport >= 0.5 { report(time) }
                if iteration - lastImprovement > stall, let bestSolution {
                    space.restore(bestSolution)
                    current = saved
                    best = saved
                    lastImprovement = iteration
                    restarts += 1
                }
            }
            iteration += 1
            if !climbing, current == best, best < saved, iteration - lastSave >= saveEvery {
                bestSolution = space.snapshot()
                saved = best
                lastSave = iteration
            }
            let threshold = Double(random.next(upperBound: UInt64(1_000_000))) / 1_000_000
            let t = temperature
            let accept: (Int) -> Bool = { delta in
                delta <= 0 || (t > 0 && threshold < exp(-Double(delta) / t))
            }
            guard let delta = space.tryRandomMove(using: &random, accept: accept) else { continue }
            current += delta
            if current < best {
                best = current
                if !climbing, iteration - lastSave >= saveEvery {
                    bestSolution = space.snapshot()
                    saved = best
                    lastSave = iteration
                }
                lastImprovement = iteration
            }
        }
        if current > saved, let bestSolution {
            space.restore(bestSolution)
            current = saved
            best = saved
        } else {
            best = current
        }
        report(elapsed())
    }

    /// Several independent searches, one per thread, made by `make` for search 0, 1, …; returns them all
    /// once every one has finished, in that order (the caller picks the best, ties to the lowest index, so
    /// the result is the same for the same seeds and iteration limit).
    ///
    /// Each search has a thread of its own, all running at once: with more searches than cores they share
    /// the cores, so a time limit still ends them all at about the same time (a pool the size of the cores
    /// would run them in turns, each for the whole limit).
    static func parallel<Result: Sendable>(
        threads: Int, _ search: @escaping @Sendable (Int) -> Result
    ) -> [Result] {
        let count = max(1, threads)
        let results = Slots<Result>(count: count)
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                results.set(index, search(index))
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return results.all
    }
}

/// Results of parallel searches, one slot per search.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }
    var all: [Value] { lock.withLock { slots.map { $0! } } }
}
