import Foundation
import PlannerCore

/// Simulated annealing for CB-CTT on a ``Timetable``: a greedy start, then lectures moved to another period
/// and/or room (changing places with the lecture there, if any) and swapped, each scored by what it changes.
/// Deterministic for a seed and an iteration limit; stops at the time limit otherwise.
public struct CBCTTSolver {
    let instance: CBCTTInstance
    let timetable: Timetable
    var settings = CBCTTSettings()

    public init(_ instance: CBCTTInstance) {
        self.instance = instance
        timetable = Timetable(instance.fittingTheRooms())
    }

    /// Solves: a greedy start, then annealing until the limits. `progress` hears about the search about twice
    /// a second. A solver solves once (its timetable is the run's): make another for another run.
    public mutating func solve(
        seconds: Double, iterations: Int = Int.max, seed: UInt64,
        progress: ((CBCTTProgress) -> Void)? = nil
    ) -> [CBCTTAssignment] {
        solve(seconds: seconds, iterations: iterations, seed: seed, progress: progress, exchange: nil)
    }

    func solve(
        seconds: Double, iterations: Int, seed: UInt64, progress: ((CBCTTProgress) -> Void)? = nil,
        exchange: (Exchange, index: Int)?
    ) -> [CBCTTAssignment] {
        var random = SeededGenerator(seed: seed)
        construct()
        let search = Annealer(timetable: timetable, settings: settings)
        search.run(
            seconds: seconds, iterations: iterations, random: &random, progress: progress, exchange: exchange)
        return timetable.assignments
    }

    /// Several searches, one per thread with seeds `seed`, `seed + 1`, …, that share their best timetable 20
    /// times in the run (``Exchange``); the best timetable wins (ties to the lowest seed, so the result is the
    /// same for the same seeds and iteration limit).
    public static func solve(
        _ instance: CBCTTInstance, threads: Int, seconds: Double, iterations: Int = Int.max, seed: UInt64
    ) -> [CBCTTAssignment] {
        let exchange = Exchange(searches: max(1, threads), rounds: 20)
        let results = LocalSearch.parallel(threads: threads) { index in
            let solver = CBCTTSolver(instance)
            return solver.solve(
                seconds: seconds, iterations: iterations, seed: seed &+ UInt64(index), exchange: (exchange, index))
        }
        return results.enumerated().min { a, b in
            let x = instance.score(a.element)
            let y = instance.score(b.element)
            return (x.hard, x.soft, a.offset) < (y.hard, y.soft, b.offset)
        }!.element
    }

    /// The greedy start: lectures of the most constrained courses first (unavailable periods, then courses
    /// they share a curriculum or teacher with, then lectures), each in the free room and period where it
    /// costs least.
    func construct() {
        let t = timetable
        var degree = [Int](repeating: 0, count: t.courses)
        for c in 0..<t.courses {
            var related = Set<Int>()
            for other in 0..<t.courses where other != c && t.teacher[other] == t.teacher[c] { related.insert(other) }
            for q in instance.curricula where q.courses.contains(c) { related.formUnion(q.courses) }
            related.remove(c)
            degree[c] = instance.unavailable[c].count + related.count
        }
        let order = (0..<t.lectures).sorted {
            let a = t.course[$0]
            let b = t.course[$1]
            return (degree[a], instance.courses[a].lectures, -$0) > (degree[b], instance.courses[b].lectures, -$1)
        }
        for l in order { t.placeWhereCheapest(l, hardWeight: settings.hardWeight) }
    }
}

extension Timetable {
    /// Puts lecture `l` (not placed) in the free room and period where it costs least, hard violations
    /// weighing `hardWeight`.
    func placeWhereCheapest(_ l: Int, hardWeight weight: Int) {
        var cheapest = (cost: Int.max, period: 0, room: 0)
        for p in 0..<periods {
            for r in 0..<rooms where occupant[r * periods + p] < 0 {
                let before = cost(weight: weight)
                place(l, period: p, room: r)
                let change = cost(weight: weight) - before
                lift(l)
                if change < cheapest.cost { cheapest = (change, p, r) }
            }
        }
        place(l, period: cheapest.period, room: cheapest.room)
    }
}

/// How the annealer searches: the same for every instance (no setting is chosen per instance).
struct CBCTTSettings: Sendable {
    /// What one hard violation costs in the greedy start.
    var hardWeight = 1_000
    /// Start and end temperatures, with ``levels`` geometric steps between them. The same for every instance
    /// (chosen on three seeds of comp04, comp06, comp07 and comp10 among 2, 4 and 8 to start, 0.03, 0.08 and 0.2
    /// to end; docs/benchmarks.md).
    var startTemperature = 8.0
    var endTemperature = 0.08
    /// The temperature of the feasibility phase (hard violations only).
    var repairTemperature = 0.3
    /// Temperature levels between the start and end temperatures: each gets an equal share of the time (of the
    /// moves) left when it begins.
    var levels = 100
    /// A level ends early when the moves it accepted that raise the cost reach this fraction of the moves it
    /// is expected to try: the instance's own acceptance decides how long the search stays hot, and the time a
    /// hot level does not use goes to the colder ones.
    /// (Chosen among 0.003, 0.01 and 0.03 on comp05, comp07 and comp10; docs/benchmarks.md.)
    var cutoff = 0.01
    /// Of 16 moves: how many are Kempe chains between the lecture's period and another.
    var kempe = 1
    /// Of 16 moves: how many swap a lecture with another lecture.
    var swaps = 4
    /// Of 16 moves: how many change the lecture's room only. The rest move it to a random period, and room
    /// (changing places with the lecture there, if any).
    var roomChanges = 3
    /// Of 16 moves to a random period: how many keep the room.
    var sameRoom = 8
}

/// The annealing loop over a timetable.
struct Annealer {
    let timetable: Timetable
    let settings: CBCTTSettings

    /// Anneals until the limits and leaves the timetable at the best one seen: fewest hard violations, then
    /// lowest cost (a timetable with violations is never kept when one without was seen).
    ///
    /// Feasibility first: while the timetable has hard violations, the search counts nothing else and picks
    /// the lectures it moves among those in violation; once it has none, the cost is annealed and no move
    /// that breaks a hard constraint is taken, whatever it would save (a weight would not do: one Kempe chain
    /// can save more than any weight chosen in advance).
    ///
    /// With an `exchange`, the search meets the other searches of the exchange at ``Exchange/rounds`` points of
    /// its time (of its moves under an iteration limit) and goes on from the best timetable any of them has
    /// found when it is better than its own.
    func run(
        seconds: Double, iterations: Int, random: inout SeededGenerator, progress: ((CBCTTProgress) -> Void)?,
        exchange: (Exchange, index: Int)? = nil, shouldStop: (() -> Bool)? = nil
    ) {
        defer { exchange.map { $0.0.leave($0.index) } }
        let t = timetable
        guard t.lectures > 0 else { return }
        var best = (hard: t.hard, soft: t.soft)
        var saved: [Int32] = []
        t.snapshot(into: &saved)
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        var iteration = 0
        var lastReport = -1.0
        func report(_ time: Double) {
            lastReport = time
            progress?(
                CBCTTProgress(
                    elapsed: time, iterations: iteration, current: 1_000 * t.hard + t.soft,
                    best: 1_000 * best.hard + best.soft, restarts: 0))
        }
        // Feasibility: hard violations only, at a low fixed temperature.
        var feasible = t.hard == 0
        /// What the timetable's change since `hard` and `soft` costs: hard violations alone while repairing;
        /// then the cost, with any new hard violation refused whatever it saves.
        func change(_ hard: Int, _ soft: Int) -> Int {
            feasible ? (t.hard > hard ? Int.max : t.soft - soft) : t.hard - hard
        }
        var temperature = feasible ? settings.startTemperature : settings.repairTemperature
        let limited = iterations < Int.max
        /// Where the search is in its limit: moves under an iteration limit, else seconds.
        func clock(_ time: Double) -> Double { limited ? Double(iteration) : time }
        let end = limited ? Double(iterations) : seconds
        var level = 0
        var levelStart = 0.0
        var levelStartIteration = 0
        var uphill = 0
        func becomeFeasible() {
            feasible = true
            level = 0
            levelStart = clock(elapsed())
            levelStartIteration = iteration
            uphill = 0
            temperature = settings.startTemperature
        }
        var meetings = 1
        /// Whether annealing refuses a change of `delta` at the current temperature.
        func refused(_ delta: Int) -> Bool {
            guard delta > 0 else { return false }
            if Double(random.next() >> 11) * 0x1p-53 >= exp(-Double(delta) / temperature) { return true }
            uphill += 1
            return false
        }
        let ratio = settings.endTemperature / settings.startTemperature
        let lectures = UInt64(t.lectures)
        let periods = UInt64(t.periods)
        let rooms = UInt64(t.rooms)
        while iteration < iterations {
            if iteration & 1_023 == 0 {
                let time = elapsed()
                if time >= seconds || (best.hard == 0 && best.soft == 0) || shouldStop?() == true { break }
                if feasible && level < settings.levels - 1 {
                    let now = clock(time)
                    let slice = (end - levelStart) / Double(settings.levels - level)
                    let moves = iteration - levelStartIteration
                    // Moves the level is expected to try: its share of the limit at the pace of the level so far.
                    let expected = limited ? slice : slice * Double(moves) / max(now - levelStart, 1e-6)
                    if now - levelStart >= slice || (moves > 0 && Double(uphill) >= settings.cutoff * expected) {
                        level += 1
                        levelStart = now
                        levelStartIteration = iteration
                        uphill = 0
                        temperature =
                            settings.startTemperature * pow(ratio, Double(level) / Double(settings.levels - 1))
                    }
                }
                if progress != nil, time - lastReport >= 0.5 { report(time) }
                let overall = iterations < Int.max ? Double(iteration) / Double(iterations) : time / max(seconds, 0.001)
                if let (exchange, index) = exchange, meetings < exchange.rounds,
                    overall >= Double(meetings) / Double(exchange.rounds)
                {
                    meetings += 1
                    let shared = exchange.meet(index, hard: best.hard, soft: best.soft, saved: saved)
                    if shared.hard < best.hard || (shared.hard == best.hard && shared.soft < best.soft) {
                        saved = shared.saved
                        t.restore(saved)
                        best = (t.hard, t.soft)
                        if !feasible && t.hard == 0 { becomeFeasible() }
                    }
                }
            }
            iteration += 1
            var l = Int(random.next(upperBound: lectures))
            if !feasible {
                var tries = 0
                while tries < 16 && !t.inViolation(l) {
                    l = Int(random.next(upperBound: lectures))
                    tries += 1
                }
            }
            let c = t.course[l]
            let p = t.period[l]
            let r = t.room[l]
            let kind = Int(random.next() & 15)
            var toPeriod: Int
            var toRoom: Int
            if kind < settings.kempe {
                let before = (t.hard, t.soft)
                guard t.kempe(l, to: Int(random.next(upperBound: periods))) else { continue }
                if refused(change(before.0, before.1)) {
                    t.undoKempe()
                    continue
                }
            } else {
                if kind < settings.kempe + settings.swaps {
                    let other = Int(random.next(upperBound: lectures))
                    toPeriod = t.period[other]
                    toRoom = t.room[other]
                } else if kind < settings.kempe + settings.swaps + settings.roomChanges {
                    toPeriod = p
                    toRoom = Int(random.next(upperBound: rooms))
                } else {
                    toPeriod = Int(random.next(upperBound: periods))
                    toRoom = Int(random.next() & 15) < settings.sameRoom ? r : Int(random.next(upperBound: rooms))
                }
                if toPeriod == p && toRoom == r { continue }
                let other = t.occupant[toRoom * t.periods + toPeriod]
                if other >= 0 && t.course[other] == c { continue }
                if feasible && toPeriod != p
                    && (t.clashes(l, at: toPeriod, leaving: other)
                        || (other >= 0 && t.clashes(other, at: p, leaving: l)))
                {
                    continue
                }
                let before = (t.hard, t.soft)
                t.move(l, period: toPeriod, room: toRoom, with: other)
                if refused(change(before.0, before.1)) {
                    t.move(l, period: p, room: r, with: other)
                    continue
                }
            }
            if t.hard < best.hard || (t.hard == best.hard && t.soft < best.soft) {
                best = (t.hard, t.soft)
                t.snapshot(into: &saved)
                if !feasible && t.hard == 0 { becomeFeasible() }
            }
        }
        if (t.hard, t.soft) != best { t.restore(saved) }
        report(elapsed())
    }
}

/// Where searches on several threads meet to share their best timetable: each waits at a meeting until every
/// search still running has come (a search that has finished no longer counts), then all leave with the best
/// timetable brought (fewest hard violations, then lowest cost, then the lowest search index, so that the
/// result is the same for the same seeds and iteration limit).
final class Exchange: @unchecked Sendable {
    let rounds: Int
    private let condition = NSCondition()
    private var running: Int
    private var arrived = 0
    /// The searches that have left (a search may say so more than once).
    private var left = Set<Int>()
    private var meeting = 0
    private var offers: [(index: Int, hard: Int, soft: Int, saved: [Int32])] = []
    private var best: (hard: Int, soft: Int, saved: [Int32]) = (0, 0, [])

    init(searches: Int, rounds: Int) {
        running = searches
        self.rounds = rounds
    }

    func meet(_ index: Int, hard: Int, soft: Int, saved: [Int32]) -> (hard: Int, soft: Int, saved: [Int32]) {
        condition.lock()
        defer { condition.unlock() }
        offers.append((index, hard, soft, saved))
        arrived += 1
        let this = meeting
        if arrived == running {
            close()
        } else {
            while meeting == this { condition.wait() }
        }
        return best
    }

    /// A search that has finished leaves: the others no longer wait for it.
    func leave(_ index: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard left.insert(index).inserted else { return }
        running -= 1
        if arrived > 0 && arrived == running { close() }
    }

    private func close() {
        let winner = offers.min { ($0.hard, $0.soft, $0.index) < ($1.hard, $1.soft, $1.index) }!
        best = (winner.hard, winner.soft, winner.saved)
        offers = []
        arrived = 0
        meeting += 1
        condition.broadcast()
    }
}

extension CBCTTInstance {
    /// The instance with no more lectures than rooms × periods can hold (the timetable keeps one lecture per
    /// room and period): lectures beyond are dropped from the courses with most, and the scorer counts them
    /// as missing.
    func fittingTheRooms() -> CBCTTInstance {
        var fitted = self
        var excess = courses.map(\.lectures).reduce(0, +) - rooms.count * periods
        while excess > 0,
            let most = fitted.courses.indices.max(by: { fitted.courses[$0].lectures < fitted.courses[$1].lectures })
        {
            fitted.courses[most].lectures -= 1
            excess -= 1
        }
        return fitted
    }
}

/// How an annealing run is going.
public struct CBCTTProgress: Sendable {
    /// Seconds since the annealing started.
    public var elapsed: Double
    /// Moves tried.
    public var iterations: Int
    /// Cost of the current timetable (hard violations weigh 1,000).
    public var current: Int
    /// Best cost so far (hard violations weigh 1,000).
    public var best: Int
    /// Restarts from the best timetable so far.
    public var restarts: Int
}
