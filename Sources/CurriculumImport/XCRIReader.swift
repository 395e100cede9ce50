import Foundation
import PlannerCore

/// Reads XCRI-CAP 1.1 and 1.2 catalogues: provider → course → presentation.
///
/// Tolerant as real feeds require: elements are matched by namespace + local name in any order,
/// unknown extensions are ignored, and contradictions are warnings; each course becomes a curriculum
/// whose module is the course itself, and each presentation a dated instance.
final class XCRIReader: DialectReader {
    let collectionDepth = 2
    private(set) var diagnostics: [Diagnostic] = []
    private let file: String
    private var providerTitle: String?
    private var providerPosition: (Int, Int)?

    /// Namespaces whose elements we read; anything else is an extension and ignored.
    static let known: Set<String> = [
        CurriculumNamespaces.xcri12, CurriculumNamespaces.xcri11, "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/", "http://purl.org/net/mlo", "http://xcri.co.uk", "http://purl.org/net/cm",
    ]

    init(file: String) { self.file = file }

    /// Namespaces already looked up in ``known``, by their number in the document (0: not yet looked up,
    /// 1: known, 2: an extension): hashing the URI for every element was 4 % of an import.
    private var knownByIndex: [UInt8] = []

    private func isKnown(_ element: XMLElement) -> Bool {
        let index = element.namespaceIndex
        guard index >= 0 else { return Self.known.contains(element.namespace) }
        if index < knownByIndex.count, knownByIndex[index] != 0 { return knownByIndex[index] == 1 }
        if index >= knownByIndex.count { knownByIndex += Array(repeating: 0, count: index + 1 - knownByIndex.count) }
        let known = Self.known.contains(element.namespace)
        knownByIndex[index] = known ? 1 : 2
        return known
    }

    private func kid(_ element: XMLElement, _ name: String) -> XMLElement? {
        element.children.first { $0.name == name && isKnown($0) }
    }

    private func warn(_ message: String, at element: XMLElement) {
        diagnostics.append(.warning(message, file: file, line: element.line, column: element.column))
    }

    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void) {
        guard isKnown(element), ancestors.last?.name == "provider" else { return }
        // Provider metadata arrives as siblings of its courses; remember the title of the current provider.
        if let provider = ancestors.last, providerPosition.map({ $0 != (provider.line, provider.column) }) ?? true {
            providerPosition = (provider.line, provider.column)
            providerTitle = nil
        }
        switch element.name {
        case "title":
            providerTitle = element.allText
        case "course":
            if let curriculum = readCourse(element) {
                emit(Located(value: curriculum, line: element.line, column: element.column))
            }
        default:
            break
        }
    }

    private func readCourse(_ course: XMLElement) -> Curriculum? {
        // One pass over the course's children, each value going straight where it belongs (looking each
        // field up with a list of its own made a score of short-lived arrays per course, `perf`).
        var plainIdentifier: String?
        var urlIdentifier: String?
        var title = LocalizedText()
        var untypedDescription = LocalizedText()
        var anyDescription = LocalizedText()
        var outcomes: [LearningOutcome] = []
        var objectives: [LearningOutcome] = []
        var credits: [XMLElement] = []
        var qualificationElement: XMLElement?
        var presentations: [XMLElement] = []
        var prerequisites: [String] = []
        for child in course.children where isKnown(child) {
            switch child.name {
            case "identifier":
                // Prefer a plain identifier over a URL, as feeds carry both.
                let text = child.trimmedText
                if text.isEmpty { continue }
                if isURL(text) {
                    if urlIdentifier == nil { urlIdentifier = text }
                } else if plainIdentifier == nil {
                    plainIdentifier = text
                }
            case "title":
                if let entry = localizedEntry(child) { title.values.append(entry) }
            case "description":
                if let entry = localizedEntry(child) {
                    anyDescription.values.append(entry)
                    if child.attribute("type") == nil { untypedDescription.values.append(entry) }
                }
            case "learningOutcome":
                if let entry = localizedEntry(child) { outcomes.append(LearningOutcome(text: LocalizedText([entry]))) }
            case "objective":
                if let entry = localizedEntry(child) {
                    objectives.append(LearningOutcome(text: LocalizedText([entry])))
                }
            case "credit":
                credits.append(child)
            case "qualification":
                if qualificationElement == nil { qualificationElement = child }
            case "presentation":
                presentations.append(child)
            case "prerequisite":
                let text = child.allText
                if !text.isEmpty { prerequisites.append(text) }
            default:
                break
            }
        }
        guard let id = plainIdentifier ?? urlIdentifier else {
            warn("<course> has no <dc:identifier>; skipped (a course needs one to be imported)", at: course)
            return nil
        }
        if title.isEmpty { warn("course '\(id)' has no <dc:title>", at: course) }
        var module = Module(
            id: id, title: title.isEmpty ? LocalizedText(id) : title,
            description: untypedDescription.isEmpty ? anyDescription : untypedDescription)
        module.learningOutcomes = objectives.isEmpty ? outcomes : outcomes + objectives
        module.prerequisites = []
        module.credits = credits.compactMap { readCredit($0, course: id) }
        let qualification = qualificationElement.map { kid($0, "title")?.allText ?? $0.allText }
        var curriculum = Curriculum(
            id: id, title: module.title, description: module.description, provider: providerTitle, format: .xcriCap,
            source: file, qualification: qualification?.isEmpty == true ? nil : qualification)
        var hours: Int?
        curriculum.instances.reserveCapacity(presentations.count)
        for presentation in presentations {
            let (instance, contactHours) = readPresentation(presentation, course: id)
            curriculum.instances.append(instance)
            if hours == nil { hours = contactHours }
        }
        module.hours = hours
        // Prerequisites are prose in XCRI; keep them with the description rather than as module links.
        if !prerequisites.isEmpty {
            module.description.values.append(
                .init(language: "", text: "Prerequisites: " + prerequisites.joined(separator: " ")))
        }
        curriculum.modules = [module]
        return curriculum
    }

    /// Whether an identifier is a URL (`…://…`). (Bytes compared in a loop: Foundation's `contains` and the
    /// standard library's `firstRange(of:)` were 3 % and 12 % of an import.)
    private func isURL(_ text: String) -> Bool {
        var last: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if last == (UInt8(ascii: ":"), UInt8(ascii: "/")) && byte == UInt8(ascii: "/") { return true }
            last = (last.1, byte)
        }
        return false
    }

    private func readCredit(_ credit: XMLElement, course: String) -> Credit? {
        let scheme = kid(credit, "scheme")?.allText ?? ""
        guard let value = kid(credit, "value")?.allText, !value.isEmpty else {
            warn("course '\(course)': <mlo:credit> without a value is ignored", at: credit)
            return nil
        }
        if !isDecimal(value) {
            warn("course '\(course)': credit value '\(value)' is not a number; kept as text", at: credit)
        }
        let level = kid(credit, "level")?.allText ?? ""
        return Credit(scheme: level.isEmpty ? scheme : "\(scheme) level \(level)", value: value)
    }

    private func readPresentation(_ presentation: XMLElement, course: String) -> (CurriculumInstance, Int?) {
        // The first of each field, in one pass over the children.
        var identifier: XMLElement?
        var start: XMLElement?
        var end: XMLElement?
        var venue: XMLElement?
        var studyMode: XMLElement?
        var attendanceMode: XMLElement?
        var attendancePattern: XMLElement?
        var cost: XMLElement?
        var durationElement: XMLElement?
        for child in presentation.children where isKnown(child) {
            switch child.name {
            case "identifier": if identifier == nil { identifier = child }
            case "start": if start == nil { start = child }
            case "end": if end == nil { end = child }
            case "venue": if venue == nil { venue = child }
            case "studyMode": if studyMode == nil { studyMode = child }
            case "attendanceMode": if attendanceMode == nil { attendanceMode = child }
            case "attendancePattern": if attendancePattern == nil { attendancePattern = child }
            case "cost": if cost == nil { cost = child }
            case "duration": if durationElement == nil { durationElement = child }
            default: break
            }
        }
        var instance = CurriculumInstance(
            identifier: identifier?.trimmedText, start: readDate(start, course: course),
            end: readDate(end, course: course))
        if let start = instance.start, let end = instance.end, end < start {
            warn("course '\(course)': presentation ends (\(end)) before it starts (\(start))", at: presentation)
        }
        if let venue {
            let provider = kid(venue, "provider")
            instance.venue = (provider.flatMap { kid($0, "title")?.allText } ?? venue.allText)
        }
        func join(_ mode: String?, _ element: XMLElement?) -> String? {
            guard let text = element?.allText, !text.isEmpty else { return mode }
            return mode.map { $0 + "; " + text } ?? text
        }
        instance.mode = join(join(join(nil, studyMode), attendanceMode), attendancePattern)
        instance.cost = cost?.allText
        var hours: Int?
        if let duration = durationElement {
            let text = duration.allText
            if let interval = duration.attribute("interval") {
                if let parsed = ISODuration(interval) {
                    hours = parsed.contactHours
                    if let written = approximateDays(inText: text),
                        abs(written - parsed.approximateDays) > max(1, parsed.approximateDays * 0.2)
                    {
                        warn(
                            "course '\(course)': duration interval '\(interval)' contradicts its text '\(text)'; "
                                + "using the interval", at: duration)
                    }
                } else {
                    warn(
                        "course '\(course)': duration interval '\(interval)' is not ISO 8601; kept as text",
                        at: duration)
                }
            }
        }
        return (instance, hours)
    }

    /// Reads `mlo:start`/`mlo:end`: the `@dtf` value wins; text that contradicts it is a warning.
    private func readDate(_ element: XMLElement?, course: String) -> LocalDate? {
        guard let element else { return nil }
        let text = element.allText
        guard let dtf = element.attribute("dtf") else {
            if let parsed = parseFeedDate(text) { return parsed.date }
            if !text.isEmpty { warn("course '\(course)': date '\(text)' has no @dtf; kept as text only", at: element) }
            return nil
        }
        guard let parsed = parseFeedDate(dtf) else {
            warn("course '\(course)': @dtf '\(dtf)' is not a date", at: element)
            return nil
        }
        if parsed.date == LocalDate(year: 1900, month: 1, day: 1) {
            warn("course '\(course)': placeholder date 1900-01-01 read as unknown", at: element)
            return nil
        }
        if let shown = parseFeedDate(text).map(\.date) ?? parseDisplayDate(text), !parsed.partial, shown != parsed.date
        {
            warn(
                "course '\(course)': displayed date '\(text)' contradicts @dtf '\(dtf)'; using @dtf", at: element)
        }
        return parsed.date
    }

    func finish(emit: (Located<Curriculum>) -> Void) {}
}
