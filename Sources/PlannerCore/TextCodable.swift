/// A value JSON holds as its text (`2027-03-01`, `09:00`, `Europe/Brussels`, `EUR`): encoded as its
/// description, decoded through ``init(text:)``, and a text that is not one is a decoding error saying what
/// was expected.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Reads the text form; nil when the text is not one.
    init?(text: String)
    /// What the text must be, for messages (`a date YYYY-MM-DD`).
    static var textForm: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not \(Self.textForm)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
