import PlannerCore

/// The score of a schedule under a problem's soft weights (lower is better): each placed cohort's penalties
/// where its sessions are, each track's idle slots and isolated sessions, and the price of leaving a cohort
/// out. One scoring for the solver's moves, ``evaluate(_:for:)`` and ``suggest(_:offeringID:count:seed:)``.
struct Scoring {
    let problem: SchedulingProblem
    let grid: Grid
    /// The currency costs are counted in.
    let currency: Currency
    /// Published sessions by cohort (moving one costs `moved`).
    let published: [Cohort: [PublishedSession]]

    init(problem: SchedulingProblem, grid: Grid) {
        self.problem = problem
        self.grid = grid
        currency =
            problem.funders.first?.budget.currency ?? problem.venues.first?.costPerSlot.currency
            ?? problem.trainers.first?.feePerSession.currency ?? .euro
        published = Dictionary(grouping: problem.published, by: \.session.cohort)
    }

    func territoryPenalty(_ offering: Offering, venue: Int) -> Int {
        guard let territory = offering.territory, !territory.isEmpty else { return 0 }
        return problem.venues[venue].territory == territory ? 0 : problem.weights.outsideTerritory * 100
    }

    /// The soft penalties a cohort's placement incurs, by name.
    func penalties(_ cohort: Cohort, _ offering: Offering, _ placement: Placement, in state: SearchState) -> [String:
        Int]
    {
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

    func marginalScore(_ cohort: Cohort, _ offering: Offering, _ placement: Placement, in state: SearchState) -> Int {
        penalties(cohort, offering, placement, in: state).values.reduce(0, +)
            + loadPenalty(adding: placement, in: state)
    }

    /// Spreading work: a trainer already busy costs a little more.
    func loadPenalty(adding placement: Placement, in state: SearchState) -> Int {
        var total = 0
        for (index, time) in placement.times.enumerated() {
            total += state.weekLoad(placement.trainers[index], week: grid.week[grid.day(of: time)])
        }
        return total * problem.weights.trainerOverload
    }

    /// What leaving a cohort out weighs at priority 0.
    static let unplacedWeight = 10_000_000

    /// Unplaced cohorts weigh far more than any soft penalty, heavier with priority.
    func unplacedPenalty(_ cohort: Cohort) -> Int {
        let offering = problem.offerings[grid.offeringIndex[cohort.offeringID]!]
        return Scoring.unplacedWeight * (1 + max(0, offering.priority))
    }

    func totalScore(of state: SearchState) -> Int {
        problem.cohorts.reduce(0) { $0 + contribution($1, in: state) }
            + problem.tracks.indices.reduce(0) { $0 + trackPenalty(track: $1, in: state) }
    }

    /// What one cohort adds to the score: its penalties where it is, or the price of leaving it out.
    func contribution(_ cohort: Cohort, in state: SearchState) -> Int {
        guard let placement = state.placements[cohort] else { return unplacedPenalty(cohort) }
        let offering = problem.offerings[grid.offeringIndex[cohort.offeringID]!]
        return penalties(cohort, offering, placement, in: state).values.reduce(0, +)
    }

    /// What one track adds to the score: idle slots between its sessions of a day (`track-gap`), and its
    /// sessions with no session of the track in the slot before or after on the same day
    /// (`isolated-session`).
    func trackPenalty(track index: Int, in state: SearchState) -> Int {
        let weights = problem.weights
        guard weights.trackGap > 0 || weights.isolatedSession > 0 else { return 0 }
        let counts = trackCounts(track: index, in: state)
        return counts.gaps * weights.trackGap + counts.isolated * weights.isolatedSession
    }

    /// A track's idle slots between sessions of a day, and its sessions with no session of the track in the
    /// slot before or after on the same day.
    func trackCounts(track index: Int, in state: SearchState) -> (gaps: Int, isolated: Int) {
        // The track's times in order (a time is day × slots + slot, so a day's slots come together): one pass
        // over them, with no table (a dictionary by day was a quarter of the search's time, `perf`).
        var times: [Int] = []
        for cohort in problem.tracks[index].cohorts {
            if let placement = state.placements[cohort] { times += placement.times }
        }
        // Sorting is cheaper than a table for a timetable's tracks (tens of sessions), dearer for a programme's
        // (thousands: the generated XL problem took 36 s instead of 26).
        return times.count <= 64 ? countsInOrder(times) : countsByDay(times)
    }

    /// ``trackCounts(track:in:)`` of some times, sorted first.
    func countsInOrder(_ unsorted: [Int]) -> (gaps: Int, isolated: Int) {
        guard !unsorted.isEmpty else { return (0, 0) }
        let times = unsorted.sorted()
        let slots = grid.slots.count
        var gaps = 0
        var isolated = 0
        var dayStart = 0
        var distinct = 0
        for (position, time) in times.enumerated() {
            let day = time / slots
            if position > 0, times[position - 1] / slots != day {
                gaps += gapCount(times[dayStart], times[position - 1], distinct)
                dayStart = position
                distinct = 0
            }
            if position == 0 || times[position - 1] != time { distinct += 1 }
            // Neighbours: the nearest other times before and after, on the same day.
            var before = position - 1
            while before >= 0, times[before] == time { before -= 1 }
            var after = position + 1
            while after < times.count, times[after] == time { after += 1 }
            let previous = before >= 0 && times[before] == time - 1 && (time - 1) / slots == day
            let next = after < times.count && times[after] == time + 1 && (time + 1) / slots == day
            if !previous && !next { isolated += 1 }
        }
        gaps += gapCount(times[dayStart], times[times.count - 1], distinct)
        return (gaps, isolated)
    }

    /// ``trackCounts(track:in:)`` of some times, grouped by day in a table.
    func countsByDay(_ times: [Int]) -> (gaps: Int, isolated: Int) {
        var byDay: [Int: [Int]] = [:]
        for time in times { byDay[grid.day(of: time), default: []].append(grid.slot(of: time)) }
        var gaps = 0
        var isolated = 0
        for slots in byDay.values {
            let used = Set(slots)
            gaps += gapCount(slots.min()!, slots.max()!, used.count)
            isolated += slots.filter { !used.contains($0 - 1) && !used.contains($0 + 1) }.count
        }
        return (gaps, isolated)
    }

    /// Idle slots of a day whose sessions run from `first` to `last` in `distinct` different slots.
    private func gapCount(_ first: Int, _ last: Int, _ distinct: Int) -> Int { last - first + 1 - distinct }

    /// The part of the score that moving `cohorts` can change: their contributions and the gaps of their
    /// tracks (every other term stays as it is, so score differences are differences of this).
    func localScore(of cohorts: [Cohort], in state: SearchState) -> Int {
        var tracks = Set<Int>()
        for cohort in cohorts { tracks.formUnion(grid.tracksOf[cohort] ?? []) }
        return cohorts.reduce(0) { $0 + contribution($1, in: state) }
            + tracks.reduce(0) { $0 + trackPenalty(track: $1, in: state) }
    }
}
