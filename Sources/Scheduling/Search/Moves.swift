import PlannerCore

/// The seminar moves the local-search engine draws: remove a cohort (and, for one left out, cohorts in its
/// way) and re-insert it, or move one session; each scored by the change it makes.
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
        let old = scoring.localScore(of: changed, in: state)
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
        let delta = scoring.localScore(of: changed, in: state) - old
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
        let old = scoring.localScore(of: [cohort], in: state)
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
        let delta = scoring.localScore(of: [cohort], in: state) - old
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
