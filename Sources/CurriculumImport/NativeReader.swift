import Foundation
import PlannerCore

/// Reads TrainingPlanner's own format (`Curricula/schema/curriculum-1.xsd`) and checks its meaning:
/// positive hours, prerequisites that exist and do not go round in a circle.
final class NativeReader: DialectReader {
    let collectionDepth = 1
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    private var ns: String { CurriculumNamespaces.native }
    /// Every module's prerequisites with the position of each reference, checked at the end.
    private var prerequisites: [(module: String, ref: String, line: Int, column: Int)] = []
    private var modules: Set<String> = []
    private var programmes = 0

    init(file: String) { self.file = file }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        guard element.namespace == ns, element.name == "programme" else { return }
        guard let id = element.attribute("id"), !id.isEmpty else {
            diagnostics.append(
                .error("<programme> needs an id attribute", file: file, line: element.line, column: element.column))
            return
        }
        var curriculum = Curriculum(
            id: id, title: localizedText(element.children("title", in: ns)),
            description: localizedText(element.children("description", in: ns)),
            provider: element.child("provider", in: ns)?.allText
                ?? ancestors.first?.attribute("provider"),
            format: .native, source: file, qualification: element.child("qualification", in: ns)?.allText)
        if curriculum.title.isEmpty {
            diagnostics.append(
                .error(
                    "<programme id=\"\(id)\"> needs a <title>", file: file, line: element.line, column: element.column))
        }
        var positions: [(line: Int, column: Int)] = []
        for moduleElement in element.children("module", in: ns) {
            if let module = readModule(moduleElement) {
                curriculum.modules.append(module)
                positions.append((moduleElement.line, moduleElement.column))
            }
        }
        if curriculum.modules.isEmpty {
            diagnostics.append(
                .error(
                    "<programme id=\"\(id)\"> has no <module>", file: file, line: element.line, column: element.column))
        }
        programmes += 1
        emit(Located(value: curriculum, line: element.line, column: element.column, modulePositions: positions))
    }

    private func readModule(_ element: XMLElement) -> Module? {
        guard let id = element.attribute("id"), !id.isEmpty else {
            diagnostics.append(
                .error("<module> needs an id attribute", file: file, line: element.line, column: element.column))
            return nil
        }
        modules.insert(id)
        var module = Module(
            id: id, title: localizedText(element.children("title", in: ns)),
            description: localizedText(element.children("description", in: ns)),
            learningOutcomes: element.children("outcome", in: ns).map {
                LearningOutcome(text: localizedText([$0]))
            })
        if module.title.isEmpty {
            diagnostics.append(
                .error("<module id=\"\(id)\"> needs a <title>", file: file, line: element.line, column: element.column))
        }
        if let hours = element.child("hours", in: ns) {
            if let value = Int(hours.trimmedText), value > 0 {
                module.hours = value
            } else {
                diagnostics.append(
                    .error(
                        "<module id=\"\(id)\"> needs a positive hours value, not '\(hours.trimmedText)'", file: file,
                        line: hours.line, column: hours.column))
            }
        } else {
            diagnostics.append(
                .error(
                    "<module id=\"\(id)\"> needs <hours> (contact hours, a positive whole number)", file: file,
                    line: element.line, column: element.column))
        }
        module.suggestedSessions = element.child("sessions", in: ns).flatMap { Int($0.trimmedText) }
        module.credits = element.children("credit", in: ns).map {
            Credit(scheme: $0.attribute("scheme") ?? "", value: $0.trimmedText)
        }
        for reference in element.children("prerequisite", in: ns) {
            guard let ref = reference.attribute("ref") else { continue }
            module.prerequisites.append(ref)
            prerequisites.append((id, ref, reference.line, reference.column))
        }
        module.audiences = element.children("audience", in: ns).compactMap { Audience(rawValue: $0.trimmedText) }
        if let delivery = element.child("delivery", in: ns) {
            module.delivery = DeliveryNeeds(
                equipment: delivery.children("equipment", in: ns).map(\.trimmedText),
                language: delivery.attribute("language"),
                stepFreeAccess: delivery.attribute("step-free-access").map { $0 == "true" || $0 == "1" } ?? true)
        }
        return module
    }

    func finish(emit: (Located<Curriculum>) -> Void) {
        if programmes == 0 {
            diagnostics.append(.error("the file has no <programme>", file: file, line: 2, column: 1))
        }
        var graph: [String: [String]] = [:]
        for link in prerequisites {
            if link.ref == link.module {
                diagnostics.append(
                    .error(
                        "module '\(link.module)' lists itself as a prerequisite", file: file, line: link.line,
                        column: link.column))
            } else if !modules.contains(link.ref) {
                diagnostics.append(
                    .error(
                        "module '\(link.module)' needs prerequisite '\(link.ref)', which this file does not define",
                        file: file, line: link.line, column: link.column))
            } else {
                graph[link.module, default: []].append(link.ref)
            }
        }
        // Report each cycle once, at the reference that closes it.
        var state: [String: Int] = [:]  // 1 = on the path, 2 = done
        var path: [String] = []
        func visit(_ node: String) {
            state[node] = 1
            path.append(node)
            for next in graph[node, default: []] {
                if state[next] == 1 {
                    let cycle = path[path.lastIndex(of: next)!...] + [next]
                    let link = prerequisites.first { $0.module == node && $0.ref == next }!
                    diagnostics.append(
                        .error(
                            "prerequisites go round in a circle: \(cycle.joined(separator: " → "))", file: file,
                            line: link.line, column: link.column))
                } else if state[next] == nil {
                    visit(next)
                }
            }
            path.removeLast()
            state[node] = 2
        }
        for node in graph.keys.sorted() where state[node] == nil { visit(node) }
    }
}
