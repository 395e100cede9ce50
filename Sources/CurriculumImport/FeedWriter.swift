import CLibXML2
public import Foundation
public import PlannerCore

/// A course of a programme as a feed publishes it: what it teaches and its dated presentations.
public struct FeedCourse: Sendable, Equatable {
    /// Identifier (the module's).
    public var id: String
    /// Title in one or more languages.
    public var title: LocalizedText
    /// Description.
    public var description: LocalizedText
    /// Learning outcomes.
    public var outcomes: [LocalizedText]
    /// Credits.
    public var credits: [Credit]
    /// Codes of published classifications (FORMACODE, NSF, ROME, RNCP).
    public var codes: [Classification]
    /// Its dated runs.
    public var presentations: [FeedPresentation]

    /// A course.
    public init(
        id: String, title: LocalizedText, description: LocalizedText = LocalizedText(), outcomes: [LocalizedText] = [],
        credits: [Credit] = [], codes: [Classification] = [], presentations: [FeedPresentation] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.outcomes = outcomes
        self.credits = credits
        self.codes = codes
        self.presentations = presentations
    }
}

/// One dated run of a course: a scheduled cohort.
public struct FeedPresentation: Sendable, Equatable {
    /// Identifier (`OFFERING#1`).
    public var id: String
    /// First and last day.
    public var start: LocalDate
    public var end: LocalDate
    /// Minutes scheduled.
    public var minutes: Int
    /// Whole hours scheduled (half an hour rounds up), for formats that count whole hours.
    public var hours: Int { max(1, (minutes + 30) / 60) }
    /// Number of sessions.
    public var sessions: Int
    /// Where it takes place: the venue's name and address (`street, postcode town`) and town.
    public var venue: String
    public var address: String
    public var town: String
    /// Language of instruction (BCP 47), when fixed.
    public var language: String?
    /// What a participant pays, as text.
    public var cost: String?
    /// Places.
    public var places: Int?
    /// Who it is for.
    public var audience: Audience?

    /// A presentation.
    public init(
        id: String, start: LocalDate, end: LocalDate, minutes: Int, sessions: Int, venue: String, address: String,
        town: String, language: String? = nil, cost: String? = nil, places: Int? = nil, audience: Audience? = nil
    ) {
        self.id = id
        self.start = start
        self.end = end
        self.minutes = minutes
        self.sessions = sessions
        self.venue = venue
        self.address = address
        self.town = town
        self.language = language
        self.cost = cost
        self.places = places
        self.audience = audience
    }
}

/// Who publishes the feed.
public struct FeedProvider: Sendable, Equatable {
    /// Name.
    public var name: String
    /// A stable identifier (a URL, a SIRET…), when there is one.
    public var identifier: String?
    /// LHÉO's `numero-activite` (the training body's declaration number) and SIRET, which LHÉO requires.
    public var activityNumber: String
    public var siret: String

    /// A provider.
    public init(name: String, identifier: String? = nil, activityNumber: String = "", siret: String = "") {
        self.name = name
        self.identifier = identifier
        self.activityNumber = activityNumber
        self.siret = siret
    }
}

/// Writes a programme's scheduled courses as the feeds regional catalogues take in: XCRI-CAP 1.2 and LHÉO 2.2,
/// through libxml2's text writer (escaping and encoding are libxml2's). Each reads back through
/// ``CurriculumReader`` to the same courses and presentations.
public enum CurriculumFeed {
    /// An XCRI-CAP 1.2 catalogue: one `course` per course, one `presentation` per run.
    public static func xcriCap(_ courses: [FeedCourse], provider: FeedProvider, generated: Date) -> Data {
        let xml = FeedOutput()
        let (xcri, dc, mlo, credit) = (
            CurriculumNamespaces.xcri12, "http://purl.org/dc/elements/1.1/", "http://purl.org/net/mlo",
            "http://purl.org/net/cm"
        )
        xml.start("catalog", namespace: xcri)
        xml.attribute("xmlns:dc", dc)
        xml.attribute("xmlns:mlo", mlo)
        xml.attribute("xmlns:credit", credit)
        xml.attribute("generated", timestamp(generated))
        xml.start("provider")
        if let identifier = provider.identifier { xml.element("dc:identifier", identifier) }
        xml.element("dc:title", provider.name)
        for course in courses {
            xml.start("course")
            for entry in course.description.values where !entry.text.isEmpty {
                xml.element("dc:description", entry.text, language: entry.language)
            }
            xml.element("dc:identifier", course.id)
            for code in course.codes { xml.element("dc:subject", "\(code.scheme) \(code.code)") }
            for entry in course.title.values { xml.element("dc:title", entry.text, language: entry.language) }
            for outcome in course.outcomes {
                for entry in outcome.values { xml.element("learningOutcome", entry.text, language: entry.language) }
            }
            for value in course.credits {
                xml.start("mlo:credit")
                xml.element("credit:scheme", value.scheme)
                xml.element("credit:value", value.value)
                xml.end()
            }
            for presentation in course.presentations {
                xml.start("presentation")
                xml.element("dc:identifier", presentation.id)
                xml.element(
                    "mlo:start", display(presentation.start), attributes: ["dtf": presentation.start.description])
                xml.element("end", display(presentation.end), attributes: ["dtf": presentation.end.description])
                let (hours, minutes) = presentation.minutes.quotientAndRemainder(dividingBy: 60)
                let shown = minutes == 0 ? "\(hours)" : String(format: "%.1f", Double(presentation.minutes) / 60)
                xml.element(
                    "mlo:duration",
                    "\(shown) hours in \(presentation.sessions) session\(presentation.sessions == 1 ? "" : "s")",
                    attributes: ["interval": minutes == 0 ? "PT\(hours)H" : "PT\(hours)H\(minutes)M"])
                xml.element("attendanceMode", "Campus", attributes: ["identifier": "CM"])
                if let language = presentation.language { xml.element("mlo:languageOfInstruction", language) }
                if let places = presentation.places { xml.element("mlo:places", String(places)) }
                if let cost = presentation.cost { xml.element("mlo:cost", cost) }
                xml.start("venue")
                xml.start("provider")
                xml.element("dc:title", presentation.venue)
                xml.start("mlo:location")
                xml.element("mlo:town", presentation.town)
                xml.element("mlo:address", presentation.address)
                xml.end()
                xml.end()
                xml.end()
                xml.end()
            }
            xml.end()
        }
        xml.end()
        xml.end()
        return xml.finish()
    }

    /// A LHÉO 2.2 offer: one `formation` per course, one `action` per run with its one `session`. LHÉO's
    /// mandatory elements that a programme does not record are written with LHÉO's neutral values: entry level
    /// 0 ("information non communiquée"), no entry level required, face-to-face teaching, fixed dates, no
    /// work-linked training, and the provider's SIRET and declaration number as given.
    public static func lheo(_ courses: [FeedCourse], provider: FeedProvider, generated: Date) -> Data {
        let xml = FeedOutput()
        xml.start("lheo", namespace: CurriculumNamespaces.lheo22)
        xml.start("offres")
        for course in courses {
            xml.start("formation", attributes: ["numero": course.id])
            xml.start("domaine-formation")
            for scheme in ["FORMACODE", "NSF", "ROME"] {
                for code in course.codes where code.scheme == scheme { xml.element("code-\(scheme)", code.code) }
            }
            xml.end()
            let title = course.title.text(in: "fr") ?? ""
            xml.element("intitule-formation", title)
            xml.element("objectif-formation", course.description.text(in: "fr") ?? title)
            let outcomes = course.outcomes.compactMap { $0.text(in: "fr") }
            xml.element("resultats-attendus", outcomes.isEmpty ? "Non renseigné" : outcomes.joined(separator: " "))
            xml.element("contenu-formation", course.description.text(in: "fr") ?? title)
            let certification = course.codes.filter { ["RNCP", "RS", "CERTIFINFO", "CPF"].contains($0.scheme) }
            xml.element("certifiante", certification.isEmpty ? "0" : "1")
            xml.start("contact-formation")
            xml.start("coordonnees")
            xml.element("nom", provider.name)
            xml.end()
            xml.end()
            xml.element("parcours-de-formation", "1")
            xml.element("code-niveau-entree", "0")
            if !certification.isEmpty {
                xml.start("certification")
                for scheme in ["RNCP", "CERTIFINFO", "RS", "CPF"] {
                    for code in certification where code.scheme == scheme { xml.element("code-\(scheme)", code.code) }
                }
                xml.end()
            }
            for presentation in course.presentations {
                xml.start("action", attributes: ["numero": presentation.id])
                xml.element(
                    "rythme-formation",
                    "\(presentation.sessions) séance\(presentation.sessions == 1 ? "" : "s"), \(presentation.hours) heures"
                )
                // LHÉO's public codes (FORMACODE V10 dictionary): agents of local government, else everyone.
                xml.element(
                    "code-public-vise", presentation.audience == .administrators ? "82074" : "83056",
                    attributes: ["ref": "V10"])
                xml.element("niveau-entree-obligatoire", "0")
                xml.element("modalites-alternance", "Aucune")
                xml.element("modalites-enseignement", "0")
                xml.element("conditions-specifiques", "Aucune")
                xml.element("prise-en-charge-frais-possible", "0")
                xml.start("lieu-de-formation")
                xml.start("coordonnees")
                xml.element("nom", presentation.venue)
                address(xml, presentation)
                xml.end()
                xml.end()
                xml.element("modalites-entrees-sorties", "1")
                xml.start("session", attributes: ["numero": presentation.id])
                xml.start("periode")
                xml.element("debut", compact(presentation.start))
                xml.element("fin", compact(presentation.end))
                xml.end()
                xml.start("adresse-inscription")
                address(xml, presentation)
                xml.end()
                xml.end()
                if let language = presentation.language { xml.element("langue-formation", language) }
                if let cost = presentation.cost { xml.element("frais-restants", cost) }
                xml.element("nombre-heures-centre", String(presentation.hours))
                xml.element("nombre-heures-total", String(presentation.hours))
                xml.end()
            }
            xml.start("organisme-formation-responsable")
            xml.element("numero-activite", provider.activityNumber)
            xml.start("SIRET-organisme-formation")
            xml.element("SIRET", provider.siret)
            xml.end()
            xml.element("nom-organisme", provider.name)
            xml.element("raison-sociale", provider.name)
            xml.start("coordonnees-organisme")
            xml.start("coordonnees")
            xml.element("nom", provider.name)
            xml.end()
            xml.end()
            xml.start("contact-organisme")
            xml.start("coordonnees")
            xml.element("nom", provider.name)
            xml.end()
            xml.end()
            xml.end()
            xml.end()
        }
        xml.end()
        xml.end()
        return xml.finish()
    }

    /// An LHÉO `adresse`: the lines of the address before its last part, and the postcode and town of the last
    /// part (`4000 Liège`); the town alone when the address has no postcode.
    private static func address(_ xml: FeedOutput, _ presentation: FeedPresentation) {
        var parts = presentation.address.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var postcode = ""
        var town = presentation.town
        if let last = parts.last, let match = last.wholeMatch(of: /(\d{4,5})\s+(.+)/) {
            (postcode, town) = (String(match.output.1), String(match.output.2))
            parts.removeLast()
        }
        xml.start("adresse")
        for line in (parts.isEmpty ? [presentation.venue] : Array(parts.prefix(4))) { xml.element("ligne", line) }
        xml.element("codepostal", postcode)
        xml.element("ville", town)
        xml.end()
    }

    private static func compact(_ date: LocalDate) -> String {
        let (year, month, day) = date.components
        return String(format: "%04d%02d%02d", year, month, day)
    }

    private static func display(_ date: LocalDate) -> String {
        let (year, month, day) = date.components
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(day) \(months[month - 1]) \(year)"
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// libxml2's text writer into memory, indented; element names may carry a prefix declared on the root.
private final class FeedOutput {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    init() {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    func start(_ name: String, namespace: String? = nil, attributes: KeyValuePairs<String, String> = [:]) {
        xmlTextWriterStartElement(writer, name)
        if let namespace { attribute("xmlns", namespace) }
        for (key, value) in attributes { attribute(key, value) }
    }

    func attribute(_ name: String, _ value: String) { xmlTextWriterWriteAttribute(writer, name, value) }

    func end() { xmlTextWriterEndElement(writer) }

    func element(
        _ name: String, _ text: String, language: String = "", attributes: KeyValuePairs<String, String> = [:]
    ) {
        start(name, attributes: attributes)
        if !language.isEmpty { attribute("xml:lang", language) }
        xmlTextWriterWriteString(writer, text)
        end()
    }

    func finish() -> Data {
        xmlTextWriterEndDocument(writer)
        xmlFreeTextWriter(writer)
        defer { xmlBufferFree(buffer) }
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }
}
