import ArgumentParser
import CurriculumImport
import Foundation
import PlannerCore
import Workspace

extension Planner {
    /// `planner curriculum …`: import, check and list curricula.
    struct Curriculum: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import and inspect curricula (native XML, XCRI-CAP 1.1/1.2, Europass ELM LOQ, EWP Courses).",
            subcommands: [Validate.self, Import.self, List.self, Show.self])
    }
}

/// Checks every file and prints what it found; true when no file has errors.
private func check(_ files: [String]) -> (ok: Bool, reports: [CurriculumFileReport]) {
    var reports: [CurriculumFileReport] = []
    for file in files {
        reports.append(missing(file) ?? CurriculumReader.validate(.file(URL(fileURLWithPath: file)), file: file))
    }
    printDiagnostics(reports)
    return (!reports.contains { $0.hasErrors }, reports)
}

/// The report of a path that is not a readable file, or nil.
private func missing(_ file: String) -> CurriculumFileReport? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
        return CurriculumFileReport(
            file: file, format: nil, count: 0, diagnostics: [.error("no such file", file: file)])
    }
    return nil
}

private func printDiagnostics(_ reports: [CurriculumFileReport]) {
    for report in reports {
        for diagnostic in report.diagnostics { printError(String(describing: diagnostic)) }
    }
}

extension Planner.Curriculum {
    /// `planner curriculum validate FILE...`
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check curriculum files; print every problem as file:line:col: error|warning: message.",
            discussion: "Exits 0 when no file has errors (warnings are allowed), 1 otherwise.")

        @Argument(help: "XML files to check.")
        var files: [String]

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (ok, reports) = check(files)
            if global.format == .json {
                try printJSON(reports.map(FileReportJSON.init))
            } else {
                for report in reports where !report.hasErrors {
                    let warnings = report.diagnostics.filter { $0.severity == .warning }.count
                    print(
                        "\(report.file): \(report.format?.rawValue ?? "?"), \(report.count) curricula, \(warnings) warnings"
                    )
                }
            }
            if !ok { throw ExitCode.failure }
        }
    }

    /// `planner curriculum import FILE...`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every file, then import them all in one transaction (or nothing if any has an error).",
            discussion: "Re-importing the same identifiers updates them; it never duplicates.")

        @Argument(help: "XML files to import.")
        var files: [String]

        @OptionGroup var global: GlobalOptions

        /// Why the transaction is rolled back: a file has errors (they are in the reports).
        private struct Refused: Error {}

        func run() async throws {
            let workspace = try global.openWorkspace()
            // One pass: the files are read on a thread of their own, and each curriculum is saved as soon
            // as it is read, inside one transaction that is rolled back when any file has an error (reading
            // each file twice, then reading and writing on one thread, cost 14.7 s where this takes
            // about half on a 100,000-course feed).
            // Curricula go over in batches of 64, each handed back for the reader to free. Their rows and
            // documents are prepared by whichever thread would otherwise wait: the writer as a rule, the
            // reader when the writer is behind (a full hand-off), so that neither idles while the other
            // works (either way alone left one thread waiting a third of the import, `perf`).
            let curricula = HandOff<CurriculumBatch>(capacity: 4)
            let files = files
            let reading = Eventually<[CurriculumFileReport]> {
                defer { curricula.finish() }
                var batch: [PlannerCore.Curriculum] = []
                var reports: [CurriculumFileReport] = []
                func send() {
                    curricula.send(curricula.isFull ? .prepared(batch.map(PreparedCurriculum.init)) : .read(batch))
                    batch = []
                    batch.reserveCapacity(64)
                    _ = curricula.takeBack()
                }
                for file in files {
                    if let report = missing(file) {
                        reports.append(report)
                        continue
                    }
                    do {
                        reports.append(
                            try CurriculumReader.read(.file(URL(fileURLWithPath: file)), file: file) {
                                batch.append($0)
                                if batch.count == 64 { send() }
                            })
                    } catch {
                        reports.append(
                            CurriculumFileReport(
                                file: file, format: nil, count: 0, diagnostics: [.error("\(error)", file: file)]))
                    }
                }
                if !batch.isEmpty { send() }
                return reports
            }
            var conflict: WorkspaceError?
            let summary: CurriculumImportSummary
            do {
                summary = try workspace.importPrepared(bulk: Planner.Curriculum.isBulk(files)) { save in
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
                        curricula.giveBack(batch)
                    }
                    if reading.value.contains(where: \.hasErrors) || conflict != nil { throw Refused() }
                }
            } catch is Refused {
                printDiagnostics(reading.value)
                if let conflict, !reading.value.contains(where: \.hasErrors) {
                    throw CommandFailure(String(describing: conflict) + "; nothing was imported")
                }
                printError("error: nothing was imported; fix the errors above and run the import again")
                throw ExitCode.failure
            } catch {
                curricula.cancel()
                _ = reading.value
                if let error = error as? WorkspaceError {
                    throw CommandFailure(String(describing: error) + "; nothing was imported")
                }
                throw error
            }
            let reports = reading.value
            printDiagnostics(reports)
            if global.format == .json {
                try printJSON(reports.map(FileReportJSON.init))
                return
            }
            var table = TextTable("file", "format", "curricula", "warnings")
            for report in reports {
                table.add(
                    report.file, report.format?.rawValue ?? "?", String(report.count),
                    String(report.diagnostics.filter { $0.severity == .warning }.count))
            }
            print(table.rendered)
            print("Imported \(summary.created.count) new and updated \(summary.updated.count) curricula.")
        }
    }

    /// Whether files are large enough (a regional or national catalogue, 8 MB and more in all) to be written
    /// in bulk (``Workspace/importPrepared(bulk:_:)``); smaller imports leave even the database file's header
    /// untouched when they are refused.
    static func isBulk(_ files: [String]) -> Bool {
        let bytes = files.compactMap {
            (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? nil
        }.reduce(0, +)
        return bytes >= 8_000_000
    }

    /// Curricula on their way from the reading thread to the writing one.
    private enum CurriculumBatch: Sendable {
        /// As read: the writer prepares them.
        case read([PlannerCore.Curriculum])
        /// Prepared by the reader, as the writer was behind.
        case prepared([PreparedCurriculum])
    }

    /// `planner curriculum list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the curricula in the workspace.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            // Curricula are read and printed a few hundred at a time (a national catalogue is 100,000).
            if global.format == .json {
                var array = JSONArrayPrinter()
                try workspace.forEachCurriculum { array.add(CurriculumJSON($0)) }
                array.finish()
                return
            }
            var table = TextTable("id", "format", "modules", "hours", "title")
            try workspace.forEachCurriculum { curriculum in
                let hours = curriculum.modules.compactMap(\.hours).reduce(0, +)
                table.add(
                    curriculum.id, curriculum.format.rawValue, String(curriculum.modules.count),
                    hours > 0 ? String(hours) : "-", curriculum.title.text() ?? "")
            }
            print(table.rendered)
        }
    }

    /// `planner curriculum show ID`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one curriculum (by its id, or the id of one of its modules).")

        @Argument(help: "Curriculum or module identifier.")
        var id: String

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard let curriculum = try global.openWorkspace().curriculum(id: id) else {
                throw CommandFailure(
                    "no curriculum or module '\(id)' in this workspace (see `planner curriculum list`)")
            }
            if global.format == .json {
                try printJSON(CurriculumJSON(curriculum))
                return
            }
            print("\(curriculum.id): \(curriculum.title.text() ?? "")")
            print("format: \(curriculum.format.rawValue), source: \(curriculum.source)")
            if let provider = curriculum.provider { print("provider: \(provider)") }
            if let qualification = curriculum.qualification { print("qualification: \(qualification)") }
            var table = TextTable("module", "hours", "credits", "audiences", "title")
            for module in curriculum.modules {
                table.add(
                    module.id, module.hours.map(String.init) ?? "-",
                    module.credits.map { "\($0.value) \($0.scheme)" }.joined(separator: ", "),
                    module.audiences.map(\.rawValue).joined(separator: ", "), module.title.text() ?? "")
            }
            print(table.rendered)
            for module in curriculum.modules where !module.learningOutcomes.isEmpty {
                print("\nLearning outcomes of \(module.id):")
                for outcome in module.learningOutcomes { print("  - \(outcome.text.text() ?? "")") }
            }
            if !curriculum.instances.isEmpty {
                print("\nInstances:")
                for instance in curriculum.instances {
                    print(
                        "  \(instance.start?.description ?? "?") – \(instance.end?.description ?? "?")  \(instance.venue ?? "")"
                    )
                }
            }
        }
    }
}

/// The JSON contract of `planner curriculum list --format json` (docs/formats.md).
struct CurriculumJSON: Encodable {
    struct ModuleJSON: Encodable {
        var id: String
        var title: String
        var hours: Int?
        var credits: [PlannerCore.Credit]
        var learningOutcomes: [String]
        var prerequisites: [String]
        var audiences: [String]

        enum CodingKeys: String, CodingKey {
            case id, title, hours, credits, prerequisites, audiences
            case learningOutcomes = "learning_outcomes"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(hours, forKey: .hours)  // null when unknown, never left out
            try container.encode(credits, forKey: .credits)
            try container.encode(learningOutcomes, forKey: .learningOutcomes)
            try container.encode(prerequisites, forKey: .prerequisites)
            try container.encode(audiences, forKey: .audiences)
        }
    }

    struct InstanceJSON: Encodable {
        var start: String?
        var end: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
        }

        enum CodingKeys: String, CodingKey { case start, end }
    }

    var id: String
    var title: String
    var format: String
    var source: String
    var provider: String?
    var modules: [ModuleJSON]
    var instances: [InstanceJSON]

    /// Writes what `JSONEncoder` writes for it (its members in sorted order; tested).
    func write(to json: inout PrettyJSON) {
        json.object { json in
            json.member("format", format)
            json.member("id", id)
            json.member("instances") {
                $0.array(instances) { json, instance in
                    json.object {
                        $0.member("end", instance.end)
                        $0.member("start", instance.start)
                    }
                }
            }
            json.member("modules") {
                $0.array(modules) { json, module in
                    json.object {
                        $0.member("audiences", module.audiences)
                        $0.member("credits") {
                            $0.array(module.credits) { json, credit in
                                json.object {
                                    $0.member("scheme", credit.scheme)
                                    $0.member("value", credit.value)
                                }
                            }
                        }
                        $0.member("hours", module.hours)
                        $0.member("id", module.id)
                        $0.member("learning_outcomes", module.learningOutcomes)
                        $0.member("prerequisites", module.prerequisites)
                        $0.member("title", module.title)
                    }
                }
            }
            if let provider { json.member("provider", provider) }
            json.member("source", source)
            json.member("title", title)
        }
    }

    init(_ curriculum: PlannerCore.Curriculum) {
        id = curriculum.id
        title = curriculum.title.text() ?? curriculum.id
        format = curriculum.format.rawValue
        source = curriculum.source
        provider = curriculum.provider
        modules = curriculum.modules.map {
            ModuleJSON(
                id: $0.id, title: $0.title.text() ?? $0.id, hours: $0.hours, credits: $0.credits,
                learningOutcomes: $0.learningOutcomes.compactMap { $0.text.text() }, prerequisites: $0.prerequisites,
                audiences: $0.audiences.map(\.rawValue))
        }
        instances = curriculum.instances.map { InstanceJSON(start: $0.start?.description, end: $0.end?.description) }
    }
}

/// One file's outcome in `--format json`.
struct FileReportJSON: Encodable {
    var file: String
    var format: String?
    var curricula: Int
    var diagnostics: [PlannerCore.Diagnostic]

    init(_ report: CurriculumFileReport) {
        file = report.file
        format = report.format?.rawValue
        curricula = report.count
        diagnostics = report.diagnostics
    }
}
