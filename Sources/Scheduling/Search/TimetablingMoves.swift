import PlannerCore

/// One engine for timetabling problems: when a problem is one (``CBCTTInstance/init(problem:name:)``: every
/// offering one cohort with one trainer and any venue, no funders, costs, spacing, prerequisites or published
/// sessions, the ITC-2007 weights), the seminar scheduler improves its first schedule with the timetabling
/// moves (``Annealer``: lectures moved and swapped on integer counts, Kempe chains, feasibility first) instead
/// of its own, which must carry budgets, trainers and spacing through every move and make 30 times fewer
/// moves a second on such problems. Everything around the search stays the seminar scheduler's: the first
/// schedule, the explanations of what could not be placed, the result.
extension Solver {
    /// The timetabling problem this problem is, when the timetabling moves improve it: `nil` when it is not
    /// one, when ``SolveOptions/timetablingMoves`` is off, or when an iteration limit leaves too few moves to
    /// anneal (the same rule as ``calibratedSchedule(using:)``: the limited search stays the climbing one).
    func timetablingInstance() -> CBCTTInstance? {
        guard options.timetablingMoves,
            options.iterations == Int.max
                || Double(options.iterations) >= Solver.movesPerCohortToAnneal * Double(max(1, problem.cohorts.count)),
            let instance = CBCTTInstance.timetabling(problem),
            // A timetable holds one lecture per room and period: with more lectures, the seminar moves say which
            // cohorts are left out and why.
            instance.fittingTheRooms().courses == instance.courses
        else { return nil }
        return instance
    }

    /// Improves the schedule with the timetabling moves until the limits, starting from it (cohorts left out
    /// are put where they cost least, clashes allowed, and the search repairs clashes first), then takes the
    /// timetable back: every cohort whose sessions break no hard constraint is placed where the timetable has
    /// them; the others go through the seminar insertion, which places them if it can or says why it cannot.
    mutating func improveWithTimetablingMoves(_ instance: CBCTTInstance, order: [Cohort]) {
        let timetable = Timetable(instance)
        // Courses are the cohorts in the problem's order (``CBCTTInstance/timetabling(_:)``); course c's lectures
        // are `firstLecture[c]..<firstLecture[c + 1]`.
        let cohorts = problem.cohorts
        func lecturesOf(_ c: Int) -> Range<Int> { timetable.firstLecture[c]..<timetable.firstLecture[c + 1] }
        var unplaced: [Int] = []
        for (c, cohort) in cohorts.enumerated() {
            let lectures = lecturesOf(c)
            guard let placement = state.placements[cohort], placement.times.count == lectures.count else {
                unplaced += lectures
                continue
            }
            for (k, l) in lectures.enumerated() {
                timetable.place(l, period: placement.times[k], room: placement.venues[k])
            }
        }
        let settings = CBCTTSettings()
        for l in unplaced { timetable.placeWhereCheapest(l, hardWeight: settings.hardWeight) }
        var random = SeededGenerator(seed: options.seed &+ 0x9E37_79B9_7F4A_7C15)
        let total = problem.cohorts.count
        let started = elapsed
        let report = options.progress
        Annealer(timetable: timetable, settings: settings).run(
            seconds: max(0, options.seconds - elapsed), iterations: options.iterations, random: &random,
            progress: report.map { report in
                { progress in
                    report(
                        SolveProgress(
                            elapsed: started + progress.elapsed, placed: total, total: total, score: progress.current,
                            constructed: true, iterations: progress.iterations))
                }
            }, exchange: exchange, shouldStop: options.shouldStop)
        for cohort in cohorts where state.placements[cohort] != nil { remove(cohort) }
        for (c, cohort) in cohorts.enumerated() {
            let lectures = lecturesOf(c)
            guard !lectures.contains(where: timetable.inViolation) else { continue }
            let sessions = lectures.sorted { timetable.period[$0] < timetable.period[$1] }
            let trainer = grid.trainersFor[grid.offeringIndex[cohort.offeringID]!][0]
            let placement = Placement(
                times: sessions.map { timetable.period[$0] }, venues: sessions.map { timetable.room[$0] },
                trainers: Array(repeating: trainer, count: sessions.count))
            let paid = fund(cohort, placement)
            assert(paid, "a timetabling problem has no funders")
            state.place(placement, for: cohort)
        }
        for cohort in order where state.placements[cohort] == nil { insert(cohort) }
    }
}
