import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import PlannerServices

extension WebApp {
    /// Sign-in, sign-out and the one-time set-up links.
    func accountRoutes(_ routes: RouteGroup, signedIn: RouteGroup) {
        struct SignIn: Decodable {
            var name: String
            var password: String
            var next: String?
        }
        routes.get("login") { request, context in
            try loginPage(context, next: request.uri.queryParameters.get("next"), error: nil, status: .ok)
        }
        routes.post("login") { request, context in
            let form = try await request.form(SignIn.self)
            let accounts = Accounts(server.context)
            guard let account = try await offLoop({ try accounts.signIn(form.name, password: form.password) }) else {
                return try loginPage(
                    context, next: form.next, error: "The name or the password is wrong.", status: .unauthorized)
            }
            try await startSession(account, request: request, context: context)
            return redirect(safe(form.next) ?? home(of: account))
        }
        struct Setup: Decodable {
            var password: String
            var repeated: String
        }
        routes.get("setup/:token") { _, context in
            let token = try context.parameters.require("token")
            guard let account = try Accounts(server.context).pendingAccount(token: token) else {
                throw ServiceError(
                    .notFound, "This set-up link is unknown, used or expired; ask a coordinator for a new one.")
            }
            return try setupPage(context, account: account.name, error: nil, status: .ok)
        }
        routes.post("setup/:token") { request, context in
            let token = try context.parameters.require("token")
            let form = try await request.form(Setup.self)
            let accounts = Accounts(server.context)
            guard let pending = try accounts.pendingAccount(token: token) else {
                throw ServiceError(
                    .notFound, "This set-up link is unknown, used or expired; ask a coordinator for a new one.")
            }
            guard form.password == form.repeated else {
                return try setupPage(
                    context, account: pending.name, error: "The two passwords differ.", status: .badRequest)
            }
            let account: Accounts.Account
            do {
                account = try await offLoop { try accounts.completeSetup(token: token, password: form.password) }
            } catch let error as ServiceError where error.code == .invalidInput {
                return try setupPage(context, account: pending.name, error: error.message, status: .badRequest)
            }
            try await startSession(account, request: request, context: context)
            return redirect(home(of: account))
        }
        struct Token: Decodable { var csrf: String? }
        signedIn.post("logout") { request, context in
            try context.checkFormToken(try await request.form(Token.self).csrf)
            context.sessions.clearSession()
            return redirect("/login")
        }
    }

    /// A new session for `account`: any session the browser had is deleted first, so a session id known
    /// before sign-in is never signed in (fixation).
    private func startSession(_ account: Accounts.Account, request: Request, context: WebContext) async throws {
        if context.sessions.session != nil || request.cookies[server.cookieName] != nil {
            let storage = SessionStorage<WebSession>(
                WorkspacePersistDriver(context: server.context),
                configuration: .init(sessionCookieParameters: .init(name: server.cookieName), keyPrefix: ""))
            _ = try? await storage.delete(request: request)
        }
        context.sessions.createSession(
            WebSession(account: account.name, formToken: UUID().uuidString, since: server.context.now))
    }

    /// Where an account lands after signing in.
    func home(of account: Accounts.Account) -> String { account.role == .coordinator ? "/coordinator" : "/trainer" }

    /// A local path to return to (never another site: `//host` and `/\host` are refused).
    private func safe(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\") else { return nil }
        return next
    }

    private func loginPage(_ context: WebContext, next: String?, error: String?, status: HTTPResponse.Status) throws
        -> Response
    {
        try pages.render(
            "login",
            PageValues(
                frame: try frame("Sign in", context), content: ["next": safe(next) ?? "", "error": error ?? ""]),
            status: status)
    }

    private func setupPage(_ context: WebContext, account: String, error: String?, status: HTTPResponse.Status) throws
        -> Response
    {
        try pages.render(
            "setup",
            PageValues(
                frame: try frame("Choose your password", context),
                content: [
                    "account": account, "error": error ?? "", "minimum": String(Accounts.minimumPasswordLength),
                ]), status: status)
    }
}
