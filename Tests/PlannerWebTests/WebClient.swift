import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PlannerCore
import PlannerServices
import PlannerWeb
import Testing

/// Someone using the application in a test: the session cookie their browser holds, and the form token
/// of the last page that carried one.
struct Visitor {
    var cookie: String?
    var formToken: String?

    static let anonymous = Visitor()
}

/// One request as a browser would send it: the visitor's cookie, a same-origin form post.
func send(
    _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, as visitor: Visitor = .anonymous,
    form: [(String, String)]? = nil, headers extra: HTTPFields = [:]
) async throws -> TestResponse {
    var headers = extra
    if let cookie = visitor.cookie { headers[.cookie] = cookie }
    var body: ByteBuffer?
    if let form {
        headers[.contentType] = "application/x-www-form-urlencoded"
        let allowed = CharacterSet.alphanumerics.union(["-", "_", ".", "~"])
        body = ByteBuffer(
            string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(
                separator: "&"))
    }
    return try await client.execute(uri: uri, method: method, headers: headers, body: body) { $0 }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The session cookie the response sets (`name=value`), if any.
    var sessionCookie: String? {
        headers[values: .setCookie].first {
            $0.hasPrefix("planner-session=") || $0.hasPrefix("__Host-planner-session=")
        }
        .flatMap { $0.split(separator: ";").first.map(String.init) }
    }

    /// The form token a page carries.
    var formToken: String? {
        guard let range = text.range(of: #"name="csrf" value=""#) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// Sets up `account`'s password through its one-time link, as its owner would; returns the signed-in visitor.
func setUp(
    _ client: some TestClientProtocol, link: Accounts.SetupLink, password: String = "a long pass phrase"
) async throws -> Visitor {
    let response = try await send(client, .post, link.path, form: [("password", password), ("repeated", password)])
    #expect(response.status == .seeOther, "set-up of \(link.account): \(response.text)")
    let cookie: String = try #require(response.sessionCookie)
    var visitor = Visitor(cookie: cookie)
    let page = try await send(client, .get, response.headers[.location] ?? "/", as: visitor)
    visitor.formToken = page.formToken
    return visitor
}

/// Signs in with a password; nil when refused.
func signIn(_ client: some TestClientProtocol, _ name: String, _ password: String) async throws -> Visitor? {
    let response = try await send(client, .post, "/login", form: [("name", name), ("password", password)])
    guard response.status == .seeOther, let cookie = response.sessionCookie else { return nil }
    var visitor = Visitor(cookie: cookie)
    visitor.formToken = try await send(client, .get, "/trainer", as: visitor).formToken
    return visitor
}

/// The fixture's trainers: the one teaching SEM1-ADM#1 (where P01 and P02 are registered), one of their
/// sessions, and another trainer with a session of theirs.
struct Teaching {
    var trainer: String
    var session: SessionKey
    var otherTrainer: String
    var otherSession: SessionKey

    init(_ context: ServiceContext) throws {
        let sessions = try ScheduleBook(context).current().schedule.sessions.map(\.session)
        let own = try #require(sessions.first { $0.cohort == Cohort(offeringID: "SEM1-ADM", number: 1) })
        let other = try #require(sessions.first { $0.trainerID != own.trainerID })
        trainer = own.trainerID
        session = SessionKey(cohort: own.cohort, index: own.index)
        otherTrainer = other.trainerID
        otherSession = SessionKey(cohort: other.cohort, index: other.index)
    }
}

/// The roll-call path of a session.
func path(_ key: SessionKey) -> String {
    "/trainer/sessions/\(key.cohort.offeringID)/\(key.cohort.number)/\(key.index)"
}

/// The server of the tests: limits high enough that only the rate-limit tests meet them.
func webServer(
    _ context: ServiceContext, secureCookies: Bool = false, apiLimit: RateLimit = RateLimit(requests: 10_000, per: 60)
) -> PlannerWebServer {
    PlannerWebServer(
        context: context, verifyLimit: RateLimit(requests: 10_000, per: 60),
        signInLimit: RateLimit(requests: 10_000, per: 60), apiLimit: apiLimit, secureCookies: secureCookies)
}
