import ArgumentParser
import Foundation
import PlannerServices

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
            let created = try WorkspaceSetup.create(in: commandContext(folder: folder))
            if global.format == .json {
                try printJSON(["workspace": folder.path, "created": created ? "true" : "false"])
            } else if created {
                print("Created workspace \(folder.path)/\(workspaceDatabaseFileName)")
            } else {
                print("\(folder.path) is already a workspace; it is up to date.")
            }
        }
    }
}
