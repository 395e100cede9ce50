import Foundation

/// JSON text exactly as `printJSON` prints it (Foundation's `JSONEncoder`: pretty-printed with two spaces,
/// keys sorted, slashes unescaped), written field by field for values printed by the hundred thousand:
/// `planner curriculum list --format json` of a national catalogue spent 1.8 s of its 4.5 s in
/// `JSONEncoder` (`perf`). The caller writes members in sorted order; the tests hold the result to
/// `JSONEncoder`'s, byte for byte, on generated values.
struct PrettyJSON {
    private(set) var bytes: [UInt8] = []
    /// Per open object or array: whether nothing was written in it yet.
    private var empty: [Bool] = []

    /// Starts after `prefix`, at the given depth (an element of a top-level array is at depth 1).
    init(after prefix: String = "", depth: Int = 0) {
        empty = Array(repeating: false, count: depth)
        bytes.reserveCapacity(1_024)
        bytes.append(contentsOf: prefix.utf8)
    }

    mutating func object(_ body: (inout PrettyJSON) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array<Element>(_ elements: [Element], _ element: (inout PrettyJSON, Element) -> Void) {
        open(UInt8(ascii: "["))
        for value in elements {
            next()
            element(&self, value)
        }
        close(UInt8(ascii: "]"))
    }

    /// A member of the object being written (in sorted order), its value written by `value`.
    mutating func member(_ key: StaticString, _ value: (inout PrettyJSON) -> Void) {
        next()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), 0x20, UInt8(ascii: ":"), 0x20])
        value(&self)
    }

    mutating func member(_ key: StaticString, _ value: String) { member(key) { $0.string(value) } }

    /// `null` when absent, as `encode(_:forKey:)` writes an optional.
    mutating func member(_ key: StaticString, _ value: String?) {
        member(key) { json in if let value { json.string(value) } else { json.null() } }
    }

    mutating func member(_ key: StaticString, _ value: Int?) {
        member(key) { json in if let value { json.bytes.append(contentsOf: String(value).utf8) } else { json.null() } }
    }

    mutating func member(_ key: StaticString, _ values: [String]) {
        member(key) { $0.array(values) { $0.string($1) } }
    }

    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        empty.append(true)
    }

    /// Before an element or a member: a comma after the one before, a new line, the indentation.
    private mutating func next() {
        if empty[empty.count - 1] {
            empty[empty.count - 1] = false
            bytes.append(0x0A)
        } else {
            bytes.append(contentsOf: [UInt8(ascii: ","), 0x0A])
        }
        indent(empty.count)
    }

    private mutating func close(_ bracket: UInt8) {
        // An empty object or array is written on three lines, as `JSONEncoder` writes it.
        bytes.append(contentsOf: empty.removeLast() ? [0x0A, 0x0A] : [0x0A])
        indent(empty.count)
        bytes.append(bracket)
    }

    private mutating func indent(_ depth: Int) {
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * depth))
    }
}
