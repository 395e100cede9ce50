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

/// The coordinator's registrations (seats, the waiting list, cancelling) and a person's page (registrations,
/// marks history, export, erasure): the same rules and records as the command line.
@Suite(.serialized) struct RegistrationPageTests {
    @Test func registeringBeyondTheSeatsWaitsAndACancelledSeatGoesToTheFirstWaiting() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        // Three seats: the smallest room of the cohort's sessions.
        _ = try runText(
            "/usr/bin/sqlite3",
            [folder.url.appendingPathComponent(workspaceDatabaseFileName).path, "UPDATE venue SET capacity = 3"])
        let cohort = Cohort(offeringID: "SEM1-ADM", number: 1)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let overview = try await send(client, .get, "/coordinator/registrations", as: claire)
            #expect(
                overview.text.contains(
                    #"<a href="/coordinator/registrations/SEM1-ADM/1">SEM1-ADM#1</a></td><td>3</td><td>2</td><td>0</td>"#
                ),
                "\(overview.text)")
            let registered = try await send(
                client, .post, "/coordinator/registrations/SEM1-ADM/1/register", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("participants", "P03, P04 P05")])
            #expect(registered.status == .ok)
            #expect(
                registered.text.contains(
                    "P03 registered; P04 on the waiting list (1); P05 on the waiting list (2)."), "\(registered.text)")
            #expect(registered.text.contains(#"<tr id="r-P05">"#) && registered.text.contains("waiting (2)"))
            // Someone unknown: nothing registered, the reason shown.
            let unknown = try await send(
                client, .post, "/coordinator/registrations/SEM1-ADM/1/register", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("participants", "P06 P99")])
            #expect(unknown.status.code >= 400 && unknown.text.contains("P99"), "\(unknown.text)")
            #expect(try Registrations(context).list(of: cohort).registrations.allSatisfy { $0.participant.id != "P06" })
            // Cancelling a seat gives it to the first person waiting.
            let cancelled = try await send(
                client, .post, "/coordinator/registrations/SEM1-ADM/1/P01/cancel", as: claire,
                form: [("csrf", claire.formToken ?? "")])
            #expect(cancelled.text.contains("P04 moves from the waiting list to the seat"), "\(cancelled.text)")
        }
        let statuses = Dictionary(
            uniqueKeysWithValues: try Registrations(context).list(of: cohort).registrations.map {
                ($0.participant.id, $0.status)
            })
        #expect(
            statuses == [
                "P01": .cancelled, "P02": .registered, "P03": .registered, "P04": .registered, "P05": .waiting,
            ])
    }

    @Test func aPersonsPageShowsTheirRecordsExportsThemAndErasesOnConfirmation() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let people = try await send(client, .get, "/coordinator/participants", as: claire)
            #expect(people.text.contains(#"<a href="/coordinator/participants/P01">"#))
            let page = try await send(client, .get, "/coordinator/participants/P01", as: claire)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<a href="/coordinator/registrations/SEM1-ADM/1">SEM1-ADM#1</a>: registered"#))
            #expect(page.text.contains("mark.set"), "the marks' history")
            #expect(page.text.contains(code))
            // The export: everything held, as JSON, recorded in history.
            let export = try await send(client, .get, "/coordinator/participants/P01/export", as: claire)
            #expect(export.status == .ok)
            #expect(export.headers[.contentDisposition]?.contains("participant-P01.json") == true)
            let held = try JSONSerialization.jsonObject(with: Data(export.text.utf8))
            #expect(String(describing: held).contains("agnieszka.wroblewska@lodz.example"))
            // Erasure needs the id typed; then the person is gone from the list.
            let unconfirmed = try await send(
                client, .post, "/coordinator/participants/P01/erase", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("confirm", "P02")])
            #expect(unconfirmed.status == .badRequest)
            #expect(try ParticipantRegister(context).list().contains { $0.id == "P01" })
            let erased = try await send(
                client, .post, "/coordinator/participants/P01/erase", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("confirm", "P01")])
            #expect(erased.status == .ok && erased.text.contains(#"id="erased""#))
            #expect(!erased.text.contains("Wróblewska"))
            #expect(try await send(client, .get, "/coordinator/participants/P01", as: claire).status == .notFound)
        }
        #expect(try !ParticipantRegister(context).list().contains { $0.id == "P01" })
        let history = try WorkspaceSetup.history(in: context)
        #expect(history.contains { $0.actor == "claire" && $0.action.contains("export") }, "\(history.map(\.action))")
        #expect(history.contains { $0.actor == "claire" && $0.action.contains("erase") })
    }

    @Test func aCoordinatorCorrectsAMarkWithAReasonThatHistoryKeeps() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let second = SessionKey(cohort: Cohort(offeringID: "SEM1-ADM", number: 1), index: 2)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let page = try await send(client, .get, "/coordinator/participants/P01", as: claire)
            #expect(page.text.contains(#"<tr id="s-SEM1-ADM#1/2">"#), "\(page.text)")
            #expect(page.text.contains("<option selected>present</option>"))
            // No reason: refused, nothing changed.
            let bare = try await send(
                client, .post, "/coordinator/participants/P01/marks", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("session", "SEM1-ADM#1/2"), ("status", "absent")])
            #expect(bare.status == .badRequest && bare.text.contains("reason"), "\(bare.text)")
            #expect(try Marking(context).marks(session: second, participant: "P01").first?.status == "present")
            // Someone without a seat in the cohort: refused as at the roll-call.
            let stranger = try await send(
                client, .post, "/coordinator/participants/P05/marks", as: claire,
                form: [
                    ("csrf", claire.formToken ?? ""), ("session", "SEM1-ADM#1/2"), ("status", "present"),
                    ("reason", "signed the sheet"),
                ])
            #expect(stranger.status.code >= 400 && stranger.text.contains("P05"), "\(stranger.text)")
            // Negative minutes: refused by the workspace's own rule, nothing changed.
            let negative = try await send(
                client, .post, "/coordinator/participants/P01/marks", as: claire,
                form: [
                    ("csrf", claire.formToken ?? ""), ("session", "SEM1-ADM#1/2"), ("status", "present"),
                    ("minutes", "-5"), ("reason", "typo"),
                ])
            #expect(negative.status.code >= 400 && negative.text.contains("cannot be negative"), "\(negative.text)")
            #expect(try Marking(context).marks(session: second, participant: "P01").first?.minutes != -5)
            let corrected = try await send(
                client, .post, "/coordinator/participants/P01/marks", as: claire,
                form: [
                    ("csrf", claire.formToken ?? ""), ("session", "SEM1-ADM#1/2"), ("status", "present"),
                    ("minutes", "120"), ("reason", "left at 11:00, says the sign-in sheet"),
                ])
            #expect(corrected.status == .ok, "\(corrected.text)")
            #expect(corrected.text.contains("P01&#39;s mark for SEM1-ADM#1/2 is now present."), "\(corrected.text)")
            #expect(corrected.text.contains("left at 11:00, says the sign-in sheet"))
        }
        let mark = try #require(try Marking(context).marks(session: second, participant: "P01").first)
        #expect(
            mark.minutes == 120 && mark.markedBy == "claire" && mark.remark == "left at 11:00, says the sign-in sheet")
        let history = try Marking(context).history(participant: "P01")
        #expect(history.last?.actor == "claire" && history.last?.detail.contains("120") == true, "\(history)")
        // The certificate rules see the correction: P01 attended less.
        let row = try AttendanceReports(context).attendance(by: .participant).table.rows.first { $0.first == "P01" }
        #expect(row.map { $0[4] != $0[5] } == true, "hours planned and attended: \(String(describing: row))")
    }
}
