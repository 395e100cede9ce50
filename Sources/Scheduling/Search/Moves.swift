import PlannerCore

/// How the moves on a placed cohort are drawn, in 64ths: swaps of one session with another cohort's, moves of
/// one session, and the rest re-inserting the whole cohort; and in 16ths of the session moves, those that
/// change the venue only.
struct MoveMix: Equatable {
    var swaps: UInt64
    var sessionMoves: UInt64
    var venueOnly: UInt64

    /// For hill climbing, with few moves per cohort (the generated L and XL problems at 30 s): one session
    /// moved in three moves of four, the rest whole cohorts (measured in docs/benchmarks.md).
    static let climbing = MoveMix(swaps: 0, sessionMoves: 48, venueOnly: 0)
    /// For annealing, with thousands of moves per cohort: swaps a quarter of the time, whole cohorts one time in
    /// sixteen (each costs dozens of session moves: at that share they take most of the time), a quarter of the
    /// session moves in the same time (measured on CB-CTT comp01, comp04, comp07, comp10 and the generated M
    /// problem; docs/benchmarks.md).
    static let annealing = MoveMix(swaps: 16, sessionMoves: 44, venueOnly: 4)
}

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
        if state.placements[cohort] != nil {
            let draw = random.next(upperBound: UInt64(64))
            if draw < mix.swaps { return trySwap(cohort, using: &random, accept: accept) }
            if draw < mix.swaps + mix.sessionMoves { return trySessionMove(cohort, using: &random, accept: accept) }
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

    /// Exchanges the time and venue of one session of a placed cohort with one session of another placed cohort
    /// (half of the time one sharing a track with it), each keeping its trainer, if both may use the other's
    /// time and venue and every hard constraint still holds (then re-funded when the venues differ).
    mutating func trySwap(_ first: Cohort, using random: inout SeededGenerator, accept: (Int) -> Bool) -> Int? {
        var second = improvementOrder[Int(random.next(upperBound: UInt64(improvementOrder.count)))]
        if random.next(upperBound: UInt64(2)) == 0, let tracks = grid.tracksOf[first], !tracks.isEmpty {
            let members = problem.tracks[tracks[Int(random.next(upperBound: UInt64(tracks.count)))]].cohorts
            second = members[Int(random.next(upperBound: UInt64(members.count)))]
        }
        guard second != first, !isFixed(second), let a = state.placements[first], let b = state.placements[second],
            !a.times.isEmpty, !b.times.isEmpty, let offeringA = grid.offeringIndex[first.offeringID],
            let offeringB = grid.offeringIndex[second.offeringID]
        else { return nil }
        let i = Int(random.next(upperBound: UInt64(a.times.count)))
        let j = Int(random.next(upperBound: UInt64(b.times.count)))
        let (timeA, venueA, timeB, venueB) = (a.times[i], a.venues[i], b.times[j], b.venues[j])
        guard timeA != timeB || venueA != venueB, !a.times.contains(timeB) || timeA == timeB,
            !b.times.contains(timeA) || timeA == timeB, grid.allows(offeringA, at: timeB),
            grid.allows(offeringB, at: timeA), grid.venuesFor[offeringA].contains(venueB),
            grid.venuesFor[offeringB].contains(venueA)
        else { return nil }
        let movedA = a.replacing(i, time: timeB, venue: venueB, trainer: a.trainers[i])
        let movedB = b.replacing(j, time: timeA, venue: venueA, trainer: b.trainers[j])
        let old = scoring.localScore(of: [first, second], in: state)
        state.remove(first)
        state.remove(second)
        guard
            fits(
                movedA, for: first, offering: problem.offerings[offeringA], venue: venueB, trainer: a.trainers[i],
                at: timeB)
        else {
            state.place(a, for: first)
            state.place(b, for: second)
            return nil
        }
        state.place(movedA, for: first)
        guard
            fits(
                movedB, for: second, offering: problem.offerings[offeringB], venue: venueA, trainer: b.trainers[j],
                at: timeA)
        else {
            state.remove(first)
            state.place(a, for: first)
            state.place(b, for: second)
            return nil
        }
        state.place(movedB, for: second)
        // Rent follows the venue: the funders must still pay both.
        let refund = venueA != venueB && !problem.funders.isEmpty
        func undo() {
            state.remove(first)
            state.remove(second)
            if refund {
                funding.remove(first)
                funding.remove(second)
                putBack(first, a)
                putBack(second, b)
            } else {
                state.place(a, for: first)
                state.place(b, for: second)
            }
        }
        if refund {
            funding.remove(first)
            funding.remove(second)
            guard fund(first, movedA), fund(second, movedB) else {
                undo()
                return nil
            }
        }
        let delta = scoring.localScore(of: [first, second], in: state) - old
        guard accept(delta) else {
            undo()
            return nil
        }
        currentScore += delta
        return delta
    }

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
        // Some moves change the venue only (the session keeps its time): what a room too small or a change of
        // room needs, and a cheap move.
        let venueOnly = random.next(upperBound: UInt64(16)) < mix.venueOnly
        let time =
            venueOnly ? placement.times[session] : allowed[Int(random.next(upperBound: UInt64(allowed.count)))]
        let venue =
            venueOnly || random.next(upperBound: UInt64(2)) == 0
            ? venues[Int(random.next(upperBound: UInt64(venues.count)))] : placement.venues[session]
        let trainer =
            !venueOnly && random.next(upperBound: UInt64(4)) == 0
            ? trainers[Int(random.next(upperBound: UInt64(trainers.count)))] : placement.trainers[session]
        if venueOnly ? venue == placement.venues[session] : placement.times.contains(time) { return nil }
        let moved = placement.replacing(session, time: time, venue: venue, trainer: trainer)
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
