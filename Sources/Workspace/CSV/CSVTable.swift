import CSV
import Foundation
import PlannerCore

/// A spreadsheet export read the way coordinators produce them: UTF-8 with or without BOM, comma or
/// semicolon, quoted fields (with delimiters and line breaks inside), a header row naming the columns.
///
/// Positions are `file:row:column`: row 1 is the header, column 1 the first field.
public struct CSVTable: Sendable {
    /// One data row.
    public struct Row: Sendable {
        /// 1-based record number (the header is row 1).
        public var number: Int
        /// The row's fields, in column order.
        var values: [String]
        /// 1-based column positions by name (shared by every row of a table).
        var columns: [String: Int]

        /// The trimmed value of a column, nil when the column is absent or the cell empty.
        public subscript(_ name: String) -> String? {
            guard let column = columns[name], column <= values.count else { return nil }
            let value = trimmed(values[column - 1])
            return value.isEmpty ? nil : value
        }

        /// The 1-based column of a name (for positions), or 1.
        public func column(_ name: String) -> Int { columns[name] ?? 1 }
    }

    /// The file as the user named it.
    public let file: String
    /// Column names in order (lower-cased, trimmed).
    public let header: [String]
    /// Data rows (blank rows skipped).
    public let rows: [Row]
    /// The delimiter found in the header.
    public let delimiter: Character

    /// Reads a file. Problems with the file as a whole come back as diagnostics, not as an error.
    public static func read(_ url: URL, file: String) -> (CSVTable?, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return (nil, [.error("cannot read the file", file: file)])
        }
        return parse(data, file: file)
    }

    /// Parses bytes.
    public static func parse(_ data: Data, file: String) -> (CSVTable?, [Diagnostic]) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            return (
                nil, [.error("the file is not UTF-8 text; save it as \"CSV UTF-8\"", file: file, line: 1, column: 1)]
            )
        }
        let firstLine = text.prefix(while: { !$0.isNewline })
        guard !firstLine.isEmpty else {
            return (nil, [.error("the file is empty; it needs a header row", file: file, line: 1, column: 1)])
        }
        // The delimiter is whichever of , and ; the header uses more (outside quotes).
        var commas = 0
        var semicolons = 0
        var quoted = false
        for character in firstLine {
            if character == "\"" { quoted.toggle() }
            if !quoted && character == "," { commas += 1 }
            if !quoted && character == ";" { semicolons += 1 }
        }
        let delimiter: Character = semicolons > commas ? ";" : ","
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter.unicodeScalars.first!)
        } catch {
            return (nil, [.error("cannot read as CSV: \(error)", file: file, line: 1, column: 1)])
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if name.isEmpty {
                diagnostics.append(.error("column \(index + 1) has no name", file: file, line: 1, column: index + 1))
            } else if let first = seen[name] {
                diagnostics.append(
                    .error(
                        "column '\(name)' appears twice (columns \(first) and \(index + 1))", file: file, line: 1,
                        column: index + 1))
            } else {
                seen[name] = index + 1
            }
        }
        var rows: [Row] = []
        var number = 1
        while let record = reader.next() {
            number += 1
            if record.allSatisfy({ trimmed($0).isEmpty }) { continue }
            if record.count > header.count {
                diagnostics.append(
                    .error(
                        "row has \(record.count) fields but the header has \(header.count) columns", file: file,
                        line: number, column: header.count + 1))
            }
            rows.append(Row(number: number, values: record, columns: seen))
        }
        if let error = reader.error {
            diagnostics.append(
                .error("malformed CSV after row \(number): \(error) (an unclosed quote?)", file: file, line: number + 1)
            )
        }
        return (CSVTable(file: file, header: header, rows: rows, delimiter: delimiter), diagnostics)
    }
}

/// The text without leading and trailing spaces and tabs; returned as is (no copy) when there are none.
func trimmed(_ text: String) -> String {
    let utf8 = text.utf8
    guard let first = utf8.first, let last = utf8.last else { return text }
    func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    if !blank(first) && !blank(last) { return text }
    guard let start = utf8.firstIndex(where: { !blank($0) }), let end = utf8.lastIndex(where: { !blank($0) }) else {
        return ""
    }
    return String(text[start...end])
}
