import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

extension WebApp {
    /// Registrations by cohort (with the waiting list), and one participant's page: registrations, marks with
    /// their history, certificates, export (a subject access request) and erasure.
    func registrationRoutes(_ routes: RouteGroup) {
        routes.get("registrations") { _, context in
            struct Line {
                var label, link, seats: String
                var registered, waiting: Int
                var full: Bool
            }
            let lines = try Registrations(services(context)).overview().map {
                Line(
                    label: $0.cohort.label, link: cohortPath($0.cohort), seats: $0.capacity.map(String.init) ?? "—",
                    registered: $0.registered, waiting: $0.waiting,
                    full: $0.capacity.map { [registered = $0.registered] in registered >= $0 } ?? false)
            }
            return try pages.render(
                "registrations",
                PageValues(frame: try frame("Registrations", context), content: ["cohorts": lines]))
        }
        let cohort = "registrations/:offering/:cohort"
        routes.get(cohort) { _, context in try cohortPage(try cohortKey(context), context, notice: nil) }
        struct Register: Decodable {
            var csrf: String?
            var participants: String?
        }
        routes.post(cohort + "/register") { request, context in
            let form = try await request.form(Register.self)
            try context.checkFormToken(form.csrf)
            let ids = (form.participants ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" })
                .map(String.init)
            guard !ids.isEmpty else { throw ServiceError(.invalidInput, "name at least one participant id") }
            let key = try cohortKey(context)
            let outcomes = try Registrations(services(context)).register(ids, in: key).outcomes
            let told = zip(ids, outcomes).map { id, outcome in
                switch outcome {
                case .registered: "\(id) registered"
                case .waiting(let position): "\(id) on the waiting list (\(position))"
                case .unchanged(let status): "\(id) already \(status.rawValue)"
                }
            }
            return try cohortPage(key, context, notice: told.joined(separator: "; ") + ".")
        }
        struct Token: Decodable { var csrf: String? }
        routes.post(cohort + "/:id/cancel") { request, context in
            try context.checkFormToken(try await request.form(Token.self).csrf)
            let key = try cohortKey(context)
            let id = try context.parameters.require("id")
            let promoted = try Registrations(services(context)).cancel(id, in: key)
            return try cohortPage(
                key, context,
                notice: "\(id)'s registration cancelled."
                    + (promoted.map { " \($0) moves from the waiting list to the seat." } ?? ""))
        }
        routes.get("participants/:id") { _, context in
            try personPage(try context.parameters.require("id"), context, notice: nil)
        }
        struct Correction: Decodable {
            var csrf: String?
            var session: String
            var status: String
            var minutes: String?
            var reason: String?
        }
        routes.post("participants/:id/marks") { request, context in
            let form = try await request.form(Correction.self)
            try context.checkFormToken(form.csrf)
            let id = try context.parameters.require("id")
            guard let key = SessionKey(form.session) else {
                throw ServiceError(.invalidInput, "no session '\(form.session)'")
            }
            var minutes: Int?
            if let text = form.minutes?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let value = Int(text) else {
                    throw ServiceError(.invalidInput, "minutes attended is a whole number ('\(text)' is not)")
                }
                minutes = value
            }
            let changed = try desk(context).correct(
                key, participant: id, status: form.status, minutes: minutes, reason: form.reason ?? "")
            return try personPage(
                id, context,
                notice: changed
                    ? "\(id)'s mark for \(key) is now \(form.status)." : "\(id)'s mark for \(key) was already so.")
        }
        routes.get("participants/:id/export") { _, context in
            let id = try context.parameters.require("id")
            let json = try ParticipantRegister(services(context)).export(id)
            return fileResponse(
                Array(json.utf8), type: "application/json; charset=utf-8", name: "participant-\(id).json")
        }
        struct Erase: Decodable {
            var csrf: String?
            var confirm: String?
        }
        routes.post("participants/:id/erase") { request, context in
            let form = try await request.form(Erase.self)
            try context.checkFormToken(form.csrf)
            let id = try context.parameters.require("id")
            guard form.confirm?.trimmingCharacters(in: .whitespaces) == id else {
                throw ServiceError(.invalidInput, "type the participant's id (\(id)) to confirm the erasure")
            }
            let anonymous = try ParticipantRegister(services(context)).erase(id)
            return try pages.render(
                "people",
                PageValues(
                    frame: try frame("Participants", context),
                    content: [
                        "people": try peopleLines(context),
                        "erased": ["id": id, "anonymous": anonymous],
                    ]))
        }
    }

    func cohortPath(_ cohort: Cohort) -> String {
        let offering =
            cohort.offeringID.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_", "."])) ?? ""
        return "/coordinator/registrations/\(offering)/\(cohort.number)"
    }

    private func cohortKey(_ context: WebContext) throws -> Cohort {
        let offering = try context.parameters.require("offering")
        guard let number = Int(try context.parameters.require("cohort")) else { throw HTTPError(.notFound) }
        return Cohort(offeringID: offering.removingPercentEncoding ?? offering, number: number)
    }

    private func cohortPage(_ cohort: Cohort, _ context: WebContext, notice: String?) throws -> Response {
        let (capacity, registrations) = try Registrations(services(context)).list(of: cohort)
        struct Line {
            var id, name, organisation, status: String
            var active: Bool
        }
        var waiting = 0
        let lines = registrations.map { person, status in
            if status == .waiting { waiting += 1 }
            return Line(
                id: person.id, name: "\(person.familyName), \(person.givenName)", organisation: person.organisation,
                status: status == .waiting ? "waiting (\(waiting))" : status.rawValue, active: status != .cancelled)
        }
        var content: [String: Any] = [
            "cohort": cohort.label, "action": cohortPath(cohort), "seats": capacity.map(String.init) ?? "—",
            "people": lines, "registered": registrations.filter { $0.status == .registered }.count,
            "waiting": waiting,
        ]
        if let notice { content["notice"] = notice }
        return try pages.render(
            "cohort", PageValues(frame: try frame("Registrations of \(cohort.label)", context), content: content))
    }

    private func personPage(_ id: String, _ context: WebContext, notice: String?) throws -> Response {
        let services = services(context)
        guard let person = try ParticipantRegister(services).list().first(where: { $0.id == id }) else {
            throw ServiceError(.notFound, "no participant '\(id)'")
        }
        struct Seminar {
            var label, link, status: String
        }
        struct Change {
            var at, actor, action, subject, detail: String
        }
        struct Held {
            var code, offering, state: String
        }
        let seminars = try Registrations(services).of(id).map {
            Seminar(label: $0.cohort.label, link: cohortPath($0.cohort), status: $0.status.rawValue)
        }
        let marks = try Marking(services).history(participant: id).reversed().map {
            Change(at: $0.at, actor: $0.actor, action: $0.action, subject: $0.subject, detail: $0.detail)
        }
        struct Attended {
            var session, when, title, status, minutes, remark: String
            var options: [Option]
        }
        struct Option {
            var name: String
            var selected: Bool
        }
        let statuses = try Marking(services).statuses().map(\.name)
        let attendance = try desk(context).attendance(of: id).map { session, mark in
            Attended(
                session: session.key.description,
                when: Display.span(session.start, session.end, zone: session.timeZone),
                title: session.title, status: mark?.status ?? "not marked", minutes: mark.map { "\($0.minutes)" } ?? "",
                remark: mark?.remark ?? "",
                options: statuses.map { Option(name: $0, selected: $0 == (mark?.status ?? "present")) })
        }
        let certificates = try CertificateOffice(services).list().filter { $0.certificate.participantID == id }.map {
            Held(
                code: $0.certificate.verificationCode, offering: $0.cohort.label,
                state: $0.revokedAt == nil ? "valid" : "revoked")
        }
        var content: [String: Any] = [
            "id": id, "name": "\(person.givenName) \(person.familyName)", "organisation": person.organisation,
            "seminars": seminars, "marks": marks, "certificates": certificates, "attendance": attendance,
            "hasAttendance": !attendance.isEmpty,
        ]
        if let notice { content["notice"] = notice }
        return try pages.render(
            "person",
            PageValues(frame: try frame("\(person.givenName) \(person.familyName)", context), content: content))
    }
}
