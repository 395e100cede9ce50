public import Foundation
import GRDB
public import PlannerCore

/// The system of record for one programme: a folder holding `planner.sqlite`.
///
/// Every write goes through one transaction; the schema moves forward with named migrations, and a
/// database written by a newer TrainingPlanner is refused before anything touches it.
public struct Workspace: Sendable {
    /// The file name of the database inside a workspace folder.
    public static let databaseFileName = "planner.sqlite"

    /// The workspace folder, or `nil` for an in-memory workspace (tests).
    public let folder: URL?
    /// The database connection(s).
    let writer: any DatabaseWriter
    /// Who acts through this value: history records every write under this name (a login name, a
    /// signed-in account).
    public let actor: String
    /// The clock that stamps what is written (tests and demos inject theirs).
    public let clock: @Sendable () -> Date
    /// A server's writes committed together (``GroupCommit``); nil for a command's own connection.
    let commits: GroupCommit?

    /// Opens an existing workspace folder, migrating an older schema forward.
    ///
    /// - Throws: ``WorkspaceError`` when the folder holds no workspace, or a newer one.
    public static func open(
        at folder: URL, actor: String, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Workspace {
        let file = folder.appendingPathComponent(databaseFileName)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw WorkspaceError(.notAWorkspace, folder: folder)
        }
        return try Workspace(folder: folder, file: file, actor: actor, clock: clock)
    }

    /// Opens an existing workspace for a long-running server: checked and migrated like ``open(at:actor:clock:)``,
    /// then served by a pool of connections, so that requests read at the same time (one writes at a time).
    public static func openPooled(
        at folder: URL, actor: String, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Workspace {
        // Opening once refuses a newer schema and migrates an older one, as every command does.
        _ = try open(at: folder, actor: actor, clock: clock)
        do {
            var configuration = Workspace.configuration()
            configuration.maximumReaderCount = 4
            let path = folder.appendingPathComponent(databaseFileName).path
            Checkpoints(path: path).install(in: &configuration)
            let pool = try DatabasePool(path: path, configuration: configuration)
            return Workspace(folder: folder, writer: pool, actor: actor, clock: clock, commits: GroupCommit(pool))
        } catch {
            throw WorkspaceError(.unreadable, folder: folder, detail: String(describing: error))
        }
    }

    /// Creates a workspace in `folder` (created if needed), or opens the one already there.
    ///
    /// - Returns: the workspace, and whether it was created now.
    public static func create(
        at folder: URL, actor: String, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> (workspace: Workspace, created: Bool) {
        let file = folder.appendingPathComponent(databaseFileName)
        let existed = FileManager.default.fileExists(atPath: file.path)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError(.cannotCreate, folder: folder, detail: error.localizedDescription)
        }
        return (try Workspace(folder: folder, file: file, actor: actor, clock: clock), !existed)
    }

    /// An empty workspace in memory, for tests.
    public static func inMemory(
        actor: String = "test", clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Workspace {
        let queue = try DatabaseQueue(configuration: Workspace.configuration())
        try Schema.migrator.migrate(queue)
        return Workspace(folder: nil, writer: queue, actor: actor, clock: clock)
    }

    private init(
        folder: URL?, writer: any DatabaseWriter, actor: String, clock: @escaping @Sendable () -> Date,
        commits: GroupCommit? = nil
    ) {
        self.folder = folder
        self.writer = writer
        self.actor = actor
        self.clock = clock
        self.commits = commits
    }

    /// The same open workspace (the same connection), acting as `actor` by `clock`: a server keeps one
    /// workspace open and lends it to each request under the signed-in account.
    public func acting(as actor: String, clock: @escaping @Sendable () -> Date) -> Workspace {
        Workspace(folder: folder, writer: writer, actor: actor, clock: clock, commits: commits)
    }

    /// The current instant by ``clock``, as history and import stamps write it (ISO 8601, UTC).
    func stamp() -> String { clock().formatted(.iso8601) }

    /// Page size of new workspaces, in bytes.
    static let pageSize = 65_536

    private init(folder: URL, file: URL, actor: String, clock: @escaping @Sendable () -> Date) throws {
        try Workspace.refuseNewerSchema(in: file, folder: folder)
        // One connection per process is all a command needs. WAL journaling lets another process read
        // while this one writes; the busy timeout makes a second writer wait instead of failing.
        // (A DatabasePool would rewrite the schema page on every open to create its WAL file, so a
        // refused command would not leave the workspace byte-for-byte as it was.)
        var configuration = Workspace.configuration()
        configuration.prepareDatabase { db in
            // Pages larger than SQLite's default 4 KiB for a new workspace (set before anything is written;
            // without effect on an existing one): bulk writes such as a national catalogue's import fill
            // fewer, fuller pages (see docs/benchmarks.md).
            try db.execute(sql: "PRAGMA page_size = \(Workspace.pageSize)")
            // Switching a new database to WAL needs an exclusive lock, and SQLite does not wait for it
            // through the busy handler: wait here, for up to the busy timeout.
            var waited = 0
            while try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                do {
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                } catch let error as DatabaseError
                    where error.resultCode == .SQLITE_BUSY && waited < Workspace.busyTimeout * 1000
                {
                    usleep(20_000)
                    waited += 20
                }
            }
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: file.path, configuration: configuration)
            try Workspace.migrate(queue)
        } catch let error as DatabaseError {
            throw WorkspaceError(.unreadable, folder: folder, detail: String(describing: error))
        }
        self.init(folder: folder, writer: queue, actor: actor, clock: clock)
    }

    /// Looks at an existing database through a read-only connection, so that a workspace written by a
    /// newer planner is refused before anything (not even the journal mode) is written to it.
    private static func refuseNewerSchema(in file: URL, folder: URL) throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        try rollBackInterruptedBulkWrite(of: file, folder: folder)
        var configuration = Workspace.configuration()
        configuration.readonly = true
        let unknown: [String]
        do {
            let queue = try DatabaseQueue(path: file.path, configuration: configuration)
            unknown = try queue.read { db in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                    .filter { !Schema.migrator.migrations.contains($0) }
            }
            try queue.close()
        } catch {
            throw WorkspaceError(.unreadable, folder: folder, detail: String(describing: error))
        }
        if !unknown.isEmpty {
            throw WorkspaceError(.newerSchema, folder: folder, detail: unknown.joined(separator: ", "))
        }
    }

    /// A command stopped in the middle of a bulk write (``bulk(_:foreignKeys:_:)``, killed or out of power)
    /// leaves a rollback journal beside the database, which only a connection that may write can play back:
    /// the read-only look of ``refuseNewerSchema(in:folder:)`` would fail on it ("attempt to write a readonly
    /// database"). Reading once through a plain connection rolls the interrupted transaction back, as any
    /// SQLite would (nothing else is written); a journal that a live command is still writing is left alone.
    private static func rollBackInterruptedBulkWrite(of file: URL, folder: URL) throws {
        guard FileManager.default.fileExists(atPath: file.path + "-journal") else { return }
        do {
            let queue = try DatabaseQueue(path: file.path, configuration: Workspace.configuration())
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema") }
            try queue.close()
        } catch {
            throw WorkspaceError(.unreadable, folder: folder, detail: String(describing: error))
        }
    }

    /// Applies the migrations this version knows. Each runs in its own IMMEDIATE transaction; when
    /// another process applied one between our look and our write, looking again finds it applied.
    private static func migrate(_ queue: DatabaseQueue) throws {
        var attempt = 0
        while true {
            do {
                try Schema.migrator.migrate(queue)
                return
            } catch let error as DatabaseError where attempt < 3 {
                attempt += 1
                _ = error
            }
        }
    }

    /// Seconds a command waits for another one that writes to the workspace.
    static let busyTimeout = 30

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Two planner processes writing at once: the second waits instead of failing.
        configuration.busyMode = .timeout(TimeInterval(busyTimeout))
        configuration.label = "planner"
        return configuration
    }

    /// Runs `body` in one transaction like ``transaction(foreignKeys:_:)``; when `bulk`, through a rollback
    /// journal rather than the write-ahead log.
    ///
    /// In WAL mode every page of a transaction is written twice: into the log, then into the database when
    /// the log is checkpointed as the command ends. For a transaction of a hundred megabytes (a national
    /// catalogue) that second copy and its `fsync` are a sixth of the import; a rollback journal writes new
    /// pages once (`bench/curriculum-import.sh`: 1.55 s → 1.27 s on 100,000 courses). Other processes
    /// wait for the workspace meanwhile (through their busy timeout) instead of reading the state before.
    /// Leaving WAL mode needs every other connection closed: when one is open, the transaction simply goes
    /// through the log. WAL mode is restored afterwards (or by the next command that opens the workspace,
    /// should this one stop half-way); a transaction rolled back leaves every table as it was, the header's
    /// change counter advanced.
    func bulk<T>(_ bulk: Bool, foreignKeys: Bool = true, _ body: (Database) throws -> T) throws -> T {
        guard bulk, folder != nil else { return try transaction(foreignKeys: foreignKeys, body) }
        // Both switches need every other connection closed; one that is open makes them fail at once,
        // not after the busy timeout (waiting for it would not end: the other connection stays open).
        func journal(_ mode: String) -> String? {
            try? writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Workspace.busyTimeout * 1000)") }
                return try String.fetchOne(db, sql: "PRAGMA journal_mode = \(mode)")
            }
        }
        guard journal("DELETE") == "delete" else { return try transaction(foreignKeys: foreignKeys, body) }
        defer { _ = journal("WAL") }
        return try transaction(foreignKeys: foreignKeys, body)
    }

    /// Runs `body` in one IMMEDIATE transaction: the write lock is taken up front, so two processes
    /// queue behind the busy timeout instead of failing when both upgrade a read to a write.
    /// `foreignKeys: false` turns SQLite's checks off for a bulk write whose keys `body` checks itself.
    func transaction<T>(foreignKeys: Bool = true, _ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            if !foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            defer { if !foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Counts of what the workspace holds, as `planner status` shows them.
    public func status() throws -> WorkspaceStatus {
        try writer.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return WorkspaceStatus(
                schemaVersion: try String.fetchOne(
                    db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") ?? "",
                curricula: try count("SELECT COUNT(*) FROM curriculum"),
                modules: try count("SELECT COUNT(*) FROM module"),
                offerings: try count("SELECT COUNT(*) FROM offering"),
                scheduledSessions: try count("SELECT COUNT(*) FROM session"),
                participants: try count("SELECT COUNT(*) FROM participant"),
                marks: try count("SELECT COUNT(*) FROM attendance_mark"),
                certificates: try count("SELECT COUNT(*) FROM certificate")
            )
        }
    }

    /// Appends one line to the workspace's append-only history under ``actor``, inside the caller's
    /// transaction.
    func record(
        _ action: String, subject: String, detail: String = "", at instant: String, in db: Database
    ) throws {
        try db.run(
            sql: "INSERT INTO history (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [instant, actor, action, subject, detail])
    }

    /// The history, oldest first.
    public func history(subject: String? = nil) throws -> [HistoryEntry] {
        try writer.read { db in
            if let subject {
                return try HistoryRecord.filter(Column("subject") == subject).order(Column("id")).fetchAll(db).map(
                    \.entry)
            }
            return try HistoryRecord.order(Column("id")).fetchAll(db).map(\.entry)
        }
    }

    /// The migrations this version knows, in order (for `planner status --verbose`).
    public static var knownMigrations: [String] { Schema.migrator.migrations }
}

/// A line of history as GRDB reads it (GRDB's protocols stay inside this module).
struct HistoryRecord: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "history"
    var id: Int64
    var at, actor, action, subject, detail: String

    var entry: HistoryEntry {
        HistoryEntry(id: id, at: at, actor: actor, action: action, subject: subject, detail: detail)
    }
}

/// Why a workspace could not be opened or written.
public struct WorkspaceError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure; the set will grow, so it is wrapped.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String {
            case notAWorkspace, newerSchema, unreadable, cannotCreate, conflict, notFound
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The folder holds no `planner.sqlite`.
        public static let notAWorkspace = Code(.notAWorkspace)
        /// The database was written by a newer TrainingPlanner.
        public static let newerSchema = Code(.newerSchema)
        /// The database file could not be read.
        public static let unreadable = Code(.unreadable)
        /// The folder could not be created.
        public static let cannotCreate = Code(.cannotCreate)
        /// The write conflicts with what the workspace holds.
        public static let conflict = Code(.conflict)
        /// Something named does not exist.
        public static let notFound = Code(.notFound)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The workspace folder concerned.
    public let folder: URL?
    /// Details for the message.
    public let detail: String

    init(_ code: Code, folder: URL?, detail: String = "") {
        self.code = code
        self.folder = folder
        self.detail = detail
    }

    public var description: String {
        let path = folder?.path ?? "(memory)"
        switch code.base {
        case .notAWorkspace:
            return "\(path) is not a TrainingPlanner workspace (no \(Workspace.databaseFileName)). "
                + "Create one with `planner init \(path)`, or point to one with --workspace DIR or PLANNER_WORKSPACE."
        case .newerSchema:
            return "\(path) was written by a newer version of TrainingPlanner (unknown migrations: \(detail)); "
                + "upgrade planner to open it. The workspace was left untouched."
        case .unreadable:
            return "cannot read the workspace database in \(path): \(detail)"
        case .cannotCreate:
            return "cannot create the workspace folder \(path): \(detail)"
        case .conflict, .notFound:
            return detail
        }
    }
}

extension Database {
    /// Executes a statement compiled once per connection (imports run the same few statements many times).
    func run(sql: String, arguments: StatementArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// Inserts `row` (column names and values, in order) into `table`, or, when a row with the same `key`
    /// columns exists, sets every other column of it to the new values.
    func upsert(
        into table: String, key: [String], _ row: KeyValuePairs<String, (any DatabaseValueConvertible)?>
    ) throws {
        let columns = row.map(\.key)
        let updates = columns.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }
        try run(
            sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) "
                + "VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", "))) "
                + "ON CONFLICT(\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))",
            arguments: StatementArguments(row.map(\.value)))
    }
}
