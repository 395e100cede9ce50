import Foundation
import PlannerCore

/// Reads the manifest of an IMS Common Cartridge 1.1–1.3 (`imsmanifest.xml`), the package in which learning
/// management systems export a course: its LOM metadata (title, description, language, typical learning
/// time) and its organisation, a tree of items whose first level is the course's units (weeks, topics).
///
/// The cartridge becomes one curriculum (its manifest's identifier); each unit a module, identified by the
/// manifest's identifier and the item's (`cartridge/item`), described by the titles of what it contains.
/// Contact hours are read from a LOM `typicalLearningTime` (the unit's own metadata, else the course's
/// spread evenly), and are often absent: a warning says how many units need them.
///
/// A Canvas export carries the course's learning outcomes in `course_settings/learning_outcomes.xml`
/// (``canvasOutcomesFile``): each `learningOutcome`, at the top or inside `learningOutcomeGroup`s, becomes a
/// learning outcome of every unit (they are the course's: each unit's offering states them).
final class CommonCartridgeReader: DialectReader {
    let collectionDepth = 1
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    private let companion: (String) -> CurriculumSource?
    private var manifest: (id: String, line: Int, column: Int)?
    private var metadata: XMLElement?
    private var organization: XMLElement?

    /// Where a Canvas export keeps the course's learning outcomes, relative to the manifest.
    static let canvasOutcomesFile = "course_settings/learning_outcomes.xml"

    init(file: String, companion: @escaping (String) -> CurriculumSource? = { _ in nil }) {
        self.file = file
        self.companion = companion
    }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        if manifest == nil, let root = ancestors.first {
            manifest = (root.attribute("identifier").map(collapsingWhitespace) ?? "", root.line, root.column)
        }
        switch element.name {
        case "metadata": metadata = element
        case "organizations": organization = element.child("organization")
        default: break
        }
    }

    /// LOM's `string` children as a text in their languages.
    private func lomText(_ element: XMLElement?) -> LocalizedText {
        guard let element else { return LocalizedText() }
        let strings = element.children("string")
        let text = strings.isEmpty ? localizedText([element]) : localizedText(strings)
        return LocalizedText(text.values.map { .init(language: $0.language, text: plainText(fromHTML: $0.text)) })
    }

    /// Hours of a LOM record's `educational/typicalLearningTime/duration`, when it is a time.
    private func typicalHours(_ lom: XMLElement?) -> Int? {
        guard let duration = lom?.child("educational")?.child("typicalLearningTime")?.child("duration") else {
            return nil
        }
        return ISODuration(duration.trimmedText)?.contactHours
    }

    func finish(emit: (Located<Curriculum>) -> Void) {
        guard let manifest else { return }
        guard !manifest.id.isEmpty else {
            diagnostics.append(
                .error(
                    "<manifest> has no identifier attribute; a cartridge needs one to be imported", file: file,
                    line: manifest.line, column: manifest.column))
            return
        }
        let lom = metadata?.child("lom")
        let general = lom?.child("general")
        var curriculum = Curriculum(
            id: manifest.id, title: lomText(general?.child("title")),
            description: lomText(general?.child("description")),
            format: .imsCommonCartridge, source: file)
        if curriculum.title.isEmpty {
            diagnostics.append(
                .warning(
                    "the cartridge has no LOM title; its identifier is used", file: file, line: manifest.line,
                    column: manifest.column))
            curriculum.title = LocalizedText(manifest.id)
        }
        let language = general?.child("language")?.trimmedText.split(separator: "-").first.map { $0.lowercased() }
        // A rooted hierarchy: one item holds the units. Else the organisation's items are the units.
        let top = organization?.children("item") ?? []
        let units = top.count == 1 && top[0].child("title") == nil ? top[0].children("item") : top
        var positions: [(line: Int, column: Int)] = []
        for unit in units {
            guard let itemID = unit.attribute("identifier"), !itemID.isEmpty else { continue }
            let title = unit.child("title")?.allText ?? ""
            var module = Module(id: "\(manifest.id)/\(itemID)", title: LocalizedText(title.isEmpty ? itemID : title))
            let contents = unit.descendants(named: "item").compactMap { $0.child("title")?.allText }.filter {
                !$0.isEmpty
            }
            if !contents.isEmpty { module.description = LocalizedText("Contents: " + contents.joined(separator: "; ")) }
            module.hours = typicalHours(unit.child("metadata")?.child("lom"))
            module.delivery.language = language
            curriculum.modules.append(module)
            positions.append((unit.line, unit.column))
        }
        if curriculum.modules.isEmpty {
            curriculum.modules = [Module(id: manifest.id, title: curriculum.title, description: curriculum.description)]
            positions = [(manifest.line, manifest.column)]
            curriculum.modules[0].delivery.language = language
        }
        let outcomes = canvasOutcomes()
        for index in curriculum.modules.indices { curriculum.modules[index].learningOutcomes = outcomes }
        // The course's typical learning time, spread over the units that give none.
        if let total = typicalHours(lom) {
            let missing = curriculum.modules.indices.filter { curriculum.modules[$0].hours == nil }
            if !missing.isEmpty {
                let share = max(1, Int((Double(total) / Double(missing.count)).rounded()))
                for index in missing { curriculum.modules[index].hours = share }
            }
        }
        if let warning = curriculum.missingHoursWarning(
            "units", file: file, line: manifest.line, column: manifest.column)
        {
            diagnostics.append(warning)
        }
        emit(Located(value: curriculum, line: manifest.line, column: manifest.column, modulePositions: positions))
    }

    /// The learning outcomes of a Canvas export, in the order it lists them: the title, then the statement
    /// (HTML made plain) when it says more than the title.
    private func canvasOutcomes() -> [LearningOutcome] {
        guard let source = companion(Self.canvasOutcomesFile) else { return [] }
        var outcomes: [LearningOutcome] = []
        let name = (file as NSString).deletingLastPathComponent
        let parser = XMLStreamParser(
            file: (name as NSString).appendingPathComponent(Self.canvasOutcomesFile),
            policy: { _, root in root == "learningOutcomes" ? 1 : nil },
            visit: { element, _ in
                let found =
                    element.name == "learningOutcome" ? [element] : element.descendants(named: "learningOutcome")
                for outcome in found {
                    let title = collapsingWhitespace(outcome.child("title")?.allText ?? "")
                    let statement = plainText(fromHTML: outcome.child("description")?.allText ?? "")
                    let text =
                        statement.isEmpty || statement == title
                        ? title : title.isEmpty ? statement : "\(title): \(statement)"
                    if !text.isEmpty { outcomes.append(LearningOutcome(text: LocalizedText(text))) }
                }
            })
        let findings = (try? parser.parse(source.xml, afterChunk: {})) ?? []
        diagnostics += findings.filter { $0.severity == .error }
        return outcomes
    }
}
