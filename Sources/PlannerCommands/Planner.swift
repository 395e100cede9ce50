public import ArgumentParser
import Foundation
import PlannerServices

/// The `planner` command: the umbrella over every TrainingPlanner module.
public struct Planner: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "planner",
        abstract: "Plan, run and certify training programmes: curricula, seminars, attendance, certificates.",
        discussion: """
            The workspace is --workspace DIR, else $PLANNER_WORKSPACE, else the current folder.
            Exit codes: 0 success; 1 bad input, a failed check, or no workspace; 2 usage error.
            Shell completion: planner --generate-completion-script bash|zsh|fish
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Status.self, Curriculum.self, Schedule.self, Budget.self, AttendanceGroup.self, Participant.self,
            CertificatesGroup.self,
            Demo.self, Serve.self, Account.self,
        ]
    )

    public init() {}

    /// Runs the command line and exits with the documented codes (usage errors exit 2, not 64).
    public static func runMain() async -> Never {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let failure as CommandFailure {
            printError("error: \(failure.description)")
            Foundation.exit(1)
        } catch let failure as ServiceError {
            // Every use case's refusal: its positioned findings, then what went wrong; nothing was written.
            printDiagnostics(failure.diagnostics)
            printError("error: \(failure.message)")
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            if code == .validationFailure {
                Foundation.exit(2)
            }
            Foundation.exit(code == .failure ? 1 : code.rawValue)
        }
    }
}
