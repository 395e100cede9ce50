import Attendance
import Foundation
public import PlannerCore
import Workspace

/// Recording who attended: marks for one session, a trainer's CSV of marks, a roll-call, and their history.
///
/// The rules are the workspace's, the same for every front end: not before the session starts, registered
/// people only, no more minutes than the session lasts; every change is kept.
public struct Marking: Sendable {
    let context: ServiceContext

    /// Marking in the workspace of `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// Records marks for one session, all or nothing; returns how many were new or changed.
    ///
    /// - Parameters:
    ///   - by: who records them (default: the context's actor).
    ///   - source: where they come from, for the history (`roll call`).
    @discardableResult
    public func record(
        _ entries: [MarkEntry], for session: SessionKey, by recorder: String? = nil, from source: String? = nil
    ) throws -> Int {
        let workspace = try context.workspace()
        return try translatingErrors {
            try workspace.recordMarks(
                entries, for: session, by: recorder ?? context.actor, at: context.now, from: source)
        }
    }

    /// Records marks for one session like ``record(_:for:by:from:)``; on a server, with the writes that
    /// arrive at the same time, in one commit (each still all or nothing, answered once committed).
    public func record(
        grouping entries: [MarkEntry], for session: SessionKey, by recorder: String? = nil, from source: String? = nil
    ) async throws -> Int {
        let workspace = try context.workspace()
        let (actor, now) = (recorder ?? context.actor, context.now)
        do {
            return try await workspace.recordMarks(grouping: entries, for: session, by: actor, at: now, from: source)
        } catch {
            throw translated(error)
        }
    }

    /// The marks recorded, all or those of one session or one participant.
    public func marks(session: SessionKey? = nil, participant: String? = nil) throws -> [StoredMark] {
        try context.workspace().marks(session: session, participant: participant)
    }

    /// The status set (present, late, excused, absent, and any added).
    public func statuses() throws -> [StoredStatus] { try context.workspace().statuses() }

    /// Adds a status to the set.
    public func addStatus(_ status: StoredStatus) throws {
        let workspace = try context.workspace()
        try translatingErrors { try workspace.addStatus(status) }
    }

    /// Every change to marks, oldest first.
    public func history(session: SessionKey? = nil, participant: String? = nil) throws -> [HistoryEntry] {
        try context.workspace().markHistory(session: session, participant: participant)
    }

    /// What a roll-call of one session needs: the statuses, the people registered (by name), and who is
    /// already marked with what.
    public struct RollCall: Sendable {
        /// The statuses, with their keys.
        public var statuses: [StoredStatus]
        /// People with a seat, by family and given name.
        public var people: [Participant]
        /// Status names of those already marked, by participant id.
        public var marked: [String: String]
    }

    /// The roll-call of a session; refused when nobody is registered.
    public func rollCall(_ session: SessionKey) throws -> RollCall {
        let workspace = try context.workspace()
        let people = try workspace.registrations(of: session.cohort).filter { $0.status == .registered }.map(
            \.participant.participant
        )
        .sorted { byName(($0.familyName, $0.givenName, ""), ($1.familyName, $1.givenName, "")) }
        guard !people.isEmpty else {
            throw ServiceError(.refused, "nobody is registered for \(session.cohort.label)")
        }
        let marked = Dictionary(
            try workspace.marks(session: session).map { ($0.participantID, $0.status) },
            uniquingKeysWith: { a, _ in a })
        return RollCall(statuses: try workspace.statuses(), people: people, marked: marked)
    }
}

/// Records the marks of a CSV file a trainer filled in (session, participant, status, minutes, remark):
/// every row is checked first; nothing is recorded if any is wrong.
public struct ImportMarks: Sendable {
    /// The file.
    public var file: InputFile
    /// The session of every row, when the file has no `session` column.
    public var session: String?
    /// Who records them (default: the context's actor).
    public var recorder: String?
    /// Receives how many sessions were written so far.
    public var progress: ProgressHandler?

    /// An import of `file`.
    public init(file: InputFile, session: String? = nil, recorder: String? = nil, progress: ProgressHandler? = nil) {
        self.file = file
        self.session = session
        self.recorder = recorder
        self.progress = progress
    }

    /// What was recorded.
    public struct Outcome: Sendable {
        /// Marks recorded.
        public var marks: Int
        /// Sessions the file covers.
        public var sessions: Int
    }

    /// Records, or throws ``ServiceError`` (with every positioned problem) and records nothing; a
    /// cancelled task records nothing either (`CancellationError`).
    public func run(in context: ServiceContext) async throws -> Outcome {
        let workspace = try context.workspace()
        let (file, session, recorder, progress) = (file, session, recorder ?? context.actor, progress)
        let now = context.now
        return try await CancellationFlag.run { flag in
            // The file is read on a thread of its own and handed over session by session to the writer, so
            // that reading and writing overlap (the two halves of a 1,000,000-mark import).
            let runs = HandOff<(key: SessionKey, entries: [MarkEntry])>(capacity: 8)
            let reading = Eventually<MarkSheet> {
                defer { runs.finish() }
                return MarkSheet.read(file: file, session: session, into: runs)
            }
            struct FileHasErrors: Error {}
            let start = ContinuousClock.now
            var written = 0
            let count: Int
            do {
                count = try workspace.recordMarks(
                    stream: {
                        if flag.isCancelled { throw CancellationError() }
                        if let run = runs.receive() {
                            written += 1
                            if written % 1_000 == 0 {
                                progress?(
                                    ServiceProgress(phase: "recording", done: written, elapsed: seconds(since: start)))
                            }
                            return run
                        }
                        if reading.value.diagnostics.containsErrors { throw FileHasErrors() }
                        return nil
                    }, by: recorder, at: now, from: file.url.lastPathComponent)
            } catch let error as MarkingError {
                runs.cancel()
                if reading.value.diagnostics.containsErrors { throw failure(reading.value.diagnostics) }
                throw ServiceError(.refused, "nothing was recorded:\n  " + error.problems.joined(separator: "\n  "))
            } catch is FileHasErrors {
                throw failure(reading.value.diagnostics)
            } catch {
                runs.cancel()
                _ = reading.value
                throw error
            }
            return Outcome(marks: count, sessions: reading.value.sessions)
        }
    }

    private func failure(_ diagnostics: [Diagnostic]) -> ServiceError {
        ServiceError(.invalidInput, "nothing was recorded", diagnostics: diagnostics.sortedByPosition())
    }
}
