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

    /// A specification as a module; what it leaves out comes from the specification it is a specialisation of
    /// (`specialisationOf`, followed up its chain): title, description, outcomes, hours, credits, language.
    private func module(from specification: XMLElement) -> Module {
        var module = ownModule(specification)
        var current = specification
        var seen: Set<String> = [specification.attribute("id") ?? ""]
        while let reference = current.child("specialisationOf"),
            let general = resolve(reference, expecting: "learningAchievementSpecification")
        {
            guard seen.insert(general.attribute("id") ?? "").inserted else {
                diagnostics.append(
                    .error(
                        "<specialisationOf idref=\"\(general.attribute("id") ?? "")\"> goes round in a circle",
                        file: file, line: reference.line, column: reference.column))
                break
            }
            let defaults = ownModule(general)
            if specification.children("title").isEmpty { module.title = defaults.title }
            if module.description.isEmpty { module.description = defaults.description }
            if module.learningOutcomes.isEmpty { module.learningOutcomes = defaults.learningOutcomes }
            if module.hours == nil { module.hours = defaults.hours }
            if module.credits.isEmpty { module.credits = defaults.credits }
            if module.delivery.language == nil { module.delivery.language = defaults.delivery.language }
            current = general
        }
        return module
    }

    private func ownModule(_ specification: XMLElement) -> Module {
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
            module.hours = volumeOfLearningHours(volume, file: file, into: &diagnostics)
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
        // Opportunities that offer the same specification are dated runs of one curriculum (one specification,
        // several opportunities): grouped by the specification they name, in document order.
        var offered: [(specification: XMLElement?, opportunities: [XMLElement])] = []
        var groupOf: [String: Int] = [:]
        for opportunity in opportunities {
            guard let id = opportunity.attribute("id") else { continue }
            var specification: XMLElement?
            if let reference = opportunity.child("learningAchievementSpecification") {
                specification = resolve(reference, expecting: "learningAchievementSpecification")
            } else {
                diagnostics.append(
                    .error(
                        "<learningOpportunity id=\"\(id)\"> has no <learningAchievementSpecification idref=…>",
                        file: file, line: opportunity.line, column: opportunity.column))
            }
            if let specificationID = specification?.attribute("id"), let group = groupOf[specificationID] {
                offered[group].opportunities.append(opportunity)
            } else {
                if let specificationID = specification?.attribute("id") { groupOf[specificationID] = offered.count }
                offered.append((specification, [opportunity]))
            }
        }
        for (specification, runs) in offered {
            let first = runs[0]
            let shared = runs.count > 1 ? specification : nil
            let anchor = shared ?? first
            let id = anchor.attribute("id") ?? ""
            var curriculum = Curriculum(
                id: id, title: localizedText(anchor.children("title")),
                description: localizedText(anchor.children("description")), format: .elmLoq, source: file)
            if let specification {
                if curriculum.title.isEmpty { curriculum.title = localizedText(specification.children("title")) }
                curriculum.modules = modules(of: specification, used: &used)
            }
            if curriculum.title.isEmpty { curriculum.title = localizedText(first.children("title")) }
            if curriculum.title.isEmpty { curriculum.title = LocalizedText(id) }
            for opportunity in runs {
                let temporal = opportunity.child("temporal")
                guard temporal != nil || shared != nil else { continue }
                curriculum.instances.append(
                    CurriculumInstance(
                        identifier: shared == nil ? nil : opportunity.attribute("id"),
                        start: temporal?.child("startDate").flatMap { parseFeedDate($0.trimmedText)?.date },
                        end: temporal?.child("endDate").flatMap { parseFeedDate($0.trimmedText)?.date }))
            }
            emit(Located(value: curriculum, line: anchor.line, column: anchor.column))
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

    /// The modules a specification is made of: the leaves of its `hasPart` tree, depth first (itself when it
    /// has no parts). A part that contains itself, directly or not, is an error at the reference.
    private func modules(of specification: XMLElement, used: inout Set<String>) -> [Module] {
        var modules: [Module] = []
        var path: [String] = []
        func visit(_ specification: XMLElement) {
            let id = specification.attribute("id") ?? ""
            used.insert(id)
            path.append(id)
            defer { path.removeLast() }
            var parts = 0
            for reference in specification.children("hasPart") {
                if let idref = reference.attribute("idref"), path.contains(idref) {
                    diagnostics.append(
                        .error(
                            "<hasPart idref=\"\(idref)\"> makes '\(idref)' a part of itself", file: file,
                            line: reference.line, column: reference.column))
                    continue
                }
                if let part = resolve(reference, expecting: "learningAchievementSpecification") {
                    visit(part)
                    parts += 1
                }
            }
            // A leaf, or a specification whose parts could not be followed, is a module itself.
            if parts == 0 { modules.append(module(from: specification)) }
        }
        visit(specification)
        // A specification reached twice (a part shared by two branches) is one module.
        var seen = Set<String>()
        return modules.filter { seen.insert($0.id).inserted }
    }
}
