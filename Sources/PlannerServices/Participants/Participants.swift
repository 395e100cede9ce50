public import PlannerCore
import Workspace

/// Imports participants from CSV (identity and organisation, and monitoring data kept apart): every file is
/// checked first, and nothing is imported if any has an error.
public struct ImportParticipants: Sendable {
    /// The files.
    public var files: [InputFile]

    /// Imports these files.
    public init(files: [InputFile]) { self.files = files }

    /// Participants created and updated, and the warnings found.
    public struct Outcome: Sendable {
        /// New participants.
        public var created: Int
        /// Participants that existed and were updated.
        public var updated: Int
        /// Warnings, sorted by position.
        public var warnings: [Diagnostic]
    }

    /// Imports, or throws ``ServiceError`` with every diagnostic and leaves the workspace as it was.
    public func run(in context: ServiceContext) async throws -> Outcome {
        let workspace = try context.workspace()
        var records: [ParticipantRecord] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            let (read, problems) = ParticipantFile.read(file.url, file: file.name)
            records += read
            diagnostics += problems
        }
        var seen: [String: String] = [:]
        for record in records {
            if let other = seen[record.participant.id] {
                diagnostics.append(
                    .error("participant '\(record.participant.id)' is also in \(other)", file: files.last?.name ?? ""))
            }
            seen[record.participant.id] = files.first?.name ?? ""
        }
        diagnostics = diagnostics.sortedByPosition()
        guard !diagnostics.containsErrors else {
            throw ServiceError(
                .invalidInput, "nothing was imported; fix the errors above and run the import again",
                diagnostics: diagnostics)
        }
        let (created, updated) = try translatingErrors { try workspace.importParticipants(records) }
        return Outcome(created: created, updated: updated, warnings: diagnostics)
    }
}

/// People and their rights: the list (identity and organisation only), everything held about one person,
/// and erasure.
public struct ParticipantRegister: Sendable {
    let context: ServiceContext

    /// The participants of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// Every participant: identity and organisation, never monitoring data.
    public func list() throws -> [Participant] { try context.workspace().participants().map(\.participant) }

    /// Everything held about one participant, as JSON (a subject access request); recorded in history.
    public func export(_ id: String) throws -> String {
        guard let export = try context.workspace().exportParticipant(id, at: context.now) else {
            throw ServiceError(.notFound, "no participant '\(id)'")
        }
        return export
    }

    /// Erases a participant's identity and detailed monitoring data, keeping anonymous counts and attendance
    /// totals; returns the anonymous id their records now belong to. Recorded in history.
    public func erase(_ id: String) throws -> String {
        let workspace = try context.workspace()
        return try translatingErrors { try workspace.eraseParticipant(id, at: context.now) }
    }
}
