public import PlannerCore
import Workspace

/// Why a use case did not do what was asked; nothing was written when it throws this.
///
/// Front ends show ``diagnostics`` (positioned, `file:line:col: error: …`) and then ``message``; the
/// command line exits 1.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure; the set will grow, so it is wrapped.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String {
            case invalidInput, notFound, conflict, refused, forbidden, noWorkspace, failed
        }
        fileprivate let base: Base

        /// A file or value given has errors (see ``ServiceError/diagnostics``).
        public static let invalidInput = Code(base: .invalidInput)
        /// Something named does not exist.
        public static let notFound = Code(base: .notFound)
        /// The request conflicts with what the workspace holds.
        public static let conflict = Code(base: .conflict)
        /// A rule refuses it (a session not started yet, someone not registered…).
        public static let refused = Code(base: .refused)
        /// The acting account may not do this (another trainer's session).
        public static let forbidden = Code(base: .forbidden)
        /// The folder holds no workspace, or one this version cannot open.
        public static let noWorkspace = Code(base: .noWorkspace)
        /// Reading or writing a file failed.
        public static let failed = Code(base: .failed)

        public var description: String { base.rawValue }
    }

    /// What kind of failure.
    public let code: Code
    /// What went wrong and what to do, in one sentence.
    public let message: String
    /// Positioned problems found in the input, to show before the message.
    public let diagnostics: [Diagnostic]

    /// Creates an error.
    public init(_ code: Code, _ message: String, diagnostics: [Diagnostic] = []) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
    }

    public var description: String { message }
}

/// Runs `body`, translating the workspace's errors into ``ServiceError`` (`suffix` is added to their message).
func translatingErrors<T>(suffix: String = "", _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw translated(error, suffix: suffix)
    }
}

/// A workspace's error as the service error it means; any other error as it is.
func translated(_ error: any Error, suffix: String = "") -> any Error {
    switch error {
    case let error as WorkspaceError: ServiceError(error.serviceCode, String(describing: error) + suffix)
    case let error as MarkingError:
        ServiceError(.refused, "nothing was recorded:\n  " + error.problems.joined(separator: "\n  "))
    default: error
    }
}

extension WorkspaceError {
    /// The service error code this workspace error is.
    var serviceCode: ServiceError.Code {
        switch code {
        case .notAWorkspace, .newerSchema, .unreadable, .cannotCreate: .noWorkspace
        case .notFound: .notFound
        default: .conflict
        }
    }
}
