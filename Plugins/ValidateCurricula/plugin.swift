import Foundation
import PackagePlugin

/// `swift package validate-curricula [PATH...]`: validates every XML file under `Curricula/` (or the
/// given files and folders) with the package's own `planner curriculum validate`, so the diagnostics
/// are exactly the CLI's (`file:line:col: error|warning: message`).
@main
struct ValidateCurricula: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let planner = try context.tool(named: "planner")
        let root = context.package.directoryURL
        let targets = arguments.isEmpty ? [root.appendingPathComponent("Curricula").path] : arguments
        var files: [String] = []
        for target in targets {
            let url = URL(fileURLWithPath: target, relativeTo: root)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                Diagnostics.error("\(target): no such file or folder")
                continue
            }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
                while let item = enumerator?.nextObject() as? URL {
                    if item.pathExtension == "xml" { files.append(item.path) }
                }
            } else {
                files.append(url.path)
            }
        }
        guard !files.isEmpty else {
            Diagnostics.error("no XML files to validate")
            return
        }
        let process = Process()
        process.executableURL = planner.url
        process.arguments = ["curriculum", "validate"] + files.sorted()
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("curricula have errors (see above)")
        }
    }
}
