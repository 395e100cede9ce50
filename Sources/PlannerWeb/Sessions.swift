import Foundation
import HTTPTypes
import Hummingbird
public import HummingbirdAuth
import NIOCore
public import PlannerServices

/// What a signed-in session holds: the account, the token its forms carry, and when it began.
public struct WebSession: Codable, Sendable {
    /// The account's name.
    var account: String
    /// The session's form token (CSRF): every form and script request of the session sends it back.
    var formToken: String
    /// When the session began (sign-in).
    var since: Date
    /// When the session was last used (to the minute); a session idle for longer than the server's idle
    /// timeout is over. Nil in sessions stored before this was kept: their sign-in counts.
    var seen: Date?
}

/// Ends a session left idle for longer than `idle` (the signed-in person must sign in again), and notes a
/// request's time in the session at most once a minute (a tap need not write the session each time).
struct IdleTimeout: RouterMiddleware {
    typealias Context = WebContext
    let idle: Duration
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard var session = context.sessions.session else { return try await next(request, context) }
        let now = now()
        let last = session.seen ?? session.since
        var context = context
        if now.timeIntervalSince(last) > Double(idle.components.seconds) {
            context.sessions.clearSession()
            context.identity = nil
        } else if now.timeIntervalSince(last) >= 60 {
            session.seen = now
            _ = context.sessions.updateSession(session)
        }
        return try await next(request, context)
    }
}

/// Who is signed in, with the roles hummingbird-auth's ``RolePolicy`` checks: a coordinator may do what a
/// trainer does (any session), a trainer only that.
public struct Identity: RoleProviding {
    /// The account.
    public var account: Accounts.Account
    /// Its roles.
    public var roles: Set<Accounts.Role> { account.role == .coordinator ? [.coordinator, .trainer] : [.trainer] }
}

/// hummingbird-auth's session storage over the workspace: sessions live in `planner.sqlite` (keys hashed),
/// so they survive a restart and every process serving the workspace sees them.
struct WorkspacePersistDriver: PersistDriver {
    let context: ServiceContext
    /// Sessions as decoded before, by their stored text: every request reads its session, and the same
    /// text decodes to the same value, so only a session's first request (or its first after a change)
    /// pays for the JSON decoder.
    private let decoded = DecodedValues()

    init(context: ServiceContext) { self.context = context }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        do {
            try store.set(key, value: try encode(value), expires: expiry(expires), create: true)
        } catch let error as ServiceError where error.code == .conflict {
            throw PersistError.duplicate
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try store.set(key, value: try encode(value), expires: expiry(expires))
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (
        object: Object, ttl: Duration?
    )? {
        guard let (value, expires) = try store.get(key) else { return nil }
        let object: Object
        if let known = decoded[value, as: Object.self] {
            object = known
        } else {
            guard let fresh = try? JSONDecoder().decode(Object.self, from: Data(value.utf8)) else {
                throw PersistError.invalidConversion
            }
            decoded[value, as: Object.self] = fresh
            object = fresh
        }
        return (object, expires.map { .seconds($0.timeIntervalSince(context.now)) })
    }

    func remove(key: String) async throws { try store.remove(key) }

    private var store: WebSessionStore { WebSessionStore(context) }

    private func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private func expiry(_ duration: Duration?) -> Date? {
        duration.map { context.now.addingTimeInterval(Double($0.components.seconds)) }
    }
}

/// Decoded values by the text they came from, a few thousand at most (forgotten all at once when full).
private final class DecodedValues: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: any Sendable] = [:]
    private let capacity = 4096

    subscript<Object: Sendable>(text: String, as type: Object.Type) -> Object? {
        get { lock.withLock { values[text] as? Object } }
        set {
            lock.withLock {
                if values.count >= capacity { values.removeAll(keepingCapacity: true) }
                values[text] = newValue
            }
        }
    }
}

/// Refuses a state-changing request that a browser sent from another site (CSRF), in the manner of Go
/// 1.25's `CrossOriginProtection`: `Sec-Fetch-Site` must say the request came from this site (or was
/// typed); without it, `Origin` must be this server; a request with neither is not from a browser's page
/// and passes (forms also carry the session's token, checked by ``FormToken``).
struct CrossOriginProtection<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] {
            guard site == "same-origin" || site == "none" else {
                throw HTTPError(.forbidden, message: "cross-site request refused")
            }
        } else if let origin = request.headers[HTTPField.Name("Origin")!] {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host,
                originHost + (url.port.map { ":\($0)" } ?? "") == host
            else {
                throw HTTPError(.forbidden, message: "cross-origin request refused")
            }
        }
        return try await next(request, context)
    }
}

/// Sends a request without a signed-in account to the sign-in page (a page) or answers 401 (anything
/// else), and a signed-in account without the role 403, through hummingbird-auth's ``RolePolicy``.
struct RequireRole: RouterMiddleware {
    typealias Context = WebContext
    let role: Accounts.Role?

    init(_ role: Accounts.Role?) { self.role = role }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard context.identity != nil else {
            guard request.method == .get, !request.isAPI else {
                throw HTTPError(.unauthorized, message: "sign in first")
            }
            let path = request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return Response(status: .seeOther, headers: [.location: "/login?next=" + path])
        }
        guard let role else { return try await next(request, context) }
        return try await AuthorizationPolicyMiddleware(
            RolePolicy<Identity>(role), deniedError: HTTPError(.forbidden, message: "not for your account"),
            context: WebContext.self
        ).handle(request, context: context, next: next)
    }
}

/// Keeps browsers and proxies from storing what a page behind an account or a personal link shows.
struct NoStore: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
