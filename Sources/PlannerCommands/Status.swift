import ArgumentParser
import Foundation
import Workspace

extension Planner {
    /// `planner status`: what the workspace holds.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what the workspace holds.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            let status = try workspace.status()
            switch global.format {
            case .json:
                try printJSON(status)
            case .table, .csv:
                var table = TextTable("what", "count")
                table.add("curricula", String(status.curricula))
                table.add("modules", String(status.modules))
                table.add("offerings", String(status.offerings))
                table.add("scheduled sessions", String(status.scheduledSessions))
                table.add("participants", String(status.participants))
                table.add("attendance marks", String(status.marks))
                table.add("certificates", String(status.certificates))
                print("Workspace \(global.folder.path) (schema \(status.schemaVersion))")
                print(table.rendered)
                if global.verbose {
                    print("Migrations known to this planner: \(Workspace.knownMigrations.joined(separator: ", "))")
                }
            }
        }
    }
}
