import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlannerCore
import PlannerServices
import PlannerWeb
import ServicesTestSupport
import TestSupport
import Testing

/// Accounts and sessions: set-up links, sign-in, the session cookie, sign-out, disabling and resetting.
@Suite(.serialized) struct AccountTests {
    @Test func aSetUpLinkWorksOnceAndSignInGivesANewSession() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let folderURL = folder.url
        let link = try Accounts(context).add("claire", role: .coordinator)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            // Too short, then two different passwords: refused, the link still works.
            let short = try await send(client, .post, link.path, form: [("password", "short"), ("repeated", "short")])
            #expect(short.status == .badRequest)
            #expect(short.text.contains("at least 12 characters"))
            let differ = try await send(
                client, .post, link.path,
                form: [("password", "a long pass phrase"), ("repeated", "a long pass phrasE")])
            #expect(differ.status == .badRequest)
            #expect(try await send(client, .get, link.path).status == .ok)
            let claire = try await setUp(client, link: link)
            #expect(try await send(client, .get, "/coordinator", as: claire).status == .ok)
            // Used up.
            #expect(try await send(client, .get, link.path).status == .notFound)
            let again = try await send(
                client, .post, link.path, form: [("password", "another long one"), ("repeated", "another long one")])
            #expect(again.status == .notFound)
            // Signing in again gives a new session id; the one presented before no longer works (fixation).
            let before = try #require(claire.cookie)
            let response = try await send(
                client, .post, "/login", as: claire, form: [("name", "claire"), ("password", "a long pass phrase")])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/coordinator")
            let after = try #require(response.sessionCookie)
            #expect(after != before)
            let old = try await send(client, .get, "/coordinator", as: Visitor(cookie: before))
            #expect(old.status == .seeOther, "the earlier session ended")
            #expect(old.headers[.location]?.hasPrefix("/login") == true)
            #expect(try await send(client, .get, "/coordinator", as: Visitor(cookie: after)).status == .ok)
            // Sessions are stored hashed: the cookie's value is in neither the database nor its log.
            let value = try #require(after.split(separator: "=", maxSplits: 1).last).utf8
            for file in [workspaceDatabaseFileName, workspaceDatabaseFileName + "-wal"] {
                let bytes = (try? Data(contentsOf: folderURL.appendingPathComponent(file))) ?? Data()
                #expect(bytes.count > 0 || file.hasSuffix("-wal"))
                #expect(bytes.firstRange(of: Data(value)) == nil, "\(file) holds a session id")
            }
        }
        let history = try WorkspaceSetup.history(in: context).filter { $0.subject == "account:claire" }
        #expect(history.map(\.action) == ["account.add", "account.password"])
        #expect(history.last?.actor == "claire", "the owner set their own password")
    }

    @Test func aWrongPasswordAndAnUnknownNameGetTheSameAnswer() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            _ = try await setUp(client, link: link)
            var answers: [String] = []
            for (name, password) in [("claire", "not the password"), ("nobody", "a long pass phrase")] {
                let response = try await send(client, .post, "/login", form: [("name", name), ("password", password)])
                #expect(response.status == .unauthorized)
                #expect(response.sessionCookie == nil)
                answers.append(response.text.replacingOccurrences(of: name, with: ""))
            }
            #expect(answers[0] == answers[1])
            #expect(answers[0].contains("The name or the password is wrong."))
            #expect(try await signIn(client, "claire", "a long pass phrase") != nil)
        }
    }

    @Test func theSessionCookieIsHttpOnlyLaxAndSecureOverHTTPS() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        for secure in [false, true] {
            let link = try Accounts(context).add("user\(secure)", role: .coordinator)
            let app = Application(router: try webServer(context, secureCookies: secure).router())
            try await app.test(.router) { client in
                let response = try await send(
                    client, .post, link.path,
                    form: [("password", "a long pass phrase"), ("repeated", "a long pass phrase")])
                let cookie = try #require(response.headers[values: .setCookie].first)
                let attributes = Set(
                    cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(attributes.contains("HttpOnly"))
                #expect(attributes.contains("SameSite=Lax"))
                #expect(attributes.contains("Path=/"))
                #expect(!attributes.contains { $0.hasPrefix("Domain") })
                #expect(attributes.contains("Secure") == secure)
                #expect(cookie.hasPrefix("__Host-planner-session=") == secure)
            }
        }
    }

    @Test func signOutDisablingAndResettingEndSessions() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let accounts = Accounts(context)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let trainer = try await setUp(
                client, link: try accounts.add("tom", role: .trainer, trainer: teaching.trainer))
            #expect(try await send(client, .get, "/trainer", as: trainer).status == .ok)
            // Sign-out needs the form token, then ends the session and clears the cookie.
            #expect(try await send(client, .post, "/logout", as: trainer, form: []).status == .forbidden)
            let out = try await send(
                client, .post, "/logout", as: trainer, form: [("csrf", trainer.formToken ?? "")])
            #expect(out.status == .seeOther)
            #expect(out.headers[values: .setCookie].first?.contains("Expires=") == true)
            #expect(try await send(client, .get, "/trainer", as: trainer).status == .seeOther)

            let again = try #require(try await signIn(client, "tom", "a long pass phrase"))
            try accounts.setDisabled("tom", true)
            #expect(try await send(client, .get, "/trainer", as: again).status == .seeOther, "disabled: signed out")
            #expect(try await signIn(client, "tom", "a long pass phrase") == nil)
            try accounts.setDisabled("tom", false)
            let third = try #require(try await signIn(client, "tom", "a long pass phrase"))
            let link = try accounts.reset("tom")
            #expect(try await send(client, .get, "/trainer", as: third).status == .seeOther, "reset: signed out")
            #expect(try await signIn(client, "tom", "a long pass phrase") == nil)
            _ = try await setUp(client, link: link, password: "a new long pass phrase")
        }
        #expect(throws: ServiceError.self) { try accounts.add("tom", role: .coordinator) }
        #expect(throws: ServiceError.self) { try accounts.add("x", role: .trainer) }
        #expect(throws: ServiceError.self) { try accounts.add("x", role: .trainer, trainer: "NOBODY") }
        #expect(throws: ServiceError.self) { try accounts.add("bad name", role: .coordinator) }
    }

    /// A clock the test moves forward.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var instant: Date
        init(_ instant: Date) { self.instant = instant }
        var now: Date { lock.withLock { instant } }
        func advance(minutes: Double) { lock.withLock { instant += minutes * 60 } }
    }

    @Test func aSessionLeftIdleForHalfAnHourIsOverButUseKeepsItAlive() async throws {
        let folder = try TemporaryFolder()
        var context = try await solvedWorkspace(folder.url)
        let clock = TestClock(context.now)
        context.clock = { clock.now }
        let teaching = try Teaching(context)
        let link = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let tom = try await setUp(client, link: link)
            // Used every 20 minutes for an hour: still signed in.
            for _ in 0..<3 {
                clock.advance(minutes: 20)
                #expect(try await send(client, .get, "/trainer", as: tom).status == .ok)
            }
            // Then 31 minutes without a request: over, and a write is refused as well.
            clock.advance(minutes: 31)
            let page = try await send(client, .get, "/trainer", as: tom)
            #expect(page.status == .seeOther && page.headers[.location]?.hasPrefix("/login") == true)
            let again = try #require(try await signIn(client, "tom", "a long pass phrase"))
            clock.advance(minutes: 31)
            let tap = try await send(
                client, .post, path(teaching.session) + "/marks", as: again,
                form: [("csrf", again.formToken ?? ""), ("participant", "P01"), ("status", "present")])
            #expect(tap.status == .unauthorized)
        }
    }

    @Test func theFirstCoordinatorsLinkIsNewAtEachStartUntilUsed() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let accounts = Accounts(context)
        let first = try #require(try accounts.firstCoordinatorLink())
        let second = try #require(try accounts.firstCoordinatorLink())
        #expect(first.account == "coordinator" && second.account == "coordinator")
        #expect(first.path != second.path)
        #expect(try accounts.pendingAccount(token: String(first.path.dropFirst(7))) == nil, "the earlier link died")
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in _ = try await setUp(client, link: second) }
        #expect(try accounts.firstCoordinatorLink() == nil)
    }

    @Test func signInAttemptsAreRateLimitedPerClient() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let server = PlannerWebServer(context: context, signInLimit: RateLimit(requests: 3, per: 60))
        let app = Application(router: try server.router())
        try await app.test(.router) { client in
            for _ in 0..<3 {
                let response = try await send(client, .post, "/login", form: [("name", "x"), ("password", "guess")])
                #expect(response.status == .unauthorized)
            }
            let limited = try await send(client, .post, "/login", form: [("name", "x"), ("password", "guess")])
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }
}
