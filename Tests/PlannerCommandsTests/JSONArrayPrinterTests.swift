import Foundation
import Testing

@testable import PlannerCommands

/// `planner curriculum list --format json` prints its array an element at a time; the text must be what
/// printing the whole array at once prints (`printJSON`), byte for byte.
@Suite struct JSONArrayPrinterTests {
    struct Entry: Encodable {
        var id: String
        var empty: [String] = []
        var nested: [[String: Int?]]
        var text = "line\nbreak / slash"
    }

    /// What `printJSON` prints for the whole array, and what the printer prints element by element.
    private func both(_ entries: [Entry]) throws -> (whole: String, streamed: String) {
        let whole = String(decoding: try JSONArrayPrinter.encoder.encode(entries), as: UTF8.self) + "\n"
        var streamed = ""
        var printer = JSONArrayPrinter { streamed += $0 }
        for entry in entries { try printer.add(entry) }
        printer.finish()
        return (whole, streamed)
    }

    @Test func printsWhatPrintingTheWholeArrayPrints() throws {
        for entries in [
            [], [Entry(id: "A", nested: [])],
            [Entry(id: "A", nested: [["x": 1, "y": nil]]), Entry(id: "B", empty: ["e"], nested: [[:], ["z": 3]])],
        ] {
            let (whole, streamed) = try both(entries)
            #expect(streamed == whole)
        }
    }
}
