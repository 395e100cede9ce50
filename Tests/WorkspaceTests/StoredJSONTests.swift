import Foundation
import PlannerCore
import Testing

@testable import Workspace

/// The documents the workspace stores are written by ``StoredJSON``; Foundation's `JSONEncoder` and
/// `JSONDecoder` are the oracles.
@Suite struct StoredJSONTests {
    /// Text that needs escaping, and text that does not.
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / and tab\tnew\nline\r", "\u{0}\u{1}\u{1F}\u{7F}",
        "Économie sociale – «coopérer»", "Ελληνικά", "Кириллица", "emoji 🧑‍🤝‍🧑", "\u{2028}\u{2029}",
    ]

    private func text(_ random: inout SeededGenerator) -> String {
        Self.awkward.randomElement(using: &random)! + String(Int.random(in: 0..<1000, using: &random))
    }

    private func localized(_ random: inout SeededGenerator) -> LocalizedText {
        LocalizedText(
            (0..<Int.random(in: 0...3, using: &random)).map { _ in
                .init(language: ["", "fr", "en", "nl-BE"].randomElement(using: &random)!, text: text(&random))
            })
    }

    private func optional<T>(_ random: inout SeededGenerator, _ make: (inout SeededGenerator) -> T) -> T? {
        Bool.random(using: &random) ? make(&random) : nil
    }

    private func module(_ random: inout SeededGenerator) -> Module {
        Module(
            id: text(&random), title: localized(&random), description: localized(&random),
            learningOutcomes: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                LearningOutcome(text: localized(&random))
            },
            hours: optional(&random) { Int.random(in: -5...10_000, using: &$0) },
            suggestedSessions: optional(&random) { Int.random(in: 0...40, using: &$0) },
            credits: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                Credit(scheme: text(&random), value: text(&random))
            },
            prerequisites: (0..<Int.random(in: 0...2, using: &random)).map { _ in text(&random) },
            audiences: Array(Audience.allCases.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))),
            delivery: DeliveryNeeds(
                equipment: (0..<Int.random(in: 0...2, using: &random)).map { _ in text(&random) },
                language: optional(&random) { ["fr", "en"].randomElement(using: &$0)! },
                stepFreeAccess: Bool.random(using: &random)))
    }

    private func instance(_ random: inout SeededGenerator) -> CurriculumInstance {
        CurriculumInstance(
            identifier: optional(&random) { text(&$0) },
            start: optional(&random) { LocalDate(daysSinceEpoch: Int.random(in: -3000...30_000, using: &$0)) },
            end: optional(&random) { LocalDate(daysSinceEpoch: Int.random(in: -3000...30_000, using: &$0)) },
            venue: optional(&random) { text(&$0) }, mode: optional(&random) { text(&$0) },
            cost: optional(&random) { text(&$0) })
    }

    /// Parsed with `JSONSerialization`, so that key order and spelling of escapes do not matter.
    private func value(_ json: String) throws -> NSObject {
        try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) as! NSObject
    }

    private func foundation(_ value: some Encodable) throws -> NSObject {
        try self.value(String(decoding: JSONEncoder().encode(value), as: UTF8.self))
    }

    @Test func writesWhatJSONEncoderWritesAndDecodesBack() throws {
        var random = SeededGenerator(seed: 7)
        let decoder = JSONDecoder()
        for _ in 0..<300 {
            let module = module(&random)
            #expect(try value(module.storedJSON) == foundation(module))
            #expect(try decoder.decode(Module.self, from: Data(module.storedJSON.utf8)) == module)

            let instance = instance(&random)
            #expect(try value(instance.storedJSON) == foundation(instance))
            #expect(try decoder.decode(CurriculumInstance.self, from: Data(instance.storedJSON.utf8)) == instance)

            var curriculum = Curriculum(
                id: text(&random), title: localized(&random), description: localized(&random),
                provider: optional(&random) { text(&$0) },
                format: CurriculumFormat.allCases.randomElement(using: &random)!, source: text(&random),
                qualification: optional(&random) { text(&$0) })
            #expect(try value(curriculum.storedHeadJSON) == foundation(curriculum))
            #expect(try decoder.decode(Curriculum.self, from: Data(curriculum.storedHeadJSON.utf8)) == curriculum)
            // Modules and instances have rows of their own: the head leaves them out.
            curriculum.modules = [module]
            curriculum.instances = [instance]
            let head = try decoder.decode(Curriculum.self, from: Data(curriculum.storedHeadJSON.utf8))
            #expect(head.modules.isEmpty && head.instances.isEmpty)
        }
    }

    /// A property added to one of the types without being written here fails this test.
    @Test func leavesNoPropertyOut() throws {
        func keys(_ json: String) throws -> Set<String> {
            Set((try value(json) as! [String: Any]).keys)
        }
        func properties(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        let module = Module(
            id: "m", title: LocalizedText("t"), hours: 3, suggestedSessions: 2,
            delivery: DeliveryNeeds(language: "fr"))
        #expect(try keys(module.storedJSON) == properties(module))
        let delivery = (try value(module.storedJSON) as! [String: Any])["delivery"] as! [String: Any]
        #expect(Set(delivery.keys) == properties(module.delivery))
        let instance = CurriculumInstance(
            identifier: "i", start: LocalDate(year: 2027, month: 3, day: 1),
            end: LocalDate(year: 2027, month: 3, day: 2),
            venue: "v", mode: "m", cost: "c")
        #expect(try keys(instance.storedJSON) == properties(instance))
        let curriculum = Curriculum(
            id: "c", title: LocalizedText("t"), provider: "p", format: .native, source: "s", qualification: "q")
        #expect(try keys(curriculum.storedHeadJSON) == properties(curriculum))
        #expect(properties(LocalizedText("x")) == ["values"])
        #expect(properties(LocalizedText.Entry(language: "fr", text: "x")) == ["language", "text"])
        #expect(properties(Credit(scheme: "ECTS", value: "3")) == ["scheme", "value"])
        #expect(properties(LearningOutcome(text: LocalizedText("x"))) == ["text"])
    }
}
