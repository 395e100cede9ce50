import CurriculumImport
import Foundation
public import PlannerCore
import Workspace

/// Imports curriculum files: every file is read and checked, and the curricula land in one transaction,
/// or nothing does when any file has an error. Re-importing the same identifiers updates them.
public struct ImportCurricula: Sendable {
    /// The files.
    public var files: [InputFile]
    /// Receives how many curricula were saved so far, a few times a second.
    public var progress: ProgressHandler?

    /// Imports these files.
    public init(files: [InputFile], progress: ProgressHandler? = nil) {
        self.files = files
        self.progress = progress
    }

    /// What landed.
    public struct Outcome: Sendable {
        /// One report per file, in order (warnings included).
        public var reports: [CurriculumFileReport]
        /// Curricula created and updated.
        public var summary: CurriculumImportSummary
    }

    /// Imports, or throws ``ServiceError`` (with every diagnostic) and leaves the workspace as it was; a
    /// cancelled task stops the import and rolls it back (`CancellationError`).
    public func run(in context: ServiceContext) async throws -> Outcome {
        let workspace = try context.workspace()
        return try await CancellationFlag.run { flag in try self.run(workspace, flag: flag) }
    }

    /// Why the transaction is rolled back.
    private enum Stop: Error {
        /// A file has errors (they are in the reports), or a curriculum conflicts with the workspace.
        case refused
        /// The task was cancelled.
        case cancelled
    }

    private func run(_ workspace: Workspace, flag: CancellationFlag) throws -> Outcome {
        // One pass: the files are read on a thread of their own, and each curriculum is saved as soon as it
        // is read, inside one transaction that is rolled back when any file has an error (reading each file
        // twice, then reading and writing on one thread, cost 14.7 s where this takes about half on a
        // 100,000-course feed).
        // Curricula go over in batches of 64, each handed back for the reader to free. Their rows and
        // documents are prepared by whichever thread would otherwise wait: the writer as a rule, the reader
        // when the writer is behind (a full hand-off), so that neither idles while the other works (either
        // way alone left one thread waiting a third of the import, `perf`).
        let curricula = HandOff<CurriculumBatch>(capacity: 4)
        let files = files
        let reading = Eventually<[CurriculumFileReport]> {
            defer { curricula.finish() }
            var batch: [Curriculum] = []
            var reports: [CurriculumFileReport] = []
            func send() {
                curricula.send(curricula.isFull ? .prepared(batch.map(PreparedCurriculum.init)) : .read(batch))
                batch = []
                batch.reserveCapacity(64)
                _ = curricula.takeBack()
            }
            for file in files {
                if let report = file.missingReport {
                    reports.append(report)
                    continue
                }
                do {
                    reports.append(
                        try CurriculumReader.read(.file(file.url), file: file.name) {
                            batch.append($0)
                            if batch.count == 64 {
                                if flag.isCancelled { throw CancellationError() }
                                send()
                            }
                        })
                } catch is CancellationError {
                    return reports
                } catch {
                    reports.append(
                        CurriculumFileReport(
                            file: file.name, format: nil, count: 0, diagnostics: [.error("\(error)", file: file.name)]))
                }
            }
            if !batch.isEmpty { send() }
            return reports
        }
        var conflict: WorkspaceError?
        let summary: CurriculumImportSummary
        let start = ContinuousClock.now
        var saved = 0
        var reported = -1.0  // the first batch is reported at once
        do {
            summary = try workspace.importPrepared(bulk: ImportCurricula.isBulk(files)) { save in
                while conflict == nil, let batch = curricula.receive() {
                    do {
                        switch batch {
                        case .read(let read): for curriculum in read { try save(PreparedCurriculum(curriculum)) }
                        case .prepared(let prepared): for curriculum in prepared { try save(curriculum) }
                        }
                    } catch let error as WorkspaceError {
                        // Reading goes on, for every diagnostic; nothing more is saved.
                        conflict = error
                        curricula.cancel()
                    }
                    saved += batch.count
                    curricula.giveBack(batch)
                    if flag.isCancelled { throw Stop.cancelled }
                    if let progress, seconds(since: start) - reported >= 0.25 {
                        reported = seconds(since: start)
                        progress(ServiceProgress(phase: "importing", done: saved, elapsed: reported))
                    }
                }
                if reading.value.contains(where: \.hasErrors) || conflict != nil { throw Stop.refused }
            }
        } catch Stop.refused {
            let diagnostics = reading.value.flatMap(\.diagnostics)
            if let conflict, !reading.value.contains(where: \.hasErrors) {
                throw ServiceError(
                    .conflict, String(describing: conflict) + "; nothing was imported", diagnostics: diagnostics)
            }
            throw ServiceError(
                .invalidInput, "nothing was imported; fix the errors above and run the import again",
                diagnostics: diagnostics)
        } catch {
            curricula.cancel()
            _ = reading.value
            if case Stop.cancelled = error { throw CancellationError() }
            if let error = error as? WorkspaceError {
                throw ServiceError(error.serviceCode, String(describing: error) + "; nothing was imported")
            }
            throw error
        }
        progress?(ServiceProgress(phase: "imported", done: saved, total: saved, elapsed: seconds(since: start)))
        return Outcome(reports: reading.value, summary: summary)
    }

    /// Whether files are large enough (a regional or national catalogue, 8 MB and more in all) to be written
    /// in bulk (``Workspace/importPrepared(bulk:_:)``); smaller imports leave even the database file's header
    /// untouched when they are refused.
    static func isBulk(_ files: [InputFile]) -> Bool {
        let bytes = files.compactMap {
            (try? FileManager.default.attributesOfItem(atPath: $0.url.path)[.size] as? Int) ?? nil
        }.reduce(0, +)
        return bytes >= 8_000_000
    }

    /// Curricula on their way from the reading thread to the writing one.
    private enum CurriculumBatch: Sendable {
        /// As read: the writer prepares them.
        case read([Curriculum])
        /// Prepared by the reader, as the writer was behind.
        case prepared([PreparedCurriculum])

        var count: Int {
            switch self {
            case .read(let items): items.count
            case .prepared(let items): items.count
            }
        }
    }
}
