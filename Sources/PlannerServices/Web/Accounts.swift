public import Foundation
import HummingbirdBcrypt
public import PlannerCore
import Workspace

/// Who may sign in to the web application, and how: accounts for coordinators and trainers, each set up
/// through a one-time link on which its owner chooses the password (nobody else ever knows it).
///
/// A pending account (no password yet) cannot sign in; resetting an account forgets its password and ends
/// its sessions; a disabled account cannot sign in and its sessions end. Every change is in history.
public struct Accounts: Sendable {
    let context: ServiceContext

    /// The accounts of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// A signed-in account's role.
    public enum Role: String, Sendable, CaseIterable, Codable {
        /// Runs the programme: every page.
        case coordinator
        /// Takes roll-calls of their own sessions.
        case trainer
    }

    /// An account.
    public struct Account: Sendable, Hashable {
        /// The sign-in name.
        public var name: String
        /// The role.
        public var role: Role
        /// The trainer a trainer's account acts for.
        public var trainerID: String?
        /// Waiting for its set-up link to be used.
        public var pending: Bool
        /// Disabled.
        public var disabled: Bool

        init?(_ record: AccountRecord) {
            guard let role = Role(rawValue: record.role) else { return nil }
            name = record.name
            self.role = role
            trainerID = record.trainerID
            pending = record.passwordHash == nil
            disabled = record.disabled
        }
    }

    /// A one-time link on which an account's owner chooses a password.
    public struct SetupLink: Sendable, Hashable {
        /// The account.
        public var account: String
        /// The path to open on the server (`/setup/TOKEN`).
        public var path: String
        /// Until when it works.
        public var expires: Date
    }

    /// How long a set-up link works.
    public static let setupValidity: TimeInterval = 7 * 24 * 3600
    /// The shortest password accepted.
    public static let minimumPasswordLength = 12
    /// bcrypt's cost (2^12 rounds: about a quarter of a second on this kind of machine).
    static let cost: UInt8 = 12

    /// Every account, by name.
    public func list() throws -> [Account] { try context.workspace().accounts().compactMap(Account.init) }

    /// The account called `name`, if it may act now (not pending, not disabled).
    public func active(_ name: String) throws -> Account? {
        try context.workspace().account(named: name).flatMap(Account.init).flatMap {
            $0.pending || $0.disabled ? nil : $0
        }
    }

    /// Adds an account and returns its set-up link.
    ///
    /// - Parameters:
    ///   - name: letters, digits, `.`, `-`, `_` or `@`, at most 64.
    ///   - trainer: the trainer it acts for; required for a trainer, refused for a coordinator.
    public func add(_ name: String, role: Role, trainer: String? = nil) throws -> SetupLink {
        guard name.count <= 64, !name.isEmpty,
            name.unicodeScalars.allSatisfy({
                CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)
            })
        else {
            throw ServiceError(
                .invalidInput, "an account name is 1 to 64 letters, digits, '.', '-', '_' or '@' (not '\(name)')")
        }
        switch (role, trainer) {
        case (.trainer, nil): throw ServiceError(.invalidInput, "a trainer's account needs --trainer ID")
        case (.coordinator, .some): throw ServiceError(.invalidInput, "a coordinator's account acts for no trainer")
        default: break
        }
        let workspace = try context.workspace()
        let (token, expires) = (Secret.token(), context.now.addingTimeInterval(Accounts.setupValidity))
        try translatingErrors {
            try workspace.addAccount(
                name: name, role: role.rawValue, trainerID: trainer, setupHash: Secret.hash(token), expires: expires)
        }
        return SetupLink(account: name, path: "/setup/" + token, expires: expires)
    }

    /// Forgets the account's password (its sessions end) and returns a new set-up link.
    public func reset(_ name: String) throws -> SetupLink {
        let workspace = try context.workspace()
        let (token, expires) = (Secret.token(), context.now.addingTimeInterval(Accounts.setupValidity))
        try translatingErrors { try workspace.resetAccount(name, setupHash: Secret.hash(token), expires: expires) }
        return SetupLink(account: name, path: "/setup/" + token, expires: expires)
    }

    /// Disables (or enables again) an account.
    public func setDisabled(_ name: String, _ disabled: Bool) throws {
        let workspace = try context.workspace()
        try translatingErrors { try workspace.setAccount(name, disabled: disabled) }
    }

    /// On a workspace where no coordinator can sign in yet, the one-time link that sets up the first
    /// coordinator (`coordinator`), new at each call; nil once a coordinator has a password.
    public func firstCoordinatorLink() throws -> SetupLink? {
        let accounts = try list()
        if accounts.contains(where: { $0.role == .coordinator && !$0.pending && !$0.disabled }) { return nil }
        if let pending = accounts.first(where: { $0.role == .coordinator && $0.pending && !$0.disabled }) {
            return try reset(pending.name)
        }
        var name = "coordinator"
        var number = 1
        while accounts.contains(where: { $0.name == name }) {
            number += 1
            name = "coordinator\(number)"
        }
        return try add(name, role: .coordinator)
    }

    /// The pending account a set-up link's token opens, if the link still works.
    public func pendingAccount(token: String) throws -> Account? {
        try context.workspace().account(setupHash: Secret.hash(token), at: context.now).flatMap(Account.init)
    }

    /// Sets the password of the account a set-up link opens; the link is used up. Slow by design (bcrypt):
    /// call it off an event loop.
    public func completeSetup(token: String, password: String) throws -> Account {
        guard let account = try pendingAccount(token: token) else {
            throw ServiceError(
                .notFound, "this set-up link is unknown, used or expired; ask a coordinator for a new one")
        }
        guard password.count >= Accounts.minimumPasswordLength else {
            throw ServiceError(
                .invalidInput, "a password has at least \(Accounts.minimumPasswordLength) characters")
        }
        let hash = Bcrypt.hash(password, cost: Accounts.cost)
        var owner = context
        owner.actor = account.name
        let workspace = try owner.workspace()
        try translatingErrors { try workspace.setPassword(of: account.name, hash: hash) }
        var done = account
        done.pending = false
        return done
    }

    /// The account if `password` is its password and it may act; nil otherwise. Takes as long for an
    /// unknown name as for a known one (a bcrypt comparison either way). Slow by design: call it off an
    /// event loop.
    public func signIn(_ name: String, password: String) throws -> Account? {
        let record = try context.workspace().account(named: name)
        guard let hash = record?.passwordHash else {
            _ = Bcrypt.verify(password, hash: Accounts.decoy)
            return nil
        }
        guard Bcrypt.verify(password, hash: hash), let account = record.flatMap(Account.init), !account.disabled
        else { return nil }
        return account
    }

    /// A hash of nothing anyone knows, compared against when the name is unknown.
    private static let decoy = Bcrypt.hash(Secret.token(), cost: cost)
}

/// The store of the web application's signed-in sessions: values by key, with an expiry; keys are kept
/// hashed.
public struct WebSessionStore: Sendable {
    let context: ServiceContext

    /// The sessions of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// The value stored under `key` and its expiry, unless it expired.
    public func get(_ key: String) throws -> (value: String, expires: Date?)? {
        try context.workspace().webSession(hash: Secret.hash(key), at: context.now)
    }

    /// Stores `value` under `key` (`expires` nil keeps the one it had); with `create`, an existing key is a
    /// ``ServiceError`` `.conflict`.
    public func set(_ key: String, value: String, expires: Date?, create: Bool = false) throws {
        let workspace = try context.workspace()
        try translatingErrors {
            try workspace.setWebSession(
                hash: Secret.hash(key), value: value, expires: expires, create: create, at: context.now)
        }
    }

    /// Forgets `key`.
    public func remove(_ key: String) throws { try context.workspace().removeWebSession(hash: Secret.hash(key)) }
}

/// Participants' personal links: a secret link to their own programme, attendance and certificates,
/// instead of an account; revocable and regenerable.
public struct ParticipantLinks: Sendable {
    let context: ServiceContext

    /// The links of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// Gives the participant a new personal link (the earlier one stops working); returns its path
    /// (`/p/TOKEN`).
    public func issue(_ participantID: String) throws -> String {
        let workspace = try context.workspace()
        let token = Secret.token()
        try translatingErrors { try workspace.setParticipantLink(participantID, hash: Secret.hash(token)) }
        return "/p/" + token
    }

    /// Revokes the participant's personal link.
    public func revoke(_ participantID: String) throws {
        let workspace = try context.workspace()
        try translatingErrors { try workspace.setParticipantLink(participantID, hash: nil) }
    }

    /// The participant a personal link's token opens.
    public func participant(token: String) throws -> Participant? {
        try context.workspace().participant(linkHash: Secret.hash(token))?.participant
    }
}
