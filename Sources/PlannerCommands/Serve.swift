import ArgumentParser
import Foundation
import PlannerServices
import PlannerWeb

extension Planner {
    /// `planner serve`: the web application over the workspace.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the web application: roll-calls, participants' pages, the dashboard, verification.",
            discussion: """
                Public: / and /verify/CODE (what a certificate's QR code opens; /verify/CODE.json for programs),
                /issuer (the issuer's Open Badges profile with its public key) and /issuer/jwks.json.
                Trainers sign in at /login for their sessions' roll-calls; coordinators for the dashboard,
                accounts and participants' personal links (/p/…). On a workspace where no coordinator can sign
                in yet, it prints a one-time link to set up the first coordinator's password.
                --public-url makes certificates issued from now on link to PUBLIC-URL/verify/CODE and name
                PUBLIC-URL/issuer as their issuer. Stop with Ctrl-C.
                """)

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on (0: any free port).") var port = 8080
        @Option(help: "The address users reach this server at (https://…), for new certificates.")
        var publicURL: String?
        @Option(help: "Verifications a client may make per minute.") var verifyLimit = 60
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port is from 0 to 65535") }
            guard verifyLimit > 0 else { throw ValidationError("--verify-limit must be positive") }
        }

        func run() async throws {
            let context = global.context
            _ = try WorkspaceSetup.status(in: context)  // a workspace, or the message that says how to make one
            if let publicURL { try ProgrammeSettings(context).setPublicURL(publicURL) }
            let base = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            let server = PlannerWebServer(
                context: context, verifyLimit: RateLimit(requests: verifyLimit, per: 60),
                secureCookies: base?.lowercased().hasPrefix("https://") ?? false)
            let firstCoordinator = try Accounts(context).firstCoordinatorLink()
            try await server.run(host: host, port: port) { url in
                print("Serving \(global.folder.path) at \(url) (Ctrl-C stops)")
                if let link = firstCoordinator {
                    print("No coordinator can sign in yet. Open this one-time link to choose the password of")
                    print("the account '\(link.account)' (it works once, for 7 days; a restart makes a new one):")
                    print("  \(base ?? String(url.dropLast()))\(link.path)")
                }
                fflush(nil)
            }
        }
    }
}
