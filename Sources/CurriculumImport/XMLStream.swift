import CLibXML2
import Foundation
import PlannerCore

/// An element read from a feed, with its subtree: namespace URI + local name, never prefixes.
///
/// A class: readers look elements up and pass them around many times per course, and a reference is
/// retained where a value of this size would be copied (`perf`: copies and destroys were 4 % of an import).
final class XMLElement {
    /// Namespace URI, empty when none.
    var namespace: String
    /// The namespace's number in this document (equal numbers, equal namespaces; -1 when not numbered),
    /// for readers that look a namespace up for every element.
    var namespaceIndex = -1
    /// Local name.
    var name: String
    /// Attributes by namespace URI and local name.
    var attributes: [(namespace: String, name: String, value: String)]
    /// Child elements in document order.
    var children: [XMLElement] = []
    /// Concatenated character data directly inside this element.
    var text: String = ""
    /// Where this element stands in its parent's ``text``: the parent's UTF-8 length when it started.
    var offsetInParentText = 0
    /// 1-based line of the start tag.
    var line: Int
    /// 1-based column of the start tag's `<`.
    var column: Int

    init(
        namespace: String, name: String, attributes: [(namespace: String, name: String, value: String)], line: Int,
        column: Int
    ) {
        self.namespace = namespace
        self.name = name
        self.attributes = attributes
        self.line = line
        self.column = column
    }

    /// The value of an attribute with that local name (any namespace unless one is given).
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }

    /// Children with that local name (and namespace, if given).
    func children(_ name: String, in namespace: String? = nil) -> [XMLElement] {
        children.filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The first child with that local name (and namespace, if given).
    func child(_ name: String, in namespace: String? = nil) -> XMLElement? {
        children.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// Text of the whole subtree in document order (mixed content such as XHTML keeps its order); block
    /// elements (paragraphs, list items) separate words, inline ones (b, em, a) do not.
    var mixedText: String {
        guard !children.isEmpty else { return text }
        var result = ""
        let utf8 = text.utf8
        var cursor = utf8.startIndex
        for child in children {
            let at = utf8.index(utf8.startIndex, offsetBy: child.offsetInParentText)
            result += text[cursor..<at]
            cursor = at
            let separator = XMLStreamParser.inlineElements.contains(child.name) ? "" : " "
            result += separator
            result += child.mixedText
            result += separator
        }
        result += text[cursor...]
        return result
    }

    /// All text in the subtree, whitespace collapsed (rich XHTML text becomes plain text).
    var allText: String {
        var joined = mixedText
        // Rich text often arrives as HTML-escaped markup inside the element: keep its words only.
        if joined.utf8.contains(UInt8(ascii: "<")), joined.utf8.contains(UInt8(ascii: ">")) {
            joined = joined.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        }
        return collapsingWhitespace(joined)
    }

    /// The trimmed direct text.
    var trimmedText: String { collapsingWhitespace(text) }

    /// The element's `xml:lang`, if any.
    var language: String? { attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace") }
}

/// Where the XML comes from: a file streamed from disk, or bytes in memory.
enum XMLSource {
    case file(URL)
    case bytes(Data)
}

/// Decides, once the root is known, at which depth elements are materialised as subtrees
/// (`nil`: this root is not one we read; parsing stops).
typealias CollectionPolicy = (_ rootNamespace: String, _ rootName: String) -> Int?

/// Streams XML through libxml2's SAX2 push parser and hands over one subtree at a time, so that
/// memory stays flat however large the catalogue. No network, no entity expansion, no DTD loading.
final class XMLStreamParser {
    private let file: String
    private let policy: CollectionPolicy
    private let visit: (XMLElement, _ ancestors: [XMLElement]) -> Void
    fileprivate var diagnostics: [Diagnostic] = []
    fileprivate var depth = 0
    fileprivate var collectDepth: Int?
    fileprivate var stopped = false
    /// Ancestors above the collection depth: name and attributes only.
    fileprivate var ancestors: [XMLElement] = []
    /// The subtree being built, innermost last.
    fileprivate var building: [XMLElement] = []
    fileprivate var context: xmlParserCtxtPtr?
    /// Names and namespace URIs by the address libxml2 keeps them at in its dictionary: each distinct
    /// name is made a `String` once, not once per element, and numbered (see ``XMLElement/namespaceIndex``).
    private var interned: [UnsafeRawPointer: (name: String, index: Int)] = [:]
    /// The last names looked up, by address bits: elements repeat a handful of names, and this spares
    /// hashing the address most of the time.
    private var recent = [(pointer: UnsafeRawPointer?, name: String, index: Int)](
        repeating: (nil, "", -1), count: 64)

    /// The string at `pointer`, shared when libxml2's dictionary owns it, and its number (-1 when the
    /// string is not the dictionary's).
    fileprivate func name(_ pointer: UnsafePointer<xmlChar>?) -> (name: String, index: Int) {
        guard let pointer else { return ("", -1) }
        let address = UnsafeRawPointer(pointer)
        let slot = Int(bitPattern: UInt(bitPattern: address) >> 3) & 63
        if recent[slot].pointer == address { return (recent[slot].name, recent[slot].index) }
        if let known = interned[address] {
            recent[slot] = (address, known.name, known.index)
            return known
        }
        let name = String(cString: pointer)
        // Only dictionary strings live as long as the parser; anything else may be freed and reused.
        guard let dict = context?.pointee.dict, xmlDictOwns(dict, pointer) == 1 else { return (name, -1) }
        let entry = (name: name, index: interned.count)
        interned[address] = entry
        recent[slot] = (address, name, entry.index)
        return entry
    }

    /// The root element's namespace and name, once seen.
    private(set) var root: (namespace: String, name: String)?

    init(
        file: String, policy: @escaping CollectionPolicy,
        visit: @escaping (XMLElement, _ ancestors: [XMLElement]) -> Void
    ) {
        self.file = file
        self.policy = policy
        self.visit = visit
    }

    /// Parses the whole source; returns libxml2's findings with their positions.
    func parse(_ source: XMLSource, afterChunk: () throws -> Void) throws -> [Diagnostic] {
        var handler = xmlSAXHandler()
        xmlSAXVersion(&handler, 2)
        handler.startElementNs = startElement
        handler.endElementNs = endElement
        handler.characters = characters
        handler.cdataBlock = characters
        handler.ignorableWhitespace = nil
        handler.warning = nil
        handler.error = nil
        handler.serror = structuredError
        // No external subsets or entities are ever fetched.
        handler.externalSubset = nil
        handler.resolveEntity = nil
        handler.comment = nil
        handler.processingInstruction = nil

        let me = Unmanaged.passUnretained(self).toOpaque()
        var chunks = ChunkReader(source)
        guard let first = chunks.next(minimum: 4) else {
            diagnostics.append(.error("the file is empty", file: file, line: 1, column: 1))
            return diagnostics
        }
        let ctxt = first.withUnsafeBytes { raw in
            // No user data: libxml2's own SAX2 callbacks (DTD, entities) need the context as theirs.
            xmlCreatePushParserCtxt(
                &handler, nil, raw.bindMemory(to: CChar.self).baseAddress, Int32(first.count), file)
        }
        guard let ctxt else {
            diagnostics.append(.error("libxml2 could not start a parser", file: file))
            return diagnostics
        }
        context = ctxt
        ctxt.pointee._private = me
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
            context = nil
        }
        xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue))
        while !stopped, let chunk = chunks.next() {
            let code = chunk.withUnsafeBytes { raw in
                xmlParseChunk(ctxt, raw.bindMemory(to: CChar.self).baseAddress, Int32(chunk.count), 0)
            }
            if code != 0 || ctxt.pointee.disableSAX != 0 { stopped = true }
            try afterChunk()
        }
        if !stopped { xmlParseChunk(ctxt, nil, 0, 1) }
        try afterChunk()
        if let error = chunks.error {
            diagnostics.append(.error("cannot read the file: \(error)", file: file))
        }
        return diagnostics
    }

    /// The position of the start tag just parsed: libxml2 stands after its `>`; walk back to the `<`.
    fileprivate func startTagPosition() -> (line: Int, column: Int) {
        guard let input = context?.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base else {
            return (Int(context.map { xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0)) } ?? 0), 0)
        }
        let line = Int(input.pointee.line)
        let column = Int(input.pointee.col)
        var pointer = cur
        var characters = 0
        var newlines = 0
        while pointer > base {
            pointer -= 1
            let byte = pointer.pointee
            if byte & 0xC0 != 0x80 { characters += 1 }
            if byte == 0x0A { newlines += 1 }
            if byte == 0x3C { break }  // "<"
        }
        if newlines == 0 { return (line, max(1, column - characters)) }
        // The tag spans lines: count the characters before "<" on its own line.
        var before = 0
        var scan = pointer
        while scan > base {
            scan -= 1
            let byte = scan.pointee
            if byte == 0x0A { break }
            if byte & 0xC0 != 0x80 { before += 1 }
        }
        return (line - newlines, before + 1)
    }

    /// Elements that do not separate words in rich text.
    static let inlineElements: Set<String> = ["b", "i", "em", "strong", "a", "span", "code", "sub", "sup", "abbr"]

    /// Deeper than this is refused: no real curriculum nests so far, and hostile input might.
    static let maximumDepth = 256

    fileprivate func didStart(_ element: XMLElement) {
        if depth >= XMLStreamParser.maximumDepth {
            diagnostics.append(
                .error(
                    "elements are nested deeper than \(XMLStreamParser.maximumDepth) levels; refusing the document",
                    file: file, line: element.line, column: element.column))
            stopped = true
            if let context { xmlStopParser(context) }
            return
        }
        if depth == 0 {
            root = (element.namespace, element.name)
            collectDepth = policy(element.namespace, element.name)
            if collectDepth == nil {
                stopped = true
                if let context { xmlStopParser(context) }
                return
            }
        }
        if let collectDepth, depth >= collectDepth {
            building.append(element)
        } else {
            ancestors.append(element)
        }
        depth += 1
    }

    fileprivate func didEnd() {
        depth -= 1
        if let collectDepth, depth >= collectDepth {
            let done = building.removeLast()
            if let parent = building.last {
                done.offsetInParentText = parent.text.utf8.count
                parent.children.append(done)
            } else {
                visit(done, ancestors)
            }
        } else if !ancestors.isEmpty {
            ancestors.removeLast()
        }
    }

    fileprivate func didRead(_ text: String) {
        building.last?.text += text
    }

    fileprivate func report(_ error: xmlError) {
        var message = error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines)
        let open = ancestors + building
        if Int(error.code) == Int(XML_ERR_DOCUMENT_END.rawValue)
            || Int(error.code) == Int(XML_ERR_GT_REQUIRED.rawValue),
            let innermost = open.last
        {
            message =
                "unexpected end of the document: <\(innermost.name)> opened at line \(innermost.line) is not closed"
        }
        let severity: Diagnostic.Severity = error.level == XML_ERR_WARNING ? .warning : .error
        diagnostics.append(
            Diagnostic(
                file: file, line: Int(error.line), column: Int(error.int2), severity: severity,
                message: (message ?? "malformed XML") + XMLStreamParser.hint(for: Int(error.code))))
    }

    private static func hint(for code: Int) -> String {
        switch code {
        case Int(XML_ERR_ENTITY_LOOP.rawValue), Int(XML_ERR_ENTITY_BOUNDARY.rawValue):
            return " (entity expansion refused: entities are never expanded)"
        case Int(XML_ERR_DOCUMENT_END.rawValue), Int(XML_ERR_DOCUMENT_EMPTY.rawValue):
            return " (is the file truncated?)"
        default:
            return ""
        }
    }
}

/// Our parser, found through the libxml2 context's private pointer.
private func parser(_ ctx: UnsafeMutableRawPointer?) -> XMLStreamParser {
    let context = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
    return Unmanaged<XMLStreamParser>.fromOpaque(context.pointee._private!).takeUnretainedValue()
}

private func startElement(
    ctx: UnsafeMutableRawPointer?, localname: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?,
    uri: UnsafePointer<xmlChar>?, namespaceCount: Int32, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
    attributeCount: Int32, defaulted: Int32, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    let me = parser(ctx)
    guard !me.stopped else { return }
    var attributeList: [(namespace: String, name: String, value: String)] = []
    if let attributes {
        // Five pointers per attribute: localname, prefix, URI, value start, value end.
        for index in 0..<Int(attributeCount) {
            let base = index * 5
            let valueStart = attributes[base + 3]
            let valueEnd = attributes[base + 4]
            var value = ""
            if let valueStart, let valueEnd {
                let count = valueEnd - valueStart
                value = String(decoding: UnsafeBufferPointer(start: valueStart, count: count), as: UTF8.self)
            }
            attributeList.append((me.name(attributes[base + 2]).name, me.name(attributes[base]).name, value))
        }
    }
    let position = me.startTagPosition()
    let namespace = me.name(uri)
    let element = XMLElement(
        namespace: namespace.name, name: me.name(localname).name, attributes: attributeList, line: position.line,
        column: position.column)
    element.namespaceIndex = namespace.index
    me.didStart(element)
}

private func endElement(
    ctx: UnsafeMutableRawPointer?, localname: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?,
    uri: UnsafePointer<xmlChar>?
) {
    let me = parser(ctx)
    guard !me.stopped else { return }
    me.didEnd()
}

private func characters(ctx: UnsafeMutableRawPointer?, text: UnsafePointer<xmlChar>?, length: Int32) {
    guard let text else { return }
    let me = parser(ctx)
    guard !me.stopped else { return }
    me.didRead(String(decoding: UnsafeBufferPointer(start: text, count: Int(length)), as: UTF8.self))
}

private func structuredError(userData: UnsafeMutableRawPointer?, error: UnsafeMutablePointer<xmlError>?) {
    // libxml2 hands the parser context's user data (the context itself) to the structured handler.
    guard let error, let userData else { return }
    parser(userData).report(error.pointee)
}

/// Reads a source in chunks of 256 KiB, so that a large file is never held in memory whole.
private struct ChunkReader {
    private var handle: FileHandle?
    private var bytes: Data?
    private var offset = 0
    private(set) var error: String?
    static let chunkSize = 256 * 1024

    init(_ source: XMLSource) {
        switch source {
        case .bytes(let data):
            bytes = data
        case .file(let url):
            do {
                handle = try FileHandle(forReadingFrom: url)
            } catch {
                self.error = error.localizedDescription
            }
        }
    }

    mutating func next(minimum: Int = 1) -> Data? {
        if let bytes {
            guard offset < bytes.count else { return nil }
            let count = offset == 0 ? min(bytes.count, max(minimum, 4)) : min(Self.chunkSize, bytes.count - offset)
            defer { offset += count }
            return bytes.subdata(in: (bytes.startIndex + offset)..<(bytes.startIndex + offset + count))
        }
        guard let handle else { return nil }
        do {
            let size = offset == 0 ? max(minimum, 4) : Self.chunkSize
            guard let data = try handle.read(upToCount: size), !data.isEmpty else { return nil }
            offset += data.count
            return data
        } catch {
            self.error = error.localizedDescription
            return nil
        }
    }
}

/// The text with runs of white space (ASCII and no-break space) made one space, and trimmed.
func collapsingWhitespace(_ text: String) -> String {
    var text = text
    return text.withUTF8 { utf8 in
        if isCollapsed(utf8) { return nil }
        return String(unsafeUninitializedCapacity: utf8.count) { collapse(utf8, into: $0) }
    } ?? text
}

/// Writes the collapsed text (never longer than the original) and returns its length in bytes.
private func collapse(_ utf8: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
    var count = 0
    func append(_ byte: UInt8) {
        output[count] = byte
        count += 1
    }
    var pendingSpace = false
    var previousWasC2 = false
    for byte in utf8 {
        if previousWasC2 {
            previousWasC2 = false
            if byte == 0xA0 {  // U+00A0 NO-BREAK SPACE
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                append(0x20)
                pendingSpace = false
            }
            append(0xC2)
        }
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
            pendingSpace = count > 0
        case 0xC2:
            previousWasC2 = true
        default:
            if pendingSpace {
                append(0x20)
                pendingSpace = false
            }
            append(byte)
        }
    }
    if previousWasC2 {
        if pendingSpace { append(0x20) }
        append(0xC2)
    }
    return count
}

/// Whether collapsing would leave the text as it is: no white space at either end, no run of it, none
/// but plain spaces (most titles and identifiers, which are then shared rather than copied).
private func isCollapsed(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    var previousWasSpace = true  // white space at the start is not collapsed
    for byte in utf8 {
        switch byte {
        case 0x20:
            if previousWasSpace { return false }
            previousWasSpace = true
        case 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xC2:  // 0xC2 may start a no-break space
            return false
        default:
            previousWasSpace = false
        }
    }
    return !previousWasSpace || utf8.isEmpty
}
