import Foundation
public import Hummingbird
public import HummingbirdAuth
import Mustache
public import NIOCore
import NIOPosix
import PlannerCore
public import PlannerServices

/// The web application: server-rendered pages and JSON over the same services the command line calls.
///
/// Public: `/verify/{code}` (and a form to type a code) and the issuer's profile and key. Participants: a
/// personal secret link (`/p/{token}`) with their sessions, attendance, certificates and calendar feed.
/// Trainers (accounts): their sessions and the roll-call of each. Coordinators (accounts): the dashboard
/// and the accounts. Every route and who may call it is listed by ``routes()``.
public struct PlannerWebServer: Sendable {
    /// The workspace served, and the clock; each request acts as its signed-in account (history names it).
    public var context: ServiceContext
    /// Verifications per client address and minute (then 429 with Retry-After).
    public var verifyLimit: RateLimit
    /// Sign-in and set-up attempts per client address.
    public var signInLimit: RateLimit
    /// Calls of the JSON API (`/api/v1`) per client address.
    public var apiLimit: RateLimit
    /// Served over HTTPS (directly or behind a proxy): the session cookie is `Secure` and `__Host-` named.
    public var secureCookies: Bool
    /// How long a session lasts after sign-in.
    public var sessionLength: Duration
    /// How long a session may stay unused before it is over (sign in again).
    public var idleTimeout: Duration = .seconds(30 * 60)
    /// The largest upload accepted, in bytes (all files of one form together).
    public var uploadLimit = 50 * 1_048_576

    /// A server over the workspace of `context`.
    public init(
        context: ServiceContext, verifyLimit: RateLimit = RateLimit(requests: 60, per: 60),
        signInLimit: RateLimit = RateLimit(requests: 10, per: 60),
        apiLimit: RateLimit = RateLimit(requests: 600, per: 60), secureCookies: Bool = false,
        sessionLength: Duration = .seconds(12 * 3600)
    ) {
        self.context = context
        self.verifyLimit = verifyLimit
        self.signInLimit = signInLimit
        self.apiLimit = apiLimit
        self.secureCookies = secureCookies
        self.sessionLength = sessionLength
    }

    /// Serves on `host:port` until the task is cancelled or the process is interrupted; `onReady` receives the
    /// address once the server listens.
    public func run(host: String, port: Int, onReady: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let app = Application(
            router: try router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onReady("http://\(host):\(channel.localAddress?.port ?? port)/") })
        try await app.runService()
    }

    /// The routes, with their middleware.
    public func router() throws -> Router<WebContext> { try build().router }

    /// Every route and who may call it (the role matrix).
    public func routes() throws -> [RouteEntry] { try assemble().table.entries }

    /// The name of the session cookie.
    var cookieName: String { secureCookies ? "__Host-planner-session" : "planner-session" }

    func build() throws -> (router: Router<WebContext>, table: RouteTable) {
        // One connection for every request, each acting as its account.
        var server = self
        server.context = try context.keepingOpen()
        return try server.assemble()
    }

    private func assemble() throws -> (router: Router<WebContext>, table: RouteTable) {
        let app = try WebApp(server: self)
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorPages(pages: app.pages))
        router.add(
            middleware: SessionMiddleware<WebContext>(
                storage: WorkspacePersistDriver(context: context),
                configuration: .init(
                    sessionCookieParameters: .init(
                        name: cookieName, path: "/", secure: secureCookies, sameSite: .lax),
                    keyPrefix: "", defaultSessionExpiration: sessionLength)))
        let context = self.context
        router.add(
            middleware: SessionAuthenticator(context: WebContext.self) { (session: WebSession, _) in
                try Accounts(context).active(session.account).map { Identity(account: $0) }
            })
        router.add(middleware: IdleTimeout(idle: idleTimeout, now: { context.now }))
        router.add(middleware: CrossOriginProtection())
        let table = RouteTable()
        app.publicRoutes(RouteGroup(router, "/", access: .anyone, table: table))
        app.verifyRoutes(
            RouteGroup(router, "/verify", access: .anyone, table: table).add(
                middleware: RateLimiting(limit: verifyLimit)))
        app.accountRoutes(
            RouteGroup(router, "/", access: .anyone, table: table).add(middleware: RateLimiting(limit: signInLimit)),
            signedIn: RouteGroup(router, "/", access: .signedIn, table: table))
        app.participantRoutes(RouteGroup(router, "/p", access: .participantLink, table: table))
        app.feedRoutes(RouteGroup(router, "/feeds", access: .participantLink, table: table))
        app.trainerRoutes(RouteGroup(router, "/trainer", access: .trainer, table: table))
        app.coordinatorRoutes(RouteGroup(router, "/coordinator", access: .coordinator, table: table))
        let api = RateLimiting<WebContext>(limit: apiLimit)
        app.publicAPIRoutes(RouteGroup(router, "/api/v1", access: .anyone, table: table, limit: api))
        app.trainerAPIRoutes(RouteGroup(router, "/api/v1", access: .trainer, table: table, limit: api))
        app.coordinatorAPIRoutes(RouteGroup(router, "/api/v1", access: .coordinator, table: table, limit: api))
        return (router, table)
    }
}

/// What the route handlers share: the server's settings and the templates.
struct WebApp: Sendable {
    let server: PlannerWebServer
    let pages: Pages

    init(server: PlannerWebServer) throws {
        self.server = server
        pages = try Pages()
    }

    /// The service context of a request: the workspace, acting as the signed-in account (or `web` for
    /// anonymous reads).
    func services(_ context: WebContext) -> ServiceContext {
        var services = server.context
        services.actor = context.identity?.account.name ?? "web"
        return services
    }

    /// What every page shows around its content.
    func frame(_ title: String, _ context: WebContext, organiser: String? = nil) throws -> Frame {
        Frame(
            title: title, organiser: try organiser ?? ProgrammeSettings(server.context).organiser(),
            account: context.identity.map {
                Frame.Account(
                    name: $0.account.name, coordinator: $0.account.role == .coordinator,
                    formToken: context.sessions.session?.formToken ?? "")
            })
    }
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

/// What a request carries through the routes: the client's address, the session, the signed-in account.
public struct WebContext: RequestContext, RemoteAddressRequestContext, AuthRequestContext, SessionRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected client's address (rate limits count per address).
    public let remoteAddress: SocketAddress?
    /// The signed-in session (hummingbird-auth's), if any.
    public let sessions: SessionContext<WebSession>
    /// The signed-in account, if any.
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        sessions = SessionContext()
    }
}

/// A JSON response in the form every front end writes (sorted keys, pretty).
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: try jsonText(value) + "\n")))
}

/// A response of `bytes` as `type`.
func fileResponse(_ bytes: some Sequence<UInt8>, type: String, name: String? = nil) -> Response {
    var headers: HTTPFields = [.contentType: type]
    if let name { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(bytes))))
}

/// A redirect after a form (303 See Other).
func redirect(_ location: String) -> Response { Response(status: .seeOther, headers: [.location: location]) }

extension Request {
    /// The body of a form (`application/x-www-form-urlencoded`), decoded; at most `limit` bytes.
    func form<T: Decodable>(_ type: T.Type, limit: Int = 64 * 1024) async throws -> T {
        let buffer = try await body.collect(upTo: limit)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "the form is incomplete")
        }
    }

    /// Whether the client asked for JSON (the roll-call's script).
    var wantsJSON: Bool { headers[.accept]?.contains("application/json") ?? false }

    /// Whether this is a call of the JSON API (answered in JSON, errors too).
    var isAPI: Bool { uri.path.hasPrefix("/api/") }
}

extension WebContext {
    /// The signed-in account (the groups' middleware has required one).
    func account() throws -> Accounts.Account {
        guard let account = identity?.account else { throw HTTPError(.unauthorized) }
        return account
    }

    /// Refuses a form whose token is not the session's (CSRF).
    func checkFormToken(_ token: String?) throws {
        guard let expected = sessions.session?.formToken, let token,
            token.utf8.count == expected.utf8.count,
            zip(token.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw HTTPError(.forbidden, message: "this form has expired; reload the page and try again") }
    }
}

/// Runs slow work (bcrypt) on NIO's thread pool, off the event loops and the cooperative threads.
func offLoop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}
