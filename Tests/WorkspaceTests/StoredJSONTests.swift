import Foundation
import GRDB
import PlannerCore
import Testing

@testable import Workspace

/// The documents the workspace stores are written by ``StoredJSON``; Foundation's `JSONDecoder` is the
/// oracle (and `JSONEncoder` writes the full form that workspaces of earlier versions hold).
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

    @Test func storedDocumentsDecodeBackToTheSameValues() throws {
        var random = SeededGenerator(seed: 7)
        let decoder = JSONDecoder()
        for _ in 0..<300 {
            let module = module(&random)
            #expect(try decoder.decode(Module.self, from: Data(module.storedJSON.utf8)) == module)

            let instance = instance(&random)
            #expect(try value(instance.storedJSON) == foundation(instance))
            #expect(try decoder.decode(CurriculumInstance.self, from: Data(instance.storedJSON.utf8)) == instance)

            // The head holds the title and description, or says they are the first module's.
            var curriculum = Curriculum(
                id: text(&random), title: localized(&random), description: localized(&random), format: .native,
                source: "s")
            for modules in [[], [module]] {
                curriculum.modules = modules
                let head = try decoder.decode(StoredHead.self, from: Data(curriculum.storedHeadJSON.utf8))
                #expect(head.texts(firstModule: modules.first) == (curriculum.title, curriculum.description))
            }
            curriculum.title = module.title
            curriculum.description = module.description
            #expect(curriculum.storedHeadJSON == #"{"asModule":true}"#)
        }
    }

    /// Whatever a curriculum holds, the workspace gives it back as it was saved.
    @Test func curriculaComeBackFromTheWorkspaceAsTheyWereSaved() throws {
        var random = SeededGenerator(seed: 5)
        var curricula: [Curriculum] = []
        for index in 0..<150 {
            let modules = (0..<Int.random(in: 0...3, using: &random)).map { number in
                var module = module(&random)
                module.id = "C\(index)-M\(number)"
                module.hours = module.hours.map { max(1, $0) }  // the schema refuses hours ≤ 0
                return module
            }
            var curriculum = Curriculum(
                id: "C\(index)", title: localized(&random), description: localized(&random),
                provider: optional(&random) { text(&$0) },
                format: CurriculumFormat.allCases.randomElement(using: &random)!, source: text(&random),
                modules: modules, instances: (0..<Int.random(in: 0...2, using: &random)).map { _ in instance(&random) },
                qualification: optional(&random) { text(&$0) },
                codes: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    Classification(scheme: text(&random), code: text(&random))
                })
            if let first = modules.first, Bool.random(using: &random) {
                (curriculum.title, curriculum.description) = (first.title, first.description)
            }
            curricula.append(curriculum)
        }
        let workspace = try Workspace.inMemory()
        try workspace.save(curricula)
        // (Texts with a NUL character among them: it must come back from the row's columns too.)
        for curriculum in curricula { #expect(try workspace.curriculum(id: curriculum.id) == curriculum) }

        // A curriculum as version 0.4 stored it: every document in `JSONEncoder`'s full form.
        var old = try #require(curricula.first { $0.modules.count > 1 && !$0.instances.isEmpty })
        // (GRDB binds text as a C string: none of these with a NUL.)
        (old.id, old.source, old.provider, old.qualification) = ("OLD", "old.xml", "Région Grand Est", "Certificate")
        for index in old.modules.indices { old.modules[index].id = "OLD-M\(index)" }
        var head = old
        (head.modules, head.instances) = ([], [])
        try workspace.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO curriculum (id, format, source, title, provider, qualification, document, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')
                    """,
                arguments: [
                    old.id, old.format.rawValue, old.source, old.title.text() ?? old.id, old.provider,
                    old.qualification,
                    String(decoding: try JSONEncoder().encode(head), as: UTF8.self),
                ])
            for (position, module) in old.modules.enumerated() {
                try db.execute(
                    sql:
                        "INSERT INTO module (id, curriculum_id, position, title, hours, document) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        module.id, old.id, position, module.title.text() ?? module.id, module.hours,
                        String(decoding: try JSONEncoder().encode(module), as: UTF8.self),
                    ])
            }
            for (position, instance) in old.instances.enumerated() {
                try db.execute(
                    sql: "INSERT INTO curriculum_instance (curriculum_id, position, document) VALUES (?, ?, ?)",
                    arguments: [old.id, position, String(decoding: try JSONEncoder().encode(instance), as: UTF8.self)])
            }
        }
        #expect(try workspace.curriculum(id: "OLD") == old)
    }

    /// Workspaces of earlier versions hold the full form `JSONEncoder` writes: it still decodes.
    @Test func documentsOfEarlierVersionsStillDecode() throws {
        var random = SeededGenerator(seed: 11)
        let decoder = JSONDecoder()
        for _ in 0..<100 {
            let module = module(&random)
            #expect(try decoder.decode(Module.self, from: JSONEncoder().encode(module)) == module)
            let curriculum = Curriculum(
                id: text(&random), title: localized(&random), description: localized(&random),
                provider: optional(&random) { text(&$0) }, format: .xcriCap, source: text(&random),
                modules: [module], instances: [instance(&random)])
            #expect(try decoder.decode(Curriculum.self, from: JSONEncoder().encode(curriculum)) == curriculum)
        }
        // As stored by version 0.4 (before the compact form).
        let stored = #"""
            {"id":"C1","title":{"values":[{"language":"","text":"Financing"}]},"description":{"values":[]},\#
            "learningOutcomes":[{"text":{"values":[{"language":"fr","text":"Financer"}]}}],"hours":6,\#
            "credits":[{"scheme":"ECTS","value":"1"}],"prerequisites":[],"audiences":[],\#
            "delivery":{"equipment":[],"stepFreeAccess":true}}
            """#
        let module = try decoder.decode(Module.self, from: Data(stored.utf8))
        #expect(module.title == LocalizedText("Financing"))
        #expect(module.learningOutcomes == [LearningOutcome(text: LocalizedText("Financer", language: "fr"))])
        #expect(module.credits == [Credit(scheme: "ECTS", value: "1")] && module.delivery == DeliveryNeeds())
    }

    /// A typical imported course: texts in an unnamed language are plain strings, defaults are left out.
    @Test func typicalDocumentsAreCompact() throws {
        let module = Module(
            id: "C1", title: LocalizedText("Financing"), description: LocalizedText("A course."),
            learningOutcomes: [LearningOutcome(text: LocalizedText("Plan a budget."))], hours: 6,
            credits: [Credit(scheme: "ECTS", value: "1")])
        #expect(
            module.storedJSON == #"""
                {"id":"C1","title":"Financing","description":"A course.","learningOutcomes":["Plan a budget."],\#
                "hours":6,"credits":[{"scheme":"ECTS","value":"1"}]}
                """#)
        #expect(module.storedJSON.utf8.count * 2 < (try JSONEncoder().encode(module)).count)
        let untitled = Module(id: "M", title: LocalizedText())
        #expect(untitled.storedJSON == #"{"id":"M","title":{"values":[]}}"#)
        #expect(try JSONDecoder().decode(Module.self, from: Data(untitled.storedJSON.utf8)) == untitled)
    }

    /// A property added to one of the types without being written here fails this test.
    @Test func leavesNoPropertyOut() throws {
        func keys(_ json: String) throws -> Set<String> {
            Set((try value(json) as! [String: Any]).keys)
        }
        func properties(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        // Every member set (and none at its default, which would be left out).
        let module = Module(
            id: "m", title: LocalizedText("t"), description: LocalizedText("d"),
            learningOutcomes: [LearningOutcome(text: LocalizedText("o"))], hours: 3, suggestedSessions: 2,
            credits: [Credit(scheme: "ECTS", value: "1")], prerequisites: ["p"], audiences: [.advisers],
            delivery: DeliveryNeeds(equipment: ["projector"], language: "fr", stepFreeAccess: false))
        #expect(try keys(module.storedJSON) == properties(module))
        let delivery = (try value(module.storedJSON) as! [String: Any])["delivery"] as! [String: Any]
        #expect(Set(delivery.keys) == properties(module.delivery))
        let instance = CurriculumInstance(
            identifier: "i", start: LocalDate(year: 2027, month: 3, day: 1),
            end: LocalDate(year: 2027, month: 3, day: 2),
            venue: "v", mode: "m", cost: "c")
        #expect(try keys(instance.storedJSON) == properties(instance))
        let curriculum = Curriculum(
            id: "c", title: LocalizedText("t"), description: LocalizedText("d"), provider: "p", format: .native,
            source: "s", qualification: "q", codes: [Classification(scheme: "NSF", code: "310")])
        // The curriculum's row holds these; modules and instances have rows of their own.
        let columns: Set<String> = ["id", "format", "source", "provider", "qualification", "modules", "instances"]
        #expect(try keys(curriculum.storedHeadJSON).union(columns) == properties(curriculum))
        #expect(properties(LocalizedText("x")) == ["values"])
        #expect(properties(LocalizedText.Entry(language: "fr", text: "x")) == ["language", "text"])
        #expect(properties(Credit(scheme: "ECTS", value: "3")) == ["scheme", "value"])
        #expect(properties(Classification(scheme: "NSF", code: "310")) == ["scheme", "code"])
        #expect(properties(LearningOutcome(text: LocalizedText("x"))) == ["text"])
    }
}
