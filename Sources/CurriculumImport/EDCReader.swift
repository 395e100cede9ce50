import Foundation
import PlannerCore

/// Reads Europass Digital Credentials as ELM v2 XML: a credential (`<europassCredential>`, a diploma supplement
/// for example) alone or inside a signed presentation (`<vp:verifiablePresentation>`). What a curriculum needs is
/// in the credential's learning specifications (`learningSpecificationReferences`: `learningSpecification`,
/// `qualification`); the learner's achievements say how they fit together: each top-level achievement's
/// specification (`specifiedBy idref`) is a curriculum, the specifications of its parts (`hasPart`, down to the
/// leaves) its modules.
///
/// The signature (`ds:Signature`, XAdES) is not verified, and nothing else about the learner is kept: a note says
/// so. Texts are `<text lang="…">` entries; hours come from `volumeOfLearning` (ISO 8601), credits from
/// `hasECTSCreditPoints`, learning outcomes from `learningOutcomes/learningOutcome idref` in
/// `learningOutcomeReferences`.
final class EDCReader: DialectReader {
    /// The credential's sections are children of the root (a credential) or of the credential (a presentation).
    let collectionDepth: Int
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    private var entities: [String: XMLElement] = [:]
    private var specifications: [XMLElement] = []
    private var specificationIDs = Set<String>()
    private var achievements: [XMLElement] = []
    private var signed = false

    static let signatureNamespace = "http://www.w3.org/2000/09/xmldsig#"

    init(file: String, presentation: Bool) {
        self.file = file
        collectionDepth = presentation ? 2 : 1
    }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        switch element.name {
        case "learningSpecificationReferences", "learningOutcomeReferences":
            for entity in element.children {
                guard let id = entity.attribute("id") else {
                    diagnostics.append(
                        .error(
                            "<\(entity.name)> needs an id attribute", file: file, line: entity.line,
                            column: entity.column))
                    continue
                }
                guard entities.claim(id, for: entity, naming: "id", file: file, into: &diagnostics) else { continue }
                if element.name == "learningSpecificationReferences" {
                    specifications.append(entity)
                    specificationIDs.insert(id)
                }
            }
        case "credentialSubject":
            achievements += element.child("achievements")?.children("learningAchievement") ?? []
        case "Signature" where element.namespace == EDCReader.signatureNamespace:
            guard !signed else { return }
            signed = true
            diagnostics.append(
                Diagnostic(
                    file: file, line: element.line, column: element.column, severity: .note,
                    message:
                        "the signature (ds:Signature) is not verified: the learning specifications are read as "
                        + "they are; verify the credential with the Europass verifier before relying on it"))
        default: break
        }
    }

    /// The specification an achievement names (`specifiedBy idref`), or an error at the reference when it names
    /// none in this credential; `nil` without an error when the achievement names none.
    private func specification(of achievement: XMLElement) -> XMLElement? {
        guard let reference = achievement.child("specifiedBy") else { return nil }
        guard let idref = reference.attribute("idref"), specificationIDs.contains(idref), let target = entities[idref]
        else {
            dangling(reference, names: "learning specification")
            return nil
        }
        return target
    }

    /// An error at a reference that names nothing of its kind in the credential.
    private func dangling(_ reference: XMLElement, names kind: String) {
        diagnostics.append(
            .error(
                "dangling reference: <\(reference.name) idref=\"\(reference.attribute("idref") ?? "")\"> names no "
                    + "\(kind) in this credential", file: file, line: reference.line, column: reference.column))
    }

    /// Entries of `<text lang="…">` children of the element's `name` children.
    private func texts(_ element: XMLElement, _ name: String) -> LocalizedText {
        LocalizedText(element.children(name).flatMap { $0.children("text").compactMap(localizedEntry) })
    }

    /// A specification (or an achievement no specification describes) as a module.
    private func module(from entity: XMLElement) -> Module {
        let id = entity.attribute("id") ?? ""
        var module = Module(id: id, title: texts(entity, "title"), description: texts(entity, "description"))
        if module.title.isEmpty { module.title = LocalizedText(id) }
        for reference in entity.child("learningOutcomes")?.children("learningOutcome") ?? [] {
            guard let idref = reference.attribute("idref"), let outcome = entities[idref],
                outcome.name == "learningOutcome"
            else {
                dangling(reference, names: "learning outcome")
                continue
            }
            let label = texts(outcome, "prefLabel")
            module.learningOutcomes.append(
                LearningOutcome(text: label.isEmpty ? texts(outcome, "description") : label))
        }
        if let volume = entity.child("volumeOfLearning") {
            module.hours = volumeOfLearningHours(volume, file: file, into: &diagnostics)
        }
        if let ects = entity.child("hasECTSCreditPoints")?.trimmedText, !ects.isEmpty {
            module.credits = [Credit(scheme: "ECTS", value: ects)]
        }
        if let language = entity.child("language")?.attribute("uri") {
            module.delivery.language = language.split(separator: "/").last.map { String($0).lowercased() }
        }
        return module
    }

    func finish(emit: (Located<Curriculum>) -> Void) {
        var used = Set<String>()
        for achievement in achievements {
            let specification = self.specification(of: achievement)
            let anchor = specification ?? achievement
            guard let id = anchor.attribute("id"), !used.contains(id) else { continue }
            var curriculum = Curriculum(
                id: id, title: texts(anchor, "title"), description: texts(anchor, "description"), format: .elmLoq,
                source: file)
            if curriculum.title.isEmpty { curriculum.title = texts(achievement, "title") }
            if curriculum.title.isEmpty { curriculum.title = LocalizedText(id) }
            curriculum.modules = modules(of: achievement, specifiedBy: specification, used: &used)
            emit(Located(value: curriculum, line: anchor.line, column: anchor.column))
        }
        // Specifications no achievement names (a credential that describes a programme alone) are curricula of
        // their own.
        for specification in specifications {
            guard let id = specification.attribute("id"), !used.contains(id) else { continue }
            var curriculum = Curriculum(
                id: id, title: texts(specification, "title"), description: texts(specification, "description"),
                format: .elmLoq, source: file, modules: [module(from: specification)])
            if curriculum.title.isEmpty { curriculum.title = LocalizedText(id) }
            emit(Located(value: curriculum, line: specification.line, column: specification.column))
        }
    }

    /// The modules an achievement is made of: the specifications of the leaves of its `hasPart` tree, depth
    /// first; its own specification when it has no parts. Every specification reached is used (not a
    /// curriculum of its own); one reached twice is one module.
    private func modules(of achievement: XMLElement, specifiedBy specification: XMLElement?, used: inout Set<String>)
        -> [Module]
    {
        var modules: [Module] = []
        func visit(_ achievement: XMLElement, specification: XMLElement?) {
            let entity = specification ?? achievement
            used.insert(entity.attribute("id") ?? "")
            let parts = achievement.children("hasPart").flatMap { $0.children("learningAchievement") }
            for part in parts { visit(part, specification: self.specification(of: part)) }
            if parts.isEmpty { modules.append(module(from: entity)) }
        }
        visit(achievement, specification: specification)
        var seen = Set<String>()
        return modules.filter { seen.insert($0.id).inserted }
    }
}
