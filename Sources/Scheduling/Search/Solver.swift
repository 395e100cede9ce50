import Foundation
import PlannerCore

/// Solves a scheduling problem: a construction heuristic that places cohorts by priority, each in its
/// best feasible placement whose cost the funders can still pay, then a local search that removes and
/// re-places cohorts, or moves one session, while the score does not get worse. Deterministic for a seed
/// and an iteration limit.
public func solve(_ problem: SchedulingProblem, options: SolveOptions = SolveOptions()) -> ScheduleResult {
    guard options.threads > 1 else {
        var solver = Solver(problem: problem, options: options)
        return solver.run()
    }
    let results = LocalSearch.parallel(threads: options.threads) { index in
        var single = options
        single.seed = options.seed &+ UInt64(index)
        single.threads = 1
        if index > 0 { single.progress = nil }
        var solver = Solver(problem: problem, options: single)
        return solver.run()
    }
    return results.enumerated().min { ($0.element.score, $0.offset) < ($1.element.score, $1.offset) }!.element
}

struct Solver {
    let problem: SchedulingProblem
    let options: SolveOptions
    let grid: Grid
    let currency: Currency
    var state: SearchState
    var random: SeededGenerator
    var reasons: [Cohort: [String]] = [:]
    let start = ContinuousClock.now
    var lastReport = -1.0
    var constructed = false
    /// The funding flow of the cohorts placed (and of fixed ones when their funders can pay them).
    var funding: IncrementalFunding
    /// Published sessions by cohort.
    let published: [Cohort: [PublishedSession]]
    /// The first ranked (trainer, venue) pairs of each offering (``rankedPairs(for:all:)``).
    var pairCache: [Int: [(trainer: Int, venue: Int, cost: Int64)]] = [:]
    /// The cohorts the improvement moves, and the score of the current schedule while it runs.
    var improvementOrder: [Cohort] = []
    var currentScore = 0

    init(problem: SchedulingProblem, options: SolveOptions) {
        self.problem = problem
        self.options = options
        grid = Grid(problem)
        state = SearchState(grid: grid)
        random = SeededGenerator(seed: options.seed)
        funding = IncrementalFunding(funders: problem.funders)
        currency =
            problem.funders.first?.budget.currency ?? problem.venues.first?.costPerSlot.currency
            ?? problem.trainers.first?.feePerSession.currency ?? .euro
        published = Dictionary(grouping: problem.published, by: \.session.cohort)
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
                elapsed: elapsed, placed: state.placements.count, total: problem.cohorts.count, score: totalScore(),
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

    // MARK: - Candidates

    struct Option {
        var placement: Placement
        var score: Int
        var cost: Int64
    }

    /// Feasible placements for a cohort with one trainer and one venue for all its sessions, over
    /// several (trainer, venue) pairs and start days, best first by marginal soft score.
    mutating func candidatePlacements(for cohort: Cohort, limit: Int) -> [Option] {
        guard let offeringIndex = grid.offeringIndex[cohort.offeringID] else { return [] }
        let offering = problem.offerings[offeringIndex]
        guard let earliestDay = state.earliestStartDay(for: cohort, offering: offering) else { return [] }
        let latestDay = state.latestEndDay(for: cohort)
        let times = grid.timesFor[offeringIndex].filter {
            grid.day(of: $0) >= earliestDay && grid.day(of: $0) <= latestDay
        }
        guard times.count >= offering.sessionsPerCohort else { return [] }
        let count = offering.sessionsPerCohort
        var options: [Option] = []
        var pairsWithOptions = 0
        // The first ranked pairs usually suffice; all of them are ranked only when those run out.
        /// Tries one pair; true when enough options are found.
        func consider(_ pair: (trainer: Int, venue: Int, cost: Int64)) -> Bool {
            var found = 0
            // Try start points spread over the window, from a seeded offset.
            let starts = min(times.count, 6)
            let offset = Int(random.next(upperBound: UInt64(max(1, times.count))))
            var seen = Set<Int>()
            for k in 0..<starts {
                let startIndex = (offset + k * times.count / starts) % times.count
                guard
                    let placement = sequence(
                        for: cohort, offering: offering, trainer: pair.trainer, venue: pair.venue, times: times,
                        from: startIndex, count: count)
                else { continue }
                guard seen.insert(placement.times[0]).inserted else { continue }
                options.append(
                    Option(placement: placement, score: marginalScore(cohort, offering, placement), cost: pair.cost))
                found += 1
            }
            if found > 0 { pairsWithOptions += 1 }
            return pairsWithOptions >= 6 || options.count >= limit
        }
        // The first ranked pairs usually suffice; all of them are ranked only when those run out.
        let first = rankedPairs(for: offeringIndex, all: false)
        for pair in first where consider(pair) { return options }
        if first.count == Solver.rankedPairsKept {
            for pair in rankedPairs(for: offeringIndex, all: true).dropFirst(first.count) where consider(pair) {
                return options
            }
        }
        return options
    }

    /// How many ranked (trainer, venue) pairs are kept per offering.
    static let rankedPairsKept = 64

    /// An offering's (trainer, venue) pairs, cheapest first (free rooms and in-house experts), venues in
    /// its territory first: the first ``rankedPairsKept``, kept once ranked (the ranking depends on the
    /// problem only), or all of them. Ranking them again for every cohort placed was most of the
    /// construction on large problems (`perf`).
    mutating func rankedPairs(for offeringIndex: Int, all: Bool) -> [(trainer: Int, venue: Int, cost: Int64)] {
        if !all, let kept = pairCache[offeringIndex] { return kept }
        let offering = problem.offerings[offeringIndex]
        let count = Int64(offering.sessionsPerCohort)
        var keyed: [(key: Int64, trainer: Int, venue: Int, cost: Int64)] = []
        for trainer in grid.trainersFor[offeringIndex] {
            let t = problem.trainers[trainer]
            let fee = t.inHouse ? 0 : t.feePerSession.minorUnits
            for venue in grid.venuesFor[offeringIndex] {
                let cost = count * (fee + problem.venues[venue].costPerSlot.minorUnits)
                let over = max(0, offering.participantsPerCohort - problem.venues[venue].capacity)
                let crowding = count * Int64(over * problem.weights.overCapacity * 100)
                keyed.append((cost + crowding + Int64(territoryPenalty(offering, venue: venue)), trainer, venue, cost))
            }
        }
        keyed.sort { ($0.key, $0.trainer, $0.venue) < ($1.key, $1.trainer, $1.venue) }
        let ranked = keyed.map { (trainer: $0.trainer, venue: $0.venue, cost: $0.cost) }
        if all { return ranked }
        let kept = Array(ranked.prefix(Solver.rankedPairsKept))
        pairCache[offeringIndex] = kept
        return kept
    }

    func territoryPenalty(_ offering: Offering, venue: Int) -> Int {
        guard let territory = offering.territory, !territory.isEmpty else { return 0 }
        return problem.venues[venue].territory == territory ? 0 : problem.weights.outsideTerritory * 100
    }

    /// The first run of `count` feasible times from `times[startIndex]` on, respecting spacing and load;
    /// wraps around to earlier starts when the window ends.
    func sequence(
        for cohort: Cohort, offering: Offering, trainer: Int, venue: Int, times: [Int], from startIndex: Int,
        count: Int
    ) -> Placement? {
        let maxWeek = problem.trainers[trainer].maxSessionsPerWeek
        var chosen: [Int] = []
        var extraLoad: [Int: Int] = [:]
        var index = startIndex
        while index < times.count && chosen.count < count {
            let time = times[index]
            index += 1
            let day = grid.day(of: time)
            if let last = chosen.last {
                let gap = grid.days[grid.day(of: last)].days(to: grid.days[day])
                if gap < max(offering.minDaysBetween, 0) || (offering.minDaysBetween == 0 && time == last) { continue }
                if let maxGap = offering.maxDaysBetween, gap > maxGap {
                    // Too far: restart the run from this time.
                    chosen.removeAll()
                    extraLoad.removeAll()
                }
            }
            let week = grid.week[day]
            guard state.venueFree(venue, at: time), state.trainerFree(trainer, at: time),
                state.tracksFree(cohort, at: time),
                maxWeek <= 0 || state.weekLoad(trainer, week: week) + extraLoad[week, default: 0] < maxWeek
            else { continue }
            chosen.append(time)
            extraLoad[week, default: 0] += 1
        }
        guard chosen.count == count else { return nil }
        return Placement(
            times: chosen, venues: Array(repeating: venue, count: count),
            trainers: Array(repeating: trainer, count: count))
    }

    // MARK: - Score

    /// The soft penalties a cohort's placement incurs, by name.
    func penalties(_ cohort: Cohort, _ offering: Offering, _ placement: Placement) -> [String: Int] {
        let weights = problem.weights
        var result: [String: Int] = [:]
        let firstTrainer = placement.trainers.first
        let firstVenue = placement.venues.first
        let trainerChanges = placement.trainers.filter { $0 != firstTrainer }.count
        let venueChanges = placement.venues.filter { $0 != firstVenue }.count
        if trainerChanges > 0 { result["trainer-change"] = trainerChanges * weights.trainerChange }
        if venueChanges > 0 { result["venue-change"] = venueChanges * weights.venueChange }
        if let territory = offering.territory, !territory.isEmpty {
            let outside = placement.venues.filter { problem.venues[$0].territory != territory }.count
            if outside > 0 { result["outside-territory"] = outside * weights.outsideTerritory }
        }
        let (fees, rent) = state.costs(of: placement, currency: currency)
        let euros = Int((fees + rent).minorUnits / 100)
        if euros > 0 { result["cost"] = euros * weights.costPerEuro }
        let days = placement.times.map { grid.day(of: $0) }
        let distinctDays = Set(days).count
        let sameDay = days.count - distinctDays
        if sameDay > 0 { result["same-day"] = sameDay * weights.sameDay }
        if weights.minimumDays > 0, offering.minimumDays > distinctDays {
            result["min-days"] = (offering.minimumDays - distinctDays) * weights.minimumDays
        }
        if weights.overCapacity > 0 {
            let over = placement.venues.reduce(0) {
                $0 + max(0, offering.participantsPerCohort - problem.venues[$1].capacity)
            }
            if over > 0 { result["over-capacity"] = over * weights.overCapacity }
        }
        if weights.extraVenue > 0 {
            let extra = Set(placement.venues).count - 1
            if extra > 0 { result["extra-venue"] = extra * weights.extraVenue }
        }
        if let sessions = published[cohort]?.map(\.session) {
            let moved = sessions.filter { session in
                guard session.index - 1 < placement.times.count else { return true }
                return !matches(session, placement, at: session.index - 1)
            }.count
            if moved > 0 { result["moved"] = moved * weights.movedSession }
        }
        return result
    }

    func matches(_ session: Session, _ placement: Placement, at index: Int) -> Bool {
        let time = placement.times[index]
        return grid.days[grid.day(of: time)] == session.date
            && grid.slots[grid.slot(of: time)].name == session.slot.name
            && problem.venues[placement.venues[index]].id == session.venueID
            && problem.trainers[placement.trainers[index]].id == session.trainerID
    }

    func marginalScore(_ cohort: Cohort, _ offering: Offering, _ placement: Placement) -> Int {
        penalties(cohort, offering, placement).values.reduce(0, +) + loadPenalty(adding: placement)
    }

    /// Spreading work: a trainer already busy costs a little more.
    func loadPenalty(adding placement: Placement) -> Int {
        var total = 0
        for (index, time) in placement.times.enumerated() {
            total += state.weekLoad(placement.trainers[index], week: grid.week[grid.day(of: time)])
        }
        return total * problem.weights.trainerOverload
    }

    /// Unplaced cohorts weigh far more than any soft penalty, heavier with priority.
    func unplacedPenalty(_ cohort: Cohort) -> Int {
        let offering = problem.offerings[grid.offeringIndex[cohort.offeringID]!]
        return 10_000_000 * (1 + max(0, offering.priority))
    }

    func totalScore() -> Int {
        problem.cohorts.reduce(0) { $0 + contribution($1) }
            + problem.tracks.indices.reduce(0) { $0 + trackPenalty(track: $1) }
    }

    /// What one cohort adds to the score: its penalties where it is, or the price of leaving it out.
    func contribution(_ cohort: Cohort) -> Int {
        guard let placement = state.placements[cohort] else { return unplacedPenalty(cohort) }
        let offering = problem.offerings[grid.offeringIndex[cohort.offeringID]!]
        return penalties(cohort, offering, placement).values.reduce(0, +)
    }

    /// What one track adds to the score: idle slots between its sessions of a day (`track-gap`), and its
    /// sessions with no session of the track in the slot before or after on the same day
    /// (`isolated-session`).
    func trackPenalty(track index: Int) -> Int {
        let weights = problem.weights
        guard weights.trackGap > 0 || weights.isolatedSession > 0 else { return 0 }
        let counts = trackCounts(track: index)
        return counts.gaps * weights.trackGap + counts.isolated * weights.isolatedSession
    }

    /// A track's idle slots between sessions of a day, and its sessions with no session of the track in the
    /// slot before or after on the same day.
    func trackCounts(track index: Int) -> (gaps: Int, isolated: Int) {
        var gaps = 0
        var isolated = 0
        var byDay: [Int: [Int]] = [:]
        for cohort in problem.tracks[index].cohorts {
            for time in state.placements[cohort]?.times ?? [] {
                byDay[grid.day(of: time), default: []].append(grid.slot(of: time))
            }
        }
        for slots in byDay.values {
            let used = Set(slots)
            if slots.count > 1 { gaps += slots.max()! - slots.min()! + 1 - used.count }
            isolated += slots.filter { !used.contains($0 - 1) && !used.contains($0 + 1) }.count
        }
        return (gaps, isolated)
    }

    /// The part of the score that moving `cohorts` can change: their contributions and the gaps of their
    /// tracks (every other term stays as it is, so score differences are differences of this).
    func localScore(of cohorts: [Cohort]) -> Int {
        var tracks = Set<Int>()
        for cohort in cohorts { tracks.formUnion(grid.tracksOf[cohort] ?? []) }
        return cohorts.reduce(0) { $0 + contribution($1) } + tracks.reduce(0) { $0 + trackPenalty(track: $1) }
    }

    // MARK: - Improvement

    /// Local search on the engine (``LocalSearch``): move one session of a cohort, or remove a cohort (and,
    /// for one left out, cohorts in its way) and re-insert, accepting changes as the annealing schedule
    /// says.
    mutating func improve(order: [Cohort]) {
        guard !order.isEmpty else { return }
        improvementOrder = order
        currentScore = totalScore()
        // The engine and the moves draw from a stream apart from the one candidate placements use; the
        // engine draws once per move whatever the temperature, so the moves drawn for a seed do not depend
        // on it.
        var random = SeededGenerator(seed: options.seed &+ 0x9E37_79B9_7F4A_7C15)
        LocalSearch.run(
            &self, schedule: Solver.annealing, seconds: max(0, options.seconds - elapsed),
            iterations: options.iterations, random: &random,
            progress: options.progress == nil ? nil : { search, solver in solver.report(search) },
            shouldStop: options.shouldStop)
        if options.shouldStop?() == true { return }
        // Anything still unplaced gets its final explanation against the final schedule.
        for cohort in order where state.placements[cohort] == nil { insert(cohort) }
    }

    /// Hill climbing with sideways moves (a temperature of 0): measured on the generated problems (seed 1,
    /// 30 s), annealing from 2,000 down to 20 ended worse on M (110,237,950 against 110,235,590) and on L
    /// (1,582,269,630 against 1,582,269,310), as did 500 → 5 and 5,000 → 50 before moves were made cheap.
    /// Restarts are off in effect: the current schedule is never worse than the best.
    static let annealing = AnnealingSchedule(
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
            return CohortCosts(cohort: cohort, cost: fees + rent, penalties: penalties(cohort, offering, placement))
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
            score: totalScore())
    }
}

extension Solver: LocalSearchSpace {
    var size: Int { improvementOrder.count }

    var cost: Int { currentScore }

    /// Removes a random cohort and re-inserts it at its best fundable placement now; for a cohort left
    /// out, first moves away one to three cohorts in its way (using one of its qualified trainers or
    /// sharing a track with it), then re-inserts it and them.
    mutating func tryRandomMove(using random: inout SeededGenerator, accept: (Int) -> Bool) -> Int? {
        let order = improvementOrder
        var pick = Int(random.next(upperBound: UInt64(order.count)))
        // One move in four goes to the next cohort left out, if any: leaving one out weighs more than any
        // soft penalty, and with an iteration limit a uniform pick reaches each cohort only a few times.
        if state.placements.count < order.count && random.next(upperBound: UInt64(4)) == 0 {
            while state.placements[order[pick]] != nil { pick = (pick + 1) % order.count }
        }
        let cohort = order[pick]
        if isFixed(cohort) { return nil }
        if state.placements[cohort] != nil && random.next(upperBound: UInt64(4)) < Solver.sessionMoveQuarters {
            return trySessionMove(cohort, using: &random, accept: accept)
        }
        // The cohorts this move changes; the score changes only through them and their tracks.
        var changed = [cohort]
        if state.placements[cohort] == nil, let offeringIndex = grid.offeringIndex[cohort.offeringID] {
            // Cohorts in the way: those using one of its qualified trainers, and those sharing a track with it.
            let trainers = Set(grid.trainersFor[offeringIndex])
            var partners = Set<Cohort>()
            for track in grid.tracksOf[cohort] ?? [] { partners.formUnion(problem.tracks[track].cohorts) }
            let blockers = state.placements.filter {
                (partners.contains($0.key) || !trainers.isDisjoint(with: $0.value.trainers)) && !isFixed($0.key)
            }.keys.sorted()
            // Usually one of them, a quarter of the time two or three (measured: one alone left comp01's
            // most constrained course out for good; always one to three cost the generated M problem a
            // little), drawn without repeats.
            var pool = blockers
            let count = random.next(upperBound: UInt64(4)) == 0 ? 2 + Int(random.next(upperBound: UInt64(2))) : 1
            for _ in 0..<min(pool.count, count) {
                changed.append(pool.remove(at: Int(random.next(upperBound: UInt64(pool.count)))))
            }
        }
        let old = localScore(of: changed)
        // Undone by the inverse operations if refused: a snapshot would share the schedule's storage and
        // make every move copy it (a third of the time on L, `perf`).
        let oldPlacements = changed.map { state.placements[$0] }
        let oldReasons = changed.map { reasons[$0] }
        if changed.count == 1 {
            if state.placements[cohort] != nil { remove(cohort) }
            insert(cohort)
        } else {
            // Make room: move away the cohorts in its way, insert it, then re-insert them.
            for blocker in changed.dropFirst() { remove(blocker) }
            insert(cohort)
            for blocker in changed.dropFirst() { insert(blocker) }
        }
        let delta = localScore(of: changed) - old
        guard accept(delta) else {
            for cohort in changed where state.placements[cohort] != nil { remove(cohort) }
            for (index, cohort) in changed.enumerated() {
                reasons[cohort] = oldReasons[index]
                if let placement = oldPlacements[index] { putBack(cohort, placement) }
            }
            return nil
        }
        currentScore += delta
        return delta
    }

    /// Puts a cohort back where it was before a refused move, with its funding: the same cohorts as before
    /// the move were all paid, so they are again.
    mutating func putBack(_ cohort: Cohort, _ placement: Placement) {
        let paid = fund(cohort, placement)
        assert(paid, "\(cohort) was paid before the move")
        state.place(placement, for: cohort)
    }

    /// Quarters of the moves on placed cohorts that move one session rather than the whole cohort.
    static let sessionMoveQuarters: UInt64 = 3

    /// Moves one session of a placed cohort to another allowed time, half of the time into another
    /// suitable venue too and a quarter of the time to another qualified trainer (then only if the funders
    /// can still pay the cohort), if every hard constraint still holds.
    mutating func trySessionMove(_ cohort: Cohort, using random: inout SeededGenerator, accept: (Int) -> Bool)
        -> Int?
    {
        guard let placement = state.placements[cohort], !placement.times.isEmpty,
            let offeringIndex = grid.offeringIndex[cohort.offeringID]
        else { return nil }
        let allowed = grid.timesFor[offeringIndex]
        let venues = grid.venuesFor[offeringIndex]
        let trainers = grid.trainersFor[offeringIndex]
        // A cohort kept where it was published may have none left (its window or its rooms changed since).
        guard !allowed.isEmpty, !venues.isEmpty, !trainers.isEmpty else { return nil }
        let session = Int(random.next(upperBound: UInt64(placement.times.count)))
        let time = allowed[Int(random.next(upperBound: UInt64(allowed.count)))]
        let venue =
            random.next(upperBound: UInt64(2)) == 0
            ? venues[Int(random.next(upperBound: UInt64(venues.count)))] : placement.venues[session]
        let trainer =
            random.next(upperBound: UInt64(4)) == 0
            ? trainers[Int(random.next(upperBound: UInt64(trainers.count)))] : placement.trainers[session]
        if placement.times.contains(time) { return nil }
        var times = placement.times
        var placedIn = placement.venues
        var taughtBy = placement.trainers
        times[session] = time
        placedIn[session] = venue
        taughtBy[session] = trainer
        // In time order, as placements are made.
        let order = times.indices.sorted { times[$0] < times[$1] }
        let moved = Placement(
            times: order.map { times[$0] }, venues: order.map { placedIn[$0] }, trainers: order.map { taughtBy[$0] })
        let old = localScore(of: [cohort])
        state.remove(cohort)
        let refund = venue != placement.venues[session] || trainer != placement.trainers[session]
        guard
            fits(
                moved, for: cohort, offering: problem.offerings[offeringIndex], venue: venue, trainer: trainer,
                at: time)
        else {
            state.place(placement, for: cohort)
            return nil
        }
        if refund {
            funding.remove(cohort)
            guard fund(cohort, moved) else {
                putBack(cohort, placement)
                return nil
            }
        }
        state.place(moved, for: cohort)
        let delta = localScore(of: [cohort]) - old
        guard accept(delta) else {
            state.remove(cohort)
            if refund {
                funding.remove(cohort)
                putBack(cohort, placement)
            } else {
                state.place(placement, for: cohort)
            }
            return nil
        }
        currentScore += delta
        return delta
    }

    /// Whether a cohort's placement, of which one session (with `venue` and `trainer`) has just moved to
    /// `time`, holds every hard constraint with the cohort itself out of the schedule: the venue, trainer
    /// and tracks free then, no overlap with the cohort's other sessions, spacing, the trainer's weekly
    /// maximum, and the order of prerequisites and of the cohorts that follow it.
    func fits(_ placement: Placement, for cohort: Cohort, offering: Offering, venue: Int, trainer: Int, at time: Int)
        -> Bool
    {
        guard state.venueFree(venue, at: time), state.trainerFree(trainer, at: time), state.tracksFree(cohort, at: time)
        else { return false }
        let day = grid.day(of: time)
        let overlapping = grid.overlapping[grid.slot(of: time)]
        for other in placement.times where other != time {
            if grid.day(of: other) == day && overlapping.contains(grid.slot(of: other)) { return false }
        }
        for (earlier, later) in zip(placement.times, placement.times.dropFirst()) {
            let gap = grid.days[grid.day(of: earlier)].days(to: grid.days[grid.day(of: later)])
            if gap < offering.minDaysBetween { return false }
            if let maxGap = offering.maxDaysBetween, gap > maxGap { return false }
        }
        let maxWeek = problem.trainers[trainer].maxSessionsPerWeek
        if maxWeek > 0 {
            let week = grid.week[day]
            let inWeek = zip(placement.times, placement.trainers).filter {
                $0.1 == trainer && grid.week[grid.day(of: $0.0)] == week
            }.count
            if state.weekLoad(trainer, week: week) + inWeek > maxWeek { return false }
        }
        guard let earliest = state.earliestStartDay(for: cohort, offering: offering),
            grid.day(of: placement.times.first!) >= earliest,
            grid.day(of: placement.times.last!) <= state.latestEndDay(for: cohort)
        else { return false }
        return true
    }

    func snapshot() -> (state: SearchState, reasons: [Cohort: [String]], funding: IncrementalFunding, score: Int) {
        (state, reasons, funding, currentScore)
    }

    mutating func restore(
        _ snapshot: (state: SearchState, reasons: [Cohort: [String]], funding: IncrementalFunding, score: Int)
    ) {
        state = snapshot.state
        reasons = snapshot.reasons
        funding = snapshot.funding
        currentScore = snapshot.score
    }
}
