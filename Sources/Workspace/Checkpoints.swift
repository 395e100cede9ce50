import Foundation
import GRDB
import GRDBSQLite

/// Copies a server's write-ahead log into the database on a connection of its own, in the background.
///
/// SQLite checkpoints on the committing connection by default, once the log holds 1,000 pages: the
/// commit that crosses the line copies the whole log, and its callers — and every roll-call tap queued
/// behind them — wait for it. Here the writer's own checkpoints are off; once a commit leaves `pages`
/// or more in the log, a PASSIVE checkpoint runs beside the writes (it copies what no reader still needs
/// and never blocks the writer), at most one at a time. A command's connection keeps SQLite's default.
final class Checkpoints: @unchecked Sendable {
    private let path: String
    private let pages: Int
    private let lock = NSLock()
    private var connection: DatabaseQueue?
    private var running = false

    /// Checkpoints of the database at `path`, once the log holds `pages` pages.
    init(path: String, pages: Int = 256) {
        self.path = path
        self.pages = pages
    }

    /// Sets `configuration`'s connections to report their commits here instead of checkpointing
    /// themselves (only the writer commits; the hook replaces SQLite's automatic checkpoint).
    func install(in configuration: inout Configuration) {
        configuration.prepareDatabase { db in
            sqlite3_wal_hook(
                db.sqliteConnection,
                { context, _, _, pages in
                    Unmanaged<Checkpoints>.fromOpaque(context!).takeUnretainedValue().logged(pages: Int(pages))
                    return SQLITE_OK
                }, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    /// After a commit that left `pages` pages in the log: a checkpoint in the background when the log is
    /// long enough and none is under way.
    private func logged(pages: Int) {
        guard pages >= self.pages else { return }
        let start = lock.withLock {
            defer { running = true }
            return !running
        }
        guard start else { return }
        Task.detached(priority: .utility) {
            self.checkpoint()
            self.lock.withLock { self.running = false }
        }
    }

    /// One PASSIVE checkpoint (a failure is left for the next commit: the log only grows meanwhile).
    private func checkpoint() {
        do {
            let queue = try lock.withLock {
                if let connection { return connection }
                let opened = try DatabaseQueue(path: path, configuration: Workspace.configuration())
                connection = opened
                return opened
            }
            try queue.writeWithoutTransaction { db in _ = try db.checkpoint(Database.CheckpointMode.passive) }
        } catch {}
    }
}
