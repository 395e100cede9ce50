/// A certificate's verification code: random, at least 60 bits, no look-alike characters, grouped.
///
/// The alphabet has 32 symbols (digits 2–9 and capitals without I and O), so each symbol carries
/// 5 bits; 15 symbols carry 75 bits, printed as three groups of five: `7KQ2M-X9FHD-3RTWP`.
public struct VerificationCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The symbols a code is made of.
    public static let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    /// Symbols per code.
    public static let length = 15
    /// Symbols per printed group.
    public static let groupLength = 5

    /// The symbols without separators.
    public let symbols: String

    /// Draws a new code from a random source (inject a seeded generator in tests).
    public init(using generator: inout some RandomNumberGenerator) {
        symbols = String((0..<Self.length).map { _ in Self.alphabet[Int(generator.next(upperBound: UInt8(32)))] })
    }

    /// Draws a new code from the system's secure random source.
    public init() {
        var generator = SystemRandomNumberGenerator()
        self.init(using: &generator)
    }

    /// Reads a code as a person typed it: case, spaces and dashes do not matter. `nil` when a symbol
    /// is outside the alphabet (the look-alikes 0, O, 1, I never occur in a code) or the length is wrong.
    public init?(reading text: String) {
        let symbols = String(text.uppercased().filter { $0 != "-" && $0 != " " })
        guard symbols.count == Self.length, symbols.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        self.symbols = symbols
    }

    /// Bits of randomness in a code.
    public static var entropyBits: Int { length * 5 }

    /// Grouped for reading: `7KQ2M-X9FHD-3RTWP`.
    public var description: String {
        stride(from: 0, to: symbols.count, by: Self.groupLength).map { start in
            let from = symbols.index(symbols.startIndex, offsetBy: start)
            let to = symbols.index(from, offsetBy: Self.groupLength)
            return String(symbols[from..<to])
        }.joined(separator: "-")
    }
}
