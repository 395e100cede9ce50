import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

/// How a listing or report is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// A readable table for people.
    case table
    /// JSON for programs (shapes documented in docs/formats.md).
    case json
    /// CSV for spreadsheets (reports only; other commands print their table).
    case csv
}

/// Options every command takes: where the workspace is, how to print, how much to say.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Workspace folder (default: $PLANNER_WORKSPACE, else the current folder).")
    var workspace: String?

    @Option(name: .long, help: "Output format: table or json (reports also csv).")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Say more about what is done.")
    var verbose = false

    /// The workspace folder this invocation means.
    var folder: URL { workspaceFolder(workspace) }

    /// What every service is called with: this folder, the login name, the clock.
    var context: ServiceContext { commandContext(folder: folder) }
}

/// The workspace folder named by `--workspace`, else `$PLANNER_WORKSPACE`, else the current folder.
func workspaceFolder(_ option: String?) -> URL {
    let path = option ?? ProcessInfo.processInfo.environment["PLANNER_WORKSPACE"] ?? "."
    return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
}

/// The context of a command: the folder, who runs `planner` (the login name), and the clock.
func commandContext(folder: URL) -> ServiceContext {
    ServiceContext(folder: folder, actor: loginName, clock: currentTime)
}

/// Who runs `planner`: `$USER`, else the account's name. History records every write under it.
let loginName: String = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()

/// Now, or the instant in `PLANNER_NOW` (ISO 8601), so that demos and tests control the clock.
@Sendable func currentTime() -> Date { fixedTime ?? Date() }

/// The instant `PLANNER_NOW` names, read once (the server asks the time on every request).
private let fixedTime: Date? = {
    guard let text = ProcessInfo.processInfo.environment["PLANNER_NOW"] else { return nil }
    if let date = ISO8601DateFormatter().date(from: text) { return date }
    return LocalDate(iso: text).map { TimeZoneID("UTC")!.instant(on: $0, at: TimeOfDay(hour: 23, minute: 59)!) }
}()
