/// One finding about an input file, printed compiler-style: `file:line:col: error: message`.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        /// Something worth knowing.
        case note
        /// Suspicious but importable.
        case warning
        /// Blocks the import.
        case error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// The file as the user named it.
    public var file: String
    /// 1-based line; 0 when the finding is about the whole file.
    public var line: Int
    /// 1-based column; 0 when unknown.
    public var column: Int
    /// How serious it is.
    public var severity: Severity
    /// What is wrong and, where possible, what to do.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, severity: Severity, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// An error at a position.
    public static func error(_ message: String, file: String, line: Int = 0, column: Int = 0) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: .error, message: message)
    }

    /// A warning at a position.
    public static func warning(_ message: String, file: String, line: Int = 0, column: Int = 0) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: .warning, message: message)
    }

    /// `file:line:col: severity: message`; the position parts that are unknown are left out.
    public var description: String {
        var position = file
        if line > 0 {
            position += ":\(line)"
            if column > 0 { position += ":\(column)" }
        }
        return "\(position): \(severity.rawValue): \(message)"
    }
}

extension Sequence<Diagnostic> {
    /// Whether any finding is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, then position, as a compiler prints them.
    public func sortedByPosition() -> [Diagnostic] {
        sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }
}
