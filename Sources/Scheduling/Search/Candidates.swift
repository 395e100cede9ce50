import PlannerCore

/// Where a cohort can go: candidate placements ranked by score, (trainer, venue) pairs ranked by cost, and
/// runs of feasible times.
extension Solver {
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
                    Option(
                        placement: placement, score: scoring.marginalScore(cohort, offering, placement, in: state),
                        cost: pair.cost))
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
                keyed.append(
                    (cost + crowding + Int64(scoring.territoryPenalty(offering, venue: venue)), trainer, venue, cost))
            }
        }
        keyed.sort { ($0.key, $0.trainer, $0.venue) < ($1.key, $1.trainer, $1.venue) }
        let ranked = keyed.map { (trainer: $0.trainer, venue: $0.venue, cost: $0.cost) }
        if all { return ranked }
        let kept = Array(ranked.prefix(Solver.rankedPairsKept))
        pairCache[offeringIndex] = kept
        return kept
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
}
