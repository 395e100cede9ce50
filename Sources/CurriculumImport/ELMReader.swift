import Foundation
import PlannerCore

/// Reads Europass ELM "LOQ" documents: learning opportunities refer to learning achievement
/// specifications, which refer to learning outcomes and to their parts, all by `id`/`idref`.
///
/// Each learning opportunity becomes a curriculum; its specification's parts (or the specification
/// itself) become modules; dangling references are errors at the referring element.
final class ELMReader: DialectReader {
    let collectionDepth = 2
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    private var entities: [String: XMLElement] = [:]
    private var opportunities: [XMLElement] = []
    private var specifications: [XMLElement] = []

    init(file: String) { self.file = file }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        guard let id = element.attribute("id") else { return }
        guard entities.claim(id, for: element, naming: "id", file: file, into: &diagnostics) else { return }
        switch element.name {
        case "learningOpportunity": opportunities.append(element)
        case "learningAchievementSpecification": specifications.append(element)
        default: break
        }
    }

    /// The entity an `idref` names, or an error at the reference.
    private func resolve(_ reference: XMLElement, expecting name: String) -> XMLElement? {
        guard let idref = reference.attribute("idref") else {
            diagnostics.append(
                .error(
                    "<\(reference.name)> needs an idref attribute", file: file, line: reference.line,
                    column: reference.column))
            return nil
        }
        guard let target = entities[idref], target.name == name else {
            diagnostics.append(
                .error(
                    "dangling reference: <\(reference.name) idref=\"\(idref)\"> names no <\(name)> in this document",
                    file: file, line: reference.line, column: reference.column))
            return nil
        }
        return target
    }

    private func module(from specification: XMLElement) -> Module {
        let id = specification.attribute("id") ?? ""
        var module = Module(
            id: id, title: localizedText(specification.children("title")),
            description: localizedText(specification.children("description")))
        if module.title.isEmpty { module.title = LocalizedText(id) }
        module.learningOutcomes = specification.children("learningOutcome").compactMap { reference in
            guard let outcome = resolve(reference, expecting: "learningOutcome") else { return nil }
            let text = localizedText(outcome.children("title"))
            return LearningOutcome(text: text.isEmpty ? localizedText(outcome.children("description")) : text)
        }
        if let volume = specification.child("volumeOfLearning") {
            if let duration = ISODuration(volume.trimmedText) {
                module.hours = duration.contactHours
            } else {
                diagnostics.append(
                    .warning(
                        "volumeOfLearning '\(volume.trimmedText)' is not an ISO 8601 duration", file: file,
                        line: volume.line, column: volume.column))
            }
        }
        module.credits = specification.children("creditPoint").compactMap { credit in
            guard let point = credit.child("point")?.trimmedText, !point.isEmpty else { return nil }
            let framework = credit.child("framework")
            let scheme = framework.flatMap { $0.attribute("uri") }.map {
                $0.split(separator: "/").last.map(String.init) ?? $0
            }
            return Credit(scheme: scheme ?? framework?.allText ?? "ECTS", value: point)
        }
        if let language = specification.child("language")?.attribute("uri") {
            module.delivery.language = language.split(separator: "/").last.map { String($0).lowercased() }
        }
        return module
    }

    func finish(emit: (Located<Curriculum>) -> Void) {
        var used = Set<String>()
        for opportunity in opportunities {
            guard let id = opportunity.attribute("id") else { continue }
            var curriculum = Curriculum(
                id: id, title: localizedText(opportunity.children("title")),
                description: localizedText(opportunity.children("description")), format: .elmLoq, source: file)
            if let reference = opportunity.child("learningAchievementSpecification"),
                let specification = resolve(reference, expecting: "learningAchievementSpecification")
            {
                if curriculum.title.isEmpty { curriculum.title = localizedText(specification.children("title")) }
                curriculum.modules = modules(of: specification, used: &used)
            } else if opportunity.child("learningAchievementSpecification") == nil {
                diagnostics.append(
                    .error(
                        "<learningOpportunity id=\"\(id)\"> has no <learningAchievementSpecification idref=…>",
                        file: file, line: opportunity.line, column: opportunity.column))
            }
            if curriculum.title.isEmpty { curriculum.title = LocalizedText(id) }
            if let temporal = opportunity.child("temporal") {
                curriculum.instances.append(
                    CurriculumInstance(
                        start: temporal.child("startDate").flatMap { parseFeedDate($0.trimmedText)?.date },
                        end: temporal.child("endDate").flatMap { parseFeedDate($0.trimmedText)?.date }))
            }
            emit(Located(value: curriculum, line: opportunity.line, column: opportunity.column))
        }
        // Specifications no opportunity offers are curricula of their own (unless part of another).
        let parts = Set(specifications.flatMap { $0.children("hasPart").compactMap { $0.attribute("idref") } })
        for specification in specifications {
            guard let id = specification.attribute("id"), !used.contains(id), !parts.contains(id) else { continue }
            let curriculum = Curriculum(
                id: id, title: localizedText(specification.children("title")),
                description: localizedText(specification.children("description")), format: .elmLoq, source: file,
                modules: modules(of: specification, used: &used))
            emit(Located(value: curriculum, line: specification.line, column: specification.column))
        }
    }

    private func modules(of specification: XMLElement, used: inout Set<String>) -> [Module] {
        used.insert(specification.attribute("id") ?? "")
        let parts = specification.children("hasPart").compactMap {
            resolve($0, expecting: "learningAchievementSpecification")
        }
        for part in parts { used.insert(part.attribute("id") ?? "") }
        return parts.isEmpty ? [module(from: specification)] : parts.map(module(from:))
    }
}
