import Foundation
import PlannerCore

/// Reads a Moodle 2+ course backup by its `moodle_backup.xml` (the file at the top of an unpacked `.mbz`): the
/// course (`original_course_shortname`, `original_course_fullname`, start and end dates) and the sections and
/// activities its contents list. The course's summary is read from the backup's `course/course.xml` (beside
/// it in a folder, or in the `.mbz` archive).
///
/// The course becomes one curriculum (its short name); each section with activities a module
/// (`SHORTNAME/section-ID`, its title, described by its activities' titles), except a first section that
/// holds only forums (the course's announcements). The course's dates make one dated instance. Moodle
/// records no contact hours: a warning says how many sections need them.
final class MoodleBackupReader: DialectReader {
    let collectionDepth = 1
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    /// The backup's other files, by their path in the backup (a folder's or an archive's).
    private let companion: (String) -> CurriculumSource?
    private var information: XMLElement?
    private var root: (line: Int, column: Int) = (1, 1)

    init(file: String, companion: @escaping (String) -> CurriculumSource?) {
        self.file = file
        self.companion = companion
    }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        if let first = ancestors.first { root = (first.line, first.column) }
        if element.name == "information", information == nil { information = element }
    }

    private func date(_ element: XMLElement?) -> LocalDate? {
        guard let seconds = element.flatMap({ Int($0.trimmedText) }), seconds > 0 else { return nil }
        return TimeZoneID("UTC")?.localDate(of: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    func finish(emit: (Located<Curriculum>) -> Void) {
        guard let information else {
            diagnostics.append(
                .error("<moodle_backup> has no <information>", file: file, line: root.line, column: root.column))
            return
        }
        let shortName = information.child("original_course_shortname")?.trimmedText ?? ""
        let courseID = information.child("original_course_id")?.trimmedText ?? ""
        let id = !shortName.isEmpty ? shortName : courseID.isEmpty ? "" : "moodle-course-\(courseID)"
        guard !id.isEmpty else {
            diagnostics.append(
                .error(
                    "the backup names no course (original_course_shortname, original_course_id)", file: file,
                    line: information.line, column: information.column))
            return
        }
        let fullName = information.child("original_course_fullname")?.allText ?? ""
        var curriculum = Curriculum(
            id: id, title: LocalizedText(fullName.isEmpty ? id : fullName), description: summary(),
            provider: information.child("original_wwwroot")?.trimmedText, format: .moodle, source: file)
        let start = date(information.child("original_course_startdate"))
        let end = date(information.child("original_course_enddate"))
        if start != nil || end != nil { curriculum.instances = [CurriculumInstance(start: start, end: end)] }

        let contents = information.child("contents")
        var activities: [String: [(module: String, title: String)]] = [:]
        for activity in contents?.child("activities")?.children("activity") ?? [] {
            let section = activity.child("sectionid")?.trimmedText ?? ""
            activities[section, default: []].append(
                (activity.child("modulename")?.trimmedText ?? "", activity.child("title")?.allText ?? ""))
        }
        var positions: [(line: Int, column: Int)] = []
        for (index, section) in (contents?.child("sections")?.children("section") ?? []).enumerated() {
            let sectionID = section.child("sectionid")?.trimmedText ?? ""
            let listed = activities[sectionID] ?? []
            guard !listed.isEmpty, !sectionID.isEmpty else { continue }
            if index == 0, listed.allSatisfy({ $0.module == "forum" }) { continue }
            let title = section.child("title")?.allText ?? ""
            let names = listed.map(\.title).filter { !$0.isEmpty }
            curriculum.modules.append(
                Module(
                    id: "\(id)/section-\(sectionID)",
                    title: LocalizedText(title.isEmpty || Int(title) != nil ? "Section \(index)" : title),
                    description: names.isEmpty
                        ? LocalizedText() : LocalizedText("Contents: " + names.joined(separator: "; "))))
            positions.append((section.line, section.column))
        }
        if curriculum.modules.isEmpty {
            curriculum.modules = [Module(id: id, title: curriculum.title, description: curriculum.description)]
            positions = [(information.line, information.column)]
        }
        if let warning = curriculum.missingHoursWarning("sections", file: file, line: root.line, column: root.column) {
            diagnostics.append(warning)
        }
        emit(Located(value: curriculum, line: root.line, column: root.column, modulePositions: positions))
    }

    /// The course's summary from the backup's `course/course.xml`, when it has one.
    private func summary() -> LocalizedText {
        guard let source = companion("course/course.xml") else { return LocalizedText() }
        var text = ""
        let parser = XMLStreamParser(
            file: "course/course.xml", policy: { _, name in name == "course" ? 1 : nil },
            visit: { element, _ in
                if element.name == "summary", text.isEmpty { text = plainText(fromHTML: element.allText) }
            })
        let findings = (try? parser.parse(source.xml, afterChunk: {})) ?? []
        diagnostics += findings.filter { $0.severity == .error }
        return text.isEmpty ? LocalizedText() : LocalizedText(text)
    }
}
