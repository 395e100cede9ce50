public import HTTPTypes
import Hummingbird
import PlannerServices

/// Who may call a route: the role matrix. Every route is registered through ``RouteGroup``, which records
/// it with its access, so the matrix a test checks is the router's own list.
public enum Access: String, Sendable, CaseIterable {
    /// Anyone, signed in or not.
    case anyone
    /// Whoever holds a personal secret link: a participant's page, an account's calendar feed (checked per
    /// object: the link's own records only).
    case participantLink = "participant link"
    /// A signed-in account of any role.
    case signedIn = "signed in"
    /// A trainer (own sessions) or a coordinator (any).
    case trainer
    /// A coordinator.
    case coordinator
}

/// One registered route.
public struct RouteEntry: Sendable, Hashable, CustomStringConvertible {
    /// The method.
    public var method: HTTPRequest.Method
    /// The path, with `:parameters`.
    public var path: String
    /// Who may call it.
    public var access: Access

    public var description: String { "\(method) \(path) (\(access.rawValue))" }
}

/// The routes registered so far.
final class RouteTable: @unchecked Sendable {
    private(set) var entries: [RouteEntry] = []
    func add(_ entry: RouteEntry) { entries.append(entry) }
}

/// A group of routes sharing a path prefix, an access rule and its middleware.
struct RouteGroup {
    let group: RouterGroup<WebContext>
    let prefix: String
    let access: Access
    let table: RouteTable

    typealias Handler = @Sendable (Request, WebContext) async throws -> Response

    /// A group under `router` at `prefix`, behind the middleware `access` needs; what is behind an account or
    /// a personal link is never stored by browsers.
    /// A `limit` is applied first, before the account is checked (a client over it learns nothing more).
    init(
        _ router: Router<WebContext>, _ prefix: String, access: Access, table: RouteTable,
        limit: RateLimiting<WebContext>? = nil
    ) {
        var group = router.group(RouterPath(prefix))
        if let limit { group = group.add(middleware: limit) }
        switch access {
        case .anyone: break
        case .participantLink: group = group.add(middleware: NoStore())
        case .signedIn: group = group.add(middleware: NoStore()).add(middleware: RequireRole(nil))
        case .trainer: group = group.add(middleware: NoStore()).add(middleware: RequireRole(.trainer))
        case .coordinator: group = group.add(middleware: NoStore()).add(middleware: RequireRole(.coordinator))
        }
        self.init(group: group, prefix: prefix, access: access, table: table)
    }

    private init(group: RouterGroup<WebContext>, prefix: String, access: Access, table: RouteTable) {
        self.group = group
        self.prefix = prefix
        self.access = access
        self.table = table
    }

    /// The group with `middleware` added to every route.
    func add(middleware: any MiddlewareProtocol<Request, Response, WebContext>) -> RouteGroup {
        RouteGroup(group: group.add(middleware: middleware), prefix: prefix, access: access, table: table)
    }

    func get(_ path: String = "", _ handler: @escaping Handler) { on(.get, path, handler) }
    func post(_ path: String = "", _ handler: @escaping Handler) { on(.post, path, handler) }

    private func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        let full = path.isEmpty ? prefix : (prefix == "/" ? "" : prefix) + "/" + path
        table.add(RouteEntry(method: method, path: full.isEmpty ? "/" : full, access: access))
        group.on(RouterPath(path), method: method, use: handler)
    }
}
