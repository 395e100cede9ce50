import Foundation

/// An ISO 4217 currency: its three-letter code and how many minor units make one major unit.
public struct Currency: Hashable, Sendable, TextCodable {
    /// The ISO 4217 alphabetic code, e.g. `EUR`.
    public let code: String
    /// Number of decimal digits of the minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    public let minorDigits: Int

    /// Digits of the minor unit for the currencies whose exponent is not 2.
    private static let exponents: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
        "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    ]

    /// Creates a currency from its ISO 4217 code; `nil` when the code is not three capital letters.
    public init?(code: String) {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return nil }
        self.code = code
        self.minorDigits = Currency.exponents[code] ?? 2
    }

    /// The euro, the currency of most programmes this tool plans.
    public static let euro = Currency(code: "EUR")!

    public var description: String { code }

    /// The number of minor units in one major unit (100 for EUR).
    public var minorUnitsPerMajor: Int64 {
        var result: Int64 = 1
        for _ in 0..<minorDigits { result *= 10 }
        return result
    }
}

/// An amount of money: a whole number of minor units (cents) in one currency. Never floating point.
public struct Money: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The amount in minor units (e.g. cents); negative amounts are allowed.
    public let minorUnits: Int64
    /// The currency of the amount.
    public let currency: Currency

    /// Creates an amount from minor units.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in the given currency.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// Why a text could not be read as an amount.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong, in words a user understands.
        public let description: String
    }

    /// Parses a decimal amount exactly: `1234.5`, `-12.00`, `12,000.00`, `1 200,50` with
    /// `decimalSeparator: ","`. More fraction digits than the currency has is an error, never rounded.
    public init(parsing text: String, currency: Currency, decimalSeparator: Character = ".") throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ParseError(description: "empty amount") }
        let groupSeparators: Set<Character> =
            decimalSeparator == "." ? [",", " ", "\u{00A0}", "_"] : [".", " ", "\u{00A0}", "_"]
        var negative = false
        var body = Substring(trimmed)
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        var integerPart: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenSeparator = false
        var seenDigit = false
        for character in body {
            if character == decimalSeparator {
                guard !seenSeparator else { throw ParseError(description: "'\(text)' has two decimal separators") }
                seenSeparator = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                seenDigit = true
                if seenSeparator {
                    fractionDigits += 1
                    guard fractionDigits <= currency.minorDigits else {
                        throw ParseError(
                            description:
                                "'\(text)' has more than \(currency.minorDigits) decimal digits for \(currency.code)")
                    }
                    fraction = fraction * 10 + Int64(digit)
                } else {
                    let (shifted, o1) = integerPart.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = shifted.addingReportingOverflow(Int64(digit))
                    guard !o1, !o2 else { throw ParseError(description: "'\(text)' is too large") }
                    integerPart = sum
                }
            } else if groupSeparators.contains(character) && !seenSeparator {
                continue
            } else {
                throw ParseError(description: "'\(text)' is not a decimal amount")
            }
        }
        guard seenDigit else { throw ParseError(description: "'\(text)' is not a decimal amount") }
        for _ in fractionDigits..<currency.minorDigits { fraction *= 10 }
        let (major, o1) = integerPart.multipliedReportingOverflow(by: currency.minorUnitsPerMajor)
        let (total, o2) = major.addingReportingOverflow(fraction)
        guard !o1, !o2 else { throw ParseError(description: "'\(text)' is too large") }
        self.init(minorUnits: negative ? -total : total, currency: currency)
    }

    /// The amount as a plain decimal string with exactly the currency's digits: `12000.00`, `-0.05`.
    public var decimalString: String {
        let perMajor = currency.minorUnitsPerMajor
        let magnitude = minorUnits.magnitude
        let major = magnitude / UInt64(perMajor)
        let minor = magnitude % UInt64(perMajor)
        var text = (minorUnits < 0 ? "-" : "") + String(major)
        if currency.minorDigits > 0 {
            let digits = String(minor)
            text += "." + String(repeating: "0", count: currency.minorDigits - digits.count) + digits
        }
        return text
    }

    /// The amount for people: thousands grouped, then the code: `12,000.00 EUR`.
    public var description: String {
        let plain = decimalString
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? String(plain.dropFirst()) : plain
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var grouped = ""
        for (index, character) in parts[0].reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        var text = (negative ? "-" : "") + String(grouped.reversed())
        if parts.count > 1 { text += "." + parts[1] }
        return text + " " + currency.code
    }

    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "comparing \(lhs.currency) with \(rhs.currency)")
        return lhs.minorUnits < rhs.minorUnits
    }

    /// The sum of two amounts in the same currency.
    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "adding \(lhs.currency) to \(rhs.currency)")
        return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    /// The difference of two amounts in the same currency.
    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "subtracting \(rhs.currency) from \(lhs.currency)")
        return Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }

    /// The amount times a whole number (a fee per session times sessions).
    public static func * (lhs: Money, rhs: Int) -> Money {
        Money(minorUnits: lhs.minorUnits * Int64(rhs), currency: lhs.currency)
    }

    /// Adds an amount in place.
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }

    /// Subtracts an amount in place.
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }

    /// The share of this amount given by a rate in basis points (10,000 = 100 %), rounded down to
    /// the minor unit, so that a cap computed from it is never exceeded.
    public func share(basisPoints: Int) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: Int64(basisPoints))
        precondition(!overflow, "amount too large for a rate")
        var quotient = product / 10_000
        if product % 10_000 != 0 && product < 0 { quotient -= 1 }
        return Money(minorUnits: quotient, currency: currency)
    }

    /// Splits the amount into parts proportional to `weights`, exactly: the parts add up to the
    /// amount, and the cents left by rounding go to the largest remainders (ties to the earlier part).
    public func allocated(proportionally weights: [Int]) -> [Money] {
        let total = weights.reduce(0, +)
        guard total > 0 else { return weights.map { _ in .zero(currency) } }
        var parts = weights.map { minorUnits * Int64($0) / Int64(total) }
        let remainders = weights.enumerated().map { ($0.offset, minorUnits * Int64($0.element) % Int64(total)) }
        var left = minorUnits - parts.reduce(0, +)
        for (index, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where left > 0 {
            parts[index] += 1
            left -= 1
        }
        return parts.map { Money(minorUnits: $0, currency: currency) }
    }
}

extension Money: Codable {
    private enum CodingKeys: String, CodingKey { case amount, currency }

    /// Encodes as `{"amount": "12000.00", "currency": "EUR"}`: a decimal string, never a float.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decimalString, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(Currency.self, forKey: .currency)
        let text = try container.decode(String.self, forKey: .amount)
        do {
            try self.init(parsing: text, currency: currency)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .amount, in: container, debugDescription: String(describing: error))
        }
    }
}

extension Currency {
    /// Reads the text form.
    public init?(text: String) { self.init(code: text) }

    /// What the text must be.
    public static let textForm = "an ISO 4217 code"
}
