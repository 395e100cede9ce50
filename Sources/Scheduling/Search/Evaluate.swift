public import PlannerCore

/// What a schedule scores under a problem's soft weights.
public struct ScheduleEvaluation: Sendable, Hashable {
    /// The score, as ``solve(_:options:)`` reports it (lower is better).
    public var score: Int
    /// Each soft penalty by weight name (`over-capacity`, `min-days`, `isolated-session`, …), weighted.
    public var penalties: [String: Int]
    /// Cohorts without any session (each weighs its unscheduled penalty).
    public var unscheduled: [Cohort]
    /// Sessions naming an offering, venue, trainer, day or slot the problem does not have (not scored).
    public var unknown: Int
}

/// Scores a schedule made elsewhere (or edited by hand) exactly as the solver scores its own: each
/// cohort's penalties where its sessions are, each track's, and the price of leaving cohorts out. Hard
/// constraints are not checked here.
public func evaluate(_ sessions: [Session], for problem: SchedulingProblem) -> ScheduleEvaluation {
    let grid = Grid(problem)
    let scoring = Scoring(problem: problem, grid: grid)
    var state = SearchState(grid: grid)
    var unknown = 0
    var placements: [Cohort: [(index: Int, time: Int, venue: Int, trainer: Int)]] = [:]
    for session in sessions {
        guard grid.offeringIndex[session.cohort.offeringID] != nil, let time = grid.time(of: session),
            let venue = grid.venueIndex[session.venueID], let trainer = grid.trainerIndex[session.trainerID]
        else {
            unknown += 1
            continue
        }
        placements[session.cohort, default: []].append(
            (session.index, time, venue, trainer))
    }
    for (cohort, list) in placements {
        let ordered = list.sorted { $0.index < $1.index }
        state.place(
            Placement(times: ordered.map(\.time), venues: ordered.map(\.venue), trainers: ordered.map(\.trainer)),
            for: cohort)
    }
    var penalties: [String: Int] = [:]
    var unscheduled: [Cohort] = []
    for cohort in problem.cohorts {
        guard let placement = state.placements[cohort] else {
            unscheduled.append(cohort)
            continue
        }
        let offering = problem.offerings[grid.offeringIndex[cohort.offeringID]!]
        penalties.merge(scoring.penalties(cohort, offering, placement, in: state), uniquingKeysWith: +)
    }
    for track in problem.tracks.indices {
        let counts = scoring.trackCounts(track: track, in: state)
        penalties["track-gap", default: 0] += counts.gaps * problem.weights.trackGap
        penalties["isolated-session", default: 0] += counts.isolated * problem.weights.isolatedSession
    }
    penalties = penalties.filter { $0.value != 0 }
    return ScheduleEvaluation(
        score: scoring.totalScore(of: state), penalties: penalties, unscheduled: unscheduled.sorted(), unknown: unknown)
}
