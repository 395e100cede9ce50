import ArgumentParser
import Foundation
import Workspace

extension Planner {
    /// `planner init [DIR]`: creates a workspace.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace (planner.sqlite) in DIR, default the workspace folder.")

        @Argument(help: "Folder to create the workspace in.")
        var directory: String?

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let folder =
                directory.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL } ?? global.folder
            let result: (workspace: Workspace, created: Bool)
            do {
                result = try Workspace.create(at: folder)
            } catch let error as WorkspaceError {
                throw CommandFailure(String(describing: error))
            }
            if global.format == .json {
                try printJSON(["workspace": folder.path, "created": result.created ? "true" : "false"])
            } else if result.created {
                print("Created workspace \(folder.path)/\(Workspace.databaseFileName)")
            } else {
                print("\(folder.path) is already a workspace; it is up to date.")
            }
        }
    }
}
