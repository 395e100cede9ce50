import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

extension WebApp {
    /// A participant's personal link: their sessions, attendance, certificates and calendar feed. The
    /// token in the path is the only key; an unknown or revoked one is "not found".
    /// A trainer's (or coordinator's) calendar feed, by its secret link: `/feeds/TOKEN.ics`.
    func feedRoutes(_ routes: RouteGroup) {
        routes.get(":file") { _, context in
            var token = try context.parameters.require("file")
            guard token.hasSuffix(".ics") else { throw HTTPError(.notFound) }
            token.removeLast(4)
            guard let calendar = try TrainerFeeds(services(context)).calendar(token: token) else {
                throw ServiceError(.notFound, "This calendar link is unknown or was replaced.")
            }
            return fileResponse(Array(calendar.utf8), type: "text/calendar; charset=utf-8")
        }
    }

    func participantRoutes(_ routes: RouteGroup) {
        routes.get(":token") { _, context in
            let token = try context.parameters.require("token")
            guard let overview = try ParticipantPortal(services(context)).overview(token: token) else {
                throw ServiceError(
                    .notFound, "This personal link is unknown or was replaced; ask the organiser for yours.")
            }
            struct Seminar {
                var title, cohort, attended, planned: String
                var waiting: Bool
            }
            struct Certificate {
                var code, title: String
                var revoked: Bool
            }
            let person = overview.participant
            let content: [String: Any] = [
                "name": "\(person.givenName) \(person.familyName)",
                "upcoming": overview.upcoming.map(SessionLine.init),
                "seminars": overview.seminars.map {
                    Seminar(
                        title: $0.title, cohort: $0.cohort.label, attended: hours($0.minutesAttended),
                        planned: hours($0.minutesPlanned), waiting: $0.waiting)
                },
                "certificates": overview.certificates.map {
                    Certificate(code: $0.code, title: $0.title, revoked: $0.revoked)
                },
                "calendar": "/p/\(token)/calendar.ics", "token": token,
            ]
            return try pages.render(
                "participant", PageValues(frame: try frame("My training", context), content: content))
        }
        routes.get(":token/certificates/:code") { _, context in
            let code = try context.parameters.require("code")
            guard
                let pdf = try ParticipantPortal(services(context)).certificatePDF(
                    token: try context.parameters.require("token"), code: code)
            else { throw ServiceError(.notFound, "No such certificate of yours.") }
            return fileResponse(pdf, type: "application/pdf", name: "certificate-\(code).pdf")
        }
        routes.get(":token/calendar.ics") { _, context in
            let token = try context.parameters.require("token")
            guard let calendar = try ParticipantPortal(services(context)).calendar(token: token) else {
                throw ServiceError(.notFound, "This personal link is unknown or was replaced.")
            }
            return fileResponse(Array(calendar.utf8), type: "text/calendar; charset=utf-8")
        }
    }
}
