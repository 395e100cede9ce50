import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

/// The scheduler run from the browser: one solve at a time, in the background, with its progress and a
/// Stop that keeps the best schedule found so far.
final class SolveBoard: @unchecked Sendable {
    struct State {
        var by: String
        var started: Date
        var running: Bool
        var progress: ServiceProgress?
        var result: String?
        var failed: Bool
    }

    private let lock = NSLock()
    private var state: State?
    private var signal = StopSignal()

    /// Starts `solve` unless one runs; false when one does.
    func start(by account: String, at now: Date, _ solve: @escaping @Sendable (SolveSchedule) async throws -> String)
        -> Bool
    {
        let signal = StopSignal()
        let started: Bool = lock.withLock {
            if state?.running == true { return false }
            state = State(by: account, started: now, running: true, progress: nil, result: nil, failed: false)
            self.signal = signal
            return true
        }
        guard started else { return false }
        let job = SolveSchedule(
            progress: { [weak self] progress in self?.update { $0.progress = progress } }, stop: signal)
        Task.detached { [weak self] in
            do {
                let summary = try await solve(job)
                self?.update {
                    $0.running = false
                    $0.result = summary
                }
            } catch {
                self?.update {
                    $0.running = false
                    $0.failed = true
                    $0.result = (error as? ServiceError)?.message ?? String(describing: error)
                }
            }
        }
        return true
    }

    /// Asks the running solve to finish now, keeping its best schedule.
    func stop() { lock.withLock { signal }.raise() }

    /// The current or last solve.
    var current: State? { lock.withLock { state } }

    private func update(_ change: (inout State) -> Void) {
        lock.withLock {
            if var value = state {
                change(&value)
                state = value
            }
        }
    }
}

extension WebApp {
    /// The schedule: run the scheduler, see it by venue, trainer or cohort, with what was not placed and
    /// why; publish; export.
    func scheduleRoutes(_ routes: RouteGroup) {
        let board = SolveBoard()
        routes.get("schedule") { request, context in
            try schedulePage(request, context, board: board)
        }
        struct Solve: Decodable {
            var csrf: String?
            var seconds: String?
        }
        routes.post("schedule/solve") { request, context in
            let form = try await request.form(Solve.self)
            try context.checkFormToken(form.csrf)
            let seconds = Double(form.seconds ?? "") ?? 10
            guard (1...600).contains(seconds) else {
                throw ServiceError(.invalidInput, "the search runs from 1 to 600 seconds")
            }
            let services = services(context)
            let started = board.start(by: services.actor, at: services.now) { job in
                var job = job
                job.seconds = seconds
                let outcome = try await job.run(in: services)
                return "placed \(outcome.schedule.sessions.count) sessions; \(outcome.schedule.unscheduled.count) of "
                    + "\(outcome.cohorts) cohorts not placed"
            }
            guard started else { throw ServiceError(.conflict, "the scheduler is already running") }
            return redirect("/coordinator/schedule")
        }
        struct Token: Decodable { var csrf: String? }
        routes.post("schedule/stop") { request, context in
            try context.checkFormToken(try await request.form(Token.self).csrf)
            board.stop()
            return redirect("/coordinator/schedule")
        }
        routes.post("schedule/publish") { request, context in
            try context.checkFormToken(try await request.form(Token.self).csrf)
            _ = try ScheduleBook(services(context)).publish()
            return redirect("/coordinator/schedule")
        }
        routes.get("schedule/export/:format") { _, context in
            let name = try context.parameters.require("format")
            guard let dot = name.lastIndex(of: "."), name[..<dot] == "schedule",
                let format = ExportSchedule.Format(rawValue: String(name[name.index(after: dot)...]))
            else { throw HTTPError(.notFound) }
            let services = services(context)
            if format == .pdf {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("timetable-\(UUID()).pdf")
                defer { try? FileManager.default.removeItem(at: file) }
                _ = try await ExportSchedule(format: .pdf, pdf: file).run(in: services)
                return fileResponse(try Data(contentsOf: file), type: "application/pdf", name: "schedule.pdf")
            }
            let text = try await ExportSchedule(format: format).run(in: services).text ?? ""
            let types: [ExportSchedule.Format: String] = [
                .ics: "text/calendar; charset=utf-8", .csv: "text/csv; charset=utf-8",
                .json: "application/json; charset=utf-8",
            ]
            return fileResponse(Array(text.utf8), type: types[format] ?? "text/plain", name: name)
        }
    }

    private func schedulePage(_ request: Request, _ context: WebContext, board: SolveBoard) throws -> Response {
        struct Group {
            var name: String
            var sessions: [SessionLine]
        }
        struct Unplaced {
            var cohort, reasons: String
        }
        let services = services(context)
        let by = request.uri.queryParameters.get("by") ?? "venue"
        let sessions = try TrainerDesk(services, account: try context.account()).sessions()
        let grouped = Dictionary(grouping: sessions) { view -> String in
            switch by {
            case "trainer": view.trainer
            case "cohort": "\(view.title) (\(view.key.cohort.label))"
            default: view.venue
            }
        }
        let groups = grouped.keys.sorted().map { Group(name: $0, sessions: grouped[$0]!.map(SessionLine.init)) }
        let unplaced = try ScheduleBook(services).current().schedule.unscheduled.map {
            Unplaced(cohort: $0.cohort.label, reasons: $0.reasons.joined(separator: "; "))
        }
        var content: [String: Any] = [
            "groups": groups, "unplaced": unplaced, "count": sessions.count, "byVenue": by == "venue",
            "byTrainer": by == "trainer", "byCohort": by == "cohort",
        ]
        var refresh = false
        if let job = board.current {
            refresh = job.running
            var text = job.running ? "Running since \(Display.day(job.started, zone: "UTC")), started by \(job.by)" : ""
            if job.running, let progress = job.progress {
                text +=
                    ": \(progress.phase), \(progress.done)" + (progress.total.map { " of \($0)" } ?? "")
                    + " cohorts placed" + (progress.score.map { ", score \($0)" } ?? "")
                    + String(format: ", %.0f s", progress.elapsed)
            }
            content["job"] = [
                "running": job.running, "progress": text, "result": job.result ?? "", "failed": job.failed,
            ]
        }
        var response = try pages.render(
            "schedule", PageValues(frame: try frame("Schedule", context), content: content))
        if refresh { response.headers[HTTPField.Name("Refresh")!] = "2" }
        return response
    }
}
