/// Where a curriculum came from: the XML dialect it was published in.
public enum CurriculumFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// TrainingPlanner's own schema (`Curricula/schema/`).
    case native
    /// XCRI-CAP 1.1 / 1.2 course advertising feeds.
    case xcriCap = "xcri-cap"
    /// Europass ELM learning opportunities and qualifications (LOQ).
    case elmLoq = "elm-loq"
    /// Erasmus Without Paper Courses API responses.
    case ewpCourses = "ewp-courses"
    /// LHÉO 2.x, the French regional training offer (Carif-Oref catalogues).
    case lheo
    /// CDM-fr (2006 and 2012), French universities' programmes.
    case cdmFr = "cdm-fr"
    /// IMS Common Cartridge 1.1–1.3 manifests, as learning management systems export a course.
    case imsCommonCartridge = "ims-cc"
    /// Moodle 2+ course backups (`moodle_backup.xml`).
    case moodle
}

/// A code from a published classification (FORMACODE, NSF, ROME, RNCP): kept so that an offer can be
/// found, reported and published again under the codes it came with.
public struct Classification: Hashable, Sendable, Codable {
    /// The classification, e.g. `FORMACODE`, `NSF`, `ROME`, `RNCP`.
    public var scheme: String
    /// The code, as published.
    public var code: String

    /// Creates a code.
    public init(scheme: String, code: String) {
        self.scheme = scheme
        self.code = code
    }
}

/// A text in several languages, keyed by BCP 47 language tag (`en`, `fr`, `pl`).
public struct LocalizedText: Hashable, Sendable, Codable {
    /// The text for each language, in document order.
    public var values: [Entry]

    /// One language's text.
    public struct Entry: Hashable, Sendable, Codable {
        /// BCP 47 tag, or empty when the source did not say.
        public var language: String
        /// The text.
        public var text: String

        /// Creates an entry.
        public init(language: String, text: String) {
            self.language = language
            self.text = text
        }
    }

    /// Creates a text from its entries.
    public init(_ values: [Entry] = []) { self.values = values }

    /// A text in a single language.
    public init(_ text: String, language: String = "") { values = [Entry(language: language, text: text)] }

    /// The text in `language`, else the first one there is.
    public func text(in language: String? = nil) -> String? {
        if let language, let match = values.first(where: { $0.language == language }) { return match.text }
        return values.first?.text
    }

    /// Whether there is no text at all.
    public var isEmpty: Bool { values.allSatisfy { $0.text.isEmpty } }
}

/// An amount of academic credit in a named scheme (ECTS, CATS, …).
public struct Credit: Hashable, Sendable, Codable {
    /// The scheme, e.g. `ECTS`.
    public var scheme: String
    /// The value as published (credits may be fractional: "2.5"), kept as text to stay exact.
    public var value: String

    /// Creates a credit value.
    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }
}

/// A learning outcome: what a participant can do after a module.
public struct LearningOutcome: Hashable, Sendable, Codable {
    /// The outcome's statement.
    public var text: LocalizedText

    /// Creates an outcome.
    public init(text: LocalizedText) { self.text = text }
}

/// Who a training is for.
public enum Audience: String, Hashable, Sendable, Codable, CaseIterable {
    /// Staff of public administrations.
    case administrators
    /// Entrepreneurs and SME staff.
    case entrepreneurs
    /// Actors of the social economy (cooperatives, associations, social enterprises).
    case socialEconomy = "social-economy"
    /// Business advisers and credit counsellors.
    case advisers
    /// Anyone else.
    case other
}

/// What a module needs from a venue and a trainer.
public struct DeliveryNeeds: Hashable, Sendable, Codable {
    /// Equipment the venue must have (`projector`, `computers`).
    public var equipment: [String]
    /// Language of instruction (BCP 47), if fixed.
    public var language: String?
    /// Whether the venue must have step-free access.
    public var stepFreeAccess: Bool

    /// Creates delivery needs.
    public init(equipment: [String] = [], language: String? = nil, stepFreeAccess: Bool = true) {
        self.equipment = equipment
        self.language = language
        self.stepFreeAccess = stepFreeAccess
    }
}

/// One dated run of a curriculum as published (an XCRI presentation, an EWP instance).
public struct CurriculumInstance: Hashable, Sendable, Codable {
    /// The publisher's identifier of the run, if any.
    public var identifier: String?
    /// First day, when known.
    public var start: LocalDate?
    /// Last day, when known.
    public var end: LocalDate?
    /// Where it takes place, as published.
    public var venue: String?
    /// Mode of study, as published (`face to face`, `online`).
    public var mode: String?
    /// Cost, as published (kept as text: feeds mix currencies and prose).
    public var cost: String?

    /// Creates an instance.
    public init(
        identifier: String? = nil, start: LocalDate? = nil, end: LocalDate? = nil, venue: String? = nil,
        mode: String? = nil, cost: String? = nil
    ) {
        self.identifier = identifier
        self.start = start
        self.end = end
        self.venue = venue
        self.mode = mode
        self.cost = cost
    }
}

/// A unit of a curriculum that can be offered as a seminar.
public struct Module: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// Title in one or more languages.
    public var title: LocalizedText
    /// Description in one or more languages.
    public var description: LocalizedText
    /// What participants can do afterwards.
    public var learningOutcomes: [LearningOutcome]
    /// Contact hours, when known.
    public var hours: Int?
    /// Suggested number of sessions, when the publisher says.
    public var suggestedSessions: Int?
    /// Credits in any scheme.
    public var credits: [Credit]
    /// Identifiers of modules that must come first.
    public var prerequisites: [String]
    /// Who the module is for.
    public var audiences: [Audience]
    /// What delivery requires.
    public var delivery: DeliveryNeeds

    /// Creates a module.
    public init(
        id: String, title: LocalizedText, description: LocalizedText = LocalizedText(),
        learningOutcomes: [LearningOutcome] = [], hours: Int? = nil, suggestedSessions: Int? = nil,
        credits: [Credit] = [], prerequisites: [String] = [], audiences: [Audience] = [],
        delivery: DeliveryNeeds = DeliveryNeeds()
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.learningOutcomes = learningOutcomes
        self.hours = hours
        self.suggestedSessions = suggestedSessions
        self.credits = credits
        self.prerequisites = prerequisites
        self.audiences = audiences
        self.delivery = delivery
    }
}

/// A programme of study made of modules, from a university, a training body or the authority.
public struct Curriculum: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// Title in one or more languages.
    public var title: LocalizedText
    /// Description in one or more languages.
    public var description: LocalizedText
    /// Who publishes it.
    public var provider: String?
    /// The XML dialect it came from.
    public var format: CurriculumFormat
    /// The file it was read from, as named on the command line.
    public var source: String
    /// Its modules.
    public var modules: [Module]
    /// Dated runs, as published.
    public var instances: [CurriculumInstance]
    /// The qualification it leads to, if any.
    public var qualification: String?
    /// Codes of published classifications (FORMACODE, NSF, ROME, RNCP), in the source's order.
    public var codes: [Classification]

    /// Creates a curriculum.
    public init(
        id: String, title: LocalizedText, description: LocalizedText = LocalizedText(), provider: String? = nil,
        format: CurriculumFormat, source: String, modules: [Module] = [], instances: [CurriculumInstance] = [],
        qualification: String? = nil, codes: [Classification] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.provider = provider
        self.format = format
        self.source = source
        self.modules = modules
        self.instances = instances
        self.qualification = qualification
        self.codes = codes
    }
}

// The workspace stores modules in a compact form (a text in one unnamed language as a plain string,
// empty and default members left out: see `StoredJSON` in the Workspace module; a curriculum's own
// document is read there). Decoding accepts that form as well as the full one the synthesised encoders
// write, which older workspaces hold.

extension LocalizedText {
    private enum CodingKeys: String, CodingKey { case values }

    /// Decodes `{"values": [...]}`, or a plain string (one text, language not given).
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self.init(text)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode([Entry].self, forKey: .values))
    }
}

extension LearningOutcome {
    private enum CodingKeys: String, CodingKey { case text }

    /// Decodes `{"text": ...}`, or the text itself.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self), container.contains(.text) {
            self.init(text: try container.decode(LocalizedText.self, forKey: .text))
        } else {
            self.init(text: try LocalizedText(from: decoder))
        }
    }
}

extension DeliveryNeeds {
    private enum CodingKeys: String, CodingKey { case equipment, language, stepFreeAccess }

    /// Members left out take their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            equipment: try container.decodeIfPresent([String].self, forKey: .equipment) ?? [],
            language: try container.decodeIfPresent(String.self, forKey: .language),
            stepFreeAccess: try container.decodeIfPresent(Bool.self, forKey: .stepFreeAccess) ?? true)
    }
}

extension Module {
    private enum CodingKeys: String, CodingKey {
        case id, title, description, learningOutcomes, hours, suggestedSessions, credits, prerequisites, audiences
        case delivery
    }

    /// Members left out take the defaults of ``init(id:title:description:learningOutcomes:hours:suggestedSessions:credits:prerequisites:audiences:delivery:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            title: try container.decode(LocalizedText.self, forKey: .title),
            description: try container.decodeIfPresent(LocalizedText.self, forKey: .description) ?? LocalizedText(),
            learningOutcomes: try container.decodeIfPresent([LearningOutcome].self, forKey: .learningOutcomes) ?? [],
            hours: try container.decodeIfPresent(Int.self, forKey: .hours),
            suggestedSessions: try container.decodeIfPresent(Int.self, forKey: .suggestedSessions),
            credits: try container.decodeIfPresent([Credit].self, forKey: .credits) ?? [],
            prerequisites: try container.decodeIfPresent([String].self, forKey: .prerequisites) ?? [],
            audiences: try container.decodeIfPresent([Audience].self, forKey: .audiences) ?? [],
            delivery: try container.decodeIfPresent(DeliveryNeeds.self, forKey: .delivery) ?? DeliveryNeeds())
    }
}

/// What reading one file found.
public struct CurriculumFileReport: Sendable {
    /// The file as named by the user.
    public var file: String
    /// The format detected from the root element, if any.
    public var format: CurriculumFormat?
    /// Curricula read.
    public var count: Int
    /// Every finding, sorted by position.
    public var diagnostics: [Diagnostic]

    /// Creates a report.
    public init(file: String, format: CurriculumFormat?, count: Int, diagnostics: [Diagnostic]) {
        self.file = file
        self.format = format
        self.count = count
        self.diagnostics = diagnostics
    }

    /// Whether the file may be imported.
    public var hasErrors: Bool { diagnostics.containsErrors }
}

extension CurriculumFileReport {
    /// How many of the findings are warnings.
    public var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }
}
