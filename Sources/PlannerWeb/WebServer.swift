import Foundation
public import Hummingbird
import Mustache
public import NIOCore
import PlannerCore
public import PlannerServices

/// The web application: server-rendered pages and JSON over the same services the command line calls.
///
/// This first part serves what anyone holding a certificate needs: `/verify/{code}` (and a form to type a
/// code) with the certificate's status, what it says and its JSON form, and the issuer's profile and public
/// key at stable URLs so that an Open Badges credential's issuer resolves and its signature can be checked.
public struct PlannerWebServer: Sendable {
    /// The workspace served, and who acts (history names the account; public pages only read).
    public var context: ServiceContext
    /// Verifications per client address and minute (then 429 with Retry-After).
    public var verifyLimit: RateLimit

    /// A server over the workspace of `context`.
    public init(context: ServiceContext, verifyLimit: RateLimit = RateLimit(requests: 60, per: 60)) {
        self.context = context
        self.verifyLimit = verifyLimit
    }

    /// Serves on `host:port` until the task is cancelled or the process is interrupted; `onReady` receives the
    /// address once the server listens.
    public func run(host: String, port: Int, onReady: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let app = Application(
            router: try router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onReady("http://\(host):\(channel.localAddress?.port ?? port)/") })
        try await app.runService()
    }

    /// The routes, with their middleware (security headers on every response, rate limits).
    public func router() throws -> Router<WebContext> {
        let pages = try Pages()
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        let office = CertificateOffice(context)
        router.get("/") { _, _ in try pages.render("home", Page(title: "Check a certificate", organiser: organiser())) }
        router.get("/static/site.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.site_css)))
        }
        let verify = router.group("verify").add(middleware: RateLimiting(limit: verifyLimit))
        verify.get { request, _ in
            guard let code = request.uri.queryParameters.get("code"), !code.isEmpty else {
                return Response(status: .seeOther, headers: [.location: "/"])
            }
            // A form sends spaces as '+'; codes are read forgiving case and separators.
            let typed = code.replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces).uppercased()
                .replacingOccurrences(of: " ", with: "-")
            let path = typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-"])) ?? ""
            return Response(status: .seeOther, headers: [.location: "/verify/" + path])
        }
        verify.get(":code") { _, context in
            var code = try context.parameters.require("code")
            let json = code.hasSuffix(".json")
            if json { code.removeLast(5) }
            let record = try office.publicRecord(code: code)
            let status: HTTPResponse.Status = record == nil ? .notFound : .ok
            if json {
                return try jsonResponse(record.map(VerifyJSON.init) ?? VerifyJSON(unknown: code), status: status)
            }
            let page = VerifyPage(
                title: record == nil ? "Unknown code" : "Certificate \(record!.code)", organiser: try organiser(),
                code: record?.code ?? code, certificate: record.map(CertificateView.init))
            var response = try pages.render("verify", page)
            response.status = status
            return response
        }
        router.get("/issuer") { _, _ in try jsonResponse(IssuerJSON(try office.issuerProfile()), status: .ok) }
        router.get("/issuer/jwks.json") { _, _ in
            let profile = try office.issuerProfile()
            return try jsonResponse(["keys": profile.publicJWK.map { [$0] } ?? []], status: .ok)
        }
        return router
    }

    private func organiser() throws -> String { try ProgrammeSettings(context).organiser() }
}

/// How many requests a client may make in a period.
public struct RateLimit: Sendable, Hashable {
    /// Requests allowed in a period (the bucket's size).
    public var requests: Int
    /// The period, in seconds.
    public var seconds: Double

    /// `requests` per `seconds`.
    public init(requests: Int, per seconds: Double) {
        self.requests = requests
        self.seconds = seconds
    }
}

/// What a request carries through the routes: the core context and the client's address.
public struct WebContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected client's address (rate limits count per address).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// A JSON response in the form every front end writes (sorted keys, pretty).
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: try jsonText(value) + "\n")))
}
