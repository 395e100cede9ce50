import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import PlannerCore
import PlannerServices

/// A session as a line of a list.
struct SessionLine {
    var title, when, venue, address, trainer, link, label: String
    var index, count: Int

    init(_ view: SessionView) {
        title = view.title
        when = Display.span(view.start, view.end, zone: view.timeZone)
        venue = view.venue
        address = view.address
        trainer = view.trainer
        link = Display.sessionPath(view.key)
        label = view.key.description
        index = view.key.index
        count = view.sessionsInCohort
    }
}

/// Dates and times as pages show them, in the programme's time zone.
enum Display {
    static func span(_ start: Date, _ end: Date, zone: String) -> String {
        let day = formatter("EEE d MMM yyyy, HH:mm", zone)
        return day.string(from: start) + "–" + formatter("HH:mm", zone).string(from: end)
    }

    static func day(_ date: Date, zone: String) -> String { formatter("yyyy-MM-dd", zone).string(from: date) }

    static func formatter(_ format: String, _ zone: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: zone) ?? .gmt
        formatter.dateFormat = format
        return formatter
    }

    /// `/trainer/sessions/OFFERING/COHORT/INDEX`, the offering percent-encoded.
    static func sessionPath(_ key: SessionKey) -> String {
        let offering =
            key.cohort.offeringID.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_", "."]))
            ?? ""
        return "/trainer/sessions/\(offering)/\(key.cohort.number)/\(key.index)"
    }
}

extension WebApp {
    /// A trainer's sessions and their roll-calls (a coordinator reaches every session).
    func trainerRoutes(_ routes: RouteGroup) {
        routes.get { _, context in try trainerHome(context, feed: nil) }
        struct FeedForm: Decodable { var csrf: String? }
        routes.post("feed") { request, context in
            try context.checkFormToken(try await request.form(FeedForm.self).csrf)
            return try trainerHome(context, feed: base(request) + (try desk(context).issueFeed()))
        }
        let session = "sessions/:offering/:cohort/:index"
        routes.get(session) { request, context in
            let key = try sessionKey(context)
            let query = request.uri.queryParameters.get("find") ?? ""
            let found = query.isEmpty ? nil : try desk(context).walkInCandidates(key, query: query)
            return try rollCallPage(try desk(context).rollCall(key), context, find: query, found: found)
        }
        struct WalkIn: Decodable {
            var csrf: String?
            var participant: String
        }
        routes.post(session + "/walk-in") { request, context in
            let form = try await request.form(WalkIn.self)
            try context.checkFormToken(form.csrf)
            let key = try sessionKey(context)
            try await desk(context).walkIn(key, participant: form.participant)
            return redirect(Display.sessionPath(key) + "#p-" + form.participant)
        }
        struct Mark: Decodable {
            var csrf: String?
            var participant: String
            var status: String
            var late: String?
        }
        routes.post(session + "/marks") { request, context in
            let form = try await request.form(Mark.self)
            try context.checkFormToken(form.csrf)
            let key = try sessionKey(context)
            var late: Int?
            if form.status == "late", let text = form.late?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let minutes = Int(text), minutes >= 0 else {
                    throw ServiceError(.invalidInput, "minutes late is a whole number ('\(text)' is not)")
                }
                late = minutes
            }
            let changed = try await desk(context).mark(
                key, participant: form.participant, status: form.status, lateMinutes: late)
            if request.wantsJSON {
                return try jsonResponse(
                    MarkJSON(participant: form.participant, status: form.status, lateMinutes: late, changed: changed))
            }
            return redirect(Display.sessionPath(key) + "#p-" + form.participant)
        }
        struct Token: Decodable { var csrf: String? }
        routes.post(session + "/rest") { request, context in
            try context.checkFormToken(try await request.form(Token.self).csrf)
            let key = try sessionKey(context)
            _ = try desk(context).markRest(key)
            return redirect(Display.sessionPath(key))
        }
        routes.get(session + "/sign-in.pdf") { _, context in
            let key = try sessionKey(context)
            return fileResponse(
                try await desk(context).signInSheet(key), type: "application/pdf",
                name: "sign-in-\(key.cohort.offeringID)-\(key.cohort.number)-\(key.index).pdf")
        }
    }

    private func trainerHome(_ context: WebContext, feed: String?) throws -> Response {
        let desk = try self.desk(context)
        let now = server.context.now
        let sessions = try desk.sessions()
        let today = sessions.first.map { Display.day(now, zone: $0.timeZone) } ?? ""
        func on(_ view: SessionView) -> String { Display.day(view.start, zone: view.timeZone) }
        let earlier = sessions.filter { on($0) < today }.suffix(50)
        var content: [String: Any] = [
            "today": sessions.filter { on($0) == today }.map(SessionLine.init),
            "next": sessions.filter { on($0) > today }.prefix(20).map(SessionLine.init),
            "earlier": earlier.reversed().map(SessionLine.init), "hasEarlier": !earlier.isEmpty,
            "coordinator": context.identity?.account.role == .coordinator,
        ]
        if let feed { content["feed"] = feed }
        return try pages.render("trainer", PageValues(frame: try frame("My sessions", context), content: content))
    }

    private func rollCallPage(
        _ view: TrainerDesk.RollCallView, _ context: WebContext, find: String = "", found: [Participant]? = nil
    ) throws -> Response {
        struct Person {
            var id, fullName, status, state: String
            var marked: Bool
        }
        struct Button {
            var name, label: String
            var late: Bool
        }
        let people = view.people.map { person, mark in
            Person(
                id: person.id, fullName: "\(person.familyName), \(person.givenName)",
                status: mark?.status ?? "unmarked",
                state: mark.map { m in m.remark.map { "\(m.status) (\($0))" } ?? m.status } ?? "not marked",
                marked: mark != nil)
        }
        let buttons = view.statuses.map {
            Button(name: $0.name, label: $0.name.prefix(1).uppercased() + $0.name.dropFirst(), late: $0.name == "late")
        }
        let content: [String: Any] = [
            "session": SessionLine(view.session), "people": people, "buttons": buttons, "open": view.open,
            "opens": Display.span(view.session.start, view.session.end, zone: view.session.timeZone),
            "marked": people.filter(\.marked).count, "registered": people.count,
            "formToken": context.sessions.session?.formToken ?? "",
            "find": find, "searched": found != nil,
            "found": (found ?? []).map {
                ["id": $0.id, "fullName": "\($0.familyName), \($0.givenName)", "organisation": $0.organisation]
            },
        ]
        return try pages.render(
            "rollcall", PageValues(frame: try frame("Roll-call: \(view.session.title)", context), content: content))
    }
}

/// What the roll-call's script receives after a mark.
struct MarkJSON: Encodable {
    var participant: String
    var status: String
    var lateMinutes: Int?
    var changed: Bool

    enum CodingKeys: String, CodingKey {
        case participant, status, changed
        case lateMinutes = "late_minutes"
    }
}
