import ArgumentParser
import Foundation
import PlannerServices
import PlannerWeb

extension Planner {
    /// `planner serve`: the web application over the workspace.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the web application: certificate verification, the issuer's profile and key.",
            discussion: """
                Pages: / and /verify/CODE (what a certificate's QR code opens; /verify/CODE.json for programs),
                /issuer (the issuer's Open Badges profile with its public key) and /issuer/jwks.json.
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
            let server = PlannerWebServer(
                context: context, verifyLimit: RateLimit(requests: verifyLimit, per: 60))
            try await server.run(host: host, port: port) { url in
                print("Serving \(global.folder.path) at \(url) (Ctrl-C stops)")
                fflush(nil)
            }
        }
    }
}
