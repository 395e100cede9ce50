public import Foundation
import Workspace

/// Where a use case runs, for whom, and by which clock: every service takes one.
///
/// The command line passes the login name and the system clock (or `PLANNER_NOW`); the web application
/// passes the signed-in account; tests pass a fixed instant.
public struct ServiceContext: Sendable {
    /// The workspace folder (it holds `planner.sqlite`).
    public var folder: URL
    /// Who acts: history records every write under this name.
    public var actor: String
    /// The current instant.
    public var clock: @Sendable () -> Date
    /// A workspace kept open for every use case of this context (a server's), instead of one opened per call.
    var open: OpenWorkspace?

    /// Creates a context.
    public init(folder: URL, actor: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.folder = folder
        self.actor = actor
        self.clock = clock
    }

    /// The current instant by ``clock``.
    public var now: Date { clock() }

    /// This context with its workspace opened once and kept open: every use case then shares the one
    /// connection (a server answering many requests), each acting as the context's actor. Another process
    /// can still use the workspace meanwhile (WAL journal, busy timeout).
    public func keepingOpen() throws -> ServiceContext {
        var context = self
        context.open = OpenWorkspace(
            try translatingErrors { try Workspace.openPooled(at: folder, actor: actor, clock: clock) })
        return context
    }

    /// Opens the workspace for this actor and clock, or fails with the message that says how to create one.
    func workspace() throws -> Workspace {
        if let open { return open.workspace.acting(as: actor, clock: clock) }
        return try translatingErrors { try Workspace.open(at: folder, actor: actor, clock: clock) }
    }
}

/// An open workspace shared by the use cases of a context.
final class OpenWorkspace: Sendable {
    let workspace: Workspace
    init(_ workspace: Workspace) { self.workspace = workspace }
}

/// The file name of the database inside a workspace folder.
public let workspaceDatabaseFileName = Workspace.databaseFileName

/// The migrations this version of the workspace knows, in order.
public var knownWorkspaceMigrations: [String] { Workspace.knownMigrations }
