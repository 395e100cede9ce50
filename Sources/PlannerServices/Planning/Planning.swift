import Foundation
public import PlannerCore
public import Scheduling
import Workspace

/// Imports planning files (calendar, venues, trainers, funders, offerings, tracks as CSV): every file is
/// checked, against each other and the workspace, and nothing lands if any has an error.
public struct ImportPlanning: Sendable {
    /// The files (kind told by name or columns).
    public var files: [InputFile]

    /// Imports these files.
    public init(files: [InputFile]) { self.files = files }

    /// What landed, and the warnings found on the way.
    public struct Outcome: Sendable {
        /// Rows written per kind.
        public var summary: PlanningImportSummary
        /// Warnings (unknown columns…), sorted by position.
        public var warnings: [Diagnostic]
    }

    /// Imports, or throws ``ServiceError`` with every diagnostic and leaves the workspace as it was.
    public func run(in context: ServiceContext) async throws -> Outcome {
        let workspace = try context.workspace()
        var reader = PlanningReader()
        for file in files { reader.read(file.url, file: file.name) }
        var diagnostics = reader.diagnostics
        if !diagnostics.containsErrors { diagnostics += try translatingErrors { try workspace.check(reader.inputs) } }
        diagnostics = diagnostics.sortedByPosition()
        guard !diagnostics.containsErrors else {
            throw ServiceError(
                .invalidInput, "nothing was imported; fix the errors above and run the import again",
                diagnostics: diagnostics)
        }
        let summary = try translatingErrors { try workspace.importPlanning(reader.inputs) }
        return Outcome(summary: summary, warnings: diagnostics)
    }
}

/// Schedules every cohort (highest priority first) and saves the schedule; explains what it could not place.
///
/// Published (pinned) sessions stay where they are when they can; cohorts that have started (attendance
/// may be recorded) stay exactly as they are.
public struct SolveSchedule: Sendable {
    /// Seed: the same workspace and seed give the same schedule.
    public var seed: UInt64
    /// Seconds for the improvement search.
    public var seconds: Double
    /// Most improvement moves.
    public var iterations: Int
    /// Independent searches on that many threads; the best wins.
    public var threads: Int
    /// Soft-constraint weights.
    public var weights: SoftWeights
    /// Receives progress about twice a second.
    public var progress: ProgressHandler?
    /// Raised to finish early: the search stops and the best schedule found so far is saved (a cancelled
    /// task, by contrast, saves nothing).
    public var stop: StopSignal?

    /// A solve with these limits.
    public init(
        seed: UInt64 = 1, seconds: Double = 10, iterations: Int = 20_000, threads: Int = 1,
        weights: SoftWeights = SoftWeights(), progress: ProgressHandler? = nil, stop: StopSignal? = nil
    ) {
        self.stop = stop
        self.seed = seed
        self.seconds = seconds
        self.iterations = iterations
        self.threads = threads
        self.weights = weights
        self.progress = progress
    }

    /// What the solve found (and saved).
    public struct Outcome: Sendable {
        /// The solver's result: sessions, funding, unscheduled cohorts with reasons, costs, moves.
        public var result: ScheduleResult
        /// Cohorts asked for.
        public var cohorts: Int
        /// The schedule as now stored.
        public var schedule: StoredSchedule
    }

    /// Solves and saves; a cancelled task stops the search and saves nothing (`CancellationError`).
    public func run(in context: ServiceContext) async throws -> Outcome {
        let workspace = try context.workspace()
        let problem = try SolveSchedule.problem(in: workspace, now: context.now, weights: weights, keepStarted: true)
        let (seed, seconds, iterations, threads, stop) = (seed, seconds, iterations, threads, stop)
        let report: (@Sendable (SolveProgress) -> Void)? = progress.map { handler in
            { @Sendable (solving: SolveProgress) in
                handler(
                    ServiceProgress(
                        phase: solving.constructed ? "improving" : "placing", done: solving.placed,
                        total: solving.total,
                        elapsed: solving.elapsed, score: solving.score))
            }
        }
        let result = try await CancellationFlag.run { flag in
            let options = SolveOptions(
                seed: seed, seconds: seconds, iterations: iterations, threads: threads, progress: report,
                shouldStop: { flag.isCancelled || stop?.isRaised == true })
            let result = Scheduling.solve(problem, options: options)
            if flag.isCancelled { throw CancellationError() }
            return result
        }
        try translatingErrors {
            try workspace.saveSchedule(
                result.sessions, funding: result.funding,
                unscheduled: result.unscheduled.map { ($0.cohort, $0.reasons) },
                seed: seed, score: result.score, moved: result.moved.count)
        }
        return Outcome(result: result, cohorts: problem.cohorts.count, schedule: try workspace.schedule())
    }

    /// The problem the workspace describes, with its schedule as published sessions: pinned ones kept when
    /// they can be; with `keepStarted`, cohorts that have started (or have marks) fixed.
    static func problem(
        in workspace: Workspace, now: Date, weights: SoftWeights = SoftWeights(), keepStarted: Bool
    ) throws -> SchedulingProblem {
        let data = try workspace.planningData()
        guard let calendar = data.calendar else {
            throw ServiceError(
                .notFound, "no calendar: import calendar.csv first (planner schedule import calendar.csv …)")
        }
        guard !data.offerings.isEmpty else {
            throw ServiceError(
                .notFound, "no offerings: import offerings.csv first (planner schedule import offerings.csv …)")
        }
        let stored = try workspace.schedule().sessions
        let published: [PublishedSession]
        if keepStarted {
            let started = Set(stored.filter { $0.start <= now }.map(\.session.cohort)).union(
                try workspace.markedCohorts())
            published = stored.filter { $0.pinned || started.contains($0.session.cohort) }.map {
                PublishedSession(session: $0.session, pinned: true, fixed: started.contains($0.session.cohort))
            }
        } else {
            published = stored.map { PublishedSession(session: $0.session, pinned: true) }
        }
        return SchedulingProblem(
            calendar: calendar, venues: data.venues, trainers: data.trainers, funders: data.funders,
            offerings: data.offerings, tracks: data.tracks, weights: weights, published: published)
    }
}

/// The schedule as stored: show it, publish it, look for room for one more cohort.
public struct ScheduleBook: Sendable {
    let context: ServiceContext

    /// The schedule of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// The stored schedule and the last solve's score.
    public func current() throws -> (schedule: StoredSchedule, score: Int) {
        let workspace = try context.workspace()
        return (try workspace.schedule(), try workspace.lastScore() ?? 0)
    }

    /// The planning data the schedule was made from (calendar, venues, trainers, funders, offerings, tracks).
    public func planning() throws -> PlanningData { try context.workspace().planningData() }

    /// Pins every session (recorded in history); returns how many.
    @discardableResult
    public func publish() throws -> Int { try translatingErrors { try context.workspace().publishSchedule() } }

    /// The best few placements for one more cohort of `offering`, moving nothing else.
    public func suggest(offering: String, count: Int) throws -> [Suggestion] {
        let workspace = try context.workspace()
        let data = try workspace.planningData()
        guard data.calendar != nil else { throw ServiceError(.notFound, "no calendar: import calendar.csv first") }
        guard data.offerings.contains(where: { $0.id == offering }) else {
            throw ServiceError(.notFound, "no offering '\(offering)' in the workspace")
        }
        let problem = try SolveSchedule.problem(in: workspace, now: context.now, keepStarted: false)
        let (suggestions, reasons) = Scheduling.suggest(problem, offeringID: offering, count: count)
        if suggestions.isEmpty {
            throw ServiceError(
                .refused, "no placement for another cohort of \(offering): " + reasons.joined(separator: "; "))
        }
        return suggestions
    }

    /// Each funder's budget, what is allocated and what remains, and who pays for each cohort.
    public func budget() throws -> BudgetReport {
        let workspace = try context.workspace()
        return BudgetReport(funders: try workspace.planningData().funders, funding: try workspace.schedule().funding)
    }
}

/// Co-financing per funder and per cohort.
public struct BudgetReport: Sendable {
    /// One funder's line.
    public struct FunderLine: Sendable {
        /// The funder.
        public var funder: Funder
        /// What the schedule allocates to it.
        public var allocated: Money
        /// What is left.
        public var remaining: Money { funder.budget - allocated }
    }

    /// One cohort's cost and who pays it.
    public struct CohortLine: Sendable {
        /// The cohort.
        public var cohort: Cohort
        /// Its whole cost.
        public var cost: Money
        /// Amounts by funder id.
        public var paidBy: [String: Money]
    }

    /// Funders in their order of preference.
    public var funders: [FunderLine]
    /// Cohorts in order.
    public var cohorts: [CohortLine]

    init(funders: [Funder], funding: [FundingAllocation]) {
        var allocated: [String: Money] = [:]
        var byCohort: [Cohort: [String: Money]] = [:]
        for allocation in funding {
            allocated[allocation.funderID, default: .zero(allocation.amount.currency)] += allocation.amount
            byCohort[allocation.cohort, default: [:]][
                allocation.funderID, default: .zero(allocation.amount.currency)] +=
                allocation.amount
        }
        self.funders = funders.map {
            FunderLine(funder: $0, allocated: allocated[$0.id] ?? .zero($0.budget.currency))
        }
        cohorts = byCohort.keys.sorted().map { cohort in
            let parts = byCohort[cohort]!
            return CohortLine(
                cohort: cohort, cost: parts.values.reduce(Money.zero(parts.values.first!.currency), +), paidBy: parts)
        }
    }
}
