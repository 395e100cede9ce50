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

/// The scheduler from the browser: a job with progress, Stop keeping the best so far, grids, the unplaced
/// list, publishing and exports.
@Suite(.serialized) struct ScheduleTests {
    /// Polls the schedule page until no solve runs; returns the last page.
    func waitForTheSolve(_ client: some TestClientProtocol, as visitor: Visitor) async throws -> TestResponse {
        for _ in 0..<300 {
            let page = try await send(client, .get, "/coordinator/schedule", as: visitor)
            if !page.text.contains(#"id="job-progress""#) { return page }
            #expect(page.headers[HTTPField.Name("Refresh")!] == "2", "the page refreshes itself while it runs")
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("the solve did not end")
        return try await send(client, .get, "/coordinator/schedule", as: visitor)
    }

    @Test func aCoordinatorRunsTheSchedulerSeesTheGridsPublishesAndExports() async throws {
        let folder = try TemporaryFolder()
        let context = try await plannedWorkspace(folder.url)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let empty = try await send(client, .get, "/coordinator/schedule", as: claire)
            #expect(empty.text.contains("0 sessions"))
            let started = try await send(
                client, .post, "/coordinator/schedule/solve", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("seconds", "1")])
            #expect(started.status == .seeOther)
            let done = try await waitForTheSolve(client, as: claire)
            #expect(done.text.contains("Done: placed"), "\(done.text)")
            let sessions = try ScheduleBook(context).current().schedule.sessions
            #expect(!sessions.isEmpty)
            #expect(done.text.contains("\(sessions.count) sessions, by venue"))
            let trainers = try ScheduleBook(context).planning().trainers
            let byTrainer = try await send(client, .get, "/coordinator/schedule?by=trainer", as: claire)
            let shown = trainers.filter { trainer in sessions.contains { $0.session.trainerID == trainer.id } }
            #expect(shown.allSatisfy { byTrainer.text.contains("<h3>\($0.name)</h3>") })
            for (row, unplaced) in try ScheduleBook(context).current().schedule.unscheduled.enumerated() {
                #expect(
                    done.text.contains("<code>\(unplaced.cohort.label)</code>"), "unplaced #\(row) with its reasons")
            }
            let csv = try await send(client, .get, "/coordinator/schedule/export/schedule.csv", as: claire)
            #expect(csv.text.split(whereSeparator: \.isNewline).count == sessions.count + 1)
            let ics = try await send(client, .get, "/coordinator/schedule/export/schedule.ics", as: claire)
            #expect(ics.text.hasPrefix("BEGIN:VCALENDAR"))
            #expect(
                try await send(client, .get, "/coordinator/schedule/export/other.txt", as: claire).status == .notFound)
            let published = try await send(
                client, .post, "/coordinator/schedule/publish", as: claire, form: [("csrf", claire.formToken ?? "")])
            #expect(published.status == .seeOther)
            #expect(try ScheduleBook(context).current().schedule.sessions.allSatisfy(\.pinned))
        }
        let history = try WorkspaceSetup.history(in: context).filter { $0.actor == "claire" }.map(\.action)
        #expect(history.contains { $0.hasPrefix("schedule") }, "\(history)")
    }

    @Test func stopFinishesEarlyAndKeepsTheBestScheduleSoFar() async throws {
        let folder = try TemporaryFolder()
        let context = try await plannedWorkspace(folder.url)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let clock = ContinuousClock.now
            _ = try await send(
                client, .post, "/coordinator/schedule/solve", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("seconds", "120")])
            let second = try await send(
                client, .post, "/coordinator/schedule/solve", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("seconds", "1")])
            #expect(second.status == .conflict, "one solve at a time")
            try await Task.sleep(for: .milliseconds(500))
            _ = try await send(
                client, .post, "/coordinator/schedule/stop", as: claire, form: [("csrf", claire.formToken ?? "")])
            let done = try await waitForTheSolve(client, as: claire)
            #expect(ContinuousClock.now - clock < .seconds(60), "stopped long before its 120 s")
            #expect(done.text.contains("Done: placed"))
            #expect(!(try ScheduleBook(context).current().schedule.sessions.isEmpty), "the best so far was saved")
        }
    }
}

/// The coordinator's reports: the same tables as `planner attendance report|equality`, as HTML and CSV.
@Suite(.serialized) struct ReportPageTests {
    @Test func theReportsAreTheCommandLinesTablesWithCSVDownloads() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let reports = AttendanceReports(context)
            let expected: [(String, ReportTable)] = [
                ("attendance-participant", try reports.attendance(by: .participant).table),
                ("low-attendance", try reports.attendance(by: .participant, below: 80).table),
                ("equality-funder", try reports.equality(by: .funder).report.table),
            ]
            for (name, table) in expected {
                let csv = try await send(client, .get, "/coordinator/reports/\(name).csv", as: claire)
                #expect(csv.status == .ok)
                #expect(csv.text == table.csv, "\(name)")
                let page = try await send(client, .get, "/coordinator/reports?show=\(name)", as: claire)
                #expect(page.text.contains("<th scope=\"col\">\(table.header[0])</th>"))
                #expect(page.text.components(separatedBy: "<tr><td>").count - 1 == table.rows.count)
            }
            #expect(try await send(client, .get, "/coordinator/reports/nothing.csv", as: claire).status == .notFound)
            // The ESF+ indicators for a period: the command line's table, the period kept in the CSV link.
            let esf = try reports.esf(
                from: LocalDate(iso: "2027-01-01")!, to: LocalDate(iso: "2027-12-31")!, funder: nil)
            #expect(esf.table.rows.contains { $0.last != "0" }, "someone attended in 2027: \(esf.table.rows)")
            let query = "from=2027-01-01&to=2027-12-31&funder="
            let page = try await send(client, .get, "/coordinator/reports?show=esf&\(query)", as: claire)
            #expect(
                page.text.contains(
                    #"href="/coordinator/reports/esf.csv?from=2027-01-01&amp;to=2027-12-31&amp;funder=""#))
            let csv = try await send(client, .get, "/coordinator/reports/esf.csv?\(query)", as: claire)
            #expect(csv.text == esf.table.csv)
            let bad = try await send(client, .get, "/coordinator/reports?show=esf&from=2027-13-45", as: claire)
            #expect(bad.status == .badRequest)
            let unknown = try await send(client, .get, "/coordinator/reports?show=esf&funder=NOBODY", as: claire)
            #expect(unknown.status == .notFound)
        }
    }
}
