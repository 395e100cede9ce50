import Foundation
import GRDB

/// Writes that arrive together share one transaction and its one `fsync` (group commit).
///
/// A server's writes are small (a roll-call tap is a few rows) and each alone would wait for the disk;
/// with a hundred trainers' phones tapping at once they would queue behind each other's `fsync`. Here
/// the first write to arrive runs at once, and every write that arrives meanwhile waits for it and then
/// runs with the others in one transaction, each inside its own savepoint: a write that fails is rolled
/// back alone and its caller gets its error; the others commit together. A caller is answered only
/// after the commit that holds its write, so it is as durable as a transaction of its own.
final class GroupCommit: @unchecked Sendable {
    private let writer: any DatabaseWriter
    private let lock = NSLock()
    private var waiting: [Job] = []
    private var running = false

    init(_ writer: any DatabaseWriter) { self.writer = writer }

    /// One caller's write: its work, and how its caller is answered.
    private final class Job: @unchecked Sendable {
        let run: (Database) throws -> Void
        let answer: ((any Error)?) -> Void

        init(run: @escaping (Database) throws -> Void, answer: @escaping ((any Error)?) -> Void) {
            self.run = run
            self.answer = answer
        }
    }

    /// Runs `work` in a transaction shared with the writes that arrive at the same time; returns once it
    /// is committed.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            var result: T?
            let job = Job(
                run: { db in result = try work(db) },
                answer: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else {
                        continuation.resume(returning: result!)
                    }
                })
            let lead = lock.withLock {
                waiting.append(job)
                defer { running = true }
                return !running
            }
            if lead { Task { await self.drain() } }
        }
    }

    /// Commits the waiting writes, a batch at a time, until none is left.
    private func drain() async {
        while true {
            let batch = lock.withLock {
                let batch = waiting
                waiting = []
                if batch.isEmpty { running = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let outcomes = try await writer.writeWithoutTransaction { db in
                    var outcomes: [(any Error)?] = []
                    try db.inTransaction(.immediate) {
                        for job in batch {
                            do {
                                try db.inSavepoint {
                                    try job.run(db)
                                    return .commit
                                }
                                outcomes.append(nil)
                            } catch {
                                outcomes.append(error)
                            }
                        }
                        return .commit
                    }
                    return outcomes
                }
                for (job, outcome) in zip(batch, outcomes) { job.answer(outcome) }
            } catch {
                for job in batch { job.answer(error) }
            }
        }
    }
}
