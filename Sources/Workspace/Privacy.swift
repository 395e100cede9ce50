public import Foundation
import GRDB
import PlannerCore

extension Workspace {
    /// Everything held about one participant, as pretty JSON; the export itself is logged.
    public func exportParticipant(_ id: String, at now: Date) throws -> String? {
        let stamp = now.formatted(.iso8601)
        return try transaction { db -> String? in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(Workspace.participantColumns)
                        FROM participant p LEFT JOIN participant_monitoring m ON m.participant_id = p.id WHERE p.id = ?
                        """, arguments: [id])
            else { return nil }
            let record = Workspace.participantRecord(row)
            let registrations = try Row.fetchAll(
                db, sql: "SELECT * FROM registration WHERE participant_id = ? ORDER BY sequence", arguments: [id]
            ).map {
                [
                    "cohort": "\($0["offering_id"] as String)#\($0["cohort_number"] as Int)",
                    "status": $0["status"] as String, "requested_at": $0["requested_at"] as String,
                ]
            }
            let marks = try Row.fetchAll(
                db,
                sql:
                    """
                    SELECT m.*, r.at AS marked_at, r.actor AS marked_by
                    FROM attendance_mark m JOIN mark_recording r ON r.id = m.recording_id
                    WHERE participant_id = ? ORDER BY offering_id, cohort_number, session_index
                    """,
                arguments: [id]
            ).map {
                [
                    "session":
                        "\($0["offering_id"] as String)#\($0["cohort_number"] as Int)/\($0["session_index"] as Int)",
                    "status": $0["status"] as String, "minutes": String($0["minutes"] as Int),
                    "remark": ($0["remark"] as String?) ?? "", "marked_by": $0["marked_by"] as String,
                    "marked_at": $0["marked_at"] as String,
                ]
            }
            let certificates = try Row.fetchAll(
                db, sql: "SELECT * FROM certificate WHERE participant_id = ?", arguments: [id]
            ).map {
                [
                    "id": $0["id"] as String, "offering": $0["offering_id"] as String, "code": $0["code"] as String,
                    "issued_on": $0["issued_on"] as String,
                    "revoked": (($0["revoked_at"] as String?) != nil) ? "yes" : "no",
                ]
            }
            let marksHistory = try Workspace.markHistory(session: nil, participant: id, in: db)
            let general = try HistoryRecord.filter(
                Column("subject").like("%\(id)%") && !Column("subject").like("mark:%")
            )
            .order(Column("id")).fetchAll(db).map(\.entry)
            let history = (general + marksHistory).sorted { $0.at < $1.at }
                .map {
                    ["at": $0.at, "actor": $0.actor, "action": $0.action, "subject": $0.subject, "detail": $0.detail]
                }
            struct Export: Encodable {
                var participant: Participant
                var email: String?
                var monitoring: MonitoringData
                var registrations: [[String: String]]
                var marks: [[String: String]]
                var certificates: [[String: String]]
                var history: [[String: String]]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let json = String(
                decoding: try encoder.encode(
                    Export(
                        participant: record.participant, email: record.email, monitoring: record.monitoring,
                        registrations: registrations, marks: marks, certificates: certificates, history: history)),
                as: UTF8.self)
            try self.record("participant.export", subject: "participant:\(id)", at: stamp, in: db)
            return json
        }
    }

    /// Erases a participant's identity and detailed monitoring data in one transaction, keeping anonymous
    /// counts and attendance totals: the records move to a new anonymous id, names and e-mail are
    /// blanked, the birth year becomes an ESF+ age band, and the history's mentions of the old id are
    /// rewritten. The organisation (an employer, not the person) stays, so "organisations supported"
    /// keeps its count. Returns the anonymous id.
    public func eraseParticipant(_ id: String, at now: Date) throws -> String {
        let stamp = now.formatted(.iso8601)
        let anonymous = "anon-" + UUID().uuidString.prefix(8).lowercased()
        return try transaction { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT m.birth_year FROM participant p LEFT JOIN participant_monitoring m ON m.participant_id = p.id WHERE p.id = ?",
                    arguments: [id])
            else {
                throw WorkspaceError(.notFound, folder: folder, detail: "no participant '\(id)'")
            }
            // The age band at the first session attended (or now), so ESF+ counts stay as they were.
            let firstDay = try String.fetchOne(
                db,
                sql: """
                    SELECT MIN(s.date) FROM attendance_mark a JOIN session s ON s.offering_id = a.offering_id
                    AND s.cohort_number = a.cohort_number AND s.idx = a.session_index WHERE a.participant_id = ?
                    """, arguments: [id]
            ).flatMap { LocalDate(iso: $0) }
            let year = firstDay?.components.year ?? Calendar(identifier: .gregorian).component(.year, from: now)
            let band: String? = (row["birth_year"] as Int?).map { birth in
                let age = year - birth
                return age < 18 ? "under 18" : age <= 29 ? "18-29" : age >= 55 ? "55 and over" : "30-54"
            }
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            // A personal link names the person: it ends with them.
            try db.execute(sql: "DELETE FROM participant_link WHERE participant_id = ?", arguments: [id])
            try db.execute(
                sql:
                    "UPDATE participant SET id = ?, family_name = '', given_name = '', email = NULL, erased = 1 WHERE id = ?",
                arguments: [anonymous, id])
            for table in ["registration", "attendance_mark", "certificate"] {
                try db.execute(
                    sql: "UPDATE \(table) SET participant_id = ? WHERE participant_id = ?", arguments: [anonymous, id])
            }
            try db.execute(
                sql:
                    "UPDATE participant_monitoring SET participant_id = ?, birth_year = NULL, age_band = ? WHERE participant_id = ?",
                arguments: [anonymous, band, id])
            // The history and the mark versions are append-only, except that an erasure rewrites mentions
            // of the person.
            try db.execute(
                sql: """
                    DROP TRIGGER mark_version_no_update;
                    UPDATE mark_version SET participant_id = ?2 WHERE participant_id = ?1;
                    CREATE TRIGGER mark_version_no_update BEFORE UPDATE ON mark_version
                        BEGIN SELECT RAISE(ABORT, 'mark versions are append-only'); END;
                    """, arguments: [id, anonymous])
            try db.execute(
                sql: """
                    DROP TRIGGER history_no_update;
                    UPDATE history SET subject = replace(subject, ?1, ?2), detail = replace(detail, ?1, ?2)
                        WHERE instr(subject, ?1) > 0 OR instr(detail, ?1) > 0;
                    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
                    """, arguments: [id, anonymous])
            try record("participant.erase", subject: "participant:\(anonymous)", at: stamp, in: db)
            return anonymous
        }
    }
}
