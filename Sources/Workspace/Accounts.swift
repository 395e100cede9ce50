public import Foundation
import GRDB
public import PlannerCore

/// The web application's accounts, signed-in sessions and participants' personal links.
///
/// Secrets are never stored: the caller hashes a set-up link's token, a session's cookie value and a
/// personal link's token, and the workspace keeps the hashes. Changes to accounts and links are recorded
/// in history; sessions are not (they are not the programme's data).
extension Workspace {
    /// Every account, by name.
    public func accounts() throws -> [AccountRecord] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Workspace.accountColumns) FROM account ORDER BY name").map(
                Workspace.account)
        }
    }

    /// The account called `name`.
    public func account(named name: String) throws -> AccountRecord? {
        // One statement reads a consistent snapshot by itself; cached, as every signed-in request asks.
        try writer.unsafeRead { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Workspace.accountColumns) FROM account WHERE name = ?"),
                arguments: [name]
            )
            .map(Workspace.account)
        }
    }

    /// The pending account whose set-up link hashes to `hash` and has not expired at `now`.
    public func account(setupHash hash: String, at now: Date) throws -> AccountRecord? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Workspace.accountColumns) FROM account
                    WHERE setup_hash = ? AND setup_expires > ? AND disabled = 0
                    """, arguments: [hash, now.timeIntervalSince1970]
            ).map(Workspace.account)
        }
    }

    /// Adds an account waiting for its set-up link (`setupHash`, valid until `expires`).
    ///
    /// - Throws: ``WorkspaceError`` `.conflict` when the name is taken, `.notFound` for an unknown trainer.
    public func addAccount(
        name: String, role: String, trainerID: String?, setupHash: String, expires: Date
    ) throws {
        let now = stamp()
        try transaction { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM account WHERE name = ?)", arguments: [name])
                ?? false
            {
                throw WorkspaceError(.conflict, folder: folder, detail: "an account '\(name)' exists already")
            }
            if let trainerID,
                !(try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM trainer WHERE id = ?)", arguments: [trainerID]) ?? false)
            {
                throw WorkspaceError(.notFound, folder: folder, detail: "no trainer '\(trainerID)' in the workspace")
            }
            try db.execute(
                sql: """
                    INSERT INTO account (name, role, trainer_id, setup_hash, setup_expires, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [name, role, trainerID, setupHash, expires.timeIntervalSince1970, now])
            try record(
                "account.add", subject: "account:\(name)",
                detail: "role=\(role)" + (trainerID.map { " trainer=\($0)" } ?? ""),
                at: now, in: db)
        }
    }

    /// Gives the account a new set-up link and forgets its password (its sessions end with it).
    public func resetAccount(_ name: String, setupHash: String, expires: Date) throws {
        try changeAccount(
            name, action: "account.reset",
            sql: "UPDATE account SET password_hash = NULL, setup_hash = ?, setup_expires = ? WHERE name = ?",
            arguments: [setupHash, expires.timeIntervalSince1970, name])
    }

    /// Sets the password of the account (by its owner, through the set-up link, which is used up).
    public func setPassword(of name: String, hash: String) throws {
        try changeAccount(
            name, action: "account.password",
            sql: "UPDATE account SET password_hash = ?, setup_hash = NULL, setup_expires = NULL WHERE name = ?",
            arguments: [hash, name])
    }

    /// Disables or enables an account.
    public func setAccount(_ name: String, disabled: Bool) throws {
        try changeAccount(
            name, action: disabled ? "account.disable" : "account.enable",
            sql: "UPDATE account SET disabled = ? WHERE name = ?", arguments: [disabled, name])
    }

    private func changeAccount(_ name: String, action: String, sql: String, arguments: StatementArguments) throws {
        let now = stamp()
        try transaction { db in
            try db.execute(sql: sql, arguments: arguments)
            guard db.changesCount == 1 else {
                throw WorkspaceError(.notFound, folder: folder, detail: "no account '\(name)'")
            }
            try record(action, subject: "account:\(name)", at: now, in: db)
        }
    }

    static let accountColumns = "name, role, trainer_id, password_hash, disabled"

    static func account(_ row: Row) -> AccountRecord {
        AccountRecord(
            name: row[0], role: row[1], trainerID: row[2], passwordHash: row[3], disabled: row[4])
    }

    // MARK: Sessions

    /// The stored value of the session whose key hashes to `hash`, with its expiry, unless expired at `now`.
    public func webSession(hash: String, at now: Date) throws -> (value: String, expires: Date?)? {
        try writer.unsafeRead { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql:
                            "SELECT value, expires FROM web_session WHERE key_hash = ? AND (expires IS NULL OR expires > ?)"
                    ),
                    arguments: [hash, now.timeIntervalSince1970])
            else { return nil }
            return (row[0], (row[1] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Stores a session's value; `expires` nil keeps the expiry it had. With `create`, a key already
    /// stored is a conflict. Expired sessions are removed on the way.
    public func setWebSession(hash: String, value: String, expires: Date?, create: Bool, at now: Date) throws {
        try transaction { db in
            try db.execute(
                sql: "DELETE FROM web_session WHERE expires <= ?", arguments: [now.timeIntervalSince1970])
            if create,
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM web_session WHERE key_hash = ?)", arguments: [hash]) ?? false
            {
                throw WorkspaceError(.conflict, folder: folder, detail: "session exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO web_session (key_hash, value, expires) VALUES (?1, ?2, ?3)
                    ON CONFLICT (key_hash) DO UPDATE SET value = ?2, expires = coalesce(?3, expires)
                    """, arguments: [hash, value, expires?.timeIntervalSince1970])
        }
    }

    /// Forgets a session.
    public func removeWebSession(hash: String) throws {
        try transaction { db in try db.execute(sql: "DELETE FROM web_session WHERE key_hash = ?", arguments: [hash]) }
    }

    // MARK: Calendar feeds

    /// The active account whose calendar-feed link's token hashes to `hash`.
    public func account(feedHash hash: String) throws -> AccountRecord? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Workspace.accountColumns) FROM account_feed f JOIN account a ON a.name = f.account
                    WHERE f.token_hash = ? AND a.disabled = 0
                    """, arguments: [hash]
            ).map(Workspace.account)
        }
    }

    /// Gives the account a calendar-feed link (replacing any earlier one).
    public func setAccountFeed(_ name: String, hash: String) throws {
        let now = stamp()
        try transaction { db in
            try db.execute(
                sql: """
                    INSERT INTO account_feed (account, token_hash, created_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (account) DO UPDATE SET token_hash = ?2, created_at = ?3
                    """, arguments: [name, hash, now])
            try record("account.feed", subject: "account:\(name)", at: now, in: db)
        }
    }

    // MARK: Personal links

    /// The participant whose personal link's token hashes to `hash`.
    public func participant(linkHash hash: String) throws -> ParticipantRecord? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Workspace.participantColumns) FROM participant_link l JOIN participant p ON p.id = l.participant_id
                    LEFT JOIN participant_monitoring m ON m.participant_id = p.id WHERE l.token_hash = ?
                    """, arguments: [hash]
            ).map(Workspace.participantRecord)
        }
    }

    /// Gives the participant a personal link (replacing any earlier one), or with `nil` revokes it.
    public func setParticipantLink(_ participantID: String, hash: String?) throws {
        let now = stamp()
        try transaction { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM participant WHERE id = ? AND erased = 0)",
                    arguments: [participantID]) ?? false
            else {
                throw WorkspaceError(.notFound, folder: folder, detail: "no participant '\(participantID)'")
            }
            if let hash {
                try db.upsert(
                    into: "participant_link", key: ["participant_id"],
                    ["participant_id": participantID, "token_hash": hash, "created_at": now])
            } else {
                try db.execute(sql: "DELETE FROM participant_link WHERE participant_id = ?", arguments: [participantID])
            }
            try record(
                hash == nil ? "participant.link-revoke" : "participant.link", subject: "participant:\(participantID)",
                at: now, in: db)
        }
    }
}
