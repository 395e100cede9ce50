import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

/// A failure that has already been explained: prints the message and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes diagnostics to standard error, one per line (`file:line:col: severity: message`).
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics { printError(String(describing: diagnostic)) }
}

/// JSON as every `--format json` prints it: sorted keys, pretty, slashes unescaped.
func printJSON(_ value: some Encodable) throws {
    print(try jsonText(value))
}

/// Prints a report in the chosen format (JSON: an array of objects keyed by `keys`).
func emit(_ table: ReportTable, keys: [String], format: OutputFormat) throws {
    switch format {
    case .table: print(table.rendered)
    case .csv: print(table.csv, terminator: "")
    case .json: try printJSON(table.objects(keys: keys))
    }
}

/// Reads a session key or fails with a message that shows the form.
func sessionKey(_ text: String) throws -> SessionKey {
    guard let key = SessionKey(text) else {
        throw ValidationError("'\(text)' is not a session: write OFFERING#COHORT/INDEX, e.g. SEM1-ADM#1/2")
    }
    return key
}

/// Reads a cohort or fails with a message that shows the form.
func cohortKey(_ text: String) throws -> Cohort {
    guard let cohort = Cohort(label: text) else {
        throw ValidationError("'\(text)' is not a cohort: write OFFERING#COHORT, e.g. SEM1-ADM#1")
    }
    return cohort
}

/// Input files as typed on the command line.
func inputFiles(_ paths: [String]) -> [InputFile] { paths.map(InputFile.init(path:)) }
