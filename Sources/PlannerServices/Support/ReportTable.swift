import Foundation

/// A report as rows of text under named columns: the command line prints it aligned or as CSV, the web
/// application as an HTML table with a CSV download, `--format json` as objects keyed by column.
public struct ReportTable: Sendable, Hashable {
    /// Column titles.
    public var header: [String]
    /// Rows, each as many cells as the header.
    public var rows: [[String]] = []

    /// An empty table with these column titles.
    public init(_ header: String...) { self.header = header }

    /// An empty table with these column titles.
    public init(header: [String]) { self.header = header }

    /// Adds a row.
    public mutating func add(_ cells: String...) { rows.append(cells) }

    /// Adds a row.
    public mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The table as CSV (RFC 4180).
    public var csv: String {
        ([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The rows as objects keyed by `keys` (one key per column), for JSON.
    public func objects(keys: [String]) -> [[String: String]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: zip(keys, row)) }
    }

    /// The table as plain text with aligned columns.
    public var rendered: String {
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

/// A CSV field, quoted when it must be (RFC 4180).
public func csvField(_ value: String) -> String {
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else {
        return value
    }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
