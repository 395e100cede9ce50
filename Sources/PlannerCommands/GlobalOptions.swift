import ArgumentParser
import Foundation
import PlannerCore
import Workspace

/// How a listing or report is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// A readable table for people.
    case table
    /// JSON for programs (shapes documented in docs/formats.md).
    case json
    /// CSV for spreadsheets (reports only; other commands print their table).
    case csv
}

/// Now, or the instant in `PLANNER_NOW` (ISO 8601), so that demos and tests control the clock.
func currentTime() -> Date {
    if let text = ProcessInfo.processInfo.environment["PLANNER_NOW"] {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        if let day = LocalDate(iso: text) {
            return TimeZoneID("UTC")!.instant(on: day, at: TimeOfDay(hour: 23, minute: 59)!)
        }
    }
    return Date()
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
    var folder: URL {
        let path = workspace ?? ProcessInfo.processInfo.environment["PLANNER_WORKSPACE"] ?? "."
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    /// Opens the workspace or fails with the message that says how to create one.
    func openWorkspace() throws -> Workspace {
        do {
            return try Workspace.open(at: folder)
        } catch let error as WorkspaceError {
            throw CommandFailure(String(describing: error))
        }
    }
}

/// A failure that has already been explained: prints the message and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// JSON as every `--format json` prints it: sorted keys, pretty, slashes unescaped.
func printJSON(_ value: some Encodable) throws {
    print(String(decoding: try JSONArrayPrinter.encoder.encode(value), as: UTF8.self))
}

/// A JSON array printed an element at a time, as ``printJSON(_:)`` would print the whole array: a listing
/// of a national catalogue need not be held in memory (nor its JSON tree) to be printed.
struct JSONArrayPrinter {
    static let encoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private var empty = true
    /// Where the text goes (standard output, but for tests).
    private let write: (String) -> Void

    init(write: @escaping (String) -> Void = { print($0, terminator: "") }) { self.write = write }

    /// Prints one element, as in a pretty-printed array.
    mutating func add(_ value: CurriculumJSON) {
        var json = PrettyJSON(after: empty ? "[\n  " : ",\n  ", depth: 1)
        value.write(to: &json)
        write(String(decoding: json.bytes, as: UTF8.self))
        empty = false
    }

    /// Closes the array, and the line (an empty array as `JSONEncoder` prints it: on three lines).
    func finish() { write(empty ? "[\n\n]\n" : "\n]\n") }
}

/// A plain text table with aligned columns.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    mutating func add(_ cells: String...) { rows.append(cells) }
    mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The table as CSV (RFC 4180).
    var csv: String {
        ([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
