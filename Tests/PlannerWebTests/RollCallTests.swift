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

/// A trainer's roll-call on the web: the same rules as the command line, each tap saved, history under
/// the signed-in account, and the refusals.
@Suite(.serialized) struct RollCallTests {
    @Test func aTrainerMarksTheirSessionAndHistoryNamesTheirAccount() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let link = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let session = try #require(
            try ScheduleBook(context).current().schedule.sessions.first {
                $0.session.cohort == teaching.session.cohort && $0.session.index == teaching.session.index
            })
        let length = Int(session.end.timeIntervalSince(session.start) / 60)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let tom = try await setUp(client, link: link)
            let home = try await send(client, .get, "/trainer", as: tom)
            #expect(home.text.contains(path(teaching.session)), "the session is among mine")
            #expect(!home.text.contains(path(teaching.otherSession)), "another trainer's is not")
            let page = try await send(client, .get, path(teaching.session), as: tom)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<li id="p-P01""#) && page.text.contains(#"<li id="p-P02""#))
            #expect(page.headers[.cacheControl] == "no-store")
            // The script's request: JSON back; P02 arrives 20 minutes late.
            let json = try await send(
                client, .post, path(teaching.session) + "/marks", as: tom,
                form: [("csrf", tom.formToken ?? ""), ("participant", "P02"), ("status", "late"), ("late", "20")],
                headers: [.accept: "application/json"])
            #expect(json.status == .ok)
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            #expect(answer["status"] as? String == "late")
            #expect(answer["changed"] as? Bool == true)
            // The same tap again changes nothing (safe to repeat).
            let repeated = try await send(
                client, .post, path(teaching.session) + "/marks", as: tom,
                form: [("csrf", tom.formToken ?? ""), ("participant", "P02"), ("status", "late"), ("late", "20")],
                headers: [.accept: "application/json"])
            #expect(repeated.text.contains(#""changed" : false"#))
            // Without the script: a form post and a redirect back to the person.
            let form = try await send(
                client, .post, path(teaching.session) + "/marks", as: tom,
                form: [("csrf", tom.formToken ?? ""), ("participant", "P01"), ("status", "absent")])
            #expect(form.status == .seeOther)
            #expect(form.headers[.location] == path(teaching.session) + "#p-P01")
            // Someone not registered is refused with the rule's words, and nothing is written.
            let stranger = try await send(
                client, .post, path(teaching.session) + "/marks", as: tom,
                form: [("csrf", tom.formToken ?? ""), ("participant", "P07"), ("status", "present")])
            #expect(stranger.status == .conflict)
            #expect(stranger.text.contains("P07"))
            // A PDF sign-in sheet.
            let sheet = try await send(client, .get, path(teaching.session) + "/sign-in.pdf", as: tom)
            #expect(sheet.status == .ok)
            #expect(sheet.text.hasPrefix("%PDF-"))
        }
        let marks = try Marking(context).history(session: teaching.session).filter { $0.actor == "tom" }
        #expect(marks.count == 2, "two changes by tom: \(marks)")
        #expect(
            marks.contains {
                $0.subject.hasSuffix(":P02") && $0.action == "mark.set" && $0.detail.contains("(20 min late)")
            })
        #expect(
            marks.contains {
                $0.subject.hasSuffix(":P01") && $0.action == "mark.change" && $0.detail.hasSuffix("→ absent 0min")
            })
        let stored = try #require(
            try Marking(context).marks(session: teaching.session).first { $0.participantID == "P02" })
        #expect(stored.status == "late")
        #expect(stored.minutes == length - 20)
        #expect(stored.markedBy == "tom")
    }

    @Test func tapsArrivingTogetherEachCountOnceAndARefusedOneSpoilsNone() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let link = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let tom = try await setUp(client, link: link)
            // Ten phones tapping the same marks at once, and someone not registered among them: the server
            // commits taps that arrive together in one transaction, each in its own savepoint.
            let taps = Array(
                repeating: [("P01", "excused", ""), ("P02", "late", "15"), ("P07", "present", "")], count: 10
            )
            .flatMap { $0 }
            let answers = try await withThrowingTaskGroup(of: (String, TestResponse).self) { group in
                for (person, status, late) in taps {
                    group.addTask {
                        let response = try await send(
                            client, .post, path(teaching.session) + "/marks", as: tom,
                            form: [
                                ("csrf", tom.formToken ?? ""), ("participant", person), ("status", status),
                                ("late", late),
                            ],
                            headers: [.accept: "application/json"])
                        return (person, response)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for person in ["P01", "P02"] {
                let mine = answers.filter { $0.0 == person }.map(\.1)
                #expect(mine.allSatisfy { $0.status == .ok }, "\(person): \(mine.map(\.text))")
                #expect(mine.filter { $0.text.contains(#""changed" : true"#) }.count == 1, "\(person) changed once")
            }
            let refused = answers.filter { $0.0 == "P07" }.map(\.1)
            #expect(refused.count == 10 && refused.allSatisfy { $0.status == .conflict && $0.text.contains("P07") })
        }
        let marks = try Marking(context).marks(session: teaching.session)
        #expect(marks.first { $0.participantID == "P01" }?.status == "excused")
        #expect(marks.first { $0.participantID == "P02" }?.status == "late")
        #expect(!marks.contains { $0.participantID == "P07" })
        let history = try Marking(context).history(session: teaching.session).filter { $0.actor == "tom" }
        #expect(history.count == 2, "one change per person: \(history)")
    }

    @Test func aWalkInIsFoundByNameRegisteredAndMarkedPresent() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let link = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let tom = try await setUp(client, link: link)
            // Found by part of the name, accents and case ignored; the registered are not offered.
            let found = try await send(client, .get, path(teaching.session) + "?find=peeters", as: tom)
            #expect(found.text.contains(#"id="walk-in-P07""#), "\(found.text)")
            let registered = try await send(client, .get, path(teaching.session) + "?find=wroblewska", as: tom)
            #expect(registered.text.contains(#"id="none-found""#))
            let walkIn = try await send(
                client, .post, path(teaching.session) + "/walk-in", as: tom,
                form: [("csrf", tom.formToken ?? ""), ("participant", "P07")])
            #expect(walkIn.status == .seeOther && walkIn.headers[.location] == path(teaching.session) + "#p-P07")
            let page = try await send(client, .get, path(teaching.session), as: tom)
            #expect(page.text.contains(#"<li id="p-P07" class="person present">"#), "\(page.text)")
            // Not in another trainer's session.
            let other = try await send(
                client, .post, path(teaching.otherSession) + "/walk-in", as: tom,
                form: [("csrf", tom.formToken ?? ""), ("participant", "P08")])
            #expect(other.status == .forbidden)
        }
        let registrations = try Registrations(context).list(of: teaching.session.cohort).registrations
        #expect(registrations.contains { $0.participant.id == "P07" && $0.status == .registered })
        #expect(!registrations.contains { $0.participant.id == "P08" })
        let mark = try Marking(context).marks(session: teaching.session).first { $0.participantID == "P07" }
        #expect(mark?.status == "present" && mark?.markedBy == "tom")
    }

    @Test func anotherTrainersSessionIsForbiddenAndChangesNothing() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let link = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let before = try Marking(context).marks()
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let tom = try await setUp(client, link: link)
            for (method, suffix) in [
                (HTTPRequest.Method.get, ""), (.get, "/sign-in.pdf"), (.post, "/marks"), (.post, "/rest"),
            ] {
                let response = try await send(
                    client, method, path(teaching.otherSession) + suffix, as: tom,
                    form: method == .post
                        ? [("csrf", tom.formToken ?? ""), ("participant", "P01"), ("status", "present")] : nil)
                #expect(response.status == .forbidden, "\(method) \(suffix)")
            }
        }
        #expect(try Marking(context).marks() == before)
    }

    @Test func crossSiteAndTokenlessWritesAreRefusedAndChangeNothing() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let link = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let before = try Marking(context).marks()
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let tom = try await setUp(client, link: link)
            let mark = path(teaching.session) + "/marks"
            let good = [("participant", "P02"), ("status", "excused")]  // P02 has no mark yet
            let attempts: [(String, [(String, String)], HTTPFields)] = [
                (
                    "cross-site", [("csrf", tom.formToken ?? "")] + good,
                    [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]
                ),
                ("same-site", [("csrf", tom.formToken ?? "")] + good, [HTTPField.Name("Sec-Fetch-Site")!: "same-site"]),
                (
                    "foreign origin", [("csrf", tom.formToken ?? "")] + good,
                    [HTTPField.Name("Origin")!: "https://evil.example"]
                ),
                ("no token", good, [:]),
                ("wrong token", [("csrf", "0000")] + good, [:]),
            ]
            for (name, form, headers) in attempts {
                let response = try await send(client, .post, mark, as: tom, form: form, headers: headers)
                #expect(response.status == .forbidden, "\(name)")
            }
            // The same request from this site passes.
            let ok = try await send(
                client, .post, mark, as: tom, form: [("csrf", tom.formToken ?? "")] + good,
                headers: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
            #expect(ok.status == .seeOther)
        }
        let after = try Marking(context).marks()
        #expect(after.count == before.count + 1, "only the same-origin request wrote")
    }

    @Test func theRollCallOpensWhenTheSessionStarts() async throws {
        let folder = try TemporaryFolder()
        let (certified, _) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(certified)
        let start = try #require(
            try ScheduleBook(certified).current().schedule.sessions.first {
                SessionKey(cohort: $0.session.cohort, index: $0.session.index) == teaching.session
            }
        ).start
        // A minute before the session starts, through a coordinator's account (any session).
        let early = context(folder.url, at: start.addingTimeInterval(-60))
        let link = try Accounts(early).add("claire", role: .coordinator)
        let app = Application(router: try webServer(early).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let page = try await send(client, .get, path(teaching.session), as: claire)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<li id="p-P01""#))
            #expect(page.text.contains(#"id="not-open""#))
            #expect(!page.text.contains(#"class="marks""#), "no mark buttons yet")
            let refused = try await send(
                client, .post, path(teaching.session) + "/marks", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("participant", "P02"), ("status", "present")])
            #expect(refused.status == .conflict, "not before the session starts")
        }
    }
}
