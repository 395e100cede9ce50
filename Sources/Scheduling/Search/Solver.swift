import Foundation
import PlannerCore

/// Solves a scheduling problem: a construction heuristic that places cohorts by priority, each in its
/// best feasible placement whose cost the funders can still pay, then a local search that removes and
/// re-places cohorts, moves one session or swaps two, annealing when the limits leave enough moves per cohort
/// and climbing otherwise (``Solver/calibratedSchedule(using:)``); a problem that is a timetabling problem is
/// improved with the timetabling moves instead (``Solver/improveWithTimetablingMoves(_:order:)``).
/// Deterministic for a seed and an iteration limit.
public func solve(_ problem: SchedulingProblem, options: SolveOptions = SolveOptions()) -> ScheduleResult {
    guard options.threads > 1 else {
        var solver = Solver(problem: problem, options: options)
        return solver.run()
    }
    // Searches with the timetabling moves share their best timetable; the others race.
    let exchange = Exchange(searches: options.threads, rounds: 20)
    let results = LocalSearch.parallel(threads: options.threads) { index in
        var single = options
        single.seed = options.seed &+ UInt64(index)
        single.threads = 1
        if index > 0 { single.progress = nil }
        var solver = Solver(problem: problem, options: single)
        solver.exchange = (exchange, index)
        defer { exchange.leave(index) }
        return solver.run()
    }
    return results.enumerated().min { ($0.element.score, $0.offset) < ($1.element.score, $1.offset) }!.element
}

struct Solver {
    let problem: SchedulingProblem
    let options: SolveOptions
    let grid: Grid
    /// How schedules are scored.
    let scoring: Scoring
    var currency: Currency { scoring.currency }
    var state: SearchState
    var random: SeededGenerator
    var reasons: [Cohort: [String]] = [:]
    let start = ContinuousClock.now
    var lastReport = -1.0
    var constructed = false
    /// The funding flow of the cohorts placed (and of fixed ones when their funders can pay them).
    var funding: IncrementalFunding
    /// Published sessions by cohort.
    var published: [Cohort: [PublishedSession]] { scoring.published }
    /// The first ranked (trainer, venue) pairs of each offering (``rankedPairs(for:all:)``).
    var pairCache: [Int: [(trainer: Int, venue: Int, cost: Int64)]] = [:]
    /// The cohorts the improvement moves, and the score of the current schedule while it runs.
    var improvementOrder: [Cohort] = []
    var currentScore = 0
    /// How the improvement draws its moves (chosen with the temperature, ``calibratedSchedule(using:)``).
    var mix = MoveMix.climbing
    /// Where this search meets the others of a run on several threads (used by the timetabling moves).
    var exchange: (Exchange, index: Int)?

    init(problem: SchedulingProblem, options: SolveOptions) {
        self.problem = problem
        self.options = options
        grid = Grid(problem)
        state = SearchState(grid: grid)
        random = SeededGenerator(seed: options.seed)
        funding = IncrementalFunding(funders: problem.funders)
        scoring = Scoring(problem: problem, grid: grid)
    }

    var elapsed: Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: - Order

    /// Cohorts in placing order: higher (effective) priority first, prerequisites before dependents,
    /// then the hardest (fewest candidate resources) first.
    func placingOrder() -> [Cohort] {
        let offerings = problem.offerings
        var effective = offerings.map(\.priority)
        // A prerequisite is as urgent as what depends on it.
        for _ in offerings.indices {
            for (index, offering) in offerings.enumerated() {
                for prerequisite in offering.prerequisites {
                    if let other = grid.offeringIndex[prerequisite] {
                        effective[other] = max(effective[other], effective[index])
                    }
                }
            }
        }
        var depth = [Int](repeating: 0, count: offerings.count)
        for _ in offerings.indices {
            for (index, offering) in offerings.enumerated() {
                for prerequisite in offering.prerequisites {
                    if let other = grid.offeringIndex[prerequisite] {
                        depth[index] = max(depth[index], depth[other] + 1)
                    }
                }
            }
        }
        return problem.cohorts.sorted { a, b in
            let i = grid.offeringIndex[a.offeringID]!
            let j = grid.offeringIndex[b.offeringID]!
            if effective[i] != effective[j] { return effective[i] > effective[j] }
            if depth[i] != depth[j] { return depth[i] < depth[j] }
            let freedomA = grid.venuesFor[i].count * grid.trainersFor[i].count
            let freedomB = grid.venuesFor[j].count * grid.trainersFor[j].count
            if freedomA != freedomB { return freedomA < freedomB }
            return a < b
        }
    }

    // MARK: - Run

    mutating func run() -> ScheduleResult {
        let order = placingOrder()
        // Cohorts that have started stay exactly where they are.
        for cohort in order where published[cohort]?.contains(where: \.fixed) == true {
            guard let placement = fixedPlacement(for: cohort) else { continue }
            // Counted when its funders can pay it; placed in any case.
            _ = fund(cohort, placement)
            state.place(placement, for: cohort)
        }
        // Published sessions next, where they still fit.
        for cohort in order where published[cohort] != nil && state.placements[cohort] == nil {
            if let placement = publishedPlacement(for: cohort), fund(cohort, placement) {
                state.place(placement, for: cohort)
            }
        }
        for cohort in order where state.placements[cohort] == nil {
            if options.shouldStop?() == true { return result() }
            insert(cohort)
            report()
        }
        constructed = true
        report(force: true)
        improve(order: order)
        return result()
    }

    /// Progress at most twice a second (and at the end of each phase).
    private mutating func report(force: Bool = false) {
        guard options.progress != nil, force || elapsed - lastReport >= 0.5 else { return }
        lastReport = elapsed
        options.progress?(
            SolveProgress(
                elapsed: elapsed, placed: state.placements.count, total: problem.cohorts.count,
                score: scoring.totalScore(of: state),
                constructed: constructed))
    }

    /// Places a cohort at its best fundable placement, or records why it cannot be placed.
    @discardableResult
    mutating func insert(_ cohort: Cohort) -> Bool {
        let options = candidatePlacements(for: cohort, limit: 24)
        if options.isEmpty {
            reasons[cohort] = explainUnplaceable(cohort)
            return false
        }
        let ranked = options.sorted { $0.score < $1.score }
        for option in ranked {
            guard fund(cohort, option.placement) else { continue }
            state.place(option.placement, for: cohort)
            reasons[cohort] = nil
            return true
        }
        reasons[cohort] = explainUnfundable(cohort, cheapest: ranked.min { $0.cost < $1.cost }!.placement)
        return false
    }

    /// Whether a cohort has started and so must not move.
    func isFixed(_ cohort: Cohort) -> Bool { published[cohort]?.contains(where: \.fixed) == true }

    /// The stored placement of a cohort that has started, taken as it is (no feasibility check).
    func fixedPlacement(for cohort: Cohort) -> Placement? {
        guard let sessions = published[cohort]?.map(\.session).sorted(by: { $0.index < $1.index }), !sessions.isEmpty
        else { return nil }
        var placement = Placement(times: [], venues: [], trainers: [])
        for session in sessions {
            guard let time = grid.time(of: session), let v = grid.venueIndex[session.venueID],
                let t = grid.trainerIndex[session.trainerID]
            else { return nil }
            placement.times.append(time)
            placement.venues.append(v)
            placement.trainers.append(t)
        }
        return placement
    }

    /// The published placement of a cohort, if every session is still feasible as published.
    func publishedPlacement(for cohort: Cohort) -> Placement? {
        guard let sessions = published[cohort]?.filter(\.pinned).map(\.session).sorted(by: { $0.index < $1.index }),
            let offering = grid.offeringIndex[cohort.offeringID].map({ problem.offerings[$0] }),
            sessions.count == offering.sessionsPerCohort
        else { return nil }
        var placement = Placement(times: [], venues: [], trainers: [])
        for session in sessions {
            guard let time = grid.time(of: session), let v = grid.venueIndex[session.venueID],
                let t = grid.trainerIndex[session.trainerID],
                grid.venuesFor[grid.offeringIndex[cohort.offeringID]!].contains(v),
                grid.trainersFor[grid.offeringIndex[cohort.offeringID]!].contains(t)
            else { return nil }
            guard state.venueFree(v, at: time), state.trainerFree(t, at: time), state.tracksFree(cohort, at: time)
            else { return nil }
            placement.times.append(time)
            placement.venues.append(v)
            placement.trainers.append(t)
        }
        return placement
    }

    // MARK: - Funding

    /// Whether every placed cohort plus this one can be paid in full (the funding is left as it was).
    mutating func fundable(adding cohort: Cohort, _ placement: Placement) -> Bool {
        guard fund(cohort, placement) else { return false }
        funding.remove(cohort)
        return true
    }

    /// Adds the cohort's need to the funding if every placed cohort and this one can then be paid in
    /// full; otherwise leaves the funding as it was.
    mutating func fund(_ cohort: Cohort, _ placement: Placement) -> Bool {
        if funding.add(state.need(for: cohort, placement: placement, currency: currency), for: cohort) { return true }
        funding.remove(cohort)
        return false
    }

    /// The funding of every cohort placed, built again from the placements (after placing without it).
    mutating func rebuildFunding() {
        funding = IncrementalFunding(
            funders: problem.funders,
            needs: state.placements.keys.sorted().map {
                ($0, state.need(for: $0, placement: state.placements[$0]!, currency: currency))
            })
    }

    /// Removes a cohort and its need.
    mutating func remove(_ cohort: Cohort) {
        state.remove(cohort)
        funding.remove(cohort)
    }

    // MARK: - Improvement

    /// Local search on the engine (``LocalSearch``): move one session of a cohort, or remove a cohort (and,
    /// for one left out, cohorts in its way) and re-insert, accepting changes as the annealing schedule
    /// says.
    mutating func improve(order: [Cohort]) {
        guard !order.isEmpty else { return }
        if let instance = timetablingInstance() {
            improveWithTimetablingMoves(instance, order: order)
            return
        }
        if let (exchange, index) = exchange { exchange.leave(index) }
        improvementOrder = order
        currentScore = scoring.totalScore(of: state)
        // The engine and the moves draw from a stream apart from the one candidate placements use; the
        // engine draws once per move whatever the temperature, so the moves drawn for a seed do not depend
        // on it.
        var random = SeededGenerator(seed: options.seed &+ 0x9E37_79B9_7F4A_7C15)
        let schedule = calibratedSchedule(using: &random)
        LocalSearch.run(
            &self, schedule: schedule, seconds: max(0, options.seconds - elapsed),
            iterations: options.iterations, random: &random,
            progress: options.progress == nil ? nil : { search, solver in solver.report(search) },
            shouldStop: options.shouldStop)
        if options.shouldStop?() == true { return }
        // Anything still unplaced gets its final explanation against the final schedule.
        for cohort in order where state.placements[cohort] == nil { insert(cohort) }
    }

    /// The search, calibrated on the problem itself. If the limits leave at least ``movesPerCohortToAnneal``
    /// moves per cohort (the iteration limit, or the pace of a sample of moves drawn and refused from the first
    /// schedule over the time left), the search anneals with ``MoveMix/annealing`` from
    /// ``startTemperature(rises:)``, cooled a hundredfold by the end. Otherwise (or when no move makes the
    /// schedule worse) it climbs with ``MoveMix/climbing``: annealing with few moves per cohort only wanders (the
    /// generated L problem at 30 s, about 30 moves per cohort, ended 0.002% worse).
    mutating func calibratedSchedule(using random: inout SeededGenerator) -> AnnealingSchedule {
        let needed = Solver.movesPerCohortToAnneal * Double(max(1, improvementOrder.count))
        // An iteration limit too low to anneal: no sample (the search is the one it was before annealing).
        guard options.iterations == Int.max || Double(options.iterations) >= needed else {
            mix = .climbing
            return Solver.climbing
        }
        mix = .annealing
        var rises: [Int] = []
        let began = ContinuousClock.now
        for drawn in 1...Solver.calibrationMoves {
            _ = tryRandomMove(using: &random) { delta in
                if delta > 0 { rises.append(delta) }
                return false
            }
            // Under a time limit, the pace of the sample says how many moves the time left allows; a slow
            // problem stops sampling early.
            guard options.iterations == Int.max, drawn % 100 == 0 else { continue }
            let spent = ContinuousClock.now - began
            let pace =
                Double(drawn)
                / max(1e-9, Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18)
            guard pace * max(0, options.seconds - elapsed) >= needed else {
                mix = .climbing
                return Solver.climbing
            }
        }
        guard let start = Solver.startTemperature(rises: rises) else {
            mix = .climbing
            return Solver.climbing
        }
        return AnnealingSchedule(
            startTemperature: start, endTemperature: start / 100, stallPerUnit: 1_000_000, clockEvery: 1,
            lowerBound: 0, saveEvery: max(1, improvementOrder.count))
    }

    /// The temperature annealing starts from: the lower quartile of the rises in score of sampled moves that
    /// would make the schedule worse, leaving out those that leave a cohort out (`nil` without any). The median
    /// started too hot on CB-CTT comp02 (281 against 104 at 30 s), the lowest tenth too cold (191, a course
    /// left out); rises from leaving cohorts out, most of the sample when the first schedule left a few out,
    /// made the search leave cohorts out freely (an instance shaped like CB-CTT ended at 2,197 instead of
    /// 16–30).
    static func startTemperature(rises: [Int]) -> Double? {
        let soft = rises.filter { $0 > 0 && $0 < Scoring.unplacedWeight }.sorted()
        return soft.isEmpty ? nil : Double(soft[soft.count / 4])
    }

    /// Moves drawn to calibrate the search.
    static let calibrationMoves = 1_000
    /// Moves per cohort the limits must leave for annealing.
    static let movesPerCohortToAnneal = 2_000.0

    /// Hill climbing with sideways moves (a temperature of 0). Restarts are off in effect: the current schedule
    /// is never worse than the best.
    static let climbing = AnnealingSchedule(
        startTemperature: 0, endTemperature: 0, stallPerUnit: 1_000_000, clockEvery: 1, lowerBound: 0)

    /// Progress during the improvement (the engine calls it about twice a second).
    func report(_ search: LocalSearchProgress) {
        options.progress?(
            SolveProgress(
                elapsed: elapsed, placed: state.placements.count, total: problem.cohorts.count, score: search.current,
                constructed: true, iterations: search.iterations))
    }

    // MARK: - Result

    func result() -> ScheduleResult {
        var sessions: [Session] = []
        for cohort in problem.cohorts.sorted() {
            guard let placement = state.placements[cohort] else { continue }
            let order = placement.times.indices.sorted { placement.times[$0] < placement.times[$1] }
            for (position, index) in order.enumerated() {
                let time = placement.times[index]
                sessions.append(
                    Session(
                        cohort: cohort, index: position + 1, date: grid.days[grid.day(of: time)],
                        slot: grid.slots[grid.slot(of: time)], venueID: problem.venues[placement.venues[index]].id,
                        trainerID: problem.trainers[placement.trainers[index]].id))
            }
        }
        let needs = state.placements.keys.sorted().map {
            state.need(for: $0, placement: state.placements[$0]!, currency: currency)
        }
        let plan = FundingPlan(needs: needs, funders: problem.funders)
        let costs = state.placements.keys.sorted().map { cohort -> CohortCosts in
            let placement = state.placements[cohort]!
            let offering = problem.offerings[grid.offeringIndex[cohort.offeringID]!]
            let (fees, rent) = state.costs(of: placement, currency: currency)
            return CohortCosts(
                cohort: cohort, cost: fees + rent, penalties: scoring.penalties(cohort, offering, placement, in: state))
        }
        var moved: [MovedSession] = []
        let placedByKey = Dictionary(
            sessions.map { ("\($0.cohort.label)/\($0.index)", $0) }, uniquingKeysWith: { a, _ in a })
        for published in problem.published {
            let key = "\(published.session.cohort.label)/\(published.session.index)"
            if let now = placedByKey[key], now != published.session {
                moved.append(MovedSession(before: published.session, after: now))
            }
        }
        let unscheduled = problem.cohorts.sorted().filter { state.placements[$0] == nil }.map {
            UnscheduledCohort(cohort: $0, reasons: reasons[$0] ?? ["could not be placed"])
        }
        return ScheduleResult(
            sessions: sessions, unscheduled: unscheduled, funding: plan.allocations, costs: costs, moved: moved,
            score: scoring.totalScore(of: state))
    }
}
