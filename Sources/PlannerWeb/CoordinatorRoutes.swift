import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

extension WebApp {
    /// The coordinator's pages: the dashboard, accounts, and participants' personal links.
    func coordinatorRoutes(_ routes: RouteGroup) {
        routes.get { _, context in
            let services = services(context)
            let book = ScheduleBook(services)
            let now = services.now
            let sessions = try TrainerDesk(services, account: try context.account()).sessions()
            let week = sessions.filter { $0.end > now && $0.start < now.addingTimeInterval(7 * 86_400) }
            struct Unplaced {
                var cohort, reasons: String
            }
            struct Funder {
                var name, budget, allocated, remaining: String
            }
            let unplaced = try book.current().schedule.unscheduled.map {
                Unplaced(cohort: $0.cohort.label, reasons: $0.reasons.joined(separator: "; "))
            }
            let funders = try book.budget().funders.map {
                Funder(
                    name: $0.funder.name, budget: $0.funder.budget.description, allocated: $0.allocated.description,
                    remaining: $0.remaining.description)
            }
            let content: [String: Any] = [
                "week": week.map(SessionLine.init), "unplaced": unplaced, "funders": funders,
                "sessions": sessions.count,
            ]
            return try pages.render("coordinator", PageValues(frame: try frame("Dashboard", context), content: content))
        }
        importRoutes(routes)
        scheduleRoutes(routes)
        reportRoutes(routes)
        certificateRoutes(routes)
        registrationRoutes(routes)
        routes.get("accounts") { request, context in try accountsPage(context, request: request, link: nil) }
        struct NewAccount: Decodable {
            var csrf: String?
            var name: String
            var role: String
            var trainer: String?
        }
        routes.post("accounts") { request, context in
            let form = try await request.form(NewAccount.self)
            try context.checkFormToken(form.csrf)
            guard let role = Accounts.Role(rawValue: form.role) else {
                throw ServiceError(.invalidInput, "unknown role '\(form.role)'")
            }
            let trainer = form.trainer.flatMap { $0.isEmpty ? nil : $0 }
            let link = try Accounts(services(context)).add(form.name, role: role, trainer: trainer)
            return try accountsPage(context, request: request, link: link)
        }
        struct Token: Decodable { var csrf: String? }
        for action in ["reset", "disable", "enable"] {
            routes.post("accounts/:name/\(action)") { request, context in
                try context.checkFormToken(try await request.form(Token.self).csrf)
                let name = try context.parameters.require("name")
                let accounts = Accounts(services(context))
                switch action {
                case "reset": return try accountsPage(context, request: request, link: try accounts.reset(name))
                default: try accounts.setDisabled(name, action == "disable")
                }
                return redirect("/coordinator/accounts")
            }
        }
        routes.get("participants") { request, context in try peoplePage(context, request: request, link: nil) }
        routes.post("participants/:id/link") { request, context in
            try context.checkFormToken(try await request.form(Token.self).csrf)
            let id = try context.parameters.require("id")
            let path = try ParticipantLinks(services(context)).issue(id)
            return try peoplePage(context, request: request, link: (id, base(request) + path))
        }
        routes.post("participants/:id/unlink") { request, context in
            try context.checkFormToken(try await request.form(Token.self).csrf)
            try ParticipantLinks(services(context)).revoke(try context.parameters.require("id"))
            return redirect("/coordinator/participants")
        }
    }

    /// The address people reach this server at, as the request names it.
    func base(_ request: Request) -> String {
        (server.secureCookies ? "https://" : "http://") + (request.head.authority ?? "localhost")
    }

    private func accountsPage(_ context: WebContext, request: Request, link: Accounts.SetupLink?) throws -> Response {
        struct Line {
            var name, role, trainer, state: String
            var disabled: Bool
        }
        let accounts = try Accounts(services(context)).list().map {
            Line(
                name: $0.name, role: $0.role.rawValue, trainer: $0.trainerID ?? "",
                state: $0.disabled ? "disabled" : $0.pending ? "waiting for set-up" : "active", disabled: $0.disabled)
        }
        let trainers = try ScheduleBook(services(context)).planning().trainers.map { ["id": $0.id, "name": $0.name] }
        var content: [String: Any] = ["accounts": accounts, "trainers": trainers]
        if let link {
            content["link"] = [
                "account": link.account, "url": base(request) + link.path,
                "expires": Display.day(link.expires, zone: "UTC"),
            ]
        }
        return try pages.render("accounts", PageValues(frame: try frame("Accounts", context), content: content))
    }

    private func peoplePage(_ context: WebContext, request: Request, link: (id: String, url: String)?) throws
        -> Response
    {
        var content: [String: Any] = ["people": try peopleLines(context)]
        if let link { content["link"] = ["id": link.id, "url": link.url] }
        return try pages.render("people", PageValues(frame: try frame("Participants", context), content: content))
    }

    /// Every participant as a line of the people page (identity and organisation only).
    func peopleLines(_ context: WebContext) throws -> [[String: String]] {
        try ParticipantRegister(services(context)).list().map {
            ["id": $0.id, "name": "\($0.familyName), \($0.givenName)", "organisation": $0.organisation]
        }
    }
}
