public import PlannerCore

/// One way to add a cohort to a schedule without moving anything else.
public struct Suggestion: Sendable, Hashable {
    /// The new cohort's sessions.
    public var sessions: [Session]
    /// What it would cost.
    public var cost: Money
    /// Its soft penalties (`cost`, `outside-territory`, …).
    public var penalties: [String: Int]
    /// Its score (lower is better).
    public var score: Int
}

/// The best few placements for one more cohort of `offeringID`, keeping every session of
/// `problem.published` where it is and every funder within budget. Empty when none exists; then
/// `reasons` says why.
public func suggest(
    _ problem: SchedulingProblem, offeringID: String, count: Int = 5, seed: UInt64 = 1
) -> (suggestions: [Suggestion], reasons: [String]) {
    var extended = problem
    guard let index = extended.offerings.firstIndex(where: { $0.id == offeringID }) else {
        return ([], ["offering '\(offeringID)' is unknown"])
    }
    extended.offerings[index].cohorts += 1
    let cohort = Cohort(offeringID: offeringID, number: extended.offerings[index].cohorts)
    var solver = Solver(problem: extended, options: SolveOptions(seed: seed, seconds: 0, iterations: 0))
    for existing in Set(problem.published.map(\.session.cohort)).sorted() {
        if let placement = solver.publishedPlacement(for: existing) { solver.state.place(placement, for: existing) }
    }
    solver.rebuildFunding()
    let offering = extended.offerings[index]
    var found: [Suggestion] = []
    var seen = Set<[Int]>()
    for option in solver.candidatePlacements(for: cohort, limit: 60).sorted(by: { $0.score < $1.score }) {
        guard seen.insert(option.placement.times).inserted, solver.fundable(adding: cohort, option.placement) else {
            continue
        }
        let grid = solver.grid
        let sessions = option.placement.times.enumerated().sorted { $0.element < $1.element }.enumerated().map {
            position, item in
            Session(
                cohort: cohort, index: position + 1, date: grid.days[grid.day(of: item.element)],
                slot: grid.slots[grid.slot(of: item.element)],
                venueID: problem.venues[option.placement.venues[item.offset]].id,
                trainerID: problem.trainers[option.placement.trainers[item.offset]].id)
        }
        let (fees, rent) = solver.state.costs(of: option.placement, currency: solver.currency)
        found.append(
            Suggestion(
                sessions: sessions, cost: fees + rent,
                penalties: solver.scoring.penalties(cohort, offering, option.placement, in: solver.state),
                score: option.score))
        if found.count == count { break }
    }
    if found.isEmpty {
        let options = solver.candidatePlacements(for: cohort, limit: 24)
        let reasons =
            options.isEmpty
            ? solver.explainUnplaceable(cohort)
            : solver.explainUnfundable(cohort, cheapest: options.min { $0.cost < $1.cost }!.placement)
        return ([], reasons)
    }
    return (found, [])
}
