public import Foundation
import GRDB
public import PlannerCore

extension Workspace {
    /// Seats of a cohort: the offering's expected participants, and no more than the smallest venue
    /// of its scheduled sessions. `nil` when the cohort does not exist.
    public func capacity(of cohort: Cohort) throws -> Int? {
        try writer.read { db in try Workspace.capacity(of: cohort, in: db) }
    }

    static func capacity(of cohort: Cohort, in db: Database) throws -> Int? {
        guard
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM cohort WHERE offering_id = ? AND number = ?)",
                arguments: [cohort.offeringID, cohort.number]) ?? false,
            let document = try String.fetchOne(
                db, sql: "SELECT document FROM offering WHERE id = ?", arguments: [cohort.offeringID])
        else { return nil }
        let offering = try JSONDecoder().decode(Offering.self, from: Data(document.utf8))
        let rooms = try Int.fetchOne(
            db,
            sql: """
                SELECT MIN(v.capacity) FROM session s JOIN venue v ON v.id = s.venue_id
                WHERE s.offering_id = ? AND s.cohort_number = ?
                """, arguments: [cohort.offeringID, cohort.number])
        return min(offering.participantsPerCohort, rooms ?? Int.max)
    }

    /// Registers a participant for a cohort: a seat if one is free, else the waiting list (arrival order).
    public func register(_ participantID: String, in cohort: Cohort, at now: Date) throws -> RegistrationOutcome {
        try register([participantID], in: cohort, at: now)[0]
    }

    /// Registers participants for a cohort in one transaction, in the order given: seats while there are
    /// any, then the waiting list. Registering someone twice changes nothing and says so.
    public func register(_ participantIDs: [String], in cohort: Cohort, at now: Date) throws -> [RegistrationOutcome] {
        let stamp = now.formatted(.iso8601)
        return try transaction { db in
            guard let capacity = try Workspace.capacity(of: cohort, in: db) else {
                throw WorkspaceError(
                    .notFound, folder: folder, detail: "no cohort \(cohort.label) (see planner schedule show)")
            }
            func count(_ status: Registration.Status) throws -> Int {
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM registration WHERE offering_id = ? AND cohort_number = ? AND status = ?",
                    arguments: [cohort.offeringID, cohort.number, status.rawValue]) ?? 0
            }
            var taken = try count(.registered)
            var waiting = try count(.waiting)
            var sequence = try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM registration") ?? 0
            var outcomes: [RegistrationOutcome] = []
            for participantID in participantIDs {
                guard
                    try Bool.fetchOne(
                        db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM participant WHERE id = ?)"),
                        arguments: [participantID]) ?? false
                else {
                    throw WorkspaceError(
                        .notFound, folder: folder,
                        detail: "no participant '\(participantID)' (import participants.csv first)")
                }
                if let status = try String.fetchOne(
                    db.cachedStatement(
                        sql:
                            "SELECT status FROM registration WHERE participant_id = ? AND offering_id = ? AND cohort_number = ?"
                    ),
                    arguments: [participantID, cohort.offeringID, cohort.number]),
                    let existing = Registration.Status(rawValue: status), existing != .cancelled
                {
                    outcomes.append(.unchanged(existing))
                    continue
                }
                sequence += 1
                let status: Registration.Status = taken < capacity ? .registered : .waiting
                try db.upsert(
                    into: "registration", key: ["participant_id", "offering_id", "cohort_number"],
                    [
                        "participant_id": participantID, "offering_id": cohort.offeringID,
                        "cohort_number": cohort.number, "status": status.rawValue, "requested_at": stamp,
                        "sequence": sequence,
                    ])
                try record(
                    "registration.\(status.rawValue)", subject: "registration:\(cohort.label):\(participantID)",
                    at: stamp,
                    in: db)
                if status == .registered {
                    taken += 1
                    outcomes.append(.registered)
                } else {
                    waiting += 1
                    outcomes.append(.waiting(position: waiting))
                }
            }
            return outcomes
        }
    }

    /// Cancels a registration; when a seat frees up, the first person waiting takes it.
    /// - Returns: who was promoted, if anyone.
    public func cancel(_ participantID: String, in cohort: Cohort, at now: Date) throws -> String? {
        let stamp = now.formatted(.iso8601)
        return try transaction { db in
            guard
                let status = try String.fetchOne(
                    db,
                    sql:
                        "SELECT status FROM registration WHERE participant_id = ? AND offering_id = ? AND cohort_number = ?",
                    arguments: [participantID, cohort.offeringID, cohort.number]), status != "cancelled"
            else {
                throw WorkspaceError(
                    .notFound, folder: folder, detail: "\(participantID) is not registered for \(cohort.label)")
            }
            /// Sets a registration's status and records why.
            func set(_ participant: String, to status: Registration.Status, _ action: String) throws {
                try db.run(
                    sql:
                        "UPDATE registration SET status = ? WHERE participant_id = ? AND offering_id = ? AND cohort_number = ?",
                    arguments: [status.rawValue, participant, cohort.offeringID, cohort.number])
                try record(action, subject: "registration:\(cohort.label):\(participant)", at: stamp, in: db)
            }
            try set(participantID, to: .cancelled, "registration.cancelled")
            guard status == "registered" else { return nil }
            guard
                let next = try String.fetchOne(
                    db,
                    sql: """
                        SELECT participant_id FROM registration WHERE offering_id = ? AND cohort_number = ? AND status = 'waiting'
                        ORDER BY sequence LIMIT 1
                        """, arguments: [cohort.offeringID, cohort.number])
            else { return nil }
            try set(next, to: .registered, "registration.promoted")
            return next
        }
    }

    /// Registrations of a cohort in arrival order: participant, status.
    public func registrations(of cohort: Cohort) throws -> [(
        participant: ParticipantRecord, status: Registration.Status
    )] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Workspace.participantColumns), r.status AS registration_status
                    FROM registration r JOIN participant p ON p.id = r.participant_id
                    LEFT JOIN participant_monitoring m ON m.participant_id = p.id
                    WHERE r.offering_id = ? AND r.cohort_number = ? ORDER BY r.sequence
                    """, arguments: [cohort.offeringID, cohort.number]
            ).map {
                (
                    Workspace.participantRecord($0),
                    Registration.Status(rawValue: $0[14]) ?? .registered
                )
            }
        }
    }

    /// Every registration: participant id, cohort, status.
    public func allRegistrations() throws -> [(participantID: String, cohort: Cohort, status: Registration.Status)] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT participant_id, offering_id, cohort_number, status FROM registration ORDER BY sequence"
            ).map {
                ($0[0], Cohort(offeringID: $0[1], number: $0[2]), Registration.Status(rawValue: $0[3]) ?? .registered)
            }
        }
    }
}
