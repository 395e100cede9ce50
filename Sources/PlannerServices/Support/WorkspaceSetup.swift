public import PlannerCore
import Workspace

/// Creating a workspace, and what it holds.
public enum WorkspaceSetup {
    /// Creates the workspace of `context` (or opens the one there, migrating it forward); returns whether it
    /// was created now.
    public static func create(in context: ServiceContext) throws -> Bool {
        try translatingErrors {
            try Workspace.create(at: context.folder, actor: context.actor, clock: context.clock).created
        }
    }

    /// What the workspace of `context` holds.
    public static func status(in context: ServiceContext) throws -> WorkspaceStatus {
        try context.workspace().status()
    }

    /// The workspace's history, oldest first; only the lines about `subject` when given.
    public static func history(in context: ServiceContext, subject: String? = nil) throws -> [HistoryEntry] {
        try context.workspace().history(subject: subject)
    }
}
