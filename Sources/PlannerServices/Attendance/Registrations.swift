public import PlannerCore
import Workspace

/// Registrations of participants for cohorts: a seat while there is one, else the waiting list; cancelling
/// gives the free seat to the first person waiting.
public struct Registrations: Sendable {
    let context: ServiceContext

    /// The registrations of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// Registers people for a cohort, all or nothing; returns the cohort's seats and each person's outcome.
    public func register(_ participantIDs: [String], in cohort: Cohort) throws -> (
        capacity: Int?, outcomes: [RegistrationOutcome]
    ) {
        let workspace = try context.workspace()
        let capacity = try workspace.capacity(of: cohort)
        let outcomes = try translatingErrors(suffix: "; nobody was registered") {
            try workspace.register(participantIDs, in: cohort, at: context.now)
        }
        return (capacity, outcomes)
    }

    /// Cancels a registration; returns who moved from the waiting list to the seat, if anyone.
    public func cancel(_ participantID: String, in cohort: Cohort) throws -> String? {
        let workspace = try context.workspace()
        return try translatingErrors { try workspace.cancel(participantID, in: cohort, at: context.now) }
    }

    /// Every cohort of the planning with its seats and how many are registered and waiting.
    public func overview() throws -> [(cohort: Cohort, capacity: Int?, registered: Int, waiting: Int)] {
        let workspace = try context.workspace()
        let counts = Dictionary(grouping: try workspace.allRegistrations(), by: \.cohort)
        return try workspace.planningData().offerings.flatMap { offering in
            try (1...max(offering.cohorts, 1)).map { number in
                let cohort = Cohort(offeringID: offering.id, number: number)
                let here = counts[cohort] ?? []
                return (
                    cohort, try workspace.capacity(of: cohort), here.filter { $0.status == .registered }.count,
                    here.filter { $0.status == .waiting }.count
                )
            }
        }
    }

    /// The cohorts `participantID` is registered or waiting for.
    public func of(_ participantID: String) throws -> [(cohort: Cohort, status: Registration.Status)] {
        try context.workspace().allRegistrations().filter {
            $0.participantID == participantID && $0.status != .cancelled
        }.map { ($0.cohort, $0.status) }
    }

    /// A cohort's seats and its registrations in arrival order (identity only: never monitoring data).
    public func list(of cohort: Cohort) throws -> (
        capacity: Int?, registrations: [(participant: Participant, status: Registration.Status)]
    ) {
        let workspace = try context.workspace()
        let registrations = try workspace.registrations(of: cohort).map { ($0.participant.participant, $0.status) }
        return (try workspace.capacity(of: cohort), registrations)
    }
}
