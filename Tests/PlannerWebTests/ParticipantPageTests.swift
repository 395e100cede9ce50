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

/// A participant's personal link: their own sessions, attendance, certificates and calendar feed, and
/// nothing once the link is replaced, revoked or the person erased.
@Suite(.serialized) struct ParticipantPageTests {
    /// The events of an iCalendar text as the `icalendar` package reads them (not our code), and its report.
    static func events(ofCalendar text: String, in folder: URL) throws -> ([[String: Any]], String) {
        let file = folder.appendingPathComponent("\(UUID().uuidString).ics")
        try Data(text.utf8).write(to: file)
        let parsed = try runText(
            Repository.python, [Repository.root.appendingPathComponent("Tests/oracles/check_ics.py").path, file.path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: Any])
        return (try #require(json["events"] as? [[String: Any]]), parsed)
    }

    @Test func aTrainersCalendarLinkFeedsTheirSessionsUntilReplaced() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let mine = try ScheduleBook(context).current().schedule.sessions.filter {
            $0.session.trainerID == teaching.trainer
        }
        let link = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let folderURL = folder.url
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let tom = try await setUp(client, link: link)
            let page = try await send(
                client, .post, "/trainer/feed", as: tom, form: [("csrf", tom.formToken ?? "")])
            let url = try #require(
                page.text.firstMatch(of: /<code id="feed-url">[^<]*(\/feeds\/[A-Za-z0-9_-]+\.ics)<\/code>/).map {
                    String($0.1)
                })
            // Fetched as a calendar application does: no cookie.
            let feed = try await send(client, .get, url)
            #expect(feed.status == .ok && feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
            let (events, parsed) = try Self.events(ofCalendar: feed.text, in: folderURL)
            #expect(events.count == mine.count, "every session of tom's, no other: \(parsed)")
            // A new link replaces the old; a disabled account's feed stops.
            let again = try await send(client, .post, "/trainer/feed", as: tom, form: [("csrf", tom.formToken ?? "")])
            let second = try #require(
                again.text.firstMatch(of: /<code id="feed-url">[^<]*(\/feeds\/[A-Za-z0-9_-]+\.ics)<\/code>/).map {
                    String($0.1)
                })
            #expect(try await send(client, .get, url).status == .notFound)
            #expect(try await send(client, .get, second).status == .ok)
            try Accounts(context).setDisabled("tom", true)
            #expect(try await send(client, .get, second).status == .notFound)
            #expect(try await send(client, .get, "/feeds/\(String(repeating: "A", count: 43)).ics").status == .notFound)
        }
    }

    @Test func thePersonalLinkShowsOwnAttendanceCertificatesAndAFeedACalendarReads() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let cohort = Cohort(offeringID: "SEM1-ADM", number: 1)
        let sessions = try ScheduleBook(context).current().schedule.sessions.filter { $0.session.cohort == cohort }
        let minutes = sessions.reduce(0) { $0 + Int($1.end.timeIntervalSince($1.start) / 60) }
        let p01 = try ParticipantLinks(context).issue("P01")
        let p02 = try ParticipantLinks(context).issue("P02")
        let folderURL = folder.url
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let page = try await send(client, .get, p01)
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            let names = try ParticipantRegister(context).list()
            let me = try #require(names.first { $0.id == "P01" })
            let other = try #require(names.first { $0.id == "P02" })
            #expect(page.text.contains("<h1>\(me.givenName) \(me.familyName)</h1>"))
            #expect(!page.text.contains(other.familyName), "nobody else's name")
            #expect(page.text.contains("\(hours(minutes)) ÷ \(hours(minutes))"), "all hours attended of all held")
            #expect(page.text.contains(#"<a href="/verify/\#(code)">"#))
            let theirs = try await send(client, .get, p02)
            #expect(theirs.text.contains("0 ÷ \(hours(minutes))"), "P02 was never marked")
            #expect(!theirs.text.contains(code), "P01's certificate is not P02's")

            // The feed, read by an independent iCalendar parser: the cohort's sessions.
            let feed = try await send(client, .get, p01 + "/calendar.ics")
            #expect(feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
            let (events, _) = try Self.events(ofCalendar: feed.text, in: folderURL)
            #expect(events.count == sessions.count)
            #expect(events.allSatisfy { ($0["uid"] as? String)?.hasPrefix("SEM1-ADM-1-") == true })

            // A new link replaces the old one; a revoked link and a made-up one open nothing.
            let replaced = try ParticipantLinks(context).issue("P01")
            #expect(try await send(client, .get, p01).status == .notFound)
            #expect(try await send(client, .get, p01 + "/calendar.ics").status == .notFound)
            #expect(try await send(client, .get, replaced).status == .ok)
            try ParticipantLinks(context).revoke("P01")
            #expect(try await send(client, .get, replaced).status == .notFound)
            // Erasing a person ends their link.
            _ = try ParticipantRegister(context).erase("P02")
            #expect(try await send(client, .get, p02).status == .notFound)
        }
    }
}
