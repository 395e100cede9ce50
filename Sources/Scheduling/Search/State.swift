import PlannerCore

/// Where one cohort's sessions are: a time, a venue and a trainer per session.
struct Placement: Hashable {
    var times: [Int]
    var venues: [Int]
    var trainers: [Int]
}

extension Placement {
    /// The placement with one session at another time, venue and trainer, in time order (as placements are made).
    func replacing(_ session: Int, time: Int, venue: Int, trainer: Int) -> Placement {
        var times = self.times
        var venues = self.venues
        var trainers = self.trainers
        times[session] = time
        venues[session] = venue
        trainers[session] = trainer
        let order = times.indices.sorted { times[$0] < times[$1] }
        return Placement(
            times: order.map { times[$0] }, venues: order.map { venues[$0] }, trainers: order.map { trainers[$0] })
    }
}

/// The schedule under construction: who is busy when, and where each cohort is.
struct SearchState {
    let grid: Grid
    private var venueBusy: [[Bool]]
    private var trainerBusy: [[Bool]]
    private var trackBusy: [[Bool]]
    private var trainerWeekLoad: [[Int]]
    private(set) var placements: [Cohort: Placement] = [:]

    init(grid: Grid) {
        self.grid = grid
        let times = grid.timeCount
        let weeks = (grid.week.last ?? 0) + 1
        venueBusy = Array(repeating: Array(repeating: false, count: times), count: grid.problem.venues.count)
        trainerBusy = Array(repeating: Array(repeating: false, count: times), count: grid.problem.trainers.count)
        trackBusy = Array(repeating: Array(repeating: false, count: times), count: grid.problem.tracks.count)
        trainerWeekLoad = Array(repeating: Array(repeating: 0, count: weeks), count: grid.problem.trainers.count)
    }

    /// Whether any of the times overlapping `time` is marked in `busy`.
    private func clash(_ busy: [Bool], at time: Int) -> Bool {
        let day = grid.day(of: time)
        let base = day * grid.slots.count
        for other in grid.overlapping[grid.slot(of: time)] where busy[base + other] { return true }
        return false
    }

    func venueFree(_ venue: Int, at time: Int) -> Bool {
        !grid.venueBlocked[venue].contains(time) && !clash(venueBusy[venue], at: time)
    }

    func trainerFree(_ trainer: Int, at time: Int) -> Bool {
        !grid.trainerBlocked[trainer].contains(time) && !clash(trainerBusy[trainer], at: time)
    }

    func tracksFree(_ cohort: Cohort, at time: Int) -> Bool {
        for track in grid.tracksOf[cohort] ?? [] where clash(trackBusy[track], at: time) { return false }
        return true
    }

    func weekLoad(_ trainer: Int, week: Int) -> Int { trainerWeekLoad[trainer][week] }

    mutating func place(_ placement: Placement, for cohort: Cohort) {
        for (index, time) in placement.times.enumerated() {
            venueBusy[placement.venues[index]][time] = true
            trainerBusy[placement.trainers[index]][time] = true
            trainerWeekLoad[placement.trainers[index]][grid.week[grid.day(of: time)]] += 1
            for track in grid.tracksOf[cohort] ?? [] { trackBusy[track][time] = true }
        }
        placements[cohort] = placement
    }

    mutating func remove(_ cohort: Cohort) {
        guard let placement = placements.removeValue(forKey: cohort) else { return }
        for (index, time) in placement.times.enumerated() {
            venueBusy[placement.venues[index]][time] = false
            trainerBusy[placement.trainers[index]][time] = false
            trainerWeekLoad[placement.trainers[index]][grid.week[grid.day(of: time)]] -= 1
            for track in grid.tracksOf[cohort] ?? [] { trackBusy[track][time] = false }
        }
    }

    /// First open-day index a cohort may start on: after every prerequisite cohort has finished.
    /// `nil` when a prerequisite cohort is not placed.
    func earliestStartDay(for cohort: Cohort, offering: Offering) -> Int? {
        var earliest = 0
        for prerequisite in offering.prerequisites {
            guard let index = grid.offeringIndex[prerequisite] else { continue }
            let other = grid.problem.offerings[index]
            let partner = Cohort(offeringID: prerequisite, number: min(cohort.number, max(1, other.cohorts)))
            guard let placement = placements[partner], let last = placement.times.max() else { return nil }
            earliest = max(earliest, grid.day(of: last) + 1)
        }
        return earliest
    }

    /// Last open-day index a cohort may end on: before every placed cohort that follows it starts
    /// (`Int.max` when none is placed). Cohort n of an offering follows cohort min(n, count) of each
    /// prerequisite, as in ``earliestStartDay(for:offering:)``.
    func latestEndDay(for cohort: Cohort) -> Int {
        guard let index = grid.offeringIndex[cohort.offeringID] else { return Int.max }
        let cohorts = max(1, grid.problem.offerings[index].cohorts)
        var latest = Int.max
        for dependent in grid.dependentsOf[index] {
            let other = grid.problem.offerings[dependent]
            for number in 1...max(1, other.cohorts) where min(number, cohorts) == cohort.number {
                guard let first = placements[Cohort(offeringID: other.id, number: number)]?.times.min() else {
                    continue
                }
                latest = min(latest, grid.day(of: first) - 1)
            }
        }
        return latest
    }

    /// What a placement costs, by kind.
    func costs(of placement: Placement, currency: Currency) -> (fees: Money, venues: Money) {
        var fees = Money.zero(currency)
        var rent = Money.zero(currency)
        for index in placement.times.indices {
            let trainer = grid.problem.trainers[placement.trainers[index]]
            let venue = grid.problem.venues[placement.venues[index]]
            if !trainer.inHouse && trainer.feePerSession.currency == currency { fees += trainer.feePerSession }
            if venue.costPerSlot.currency == currency { rent += venue.costPerSlot }
        }
        return (fees, rent)
    }

    /// The funding need of a placed cohort.
    func need(for cohort: Cohort, placement: Placement, currency: Currency) -> FundingNeed {
        let offering = grid.problem.offerings[grid.offeringIndex[cohort.offeringID]!]
        let (fees, rent) = costs(of: placement, currency: currency)
        let territories = Set(placement.venues.map { grid.problem.venues[$0].territory })
        return FundingNeed(
            cohort: cohort, audience: offering.audience,
            territories: territories.union(offering.territory.map { [$0] } ?? []),
            curricula: [offering.curriculumID, offering.moduleID], trainerFees: fees, venueCosts: rent)
    }
}
