public import Foundation
public import PlannerCore

/// A spreadsheet export read the way coordinators produce them: UTF-8 with or without BOM, comma or
/// semicolon, quoted fields (with delimiters and line breaks inside), a header row naming the columns.
///
/// Positions are `file:row:column`: row 1 is the header, column 1 the first field.
public struct CSVTable: Sendable {
    /// One data row.
    public struct Row: Sendable {
        /// The line the row starts on (the header is line 1; a quoted line break makes a row span lines).
        public var number: Int
        /// The row's fields, in column order.
        var values: [String]
        /// 1-based column positions by name (shared by every row of a table).
        var columns: [String: Int]

        /// The trimmed value of a column, nil when the column is absent or the cell empty.
        public subscript(_ name: String) -> String? { self[column: columns[name]] }

        /// The 1-based column of a name, if the header has it (look it up once for many rows).
        public func index(of name: String) -> Int? { columns[name] }

        /// The 1-based column of a name (for positions), or 1.
        public func column(_ name: String) -> Int { columns[name] ?? 1 }

        /// The trimmed value at a 1-based column (see ``CSVTable/column(_:)``), nil when absent or empty.
        public subscript(column column: Int?) -> String? {
            guard let column, column <= values.count else { return nil }
            let value = trimmed(values[column - 1])
            return value.isEmpty ? nil : value
        }
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
        var rows: [Row] = []
        let (table, diagnostics) = read(url, file: file) { rows.append($0) }
        return (table.map { CSVTable(file: file, header: $0.header, rows: rows, delimiter: $0.delimiter) }, diagnostics)
    }

    /// Reads a file row by row without keeping the rows (for files of a million rows); the table that
    /// comes back has the header and no rows.
    public static func read(_ url: URL, file: String, each: (Row) -> Void) -> (CSVTable?, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return (nil, [.error("cannot read the file", file: file)])
        }
        return parse(data, file: file, each: each)
    }

    /// Parses bytes.
    public static func parse(_ data: Data, file: String) -> (CSVTable?, [Diagnostic]) {
        var rows: [Row] = []
        let (table, diagnostics) = parse(data, file: file) { rows.append($0) }
        return (table.map { CSVTable(file: file, header: $0.header, rows: rows, delimiter: $0.delimiter) }, diagnostics)
    }

    private static func parse(_ data: Data, file: String, each: (Row) -> Void) -> (CSVTable?, [Diagnostic]) {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            return (
                nil, [.error("the file is UTF-16 text; save it as \"CSV UTF-8\"", file: file, line: 1, column: 1)]
            )
        }
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return data.withUnsafeBytes { raw in
            let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[bom...])
            return parse(bytes, file: file, each: each)
        }
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, each: (Row) -> Void
    ) -> (CSVTable?, [Diagnostic]) {
        guard let first = bytes.first, first != UInt8(ascii: "\n"), first != UInt8(ascii: "\r") else {
            return (nil, [.error("the file is empty; it needs a header row", file: file, line: 1, column: 1)])
        }
        let scanner = CSVScanner(delimiter: CSVScanner.delimiter(ofHeader: bytes))
        var header: [String]?
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        do {
            try scanner.scan(bytes) { line, record in
                guard let header else {
                    let names = record.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    header = names
                    seen = columns(of: names, file: file, into: &diagnostics)
                    return
                }
                if record.allSatisfy({ trimmed($0).isEmpty }) { return }
                if record.count > header.count {
                    diagnostics.append(
                        .error(
                            "row has \(record.count) fields but the header has \(header.count) columns", file: file,
                            line: line, column: header.count + 1))
                }
                each(Row(number: line, values: record, columns: seen))
            }
        } catch let failure as CSVScanner.Failure {
            let message =
                switch failure.kind {
                case .unclosedQuote: "a quoted field is not closed (a missing \")"
                case .textAfterClosingQuote: "text after the closing quote of a field (write \"\" for a quote inside)"
                case .notUTF8: "the file is not UTF-8 text; save it as \"CSV UTF-8\""
                }
            diagnostics.append(.error(message, file: file, line: failure.line, column: failure.field))
        } catch {
            diagnostics.append(.error("cannot read as CSV: \(error)", file: file, line: 1, column: 1))
        }
        guard let header else { return (nil, diagnostics) }
        let delimiter: Character = scanner.delimiter == UInt8(ascii: ";") ? ";" : ","
        return (CSVTable(file: file, header: header, rows: [], delimiter: delimiter), diagnostics)
    }

    /// The 1-based column of each name; empty and repeated names are errors.
    private static func columns(of header: [String], file: String, into diagnostics: inout [Diagnostic]) -> [String:
        Int]
    {
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
        return seen
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
