import CLibXML2
import Foundation
import PlannerCore

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
    /// Everything the callbacks change, in memory of its own: libxml2 reaches it through the context's
    /// private pointer, and Swift checks no exclusive access on it at run time (those checks on the
    /// properties of a class were a sixth of the parse, `perf`).
    private let state: UnsafeMutablePointer<ParseState>

    /// The root element's namespace and name, once seen.
    var root: (namespace: String, name: String)? { state.pointee.root }

    init(
        file: String, policy: @escaping CollectionPolicy,
        visit: @escaping (XMLElement, _ ancestors: [XMLElement]) -> Void
    ) {
        state = .allocate(capacity: 1)
        state.initialize(to: ParseState(file: file, policy: policy, visit: visit))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Parses the whole source; returns libxml2's findings with their positions.
    func parse(_ source: XMLSource, afterChunk: () throws -> Void) throws -> [Diagnostic] {
        _ = externalEntitiesRefused
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

        let file = state.pointee.file
        var chunks = ChunkReader(source)
        guard let first = chunks.next(minimum: 4) else {
            state.pointee.diagnostics.append(.error("the file is empty", file: file, line: 1, column: 1))
            return state.pointee.diagnostics
        }
        let ctxt = first.withUnsafeBytes { raw in
            // No user data: libxml2's own SAX2 callbacks (DTD, entities) need the context as theirs.
            xmlCreatePushParserCtxt(
                &handler, nil, raw.bindMemory(to: CChar.self).baseAddress, Int32(first.count), file)
        }
        guard let ctxt else {
            state.pointee.diagnostics.append(.error("libxml2 could not start a parser", file: file))
            return state.pointee.diagnostics
        }
        state.pointee.context = ctxt
        ctxt.pointee._private = UnsafeMutableRawPointer(state)
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
            state.pointee.context = nil
        }
        xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue))
        while !state.pointee.stopped, let chunk = chunks.next() {
            let code = chunk.withUnsafeBytes { raw in
                xmlParseChunk(ctxt, raw.bindMemory(to: CChar.self).baseAddress, Int32(chunk.count), 0)
            }
            if code != 0 || ctxt.pointee.disableSAX != 0 { state.pointee.stopped = true }
            try afterChunk()
        }
        if !state.pointee.stopped { xmlParseChunk(ctxt, nil, 0, 1) }
        try afterChunk()
        if let error = chunks.error {
            state.pointee.diagnostics.append(.error("cannot read the file: \(error)", file: file))
        }
        return state.pointee.diagnostics
    }

    /// Elements that do not separate words in rich text.
    static let inlineElements: Set<String> = [
        "b", "i", "em", "strong", "a", "span", "code", "sub", "sup", "abbr", "emphasis",
    ]

    /// Deeper than this is refused: no real curriculum nests so far, and hostile input might.
    static let maximumDepth = 256
}

/// What the parser's callbacks read and change.
private struct ParseState {
    let file: String
    let policy: CollectionPolicy
    let visit: (XMLElement, _ ancestors: [XMLElement]) -> Void
    var diagnostics: [Diagnostic] = []
    var depth = 0
    var collectDepth: Int?
    var stopped = false
    var context: xmlParserCtxtPtr?
    var root: (namespace: String, name: String)?
    /// Ancestors above the collection depth: name and attributes only, one tree each.
    var ancestors: [XMLElement] = []
    /// The subtree being built: its parts, and the elements still open (innermost last).
    var nodes: [XMLTree.Node] = []
    var segments: [XMLTree.Segment] = []
    var attributes: [XMLTree.Attribute] = []
    var bytes: [UInt8] = []
    var values: [UInt8] = []
    var open: [Int] = []
    var names = XMLNames()
    /// Names by the address libxml2 keeps them at in its dictionary: each distinct name becomes a `String`
    /// once, not once per element.
    var interned: [UnsafeRawPointer: Int] = [:]
    /// The last names looked up, by address bits: elements repeat a handful of names, and this spares
    /// hashing the address most of the time.
    var recent = [(pointer: UnsafeRawPointer?, index: Int)](repeating: (nil, -1), count: 64)
    var emptyName: Int

    init(file: String, policy: @escaping CollectionPolicy, visit: @escaping (XMLElement, [XMLElement]) -> Void) {
        self.file = file
        self.policy = policy
        self.visit = visit
        emptyName = names.add("")
    }

    /// The number of the name at `pointer` in ``names``.
    mutating func name(_ pointer: UnsafePointer<xmlChar>?) -> Int {
        guard let pointer else { return emptyName }
        let address = UnsafeRawPointer(pointer)
        let slot = Int(bitPattern: UInt(bitPattern: address) >> 3) & 63
        if recent[slot].pointer == address { return recent[slot].index }
        if let known = interned[address] {
            recent[slot] = (address, known)
            return known
        }
        let index = names.add(String(cString: pointer))
        // Only dictionary strings live as long as the parser; anything else may be freed and reused.
        if let dict = context?.pointee.dict, xmlDictOwns(dict, pointer) == 1 {
            interned[address] = index
            recent[slot] = (address, index)
        }
        return index
    }

    mutating func stop() {
        stopped = true
        if let context { xmlStopParser(context) }
    }

    /// The position of the start tag just parsed: libxml2 stands after its `>`; walk back to the `<`.
    mutating func startTagPosition() -> (line: Int, column: Int) {
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

    /// An element starts: `attributes` are (namespace, name, value) with names numbered.
    mutating func didStart(
        namespace: Int, name: Int, attributes given: [(Int, Int, UnsafeBufferPointer<UInt8>)], line: Int,
        column: Int
    ) {
        if depth >= XMLStreamParser.maximumDepth {
            diagnostics.append(
                .error(
                    "elements are nested deeper than \(XMLStreamParser.maximumDepth) levels; refusing the document",
                    file: file, line: line, column: column))
            stop()
            return
        }
        if depth == 0 {
            root = (names.strings[namespace], names.strings[name])
            collectDepth = policy(names.strings[namespace], names.strings[name])
            if collectDepth == nil {
                stop()
                return
            }
        }
        depth += 1
        guard let collectDepth, depth > collectDepth else {
            // An ancestor: a tree of its own, with no text.
            var values: [UInt8] = []
            let list = given.map { namespace, name, value in
                defer { values += value }
                return XMLTree.Attribute(
                    namespace: namespace, name: name, value: values.count..<values.count + value.count)
            }
            let node = XMLTree.Node(
                namespace: namespace, name: name, line: line, column: column, attributes: 0..<list.count)
            let tree = XMLTree(
                names: names.strings, nodes: [node], segments: [], attributes: list, bytes: [], values: values)
            ancestors.append(XMLElement(tree: tree, index: 0))
            return
        }
        let firstAttribute = attributes.count
        for (namespace, name, value) in given {
            attributes.append(
                XMLTree.Attribute(namespace: namespace, name: name, value: values.count..<values.count + value.count))
            values.append(contentsOf: value)
        }
        let index = nodes.count
        if let parent = open.last {
            if !names.inline[name] { bytes.append(0x20) }
            if nodes[parent].lastChild >= 0 {
                nodes[nodes[parent].lastChild].nextSibling = index
            } else {
                nodes[parent].firstChild = index
            }
            nodes[parent].lastChild = index
        }
        var node = XMLTree.Node(
            namespace: namespace, name: name, line: line, column: column,
            attributes: firstAttribute..<attributes.count)
        node.mixed = bytes.count..<bytes.count
        nodes.append(node)
        open.append(index)
    }

    mutating func didEnd() {
        depth -= 1
        guard let index = open.popLast() else {
            if !ancestors.isEmpty { ancestors.removeLast() }
            return
        }
        nodes[index].mixed = nodes[index].mixed.lowerBound..<bytes.count
        guard open.isEmpty else {
            if !names.inline[nodes[index].name] { bytes.append(0x20) }
            return
        }
        var tree = XMLTree(
            names: names.strings, nodes: nodes, segments: segments, attributes: attributes, bytes: bytes,
            values: values)
        nodes = []
        segments = []
        attributes = []
        bytes = []
        values = []
        visit(XMLElement(tree: tree, index: 0), ancestors)
        if isKnownUniquelyReferenced(&tree) {
            // The reader kept nothing of it (XCRI-CAP courses, our own curricula): the next subtree is built
            // in its arrays, emptied, with no allocation (a fifth of the reader's allocations and frees).
            swap(&nodes, &tree.nodes)
            swap(&segments, &tree.segments)
            swap(&attributes, &tree.attributes)
            swap(&bytes, &tree.bytes)
            swap(&values, &tree.values)
            nodes.removeAll(keepingCapacity: true)
            segments.removeAll(keepingCapacity: true)
            attributes.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        } else {
            // The next subtree is most likely about the size of this one (the courses of a feed are alike):
            // one allocation per part, not one per doubling as it grows.
            func room(_ count: Int) -> Int { count + count / 4 + 8 }
            nodes.reserveCapacity(room(tree.nodes.count))
            segments.reserveCapacity(room(tree.segments.count))
            attributes.reserveCapacity(room(tree.attributes.count))
            bytes.reserveCapacity(room(tree.bytes.count))
            values.reserveCapacity(room(tree.values.count))
        }
    }

    mutating func didRead(_ text: UnsafeBufferPointer<UInt8>) {
        guard let owner = open.last else { return }
        let segment = segments.count
        segments.append(XMLTree.Segment(bytes: bytes.count..<bytes.count + text.count))
        bytes.append(contentsOf: text)
        if nodes[owner].lastSegment >= 0 {
            segments[nodes[owner].lastSegment].next = segment
        } else {
            nodes[owner].firstSegment = segment
        }
        nodes[owner].lastSegment = segment
    }

    /// The innermost open element's name and line.
    private var innermost: (name: String, line: Int)? {
        if let index = open.last { return (names.strings[nodes[index].name], nodes[index].line) }
        return ancestors.last.map { ($0.name, $0.line) }
    }

    mutating func report(_ error: xmlError) {
        var message = error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines)
        if Int(error.code) == Int(XML_ERR_DOCUMENT_END.rawValue)
            || Int(error.code) == Int(XML_ERR_GT_REQUIRED.rawValue),
            let innermost
        {
            message =
                "unexpected end of the document: <\(innermost.name)> opened at line \(innermost.line) is not closed"
        }
        let severity: Diagnostic.Severity = error.level == XML_ERR_WARNING ? .warning : .error
        diagnostics.append(
            Diagnostic(
                file: file, line: Int(error.line), column: Int(error.int2), severity: severity,
                message: (message ?? "malformed XML") + ParseState.hint(for: Int(error.code))))
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

/// The parser's state, found through the libxml2 context's private pointer.
private func parser(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<ParseState> {
    let context = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
    return context.pointee._private!.assumingMemoryBound(to: ParseState.self)
}

private func startElement(
    ctx: UnsafeMutableRawPointer?, localname: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?,
    uri: UnsafePointer<xmlChar>?, namespaceCount: Int32, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
    attributeCount: Int32, defaulted: Int32, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    let me = parser(ctx)
    guard !me.pointee.stopped else { return }
    var attributeList: [(Int, Int, UnsafeBufferPointer<UInt8>)] = []
    var decoded: [UnsafeMutablePointer<xmlChar>] = []
    defer { for pointer in decoded { clibxml2_free(pointer) } }
    if let attributes, attributeCount > 0 {
        // Five pointers per attribute: localname, prefix, URI, value start, value end.
        for index in 0..<Int(attributeCount) {
            let base = index * 5
            var value = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            if let valueStart = attributes[base + 3], let valueEnd = attributes[base + 4] {
                value = UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart)
            }
            // Without entity substitution libxml2 hands references over as written (`&amp;` as `&#38;`):
            // its own decoder turns character references into characters and leaves entities alone.
            if value.contains(UInt8(ascii: "&")), let start = value.baseAddress,
                let text = xmlStringLenDecodeEntities(
                    ctx?.assumingMemoryBound(to: xmlParserCtxt.self), start, Int32(value.count),
                    Int32(XML_SUBSTITUTE_NONE), 0, 0, 0)
            {
                decoded.append(text)
                value = UnsafeBufferPointer(start: text, count: Int(xmlStrlen(text)))
            }
            attributeList.append((me.pointee.name(attributes[base + 2]), me.pointee.name(attributes[base]), value))
        }
    }
    let position = me.pointee.startTagPosition()
    let namespace = me.pointee.name(uri)
    let name = me.pointee.name(localname)
    me.pointee.didStart(
        namespace: namespace, name: name, attributes: attributeList, line: position.line, column: position.column)
}

private func endElement(
    ctx: UnsafeMutableRawPointer?, localname: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?,
    uri: UnsafePointer<xmlChar>?
) {
    let me = parser(ctx)
    guard !me.pointee.stopped else { return }
    me.pointee.didEnd()
}

private func characters(ctx: UnsafeMutableRawPointer?, text: UnsafePointer<xmlChar>?, length: Int32) {
    guard let text else { return }
    let me = parser(ctx)
    guard !me.pointee.stopped else { return }
    me.pointee.didRead(UnsafeBufferPointer(start: text, count: Int(length)))
}

private func structuredError(userData: UnsafeMutableRawPointer?, error: UnsafeMutablePointer<xmlError>?) {
    // libxml2 hands the parser context's user data (the context itself) to the structured handler.
    guard let error, let userData else { return }
    parser(userData).pointee.report(error.pointee)
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
