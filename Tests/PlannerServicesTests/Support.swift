import Foundation
import PlannerCore
import PlannerServices
import ServicesTestSupport
import TestSupport
import Testing

/// Writes `text` to `name` in `folder` and returns it as an input file.
func file(_ name: String, in folder: URL, _ text: String) throws -> InputFile {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return InputFile(url: url, name: name)
}

/// Progress reports collected from another thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [ServiceProgress] = []

    func add(_ report: ServiceProgress) { lock.withLock { reports.append(report) } }
    var all: [ServiceProgress] { lock.withLock { reports } }
}

/// Lets a test stop a long-running service at its first progress report: the service's thread waits at the
/// gate until the test has cancelled the task, so the cancellation lands while the work is under way.
final class FirstProgressGate: @unchecked Sendable {
    private let signals: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let gate = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var first = true

    init() { (signals, continuation) = AsyncStream<Void>.makeStream() }

    /// The progress handler to give the service.
    var handler: ProgressHandler {
        { [self] _ in
            let isFirst = lock.withLock {
                defer { first = false }
                return first
            }
            guard isFirst else { return }
            continuation.yield()
            gate.wait()
        }
    }

    /// Waits for the first report, cancels `task`, and lets the service go on.
    func cancel<T>(_ task: Task<T, any Error>) async {
        for await _ in signals { break }
        task.cancel()
        gate.signal()
    }
}
