public import ArgumentParser
import Foundation
import PlannerServices

extension ExportSchedule.Format: ExpressibleByArgument {}

extension Planner.Schedule {
    /// `planner schedule export`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the schedule (whole programme, or one trainer, venue, track or offering).",
            discussion: "iCalendar: UIDs are stable across exports and SEQUENCE rises when a session moves.")

        @Option(name: [.customLong("as"), .customLong("format")], help: "ics, csv, json or pdf (pdf needs --output).")
        var exportFormat: ExportSchedule.Format = .ics

        @Option(help: "Only this trainer's sessions.") var trainer: String?
        @Option(help: "Only this venue's sessions.") var venue: String?
        @Option(help: "Only this offering's sessions.") var offering: String?
        @Option(help: "Only this track's sessions.") var track: String?
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        @Option(name: .long, help: "Workspace folder (default: $PLANNER_WORKSPACE, else the current folder).")
        var workspace: String?

        func run() async throws {
            let export = ExportSchedule(
                format: exportFormat, scope: .init(trainer: trainer, venue: venue, offering: offering, track: track),
                pdf: output.map { URL(fileURLWithPath: $0) })
            let outcome = try await export.run(in: commandContext(folder: workspaceFolder(workspace)))
            if let text = outcome.text {
                if let output {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                    return
                }
            }
            printError("Wrote \(outcome.sessions) sessions to \(output ?? "")")
        }
    }
}
