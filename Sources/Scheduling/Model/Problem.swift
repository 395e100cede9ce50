public import PlannerCore

/// How much each soft constraint weighs in the score (lower is better). Defaults in docs/formats.md.
public struct SoftWeights: Hashable, Sendable, Codable {
    /// Per session taught by another trainer than the cohort's first.
    public var trainerChange: Int = 50
    /// Per session held in another venue than the cohort's first.
    public var venueChange: Int = 30
    /// Per session held outside the offering's territory.
    public var outsideTerritory: Int = 20
    /// Per euro (100 minor units) of cost.
    public var costPerEuro: Int = 1
    /// Per pair of a cohort's sessions on the same day (when spacing allows it).
    public var sameDay: Int = 40
    /// Not a term of the score: while a cohort is being placed, each session its trainer already teaches
    /// in the same week makes a candidate placement this much dearer, so that work goes to trainers who
    /// are less busy.
    public var trainerOverload: Int = 5
    /// Per idle slot between two sessions of a track on the same day.
    public var trackGap: Int = 10
    /// Per session moved away from its published date, slot, venue or trainer.
    public var movedSession: Int = 200
    /// Per participant above a venue's capacity, per session. 0 (the default): a venue must hold the
    /// cohort; above 0, smaller venues may be used at this price (capacity as in university timetabling).
    public var overCapacity: Int = 0
    /// Per day a cohort's sessions fall short of its offering's `minimumDays`.
    public var minimumDays: Int = 0
    /// Per session of a track with no session of that track in the slot just before or just after it on
    /// the same day.
    public var isolatedSession: Int = 0
    /// Per venue a cohort uses beyond its first.
    public var extraVenue: Int = 0

    /// The defaults.
    public init() {}

    /// Names accepted by ``set(_:to:)``.
    public static let names = [
        "trainer-change", "venue-change", "outside-territory", "cost-per-euro", "same-day", "trainer-overload",
        "track-gap", "moved-session", "over-capacity", "min-days", "isolated-session", "extra-venue",
    ]

    /// Sets a weight by name; false when the name is unknown.
    public mutating func set(_ name: String, to value: Int) -> Bool {
        switch name {
        case "trainer-change": trainerChange = value
        case "venue-change": venueChange = value
        case "outside-territory": outsideTerritory = value
        case "cost-per-euro": costPerEuro = value
        case "same-day": sameDay = value
        case "trainer-overload": trainerOverload = value
        case "track-gap": trackGap = value
        case "moved-session": movedSession = value
        case "over-capacity": overCapacity = value
        case "min-days": minimumDays = value
        case "isolated-session": isolatedSession = value
        case "extra-venue": extraVenue = value
        default: return false
        }
        return true
    }
}

/// A session fixed by an earlier, published schedule.
public struct PublishedSession: Hashable, Sendable, Codable {
    /// The session as published.
    public var session: Session
    /// Whether it must stay where it is (when still possible).
    public var pinned: Bool
    /// Whether its cohort has already started: it stays exactly as it is, without any check.
    public var fixed: Bool

    /// Creates a published session.
    public init(session: Session, pinned: Bool, fixed: Bool = false) {
        self.session = session
        self.pinned = pinned
        self.fixed = fixed
    }
}

/// Everything the solver needs: the calendar, resources, funders, offerings, tracks and weights.
public struct SchedulingProblem: Sendable {
    /// Days, slots and time zone.
    public var calendar: ProgrammeCalendar
    /// Rooms.
    public var venues: [Venue]
    /// Trainers.
    public var trainers: [Trainer]
    /// Co-financers, in order of preference (earlier ones pay first).
    public var funders: [Funder]
    /// What to run.
    public var offerings: [Offering]
    /// Cohorts that must never clash.
    public var tracks: [Track]
    /// Soft-constraint weights.
    public var weights: SoftWeights
    /// The schedule published before, for stability.
    public var published: [PublishedSession]

    /// Creates a problem.
    public init(
        calendar: ProgrammeCalendar, venues: [Venue], trainers: [Trainer], funders: [Funder], offerings: [Offering],
        tracks: [Track] = [], weights: SoftWeights = SoftWeights(), published: [PublishedSession] = []
    ) {
        self.calendar = calendar
        self.venues = venues
        self.trainers = trainers
        self.funders = funders
        self.offerings = offerings
        self.tracks = tracks
        self.weights = weights
        self.published = published
    }

    /// Every cohort the offerings ask for.
    public var cohorts: [Cohort] {
        offerings.flatMap { offering in
            (1...max(1, offering.cohorts)).map { Cohort(offeringID: offering.id, number: $0) }
        }
    }
}

/// How long and how hard to search.
public struct SolveOptions: Sendable {
    /// Seed of the pseudo-random choices: same problem + seed = same schedule.
    public var seed: UInt64
    /// Wall-clock limit in seconds for the improvement phase.
    public var seconds: Double
    /// Limit on improvement moves tried.
    public var iterations: Int
    /// Independent searches, one per thread, with seeds `seed`, `seed + 1`, …; the best schedule wins
    /// (ties to the lowest seed). 1: one search on the calling thread.
    public var threads: Int
    /// Called now and then with progress (on the thread of the search with seed `seed`).
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// Asked now and then (every thousand moves or so, and between cohorts while constructing): `true`
    /// ends the search at once with what it has (a Stop button, a cancelled task).
    public var shouldStop: (@Sendable () -> Bool)?
    /// Whether a problem that is a timetabling problem (``CBCTTInstance/init(problem:name:)``) is improved
    /// with the timetabling moves (the default) rather than the seminar moves.
    public var timetablingMoves = true

    /// Creates options.
    public init(
        seed: UInt64 = 1, seconds: Double = 10, iterations: Int = 200_000, threads: Int = 1,
        progress: (@Sendable (SolveProgress) -> Void)? = nil, shouldStop: (@Sendable () -> Bool)? = nil
    ) {
        self.seed = seed
        self.seconds = seconds
        self.iterations = iterations
        self.threads = threads
        self.progress = progress
        self.shouldStop = shouldStop
    }
}

/// A progress report.
public struct SolveProgress: Sendable {
    /// Seconds since the start.
    public var elapsed: Double
    /// Cohorts placed.
    public var placed: Int
    /// Cohorts asked for.
    public var total: Int
    /// Current score (lower is better).
    public var score: Int
    /// Whether the construction phase is over (every cohort placed or explained): what follows improves.
    public var constructed: Bool
    /// Improvement moves tried so far.
    public var iterations = 0
}

/// Why one cohort could not be placed.
public struct UnscheduledCohort: Hashable, Sendable, Codable {
    /// The cohort.
    public var cohort: Cohort
    /// Reasons a coordinator understands, naming the blocking resources.
    public var reasons: [String]
}

/// The soft costs one scheduled cohort incurs.
public struct CohortCosts: Hashable, Sendable, Codable {
    /// The cohort.
    public var cohort: Cohort
    /// What it costs in money.
    public var cost: Money
    /// Each soft penalty by name (`trainer-change`, `outside-territory`, …) with its weighted value.
    public var penalties: [String: Int]
}

/// A session that moved from where it was published.
public struct MovedSession: Hashable, Sendable, Codable {
    /// Where it was.
    public var before: Session
    /// Where it is now.
    public var after: Session
}

/// What the solver produced.
public struct ScheduleResult: Sendable {
    /// Every placed session, ordered by cohort and index.
    public var sessions: [Session]
    /// Cohorts left out, with reasons.
    public var unscheduled: [UnscheduledCohort]
    /// How every scheduled cohort's cost is paid.
    public var funding: [FundingAllocation]
    /// Soft costs per scheduled cohort.
    public var costs: [CohortCosts]
    /// Published sessions that moved.
    public var moved: [MovedSession]
    /// Total score (lower is better).
    public var score: Int

    /// Creates a result (for checkers and tools that build schedules elsewhere).
    public init(
        sessions: [Session], unscheduled: [UnscheduledCohort] = [], funding: [FundingAllocation] = [],
        costs: [CohortCosts] = [], moved: [MovedSession] = [], score: Int = 0
    ) {
        self.sessions = sessions
        self.unscheduled = unscheduled
        self.funding = funding
        self.costs = costs
        self.moved = moved
        self.score = score
    }
}
