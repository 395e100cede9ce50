import Foundation
import PlannerCore
import PlannerServices
import TestSupport
import Testing

/// An instant after the fixture programme (March–April 2027): every session has been held.
let afterProgramme = ISO8601DateFormatter().date(from: "2027-06-30T12:00:00Z")!

/// A context for `folder`: acting as `actor`, at a fixed instant.
func context(_ folder: URL, actor: String = "claire.coordinator", at instant: Date = afterProgramme) -> ServiceContext {
    ServiceContext(folder: folder, actor: actor, clock: { instant })
}

/// A workspace holding the sample curricula and the fixture's planning files, not yet solved.
func plannedWorkspace(_ folder: URL) async throws -> ServiceContext {
    let context = context(folder)
    #expect(try WorkspaceSetup.create(in: context))
    _ = try await ImportCurricula(files: Repository.sampleFiles.map(InputFile.init(path:))).run(in: context)
    _ = try await ImportPlanning(files: Repository.planningFiles.map(InputFile.init(path:))).run(in: context)
    return context
}

/// A planned, solved workspace with the fixture's eight participants.
func solvedWorkspace(_ folder: URL) async throws -> ServiceContext {
    let context = try await plannedWorkspace(folder)
    _ = try await SolveSchedule(seed: 5, seconds: 1).run(in: context)
    _ = try await ImportParticipants(files: [InputFile(path: Repository.participants)]).run(in: context)
    return context
}

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
