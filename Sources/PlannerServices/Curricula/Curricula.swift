import CurriculumImport
import Foundation
public import PlannerCore
import Workspace

/// Checks curriculum files without touching the workspace: every problem, positioned.
public struct ValidateCurricula: Sendable {
    /// The files.
    public var files: [InputFile]

    /// Checks these files.
    public init(files: [InputFile]) { self.files = files }

    /// One report per file, in order; a file that does not exist is reported as such.
    public func run() -> [CurriculumFileReport] {
        files.map { file in
            file.missingReport ?? CurriculumReader.validate(.file(file.url), file: file.name)
        }
    }
}

extension InputFile {
    /// The report of a path that is not a readable file, or nil.
    var missingReport: CurriculumFileReport? {
        exists
            ? nil
            : CurriculumFileReport(file: name, format: nil, count: 0, diagnostics: [.error("no such file", file: name)])
    }
}

/// Reads the curricula in the workspace.
public struct CurriculumCatalogue: Sendable {
    let context: ServiceContext

    /// The catalogue of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// Hands every curriculum to `body`, ordered by identifier, a few hundred at a time read from the
    /// workspace (a national catalogue is 100,000: it is never held whole).
    public func forEachCurriculum(_ body: (Curriculum) throws -> Void) throws {
        try context.workspace().forEachCurriculum(body)
    }

    /// Sets a module's contact hours (formats such as CDM-fr, IMS Common Cartridge and Moodle do not carry
    /// them); recorded in history under the acting user.
    public func setHours(module: String, to hours: Int) throws {
        guard (1...10_000).contains(hours) else {
            throw ServiceError(.invalidInput, "hours must be a whole number from 1 to 10000 ('\(hours)' is not)")
        }
        try translatingErrors { try context.workspace().setModuleHours(module, to: hours) }
    }

    /// One curriculum, by its id or the id of one of its modules.
    public func curriculum(id: String) throws -> Curriculum {
        guard let curriculum = try context.workspace().curriculum(id: id) else {
            throw ServiceError(
                .notFound, "no curriculum or module '\(id)' in this workspace (see `planner curriculum list`)")
        }
        return curriculum
    }
}
