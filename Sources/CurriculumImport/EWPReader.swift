import Foundation
import PlannerCore

/// Reads EWP Courses API responses: learning opportunity specifications (LOS), their instances
/// (LOI) and their `contains` hierarchy.
///
/// A LOS that no other LOS contains becomes a curriculum; the LOS it contains become its modules
/// (itself when it contains none); its instances become dated instances.
final class EWPReader: DialectReader {
    let collectionDepth = 1
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    private var specifications: [XMLElement] = []
    private var byID: [String: XMLElement] = [:]
    private var ns: String { CurriculumNamespaces.ewpCourses }

    init(file: String) { self.file = file }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        guard element.namespace == ns, element.name == "learningOpportunitySpecification" else { return }
        guard let id = element.child("los-id", in: ns)?.trimmedText, !id.isEmpty else {
            diagnostics.append(
                .error(
                    "<learningOpportunitySpecification> has no <los-id>", file: file, line: element.line,
                    column: element.column))
            return
        }
        guard byID.claim(id, for: element, naming: "los-id", file: file, into: &diagnostics) else { return }
        specifications.append(element)
    }

    private func children(of specification: XMLElement) -> [XMLElement] {
        (specification.child("contains", in: ns)?.children("los-id", in: ns) ?? []).compactMap { reference in
            let id = reference.trimmedText
            guard let part = byID[id] else {
                diagnostics.append(
                    .warning(
                        "contains los-id '\(id)', which this response does not include; skipped", file: file,
                        line: reference.line, column: reference.column))
                return nil
            }
            return part
        }
    }

    private func instances(of specification: XMLElement) -> [XMLElement] {
        specification.child("specifies", in: ns)?.children("learningOpportunityInstance", in: ns) ?? []
    }

    private func module(from specification: XMLElement) -> Module {
        let id = specification.child("los-id", in: ns)?.trimmedText ?? ""
        var module = Module(
            id: id, title: localizedText(specification.children("title", in: ns)),
            description: localizedText(specification.children("description", in: ns)))
        let firstInstance = instances(of: specification).first
        if let hours = firstInstance?.child("engagementHours", in: ns) {
            if let value = Decimal(string: hours.trimmedText), value > 0 {
                module.hours = NSDecimalNumber(decimal: value).intValue
            } else {
                diagnostics.append(
                    .warning(
                        "engagementHours '\(hours.trimmedText)' is not a positive number", file: file,
                        line: hours.line, column: hours.column))
            }
        }
        module.credits =
            firstInstance?.children("credit", in: ns).compactMap { credit in
                guard let value = credit.child("value", in: ns)?.trimmedText else { return nil }
                return Credit(scheme: (credit.child("scheme", in: ns)?.trimmedText ?? "").uppercased(), value: value)
            } ?? []
        module.delivery.language = firstInstance?.child("languageOfInstruction", in: ns)?.trimmedText
        return module
    }

    func finish(emit: (Located<Curriculum>) -> Void) {
        let contained = Set(
            specifications.flatMap { children(of: $0).compactMap { $0.child("los-id", in: ns)?.trimmedText } })
        for specification in specifications {
            let id = specification.child("los-id", in: ns)?.trimmedText ?? ""
            guard !contained.contains(id) else { continue }
            let parts = children(of: specification)
            var curriculum = Curriculum(
                id: id, title: localizedText(specification.children("title", in: ns)),
                description: localizedText(specification.children("description", in: ns)), format: .ewpCourses,
                source: file, modules: parts.isEmpty ? [module(from: specification)] : parts.map(module(from:)))
            curriculum.provider = specification.child("ounit-id", in: ns)?.trimmedText
            for instance in instances(of: specification) {
                let start = instance.child("start", in: ns).flatMap { parseFeedDate($0.trimmedText)?.date }
                let end = instance.child("end", in: ns).flatMap { parseFeedDate($0.trimmedText)?.date }
                if let start, let end, end < start {
                    diagnostics.append(
                        .warning(
                            "instance of '\(id)' ends (\(end)) before it starts (\(start))", file: file,
                            line: instance.line, column: instance.column))
                }
                curriculum.instances.append(
                    CurriculumInstance(
                        identifier: instance.child("loi-id", in: ns)?.trimmedText, start: start, end: end))
            }
            emit(Located(value: curriculum, line: specification.line, column: specification.column))
        }
    }
}
