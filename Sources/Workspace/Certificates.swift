public import Foundation
import GRDB
public import PlannerCore

extension Workspace {
    static func storedCertificate(_ row: Row) -> StoredCertificate {
        StoredCertificate(
            certificate: Certificate(
                id: UUID(uuidString: row["id"]) ?? UUID(), participantID: row["participant_id"],
                offeringID: row["offering_id"],
                verificationCode: row["code"],
                issuedOn: LocalDate(iso: row["issued_on"] as String) ?? LocalDate(daysSinceEpoch: 0),
                minutesAttended: row["minutes_attended"], minutesPlanned: row["minutes_planned"],
                revocationReason: row["revocation_reason"]),
            cohort: Cohort(offeringID: row["offering_id"], number: row["cohort_number"] ?? 1),
            credential: row["credential"],
            revokedAt: row["revoked_at"])
    }

    /// Issues certificates in one transaction; one already issued for the same participant and offering
    /// is left as it is (issuing is idempotent). Returns the certificates created now.
    public func issue(_ certificates: [(Certificate, Cohort)], at now: Date) throws -> [Certificate] {
        let stamp = now.formatted(.iso8601)
        return try transaction { db in
            var created: [Certificate] = []
            for (certificate, cohort) in certificates {
                let exists =
                    try Bool.fetchOne(
                        db,
                        sql: "SELECT EXISTS (SELECT 1 FROM certificate WHERE participant_id = ? AND offering_id = ?)",
                        arguments: [certificate.participantID, certificate.offeringID]) ?? false
                if exists { continue }
                try db.run(
                    sql: """
                        INSERT INTO certificate (id, participant_id, offering_id, code, issued_on, minutes_attended, minutes_planned, cohort_number)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        certificate.id.uuidString.lowercased(), certificate.participantID, certificate.offeringID,
                        certificate.verificationCode, certificate.issuedOn.description, certificate.minutesAttended,
                        certificate.minutesPlanned, cohort.number,
                    ])
                try record(
                    "certificate.issue",
                    subject: "certificate:\(certificate.id.uuidString.lowercased()):\(certificate.participantID)",
                    detail: certificate.offeringID, at: stamp, in: db)
                created.append(certificate)
            }
            return created
        }
    }

    /// Stores the signed credential of a certificate.
    public func setCredential(_ credential: String, for id: UUID) throws {
        try transaction { db in
            try db.run(
                sql: "UPDATE certificate SET credential = ? WHERE id = ?",
                arguments: [credential, id.uuidString.lowercased()])
        }
    }

    /// Every certificate, oldest first.
    public func certificates() throws -> [StoredCertificate] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM certificate ORDER BY issued_on, offering_id, participant_id").map(
                Workspace.storedCertificate)
        }
    }

    /// The certificate with this verification code (as stored, grouped) or id.
    public func certificate(codeOrID: String) throws -> StoredCertificate? {
        try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM certificate WHERE code = ? OR id = ?",
                arguments: [codeOrID, codeOrID.lowercased()]
            ).map(Workspace.storedCertificate)
        }
    }

    /// What a verify page shows of the certificate with this code, in one read: the certificate, the
    /// holder's names, the seminar's and the programme's titles, and the organiser and issuer settings.
    public func publicCertificate(code: String) throws -> (
        stored: StoredCertificate, givenName: String?, familyName: String?, seminar: String?, programme: String?,
        organiser: String?, issuerID: String?
    )? {
        // A single statement reads one consistent snapshot by itself: no transaction around it.
        try writer.unsafeRead { db in
            guard
                let row = try Row.fetchOne(
                    // Cached: a verify page answers many scans, and preparing the join was a tenth of each.
                    db.cachedStatement(
                        sql: """
                                SELECT c.*, p.given_name AS p_given, p.family_name AS p_family, m.title AS m_title,
                                cu.title AS cu_title, (SELECT value FROM setting WHERE key = 'organiser') AS s_organiser,
                                (SELECT value FROM setting WHERE key = 'issuer-id') AS s_issuer
                            FROM certificate c LEFT JOIN participant p ON p.id = c.participant_id
                            LEFT JOIN offering o ON o.id = c.offering_id LEFT JOIN module m ON m.id = o.module_id
                            LEFT JOIN curriculum cu ON cu.id = m.curriculum_id WHERE c.code = ?
                            """), arguments: [code])
            else { return nil }
            return (
                Workspace.storedCertificate(row), row["p_given"], row["p_family"], row["m_title"], row["cu_title"],
                row["s_organiser"], row["s_issuer"]
            )
        }
    }

    /// Revokes a certificate; it then verifies as revoked, with the reason.
    public func revoke(_ id: String, reason: String, at now: Date) throws {
        let stamp = now.formatted(.iso8601)
        try transaction { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM certificate WHERE id = ? OR code = ?", arguments: [id.lowercased(), id])
            else { throw WorkspaceError(.notFound, folder: folder, detail: "no certificate '\(id)'") }
            if (row["revoked_at"] as String?) != nil {
                throw WorkspaceError(.conflict, folder: folder, detail: "certificate \(id) is already revoked")
            }
            try db.run(
                sql: "UPDATE certificate SET revoked_at = ?, revocation_reason = ? WHERE id = ?",
                arguments: [stamp, reason, row["id"] as String])
            try record(
                "certificate.revoke", subject: "certificate:\(row["id"] as String):\(row["participant_id"] as String)",
                detail: reason, at: stamp, in: db)
        }
    }
}
