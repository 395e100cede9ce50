import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

extension Planner {
    /// `planner status`: what the workspace holds.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what the workspace holds.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let status = try WorkspaceSetup.status(in: global.context)
            switch global.format {
            case .json:
                try printJSON(status)
            case .table, .csv:
                var table = ReportTable("what", "count")
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
                    print("Migrations known to this planner: \(knownWorkspaceMigrations.joined(separator: ", "))")
                }
            }
        }
    }
}
