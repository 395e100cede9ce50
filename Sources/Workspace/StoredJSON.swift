import PlannerCore

/// The JSON documents the workspace stores for curricula, modules and instances, written straight into
/// bytes.
///
/// Foundation's `JSONEncoder` builds a tree of boxed values and then serialises it: on a 100,000-course
/// import that was a third of all the work (`perf`), more than parsing the XML. These documents have a
/// fixed shape, so they are written field by field here and read back with `JSONDecoder`.
///
/// They are compact: a text in one language that the source did not name is a plain string, and members
/// that are empty or take their default are left out (PlannerCore's decoders accept both this and the full
/// form `JSONEncoder` writes, which workspaces of earlier versions hold). On an XCRI-CAP course that is
/// 40 % fewer bytes to encode, write and checkpoint. The tests hold this writer to the decoders: every
/// generated value decodes back equal, and no property of the types is left unwritten.
struct StoredJSON {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    /// The text `write` writes.
    static func text(_ write: (inout StoredJSON) -> Void) -> String {
        var json = StoredJSON()
        write(&json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Goes on writing after the bytes given (moved in and out, not copied).
    init(appendingTo bytes: [UInt8]) { self.bytes = bytes }

    /// An object; `body` writes its members with ``member(_:_:)`` and friends.
    mutating func object(_ body: (inout ObjectWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var writer = ObjectWriter(json: self)
        bytes = []
        body(&writer)
        self = writer.json
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of elements, each written by `element`.
    mutating func array<Element>(_ elements: [Element], _ element: (inout StoredJSON, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])  // \"
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])  // \\
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("\\u00".utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func number(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    /// Writes the members of one object, commas included.
    struct ObjectWriter {
        fileprivate var json: StoredJSON
        private var first = true

        fileprivate init(json: StoredJSON) { self.json = json }

        private mutating func key(_ name: StaticString) {
            if !first { json.bytes.append(UInt8(ascii: ",")) }
            first = false
            json.bytes.append(UInt8(ascii: "\""))
            json.bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            json.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }

        /// A member whose value `body` writes.
        mutating func member(_ name: StaticString, _ body: (inout StoredJSON) -> Void) {
            key(name)
            body(&json)
        }

        mutating func member(_ name: StaticString, _ value: String) { member(name) { $0.string(value) } }

        /// Left out when `nil`, as the synthesised `Encodable` conformances do.
        mutating func member(_ name: StaticString, _ value: String?) {
            if let value { member(name) { $0.string(value) } }
        }

        mutating func member(_ name: StaticString, _ value: Int?) {
            if let value { member(name) { $0.number(value) } }
        }

        mutating func member(_ name: StaticString, _ value: Bool) { member(name) { $0.bool(value) } }

        /// Left out when empty.
        mutating func member(_ name: StaticString, _ values: [String]) {
            if !values.isEmpty { member(name) { $0.array(values) { $0.string($1) } } }
        }

        /// Left out when empty.
        mutating func member(_ name: StaticString, _ value: LocalizedText) {
            if !value.values.isEmpty { member(name) { value.write(to: &$0) } }
        }

        /// Left out when empty.
        mutating func member<Element>(
            _ name: StaticString, _ elements: [Element], _ element: (inout StoredJSON, Element) -> Void
        ) {
            if !elements.isEmpty { member(name) { $0.array(elements, element) } }
        }
    }
}

extension LocalizedText {
    /// A plain string for one text whose language the source did not name, else `{"values": [...]}`.
    func write(to json: inout StoredJSON) {
        if values.count == 1, values[0].language.isEmpty {
            json.string(values[0].text)
            return
        }
        json.object { object in
            object.member("values") {
                $0.array(values) { json, entry in
                    json.object {
                        $0.member("language", entry.language)
                        $0.member("text", entry.text)
                    }
                }
            }
        }
    }
}

extension Module {
    /// The module's stored document.
    var storedJSON: String {
        StoredJSON.text(writeStoredJSON)
    }

    func writeStoredJSON(to json: inout StoredJSON) {
        json.object { object in
            object.member("id", id)
            object.member("title") { title.write(to: &$0) }  // even when empty: the decoders need it
            object.member("description", description)
            // An outcome is written as its text.
            object.member("learningOutcomes", learningOutcomes) { json, outcome in outcome.text.write(to: &json) }
            object.member("hours", hours)
            object.member("suggestedSessions", suggestedSessions)
            object.member("credits", credits) { json, credit in
                json.object {
                    $0.member("scheme", credit.scheme)
                    $0.member("value", credit.value)
                }
            }
            object.member("prerequisites", prerequisites)
            object.member("audiences", audiences.map(\.rawValue))
            if delivery != DeliveryNeeds() {
                object.member("delivery") { json in
                    json.object {
                        $0.member("equipment", delivery.equipment)
                        $0.member("language", delivery.language)
                        $0.member("stepFreeAccess", delivery.stepFreeAccess)
                    }
                }
            }
        }
    }
}

extension CurriculumInstance {
    /// The instance's stored document.
    var storedJSON: String {
        StoredJSON.text(writeStoredJSON)
    }

    func writeStoredJSON(to json: inout StoredJSON) {
        json.object {
            $0.member("identifier", identifier)
            $0.member("start", start?.description)
            $0.member("end", end?.description)
            $0.member("venue", venue)
            $0.member("mode", mode)
            $0.member("cost", cost)
        }
    }
}

extension Curriculum {
    /// The curriculum's own stored document: its title and description, or `{"asModule":true}` when they
    /// are those of its first module (each XCRI-CAP course). Everything else is in the curriculum's row
    /// (identifier, format, source, provider, qualification), and modules and instances are in rows of
    /// their own. Read back by ``StoredHead``.
    var storedHeadJSON: String {
        StoredJSON.text(writeStoredHeadJSON)
    }

    func writeStoredHeadJSON(to json: inout StoredJSON) {
        json.object {
            if let first = modules.first, first.title == title, first.description == description {
                $0.member("asModule", true)
            } else {
                $0.member("title") { title.write(to: &$0) }  // even when empty: it is not the module's
                $0.member("description", description)
            }
            $0.member("codes", codes) { json, code in
                json.object {
                    $0.member("scheme", code.scheme)
                    $0.member("code", code.code)
                }
            }
        }
    }
}

/// What a curriculum's stored document holds (``Curriculum/storedHeadJSON``). Documents of earlier
/// versions held the whole curriculum; their other members are the same as the row's, and ignored.
struct StoredHead: Decodable {
    var title: LocalizedText?
    var description: LocalizedText?
    var asModule: Bool?
    var codes: [Classification]?

    /// The curriculum's title and description, given its first module.
    func texts(firstModule: Module?) -> (title: LocalizedText, description: LocalizedText) {
        if asModule == true, let firstModule { return (firstModule.title, firstModule.description) }
        return (title ?? LocalizedText(), description ?? LocalizedText())
    }
}
