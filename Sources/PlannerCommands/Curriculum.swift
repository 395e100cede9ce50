public import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

extension Planner {
    /// `planner curriculum …`: import, check and list curricula.
    struct Curriculum: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import and inspect curricula (native XML, XCRI-CAP 1.1/1.2, Europass ELM LOQ, EWP Courses, LHÉO 2.x, CDM-fr, IMS Common Cartridge, Moodle backups); "
                + "publish the scheduled programme as a feed.",
            subcommands: [Validate.self, Import.self, List.self, Show.self, SetHours.self, Publish.self])
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
            let reports = ValidateCurricula(files: inputFiles(files)).run()
            printDiagnostics(reports.flatMap(\.diagnostics))
            if global.format == .json {
                try printJSON(reports.map(FileReportJSON.init))
            } else {
                for report in reports where !report.hasErrors {
                    print(
                        "\(report.file): \(report.format?.rawValue ?? "?"), \(report.count) curricula, \(report.warnings) warnings"
                    )
                }
            }
            if reports.contains(where: \.hasErrors) { throw ExitCode.failure }
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

        func run() async throws {
            let outcome = try await ImportCurricula(files: inputFiles(files)).run(in: global.context)
            printDiagnostics(outcome.reports.flatMap(\.diagnostics))
            if global.format == .json {
                try printJSON(outcome.reports.map(FileReportJSON.init))
                return
            }
            var table = ReportTable("file", "format", "curricula", "warnings")
            for report in outcome.reports {
                table.add(report.file, report.format?.rawValue ?? "?", String(report.count), String(report.warnings))
            }
            print(table.rendered)
            print(
                "Imported \(outcome.summary.created.count) new and updated \(outcome.summary.updated.count) curricula.")
        }
    }

    /// `planner curriculum list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the curricula in the workspace.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let catalogue = CurriculumCatalogue(global.context)
            // Curricula are read and printed a few hundred at a time (a national catalogue is 100,000).
            if global.format == .json {
                var array = JSONArrayPrinter { print($0, terminator: "") }
                try catalogue.forEachCurriculum { array.add(CurriculumJSON($0)) }
                array.finish()
                return
            }
            var table = ReportTable("id", "format", "modules", "hours", "title")
            try catalogue.forEachCurriculum { curriculum in
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
            let curriculum = try CurriculumCatalogue(global.context).curriculum(id: id)
            if global.format == .json {
                try printJSON(CurriculumJSON(curriculum))
                return
            }
            print("\(curriculum.id): \(curriculum.title.text() ?? "")")
            print("format: \(curriculum.format.rawValue), source: \(curriculum.source)")
            if let provider = curriculum.provider { print("provider: \(provider)") }
            if let qualification = curriculum.qualification { print("qualification: \(qualification)") }
            if !curriculum.codes.isEmpty {
                print("codes: " + curriculum.codes.map { "\($0.scheme) \($0.code)" }.joined(separator: ", "))
            }
            var table = ReportTable("module", "hours", "credits", "audiences", "title")
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

extension PublishProgramme.Format: ExpressibleByArgument {}

extension Planner.Curriculum {
    /// `planner curriculum publish --format xcri-cap|lheo`
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the scheduled programme as an XCRI-CAP 1.2 or LHÉO 2.2 feed for regional catalogues.",
            discussion: """
                Each module with scheduled cohorts is a course; each scheduled cohort a presentation (LHÉO: an \
                action and its session) with its first and last day, scheduled hours, venue and address, language, \
                places and --cost. The provider is the programme's organiser (planner certificates settings).
                """)

        @Option(name: [.customLong("format"), .customLong("as")], help: "xcri-cap or lheo.")
        var feedFormat: PublishProgramme.Format

        @Option(help: "What a participant pays, as published (e.g. 'Free of charge', '120 EUR').")
        var cost: String?

        @Option(help: "The training body's SIRET (LHÉO requires it).") var siret = ""
        @Option(name: .customLong("activity-number"), help: "The training body's declaration number (LHÉO).")
        var activityNumber = ""

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        @Option(name: .long, help: "Workspace folder (default: $PLANNER_WORKSPACE, else the current folder).")
        var workspace: String?

        func run() async throws {
            let publication = PublishProgramme(
                format: feedFormat, cost: cost, siret: siret, activityNumber: activityNumber)
            let outcome = try publication.run(in: commandContext(folder: workspaceFolder(workspace)))
            guard let output else {
                FileHandle.standardOutput.write(outcome.feed)
                return
            }
            try outcome.feed.write(to: URL(fileURLWithPath: output))
            printError("Wrote \(outcome.courses) courses, \(outcome.presentations) presentations to \(output)")
        }
    }
}

extension Planner.Curriculum {
    /// `planner curriculum set-hours MODULE HOURS`
    struct SetHours: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-hours",
            abstract: "Set a module's contact hours (CDM-fr, IMS Common Cartridge and Moodle imports carry none).",
            discussion: "Recorded in history. Importing the curriculum again replaces what the file carries.")

        @Argument(help: "The module's identifier (see `planner curriculum show`).") var module: String
        @Argument(help: "Contact hours, a whole number from 1 to 10000.") var hours: Int
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try CurriculumCatalogue(global.context).setHours(module: module, to: hours)
            print("\(module): \(hours) hours")
        }
    }
}
