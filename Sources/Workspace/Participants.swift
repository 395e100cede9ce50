import Foundation
import GRDB
public import PlannerCore

extension Workspace {
    /// Adds or updates participants (identity and, apart, monitoring data) in one transaction.
    @discardableResult
    public func importParticipants(_ records: [ParticipantRecord]) throws -> (created: Int, updated: Int) {
        let now = stamp()
        return try transaction { db in
            var created = 0
            var updated = 0
            for record in records {
                let p = record.participant
                let exists =
                    try Bool.fetchOne(
                        db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM participant WHERE id = ?)"),
                        arguments: [p.id])
                    ?? false
                try db.upsert(
                    into: "participant", key: ["id"],
                    [
                        "id": p.id, "family_name": p.familyName, "given_name": p.givenName,
                        "organisation": p.organisation, "organisation_type": p.organisationType.rawValue,
                        "audience": p.audience.rawValue, "email": record.email,
                    ])
                let m = record.monitoring
                try db.upsert(
                    into: "participant_monitoring", key: ["participant_id"],
                    [
                        "participant_id": p.id, "gender": m.gender.rawValue, "birth_year": m.birthYear,
                        "employment_status": m.employment?.rawValue, "education_level": m.iscedLevel.map(String.init),
                        "disability": m.disability?.rawValue, "minority": m.minority?.rawValue,
                    ])
                if exists { updated += 1 } else { created += 1 }
            }
            try record(
                "participant.import", subject: "participants", detail: "created=\(created) updated=\(updated)", at: now,
                in: db)
            return (created, updated)
        }
    }

    /// Every participant with monitoring data, by id.
    public func participants() throws -> [ParticipantRecord] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Workspace.participantColumns)
                    FROM participant p LEFT JOIN participant_monitoring m ON m.participant_id = p.id ORDER BY p.id
                    """
            ).map(Workspace.participantRecord)
        }
    }

    /// One participant with monitoring data.
    public func participant(id: String) throws -> ParticipantRecord? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Workspace.participantColumns)
                    FROM participant p LEFT JOIN participant_monitoring m ON m.participant_id = p.id WHERE p.id = ?
                    """, arguments: [id]
            ).map(Workspace.participantRecord)
        }
    }

    /// The titles of the module an offering teaches and of its curriculum (one query).
    public func titles(ofOffering id: String) throws -> (module: String, curriculum: String)? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT m.title, c.title FROM offering o JOIN module m ON m.id = o.module_id
                    JOIN curriculum c ON c.id = m.curriculum_id WHERE o.id = ?
                    """, arguments: [id]
            ).map { ($0[0], $0[1]) }
        }
    }

    /// The columns ``participantRecord(_:)`` reads, in its order (`p` participant, `m` monitoring).
    static let participantColumns = """
        p.id, p.family_name, p.given_name, p.organisation, p.organisation_type, p.audience, p.email, m.gender,
        m.birth_year, m.employment_status, m.education_level, m.disability, m.minority, m.age_band
        """

    /// Decodes a row of ``participantColumns`` by position (lists of 100,000 people stay fast).
    static func participantRecord(_ row: Row) -> ParticipantRecord {
        ParticipantRecord(
            participant: Participant(
                id: row[0], familyName: row[1], givenName: row[2], organisation: row[3],
                organisationType: OrganisationType(rawValue: row[4]) ?? .other,
                audience: Audience(rawValue: row[5]) ?? .other),
            email: row[6],
            monitoring: MonitoringData(
                gender: (row[7] as String?).flatMap(Gender.init(rawValue:)) ?? .notStated,
                birthYear: row[8],
                employment: (row[9] as String?).flatMap(EmploymentStatus.init(rawValue:)),
                iscedLevel: (row[10] as String?).flatMap { Int($0) },
                disability: (row[11] as String?).flatMap(SpecialCategoryAnswer.init(rawValue:)),
                minority: (row[12] as String?).flatMap(SpecialCategoryAnswer.init(rawValue:)),
                ageBand: row[13]))
    }
}
