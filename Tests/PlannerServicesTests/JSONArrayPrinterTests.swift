import Foundation
import PlannerCore
import Testing

@testable import PlannerServices

/// `planner curriculum list --format json` prints its array an element at a time, each written field by
/// field (`PrettyJSON`); the text must be what `printJSON` prints for the whole array (Foundation's
/// `JSONEncoder`), byte for byte.
@Suite struct JSONArrayPrinterTests {
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / and tab\tnew\nline\r", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}",
        "Économie sociale – «coopérer»", "Ελληνικά", "emoji 🧑‍🤝‍🧑", "\u{2028}\u{2029}", "<b>&amp;</b>",
    ]

    private func curriculum(_ index: Int, _ random: inout SeededGenerator) -> Curriculum {
        func text() -> String { Self.awkward.randomElement(using: &random)! }
        let modules = (0..<Int.random(in: 0...3, using: &random)).map { number in
            Module(
                id: "M\(index)-\(number)\(text())",
                title: LocalizedText(Bool.random(using: &random) ? [] : [.init(language: "fr", text: text())]),
                learningOutcomes: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    LearningOutcome(text: LocalizedText(text()))
                },
                hours: Bool.random(using: &random) ? Int.random(in: 1...60, using: &random) : nil,
                credits: (0..<Int.random(in: 0...2, using: &random)).map { _ in Credit(scheme: text(), value: text()) },
                prerequisites: (0..<Int.random(in: 0...2, using: &random)).map { _ in text() },
                audiences: Array(
                    Audience.allCases.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))))
        }
        return Curriculum(
            id: "C\(index)\(text())", title: LocalizedText(text()),
            provider: Bool.random(using: &random) ? text() : nil,
            format: CurriculumFormat.allCases.randomElement(using: &random)!, source: text(), modules: modules,
            instances: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                CurriculumInstance(
                    start: Bool.random(using: &random) ? LocalDate(year: 2027, month: 3, day: 1) : nil,
                    end: Bool.random(using: &random) ? LocalDate(year: 2027, month: 12, day: 31) : nil)
            })
    }

    @Test func printsWhatJSONEncoderPrintsForTheWholeArray() throws {
        var random = SeededGenerator(seed: 3)
        for count in [0, 1, 2, 40] {
            let entries = (0..<count).map { CurriculumJSON(curriculum($0, &random)) }
            let whole = String(decoding: try JSONArrayPrinter.encoder.encode(entries), as: UTF8.self) + "\n"
            var streamed = ""
            var printer = JSONArrayPrinter { streamed += $0 }
            for entry in entries { printer.add(entry) }
            printer.finish()
            #expect(streamed == whole)
        }
    }
}
