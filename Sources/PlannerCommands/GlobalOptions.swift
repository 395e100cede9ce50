import ArgumentParser
import Foundation
import Workspace

/// How a listing or report is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// A readable table for people.
    case table
    /// JSON for programs (shapes documented in docs/formats.md).
    case json
}

/// Options every command takes: where the workspace is, how to print, how much to say.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Workspace folder (default: $PLANNER_WORKSPACE, else the current folder).")
    var workspace: String?

    @Option(name: .long, help: "Output format: table or json.")
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
    init(_ message: String) { description = "error: " + message }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// JSON as every `--format json` prints it: sorted keys, pretty, slashes unescaped.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A plain text table with aligned columns.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    mutating func add(_ cells: String...) { rows.append(cells) }
    mutating func add(_ cells: [String]) { rows.append(cells) }

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
