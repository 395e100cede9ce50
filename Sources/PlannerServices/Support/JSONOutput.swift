import Foundation

/// JSON as every front end writes it: sorted keys, pretty, slashes unescaped (shapes in docs/formats.md).
public func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try JSONArrayPrinter.encoder.encode(value), as: UTF8.self)
}

/// A JSON array written an element at a time, as ``jsonText(_:)`` would write the whole array: a listing
/// of a national catalogue need not be held in memory (nor its JSON tree) to be written.
public struct JSONArrayPrinter {
    static let encoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private var empty = true
    /// Where the text goes.
    private let write: (String) -> Void

    /// A printer that hands its text to `write` piece by piece.
    public init(write: @escaping (String) -> Void) { self.write = write }

    /// Writes one element, as in a pretty-printed array.
    public mutating func add(_ value: CurriculumJSON) {
        var json = PrettyJSON(after: empty ? "[\n  " : ",\n  ", depth: 1)
        value.write(to: &json)
        write(String(decoding: json.bytes, as: UTF8.self))
        empty = false
    }

    /// Closes the array, and the line (an empty array as `JSONEncoder` writes it: on three lines).
    public func finish() { write(empty ? "[\n\n]\n" : "\n]\n") }
}
