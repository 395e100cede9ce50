import CLibXML2
import Foundation
import PlannerCore

/// Element names and namespace URIs of one document, each made a `String` once and numbered.
struct XMLNames {
    private(set) var strings: [String] = []
    /// Whether each name is an inline element in rich text (does not separate words).
    private(set) var inline: [Bool] = []

    mutating func add(_ string: String) -> Int {
        strings.append(string)
        inline.append(XMLStreamParser.inlineElements.contains(string))
        return strings.count - 1
    }
}

/// The subtree of one element handed to a reader (an XCRI course, say), stored flat: its elements in
/// document order and all their character data in one byte buffer. Strings are made only of what a
/// reader asks for (`perf`: allocating every element, its child list and its text was most of an import).
final class XMLTree {
    struct Node {
        var namespace: Int
        var name: Int
        var line: Int
        var column: Int
        var attributes: Range<Int>
        var firstChild = -1
        var lastChild = -1
        var nextSibling = -1
        /// The element's own character data, as a list of segments of ``XMLTree/bytes``.
        var firstSegment = -1
        var lastSegment = -1
        /// The bytes of the whole subtree's text in document order, with a space where a block element
        /// (a paragraph, a list item) starts or ends.
        var mixed: Range<Int> = 0..<0
    }

    struct Segment {
        var bytes: Range<Int>
        var next = -1
    }

    struct Attribute {
        var namespace: Int
        var name: Int
        var value: Range<Int>
    }

    /// The document's names when the tree was built (shared, not copied).
    let names: [String]
    var nodes: [Node]
    var segments: [Segment]
    var attributes: [Attribute]
    /// Character data.
    var bytes: [UInt8]
    /// Attribute values.
    var values: [UInt8]

    init(
        names: [String], nodes: [Node], segments: [Segment], attributes: [Attribute], bytes: [UInt8], values: [UInt8]
    ) {
        self.names = names
        self.nodes = nodes
        self.segments = segments
        self.attributes = attributes
        self.bytes = bytes
        self.values = values
    }
}

/// An element read from a feed, with its subtree: namespace URI + local name, never prefixes.
struct XMLElement {
    let tree: XMLTree
    let index: Int

    private var node: XMLTree.Node { tree.nodes[index] }

    /// Namespace URI, empty when none.
    var namespace: String { tree.names[node.namespace] }
    /// The namespace's number in this document (equal numbers, equal namespaces), for readers that look
    /// a namespace up for every element.
    var namespaceIndex: Int { node.namespace }
    /// Local name.
    var name: String { tree.names[node.name] }
    /// 1-based line of the start tag.
    var line: Int { node.line }
    /// 1-based column of the start tag's `<`.
    var column: Int { node.column }

    /// The value of an attribute with that local name (any namespace unless one is given).
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        for attribute in tree.attributes[node.attributes]
        where tree.names[attribute.name] == name
            && (namespace == nil || tree.names[attribute.namespace] == namespace)
        {
            return value(attribute.value)
        }
        return nil
    }

    private func value(_ range: Range<Int>) -> String {
        tree.values.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self)
        }
    }

    /// Child elements in document order.
    var children: Children { Children(tree: tree, first: node.firstChild) }

    /// Children with that local name (and namespace, if given).
    func children(_ name: String, in namespace: String? = nil) -> [XMLElement] {
        children.filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The first child with that local name (and namespace, if given).
    func child(_ name: String, in namespace: String? = nil) -> XMLElement? {
        children.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// Concatenated character data directly inside this element.
    var text: String {
        var segment = node.firstSegment
        guard segment >= 0 else { return "" }
        if tree.segments[segment].next < 0 { return string(tree.segments[segment].bytes) }
        var bytes: [UInt8] = []
        while segment >= 0 {
            bytes += tree.bytes[tree.segments[segment].bytes]
            segment = tree.segments[segment].next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text of the whole subtree in document order (mixed content such as XHTML keeps its order); block
    /// elements (paragraphs, list items) separate words, inline ones (b, em, a) do not.
    var mixedText: String { string(node.mixed) }

    /// All text in the subtree, whitespace collapsed (rich XHTML text becomes plain text).
    var allText: String {
        let range = node.mixed
        let plain = tree.bytes.withUnsafeBufferPointer { all -> String? in
            let utf8 = UnsafeBufferPointer(rebasing: all[range])
            let shape = textShape(utf8)
            if shape.markup { return nil }
            if shape.collapsed { return String(decoding: utf8, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: utf8.count) { collapse(utf8, into: $0) }
        }
        // Rich text often arrives as HTML-escaped markup inside the element: keep its words only.
        return plain ?? plainText(fromHTML: mixedText)
    }

    /// The trimmed direct text.
    var trimmedText: String {
        let segment = node.firstSegment
        if segment >= 0, tree.segments[segment].next < 0 {
            let range = tree.segments[segment].bytes
            return tree.bytes.withUnsafeBufferPointer { collapsed(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        return collapsingWhitespace(text)
    }

    /// The element's `xml:lang`, if any.
    var language: String? { attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace") }

    private func string(_ range: Range<Int>) -> String {
        tree.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The children of an element, walked through the tree's sibling links.
    struct Children: Sequence {
        let tree: XMLTree
        let first: Int

        func makeIterator() -> Iterator { Iterator(tree: tree, upcoming: first) }

        struct Iterator: IteratorProtocol {
            let tree: XMLTree
            var upcoming: Int

            mutating func next() -> XMLElement? {
                guard upcoming >= 0 else { return nil }
                defer { upcoming = tree.nodes[upcoming].nextSibling }
                return XMLElement(tree: tree, index: upcoming)
            }
        }
    }
}
