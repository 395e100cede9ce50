public import PlannerCore

/// The JSON contract of `planner curriculum list --format json` (docs/formats.md).
public struct CurriculumJSON: Encodable, Sendable {
    /// A module.
    public struct ModuleJSON: Encodable, Sendable {
        public var id: String
        public var title: String
        public var hours: Int?
        public var credits: [Credit]
        public var learningOutcomes: [String]
        public var prerequisites: [String]
        public var audiences: [String]

        enum CodingKeys: String, CodingKey {
            case id, title, hours, credits, prerequisites, audiences
            case learningOutcomes = "learning_outcomes"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(hours, forKey: .hours)  // null when unknown, never left out
            try container.encode(credits, forKey: .credits)
            try container.encode(learningOutcomes, forKey: .learningOutcomes)
            try container.encode(prerequisites, forKey: .prerequisites)
            try container.encode(audiences, forKey: .audiences)
        }
    }

    /// A dated instance.
    public struct InstanceJSON: Encodable, Sendable {
        public var start: String?
        public var end: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
        }

        enum CodingKeys: String, CodingKey { case start, end }
    }

    public var id: String
    public var title: String
    public var format: String
    public var source: String
    public var provider: String?
    /// FORMACODE, NSF, ROME, RNCP… codes, in the source's order.
    public var codes: [Classification]
    public var modules: [ModuleJSON]
    public var instances: [InstanceJSON]

    /// Writes what `JSONEncoder` writes for it (its members in sorted order; tested).
    func write(to json: inout PrettyJSON) {
        json.object { json in
            json.member("codes") {
                $0.array(codes) { json, code in
                    json.object {
                        $0.member("code", code.code)
                        $0.member("scheme", code.scheme)
                    }
                }
            }
            json.member("format", format)
            json.member("id", id)
            json.member("instances") {
                $0.array(instances) { json, instance in
                    json.object {
                        $0.member("end", instance.end)
                        $0.member("start", instance.start)
                    }
                }
            }
            json.member("modules") {
                $0.array(modules) { json, module in
                    json.object {
                        $0.member("audiences", module.audiences)
                        $0.member("credits") {
                            $0.array(module.credits) { json, credit in
                                json.object {
                                    $0.member("scheme", credit.scheme)
                                    $0.member("value", credit.value)
                                }
                            }
                        }
                        $0.member("hours", module.hours)
                        $0.member("id", module.id)
                        $0.member("learning_outcomes", module.learningOutcomes)
                        $0.member("prerequisites", module.prerequisites)
                        $0.member("title", module.title)
                    }
                }
            }
            if let provider { json.member("provider", provider) }
            json.member("source", source)
            json.member("title", title)
        }
    }

    /// The contract's form of a curriculum.
    public init(_ curriculum: Curriculum) {
        id = curriculum.id
        title = curriculum.title.text() ?? curriculum.id
        format = curriculum.format.rawValue
        source = curriculum.source
        provider = curriculum.provider
        codes = curriculum.codes
        modules = curriculum.modules.map {
            ModuleJSON(
                id: $0.id, title: $0.title.text() ?? $0.id, hours: $0.hours, credits: $0.credits,
                learningOutcomes: $0.learningOutcomes.compactMap { $0.text.text() }, prerequisites: $0.prerequisites,
                audiences: $0.audiences.map(\.rawValue))
        }
        instances = curriculum.instances.map { InstanceJSON(start: $0.start?.description, end: $0.end?.description) }
    }
}

/// One file's outcome in `--format json`.
public struct FileReportJSON: Encodable, Sendable {
    public var file: String
    public var format: String?
    public var curricula: Int
    public var diagnostics: [Diagnostic]

    /// The contract's form of a report.
    public init(_ report: CurriculumFileReport) {
        file = report.file
        format = report.format?.rawValue
        curricula = report.count
        diagnostics = report.diagnostics
    }
}
