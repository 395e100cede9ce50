import ArgumentParser
import Foundation
import PlannerServices

extension Planner.Demo {
    /// `planner demo [--output DIR]`: the main job end to end on built-in data.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run the whole job on built-in data into a new workspace folder, and summarise it.",
            discussion: """
                Creates a workspace in DIR, imports the sample curricula (built in; --curricula DIR for others),
                loads the demo territory's venues, trainers, funders and offerings (written to DIR/inputs/ so you
                can read and change them), schedules, registers synthetic participants, simulates attendance,
                issues certificates, and writes calendars, sign-in sheets, certificates, the budget and
                equal-opportunities reports into DIR.
                Afterwards DIR is an ordinary workspace: try `planner status --workspace DIR`.
                """)

        @Option(name: .shortAndLong, help: "Folder to create (default: planner-demo-N in the current folder).")
        var output: String?
        @Option(help: "Folder of curricula to import instead of the built-in samples.") var curricula: String?
        @Option(help: "Synthetic participants.") var participants: Int = 300
        @Option(help: "Seed of the synthetic data and the solver.") var seed: UInt64 = 1
        @Option(help: "Seconds for the solver.") var seconds: Double = 3
        @Option(help: "Where `planner serve` will answer: certificates' QR codes link to PUBLIC-URL/verify/CODE.")
        var publicURL = "http://127.0.0.1:8080"

        func validate() throws {
            guard (10...100_000).contains(participants) else {
                throw ValidationError("--participants from 10 to 100000")
            }
        }

        func run() async throws {
            let started = Date()
            let folder =
                output.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
                ?? RunDemo.newFolder(in: URL(fileURLWithPath: ".", isDirectory: true))
            let demo = RunDemo(
                folder: folder, curricula: curricula.map { URL(fileURLWithPath: $0, isDirectory: true) },
                participants: participants, seed: seed, seconds: seconds, publicURL: publicURL,
                step: { printError("• \($0)") })
            let outcome = try await demo.run(in: commandContext(folder: folder))
            print(outcome.summary)
            print("Files:")
            for path in outcome.files { print("  \(folder.path)/\(path)") }
            print(
                String(
                    format: "\nDone in %.1f s. The workspace is %@; try: planner status --workspace %@",
                    Date().timeIntervalSince(started), folder.path, folder.path))
            print(
                """
                Open it in a browser: planner serve --workspace \(folder.path)
                It prints the address and a one-time link to set the coordinator's password; certificates' QR codes
                link to \(publicURL)/verify/…; `planner account add NAME --role trainer --trainer ID` gives a trainer
                a set-up link for their roll-calls.
                """)
        }
    }
}
