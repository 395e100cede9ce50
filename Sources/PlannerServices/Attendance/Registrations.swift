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

    /// A cohort's seats and its registrations in arrival order (identity only: never monitoring data).
    public func list(of cohort: Cohort) throws -> (
        capacity: Int?, registrations: [(participant: Participant, status: Registration.Status)]
    ) {
        let workspace = try context.workspace()
        let registrations = try workspace.registrations(of: cohort).map { ($0.participant.participant, $0.status) }
        return (try workspace.capacity(of: cohort), registrations)
    }
}
