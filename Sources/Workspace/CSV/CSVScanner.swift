/// RFC 4180 records read straight from the bytes of a file, in the dialect of Python's `csv` module with
/// `strict=True` (its tests compare the two on generated and hostile input): fields separated by one
/// delimiter byte; records end at LF, CR LF or a lone CR; a field that starts with a quote runs to the
/// next single quote, with `""` standing for one quote and line breaks kept; after a closing quote only a
/// delimiter, a line break or the end may follow; a quote inside an unquoted field is an ordinary
/// character.
///
/// It replaced CSV.swift, which parsed the 28 MB of the 1,000,000-mark benchmark in 0.87 s; this reads
/// them in about a quarter of that (docs/benchmarks.md), which the attendance import needs.
struct CSVScanner {
    /// Why a file is not CSV, and where: `line` is the physical line, `field` the 1-based field.
    struct Failure: Error, Equatable {
        enum Kind: Equatable {
            case unclosedQuote
            case textAfterClosingQuote
            case notUTF8
        }
        var kind: Kind
        var line: Int
        var field: Int
    }

    let delimiter: UInt8

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Calls `body` with the line each record starts on and its fields (the array is reused: copy it to
    /// keep it). Stops at the first malformed record, after handing over every record before it.
    func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (_ line: Int, _ fields: [String]) throws -> Void
    ) throws {
        let count = bytes.count
        var index = 0
        var line = 1
        var fields: [String] = []
        var unescaped: [UInt8] = []
        // One pass over the whole buffer checks the encoding; fields are checked one by one only to
        // find where a file that fails it goes wrong.
        let valid = String(validating: bytes, as: UTF8.self) != nil
        func text(_ field: UnsafeBufferPointer<UInt8>, _ recordLine: Int) throws -> String {
            if valid { return String(decoding: field, as: UTF8.self) }
            guard let value = String(validating: field, as: UTF8.self) else {
                throw Failure(kind: .notUTF8, line: recordLine, field: fields.count + 1)
            }
            return value
        }
        // Steps over one line break at `index` (CR LF counts once).
        func skipLineBreak() {
            if bytes[index] == Self.carriageReturn, index + 1 < count, bytes[index + 1] == Self.lineFeed { index += 1 }
            index += 1
            line += 1
        }
        while index < count {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            fieldLoop: while true {
                if index < count, bytes[index] == Self.quote {
                    index += 1
                    unescaped.removeAll(keepingCapacity: true)
                    var start = index
                    while true {
                        guard index < count else {
                            throw Failure(kind: .unclosedQuote, line: recordLine, field: fields.count + 1)
                        }
                        let byte = bytes[index]
                        if byte == Self.quote {
                            unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                            if index + 1 < count, bytes[index + 1] == Self.quote {
                                unescaped.append(Self.quote)
                                index += 2
                                start = index
                                continue
                            }
                            index += 1
                            break
                        }
                        if byte == Self.lineFeed
                            || (byte == Self.carriageReturn
                                && !(index + 1 < count && bytes[index + 1] == Self.lineFeed))
                        {
                            line += 1
                        }
                        index += 1
                    }
                    fields.append(try unescaped.withUnsafeBufferPointer { try text($0, recordLine) })
                    guard index < count else { break fieldLoop }
                    let byte = bytes[index]
                    if byte == delimiter {
                        index += 1
                        continue fieldLoop
                    }
                    guard byte == Self.lineFeed || byte == Self.carriageReturn else {
                        throw Failure(kind: .textAfterClosingQuote, line: line, field: fields.count)
                    }
                    skipLineBreak()
                    break fieldLoop
                }
                let start = index
                while index < count {
                    let byte = bytes[index]
                    if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                fields.append(try text(UnsafeBufferPointer(rebasing: bytes[start..<index]), recordLine))
                guard index < count else { break fieldLoop }
                if bytes[index] == delimiter {
                    index += 1
                    continue fieldLoop
                }
                skipLineBreak()
                break fieldLoop
            }
            try body(recordLine, fields)
        }
    }

    /// The delimiter a header line uses: whichever of `,` and `;` appears more often outside quotes.
    static func delimiter(ofHeader bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var commas = 0
        var semicolons = 0
        var quoted = false
        for byte in bytes {
            if byte == lineFeed || byte == carriageReturn, !quoted { break }
            if byte == quote { quoted.toggle() }
            if !quoted && byte == UInt8(ascii: ",") { commas += 1 }
            if !quoted && byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}
