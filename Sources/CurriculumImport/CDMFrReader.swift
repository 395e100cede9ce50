import Foundation
import PlannerCore

/// Reads CDM-fr, the French profile of the Course Description Metadata (CEN CDM) in which French universities
/// publish their programmes: `program`s containing `subProgram`s, both listing their courses (`refCourse`) and
/// programmes (`refProgram`) by reference; `course`s described once, at the top of the document. The 2006
/// (`http://cdm-fr.fr/2006/CDM-frSchema`) and 2012 (`http://cdm-fr.fr/2012/CDM`) namespaces carry the same
/// vocabulary and are read alike, by local name.
///
/// Each programme that no other programme refers to becomes a curriculum; the courses it reaches, through its
/// sub-programmes and the programmes it refers to, depth first, become its modules. A course reached by two
/// programmes is a module of the first (a warning names the second); a course no programme reaches is a
/// curriculum of its own. Texts (`text` in several languages, `subBlock`s with mixed content) become plain
/// text; ECTS credits come from `credits/@ECTScredits`. CDM-fr gives no contact hours: a warning per
/// programme says how many of its courses need them (`planner curriculum set-hours MODULE HOURS`).
final class CDMFrReader: DialectReader {
    let collectionDepth = 1
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    private var programs: [XMLElement] = []
    private var courses: [String: XMLElement] = [:]
    private var courseOrder: [XMLElement] = []
    private var programsByID: [String: XMLElement] = [:]
    private var provider: String?

    init(file: String) { self.file = file }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        switch element.name {
        case "program":
            guard let id = identifier(element, "programID") else {
                error("<program> has neither an id attribute nor a <programID>; skipped", at: element)
                return
            }
            if programsByID.claim(id, for: element, naming: "program id", file: file, into: &diagnostics) {
                programs.append(element)
                for sub in element.descendants(named: "subProgram") {
                    if let subID = identifier(sub, "programID") {
                        _ = programsByID.claim(subID, for: sub, naming: "program id", file: file, into: &diagnostics)
                    }
                }
            }
        case "course":
            guard let id = identifier(element, "courseID") else {
                error("<course> has neither an id attribute nor a <courseID>; skipped", at: element)
                return
            }
            if courses.claim(id, for: element, naming: "course id", file: file, into: &diagnostics) {
                courseOrder.append(element)
            }
        case "orgUnit":
            if provider == nil {
                let name = texts(element.child("orgUnitName"))
                if !name.isEmpty { provider = name.text(in: "fr-FR") ?? name.text() }
            }
        default:
            break
        }
    }

    private func error(_ message: String, at element: XMLElement) {
        diagnostics.append(.error(message, file: file, line: element.line, column: element.column))
    }

    /// The `id` attribute, else the text of the `…ID` child.
    private func identifier(_ element: XMLElement, _ child: String) -> String? {
        let id = element.attribute("id").map(collapsingWhitespace) ?? element.child(child)?.trimmedText ?? ""
        return id.isEmpty ? nil : id
    }

    /// A CDM text: `text` children in their languages (`language`), else the element's own words.
    private func texts(_ element: XMLElement?) -> LocalizedText {
        guard let element else { return LocalizedText() }
        let parts = element.children("text")
        if !parts.isEmpty { return localizedText(parts) }
        let words = plainText(fromHTML: element.allText)
        return words.isEmpty ? LocalizedText() : LocalizedText(words)
    }

    func finish(emit: (Located<Curriculum>) -> Void) {
        // Programmes another programme refers to are part of it, not curricula of their own.
        var referred = Set<String>()
        for program in programs {
            for reference in program.descendants(named: "refProgram") {
                if let ref = reference.attribute("ref") { referred.insert(ref) }
            }
        }
        var owner: [String: String] = [:]  // course id → the programme it is a module of
        for program in programs {
            guard let id = identifier(program, "programID"), !referred.contains(id) else { continue }
            var curriculum = Curriculum(
                id: id, title: texts(program.child("programName")),
                description: texts(program.child("programDescription")),
                provider: provider, format: .cdmFr, source: file)
            if curriculum.title.isEmpty { curriculum.title = LocalizedText(id) }
            let qualification = texts(program.child("qualification")?.child("qualificationName"))
            curriculum.qualification =
                qualification.isEmpty ? nil : qualification.text(in: "fr-FR") ?? qualification.text()
            var positions: [(line: Int, column: Int)] = []
            var visiting: Set<String> = []
            func collect(_ program: XMLElement) {
                let programID = identifier(program, "programID") ?? ""
                guard visiting.insert(programID).inserted else { return }
                defer { visiting.remove(programID) }
                for element in program.descendants(
                    named: ["refCourse", "refProgram", "subProgram"], stoppingAt: "subProgram")
                {
                    switch element.name {
                    case "subProgram":
                        collect(element)
                    case "refProgram":
                        guard let ref = element.attribute("ref") else { continue }
                        guard let target = programsByID[ref] else {
                            error(
                                "dangling reference: <refProgram ref=\"\(ref)\"> names no <program> in this document",
                                at: element)
                            continue
                        }
                        if visiting.contains(ref) {
                            error("<refProgram ref=\"\(ref)\"> makes '\(ref)' a part of itself", at: element)
                            continue
                        }
                        collect(target)
                    default:
                        guard let ref = element.attribute("ref") else { continue }
                        guard let course = courses[ref] else {
                            error(
                                "dangling reference: <refCourse ref=\"\(ref)\"> names no <course> in this document",
                                at: element)
                            continue
                        }
                        if let first = owner[ref] {
                            if first != id {
                                diagnostics.append(
                                    .warning(
                                        "course '\(ref)' is shared with programme '\(first)'; it is a module of '\(first)' only",
                                        file: file, line: element.line, column: element.column))
                            }
                            continue
                        }
                        owner[ref] = id
                        curriculum.modules.append(module(course, id: ref))
                        positions.append((course.line, course.column))
                    }
                }
            }
            collect(program)
            if curriculum.modules.isEmpty {
                diagnostics.append(
                    .warning(
                        "programme '\(id)' lists no course; imported as one module", file: file, line: program.line,
                        column: program.column))
                curriculum.modules = [
                    Module(
                        id: id, title: curriculum.title, description: curriculum.description, credits: credits(program))
                ]
                positions = [(program.line, program.column)]
            }
            warnAboutHours(curriculum, at: program)
            emit(Located(value: curriculum, line: program.line, column: program.column, modulePositions: positions))
        }
        for course in courseOrder {
            guard let id = identifier(course, "courseID"), owner[id] == nil else { continue }
            let module = module(course, id: id)
            let curriculum = Curriculum(
                id: id, title: module.title, description: module.description, provider: provider, format: .cdmFr,
                source: file, modules: [module])
            warnAboutHours(curriculum, at: course)
            emit(Located(value: curriculum, line: course.line, column: course.column))
        }
    }

    private func warnAboutHours(_ curriculum: Curriculum, at element: XMLElement) {
        if let warning = curriculum.missingHoursWarning(
            "courses", file: file, line: element.line, column: element.column)
        {
            diagnostics.append(warning)
        }
    }

    private func credits(_ element: XMLElement) -> [Credit] {
        element.children("credits").compactMap { credit in
            guard let value = credit.attribute("ECTScredits")?.trimmingCharacters(in: .whitespaces), !value.isEmpty
            else { return nil }
            if !isDecimal(value) {
                diagnostics.append(
                    .warning(
                        "ECTScredits '\(value)' is not a number; kept as text", file: file, line: credit.line,
                        column: credit.column))
            }
            return Credit(scheme: "ECTS", value: value)
        }
    }

    private func module(_ course: XMLElement, id: String) -> Module {
        var module = Module(
            id: id, title: texts(course.child("courseName")), description: texts(course.child("courseDescription")))
        if module.title.isEmpty { module.title = LocalizedText(id) }
        if let objectives = course.child("learningObjectives") {
            let blocks = objectives.children("subBlock")
            let outcomes = (blocks.isEmpty ? [objectives] : blocks).map { texts($0) }.filter { !$0.isEmpty }
            module.learningOutcomes = outcomes.map(LearningOutcome.init(text:))
        }
        module.credits = credits(course)
        let language =
            course.child("instructionLanguage")?.attribute("teachingLang") ?? course.child("teachingLang")?.trimmedText
            ?? course.attribute("language")
        if let language, !language.isEmpty {
            module.delivery.language = language.split(separator: "-").first.map { $0.lowercased() }
        }
        return module
    }
}

extension XMLElement {
    /// Descendants with one of these local names, in document order, not looking inside elements named
    /// `stoppingAt` (which are returned themselves when named).
    func descendants(named names: Set<String>, stoppingAt barrier: String? = nil) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ element: XMLElement) {
            for child in element.children {
                if names.contains(child.name) { found.append(child) }
                if child.name != barrier { walk(child) }
            }
        }
        walk(self)
        return found
    }

    /// Descendants with that local name, in document order.
    func descendants(named name: String) -> [XMLElement] { descendants(named: [name]) }
}
