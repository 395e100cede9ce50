import Foundation

/// How long work is going: what a web page's progress bar or the command line's status line shows.
public struct ServiceProgress: Sendable, Hashable {
    /// What is being done (`reading`, `solving`, `writing`).
    public var phase: String
    /// How much is done, in the phase's unit (curricula, cohorts placed, certificates).
    public var done: Int
    /// How much there is, when known.
    public var total: Int?
    /// Seconds since the work started.
    public var elapsed: Double
    /// The solver's score so far (lower is better), for a solve.
    public var score: Int?

    /// Creates a report.
    public init(phase: String, done: Int, total: Int? = nil, elapsed: Double, score: Int? = nil) {
        self.phase = phase
        self.done = done
        self.total = total
        self.elapsed = elapsed
        self.score = score
    }
}

/// A callback that receives progress reports (on whatever thread does the work).
public typealias ProgressHandler = @Sendable (ServiceProgress) -> Void

/// A request to finish long work early, keeping what it has (the scheduler's best schedule so far).
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    /// A signal not raised.
    public init() {}

    /// Whether it was raised.
    public var isRaised: Bool { lock.withLock { raised } }

    /// Asks the work to finish now.
    public func raise() { lock.withLock { raised = true } }
}

/// Whether the task that started some work was cancelled, readable from the threads that do it.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }
    func cancel() { lock.withLock { cancelled = true } }

    /// Runs blocking `body` on a thread of its own (so that a server's few cooperative threads stay free),
    /// with a flag that is raised when the calling task is cancelled; waits for it and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result { try body(flag) })
                }
                // libxml2's parser and the solver's recursion want more than a secondary thread's 512 KiB.
                thread.stackSize = 8 << 20
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
