import Foundation
import PlannerCore
import TestSupport
import Testing

@testable import Workspace

/// Our CSV reader against Python's `csv` module (strict mode), the independent oracle `make deps` puts in
/// `.venv`: both read the same generated files, full of quotes, delimiters and line breaks of every kind.
@Suite struct CSVReaderTests {
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path
    static let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("oracles/read_csv.py").path

    /// What our scanner reads: the records before any error, and whether there was one.
    static func ours(_ bytes: [UInt8], delimiter: UInt8) -> (records: [[String]], failed: Bool) {
        var records: [[String]] = []
        do {
            try bytes.withUnsafeBufferPointer { buffer in
                try CSVScanner(delimiter: delimiter).scan(buffer) { _, fields in records.append(fields) }
            }
        } catch {
            return (records, true)
        }
        return (records, false)
    }

    /// Records that hold nothing (blank lines) are left out on both sides: Python gives `[]` where we
    /// give `[""]`, and tables skip them anyway.
    static func meaningful(_ records: [[String]]) -> [[String]] { records.filter { $0.contains { !$0.isEmpty } } }

    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";")])
    func readsWhatPythonsCSVModuleReads(delimiter: UInt8) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            Issue.record("the oracle environment is missing: run `make deps`")
            return
        }
        let folder = try TemporaryFolder()
        var generator = SeededGenerator(seed: UInt64(delimiter))
        let pieces = ["a", "b", "é", "Ł", " ", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", "x y", "日本"]
        var files: [(path: String, bytes: [UInt8])] = []
        for index in 0..<400 {
            let count = Int.random(in: 0...30, using: &generator)
            var text = ""
            for _ in 0..<count { text += pieces.randomElement(using: &generator)! }
            let path = folder.url.appendingPathComponent("\(index).csv").path
            let bytes = Array(text.utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append((path, bytes))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.oracle, String(UnicodeScalar(delimiter))] + files.map(\.path)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let answers = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        try #require(answers.count == files.count)
        var disagreements = 0
        for (file, answer) in zip(files, answers) {
            let expected = Self.meaningful(answer["records"] as? [[String]] ?? [])
            let expectedFailure = !(answer["error"] is NSNull)
            let (records, failed) = Self.ours(file.bytes, delimiter: delimiter)
            if Self.meaningful(records) != expected || failed != expectedFailure {
                disagreements += 1
                let input = String(decoding: file.bytes, as: UTF8.self).debugDescription
                let error = String(describing: answer["error"] ?? "none")
                let ourRecords = Self.meaningful(records)
                Issue.record(
                    "\(input): Python read \(expected) (error: \(error)), we read \(ourRecords) (failed: \(failed))")
                if disagreements > 5 { return }
            }
        }
    }

    @Test func malformedFilesArePositioned() throws {
        let unclosed = CSVTable.parse(Data("id;name\n1;ok\n2;\"open\n3;x\n".utf8), file: "v.csv")
        #expect(
            unclosed.1.map(String.init(describing:)) == [
                "v.csv:3:2: error: a quoted field is not closed (a missing \")"
            ])
        #expect(unclosed.0?.rows.count == 1)
        let after = CSVTable.parse(Data("id,name\n1,\"a\"b\n".utf8), file: "v.csv")
        #expect(
            after.1.first.map(String.init(describing:))?.hasPrefix("v.csv:2:2: error: text after the closing quote")
                == true)
        let latin1 = CSVTable.parse(Data([0x69, 0x64, 0x0A, 0x4C, 0x69, 0xE8, 0x67, 0x65, 0x0A]), file: "v.csv")
        #expect(
            latin1.1.map(String.init(describing:)) == [
                "v.csv:2:1: error: the file is not UTF-8 text; save it as \"CSV UTF-8\""
            ])
        let utf16 = CSVTable.parse(Data([0xFF, 0xFE, 0x69, 0x00]), file: "v.csv")
        #expect(utf16.0 == nil)
        #expect(utf16.1.first.map(String.init(describing:))?.contains("UTF-16") == true)
    }

    @Test func aQuotedLineBreakKeepsRowsOnTheLinesTheyStartOn() throws {
        let (table, problems) = CSVTable.parse(
            Data("\u{FEFF}id;remark\r\n1;\"two\r\nlines; and \"\"quotes\"\"\"\r\n2;plain\r\n".utf8), file: "v.csv")
        #expect(problems.isEmpty)
        let rows = try #require(table?.rows)
        #expect(rows.map(\.number) == [2, 4])
        #expect(rows[0]["remark"] == "two\r\nlines; and \"quotes\"")
        #expect(rows[1]["id"] == "2")
        #expect(table?.delimiter == ";")
    }
}
