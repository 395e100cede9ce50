import ArgumentParser
import Attendance
import Certificates
import CurriculumImport
import Documents
import Foundation
import PlannerCore
import Scheduling
import Workspace

extension Planner.Demo {
    /// `planner demo [--output DIR]`: the main job end to end on built-in data.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run the whole job on built-in data into a new workspace folder, and summarise it.",
            discussion: """
                Creates a workspace in DIR, imports every curriculum in Curricula/, loads the demo territory's venues,
                trainers, funders and offerings (written to DIR/inputs/ so you can read and change them), schedules,
                registers synthetic participants, simulates attendance, issues certificates, and writes calendars,
                sign-in sheets, certificates, the budget and equal-opportunities reports into DIR.
                Afterwards DIR is an ordinary workspace: try `planner status --workspace DIR`.
                """)

        @Option(name: .shortAndLong, help: "Folder to create (default: planner-demo-N in the current folder).")
        var output: String?
        @Option(help: "Folder of curricula to import.") var curricula: String = "Curricula"
        @Option(help: "Synthetic participants.") var participants: Int = 300
        @Option(help: "Seed of the synthetic data and the solver.") var seed: UInt64 = 1
        @Option(help: "Seconds for the solver.") var seconds: Double = 3

        func validate() throws {
            guard (10...100_000).contains(participants) else {
                throw ValidationError("--participants from 10 to 100000")
            }
        }

        func run() async throws {
            let started = Date()
            let folder = try demoFolder()
            let workspace = try Workspace.create(at: folder).workspace
            let inputs = folder.appendingPathComponent("inputs")
            try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
            let now = currentTime()
            let today = localDay(now)
            func step(_ text: String) { printError("• \(text)") }

            // 1. Curricula.
            let curriculumFolder = URL(fileURLWithPath: curricula, isDirectory: true)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: curriculumFolder.path)) ?? [])
                .filter { $0.hasSuffix(".xml") }.sorted()
            guard !files.isEmpty else {
                throw CommandFailure(
                    "no curricula in \(curriculumFolder.path); run the demo from the repository or pass --curricula DIR"
                )
            }
            for file in files {
                let report = CurriculumReader.validate(.file(curriculumFolder.appendingPathComponent(file)), file: file)
                guard !report.hasErrors else {
                    throw CommandFailure("\(file) has errors; run planner curriculum validate")
                }
            }
            try workspace.importCurricula { save in
                for file in files {
                    _ = try CurriculumReader.read(
                        .file(curriculumFolder.appendingPathComponent(file)), file: file, emit: save)
                }
            }
            step("imported \(files.count) curriculum files")

            // 2. Planning inputs.
            var reader = PlanningReader()
            for (name, text) in DemoData.planningFiles(endingBefore: today).sorted(by: { $0.key < $1.key }) {
                let url = inputs.appendingPathComponent(name)
                try Data(text.utf8).write(to: url)
                reader.read(url, file: "inputs/\(name)")
            }
            let planningProblems = reader.diagnostics + (try workspace.check(reader.inputs))
            guard !planningProblems.containsErrors else {
                throw CommandFailure(
                    "demo planning data: " + planningProblems.map(\.description).joined(separator: "; "))
            }
            try workspace.importPlanning(reader.inputs)

            // 3. Schedule.
            let data = try workspace.planningData()
            let problem = SchedulingProblem(
                calendar: data.calendar!, venues: data.venues, trainers: data.trainers, funders: data.funders,
                offerings: data.offerings, tracks: data.tracks)
            let result = Scheduling.solve(
                problem, options: SolveOptions(seed: seed, seconds: seconds, iterations: 3_000))
            try workspace.saveSchedule(
                result.sessions, funding: result.funding,
                unscheduled: result.unscheduled.map { ($0.cohort, $0.reasons) },
                seed: seed, score: result.score, moved: 0)
            try workspace.publishSchedule()
            step("scheduled \(Set(result.sessions.map(\.cohort)).count) of \(problem.cohorts.count) cohorts")

            // 4. Participants and registrations.
            let people = inputs.appendingPathComponent("participants.csv")
            try Data(DemoData.participants(count: participants, seed: seed).utf8).write(to: people)
            let (records, problems) = ParticipantFile.read(people, file: "inputs/participants.csv")
            guard !problems.containsErrors else {
                throw CommandFailure(problems.map(\.description).joined(separator: "; "))
            }
            try workspace.importParticipants(records)
            try workspace.setSetting("organiser", to: "Ville de Liège — Service formation")
            var random = SeededGenerator(seed: seed &+ 17)
            let scheduled = Set(result.sessions.map(\.cohort))
            let offerings = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0) })
            var registrations = 0
            for record in records {
                let mine = scheduled.filter { offerings[$0.offeringID]?.audience == record.participant.audience }
                    .sorted()
                guard !mine.isEmpty else { continue }
                for _ in 0..<(1 + random.below(3)) {
                    let cohort = random.pick(mine)
                    if case .registered = try workspace.register(record.participant.id, in: cohort, at: now) {
                        registrations += 1
                    }
                }
            }
            step("registered \(records.count) participants (\(registrations) seats taken)")

            // 5. Attendance, simulated: most come, some late, some excused, a few drop out.
            let sessionsByCohort = Dictionary(grouping: try workspace.sessionFacts(), by: \.key.cohort)
            var batch: [SessionKey: [MarkEntry]] = [:]
            for cohort in scheduled.sorted() {
                let registered = try workspace.registrations(of: cohort).filter { $0.status == .registered }.map(
                    \.participant.participant.id)
                for id in registered {
                    let reliability = 60 + random.below(41)
                    for session in sessionsByCohort[cohort] ?? [] {
                        let roll = random.below(100)
                        let entry: MarkEntry =
                            roll < reliability
                            ? MarkEntry(participantID: id, status: "present")
                            : roll < reliability + 6
                                ? MarkEntry(
                                    participantID: id, status: "late",
                                    minutes: max(0, session.minutes - 30 - random.below(60)))
                                : roll < reliability + 14
                                    ? MarkEntry(participantID: id, status: "excused", remark: "work")
                                    : MarkEntry(participantID: id, status: "absent")
                        batch[session.key, default: []].append(entry)
                    }
                }
            }
            let marks = try workspace.recordMarks(batch: batch, by: "Demo trainer", at: now)
            step("recorded \(marks) attendance marks")

            // 6. Certificates.
            let keyURL = try issuerKeyURL(workspace)
            try writeKey(try IssuerKey.generate(), to: keyURL)
            try workspace.setSetting(
                "signatories", to: "Christine Marchal|Alderwoman for training;Claire Dupont|Lead trainer")
            let key = try IssuerKey(pem: String(contentsOf: keyURL, encoding: .utf8))
            let identity = try IssuerIdentity(workspace)
            var codes = SeededGenerator(seed: seed &+ 99)
            let eligible = try eligibility(workspace, offering: nil).filter(\.eligible)
            let issued = try workspace.issue(
                eligible.map {
                    (
                        Certificate(
                            id: UUID(), participantID: $0.participantID, offeringID: $0.cohort.offeringID,
                            verificationCode: VerificationCode(using: &codes).description, issuedOn: today,
                            minutesAttended: $0.minutesAttended, minutesPlanned: $0.minutesPlanned), $0.cohort
                    )
                }, at: now)
            let content = try CertificateContent(workspace)
            for certificate in issued {
                try workspace.setCredential(
                    try key.sign(try content.credential(for: certificate, identity: identity), kid: identity.kid),
                    for: certificate.id)
            }
            let certificateCount = try exportCertificates(
                workspace, offering: nil, to: folder.appendingPathComponent("certificates"))
            step("issued \(issued.count) certificates")

            // 7. Files.
            let written = try await writeOutputs(workspace, folder: folder, result: result)
            let summary = try summarise(workspace, result: result, problem: problem, certificates: certificateCount)
            try Data(summary.utf8).write(to: folder.appendingPathComponent("summary.txt"))
            print(summary)
            print("Files:")
            for path in written + [
                "certificates/ (\(certificateCount) PDFs, credentials, all-certificates.pdf)", "inputs/", "summary.txt",
            ] {
                print("  \(folder.path)/\(path)")
            }
            print(
                String(
                    format: "\nDone in %.1f s. The workspace is %@; try: planner status --workspace %@",
                    Date().timeIntervalSince(started), folder.path, folder.path))
        }

        private func demoFolder() throws -> URL {
            if let output {
                let url = URL(fileURLWithPath: output, isDirectory: true).standardizedFileURL
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                guard contents.isEmpty else { throw CommandFailure("\(url.path) is not empty; choose a new folder") }
                return url
            }
            var number = 1
            while FileManager.default.fileExists(atPath: "planner-demo-\(number)") { number += 1 }
            return URL(fileURLWithPath: "planner-demo-\(number)", isDirectory: true).standardizedFileURL
        }

        private func localDay(_ instant: Date) -> LocalDate {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/Brussels")!
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        }

        /// Calendars, timetable, sign-in sheets, budget and reports; returns the paths written.
        private func writeOutputs(_ workspace: Workspace, folder: URL, result: ScheduleResult) async throws -> [String]
        {
            var paths: [String] = []
            let calendars = folder.appendingPathComponent("calendars")
            try FileManager.default.createDirectory(at: calendars, withIntermediateDirectories: true)
            let data = try workspace.planningData()
            let schedule = try workspace.schedule()
            let titles = try workspace.moduleTitles()
            let zone = data.calendar!.timeZone
            func events(_ sessions: [StoredSession]) -> [CalendarEvent] {
                calendarEvents(sessions, data: data, titles: titles)
            }
            try Data(iCalendar(events(schedule.sessions), timeZone: zone, name: "Programme", stamp: currentTime()).utf8)
                .write(to: calendars.appendingPathComponent("programme.ics"))
            paths.append("calendars/programme.ics")
            for trainer in data.trainers {
                let mine = schedule.sessions.filter { $0.session.trainerID == trainer.id }
                guard !mine.isEmpty else { continue }
                try Data(
                    iCalendar(events(mine), timeZone: zone, name: "Trainer \(trainer.name)", stamp: currentTime()).utf8
                )
                .write(to: calendars.appendingPathComponent("trainer-\(trainer.id).ics"))
            }
            paths.append("calendars/trainer-*.ics")
            let sheets = try signInSheets(
                for: try workspace.sessionFacts(), workspace: workspace,
                organiser: try workspace.setting("organiser") ?? "Training programme")
            try renderPDF(
                sheets.flatMap { $0.pages() }, size: .a4Landscape,
                info: DocumentInfo(title: "Sign-in sheets", author: "TrainingPlanner"),
                to: folder.appendingPathComponent("sign-in-sheets.pdf"))
            paths.append("sign-in-sheets.pdf (\(sheets.count) sessions)")
            let budget = try await capture(Planner.Budget.self, ["--workspace", folder.path])
            try Data(budget.utf8).write(to: folder.appendingPathComponent("budget.txt"))
            let budgetJSON = try await capture(Planner.Budget.self, ["--workspace", folder.path, "--format", "json"])
            try Data(budgetJSON.utf8).write(to: folder.appendingPathComponent("budget.json"))
            paths.append("budget.txt, budget.json")
            for (name, arguments) in [
                ("equal-opportunities.txt", ["--by", "offering"]),
                ("equal-opportunities-by-funder.txt", ["--by", "funder"]),
            ] {
                let text = try await capture(
                    Planner.AttendanceGroup.Equality.self, arguments + ["--workspace", folder.path])
                try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            }
            paths.append("equal-opportunities.txt, equal-opportunities-by-funder.txt")
            let period = data.calendar!.period
            let esf = try await capture(
                Planner.AttendanceGroup.ESF.self,
                [
                    "--from", period.lowerBound.description, "--to", period.upperBound.description, "--funder", "ESF",
                    "--workspace", folder.path,
                ])
            try Data(esf.utf8).write(to: folder.appendingPathComponent("esf-indicators.txt"))
            paths.append("esf-indicators.txt")
            let attendance = try await capture(
                Planner.AttendanceGroup.Report.self, ["--by", "offering", "--workspace", folder.path])
            try Data(attendance.utf8).write(to: folder.appendingPathComponent("attendance-by-offering.txt"))
            paths.append("attendance-by-offering.txt")
            return paths
        }

        private func summarise(
            _ workspace: Workspace, result: ScheduleResult, problem: SchedulingProblem, certificates: Int
        ) throws -> String {
            var lines: [String] = []
            let placed = Set(result.sessions.map(\.cohort))
            lines.append(
                "TrainingPlanner demo — \(problem.offerings.count) offerings, \(problem.cohorts.count) cohorts")
            lines.append("")
            lines.append("Scheduled: \(placed.count) cohorts, \(result.sessions.count) sessions.")
            if !result.unscheduled.isEmpty {
                lines.append("Not scheduled (\(result.unscheduled.count)):")
                for item in result.unscheduled {
                    lines.append("  \(item.cohort.label): \(item.reasons.joined(separator: "; "))")
                }
            }
            lines.append("")
            lines.append("Budget use per funder:")
            let data = try workspace.planningData()
            var used: [String: Money] = [:]
            for allocation in result.funding {
                used[allocation.funderID, default: .zero(allocation.amount.currency)] += allocation.amount
            }
            for funder in data.funders {
                let spent = used[funder.id] ?? .zero(funder.budget.currency)
                let share = funder.budget.minorUnits == 0 ? 0 : spent.minorUnits * 1000 / funder.budget.minorUnits
                lines.append(
                    "  \(funder.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(spent) of \(funder.budget) (\(share / 10).\(share % 10) %)"
                )
            }
            let attendance = try attendanceData(workspace)
            let rows = attendance.participantAttendance(asOf: currentTime())
            let genders = attendance.genders
            let totals = attendance.totals(rows) { [genders[$0.participantID]?.rawValue ?? "not-stated"] }
            lines.append("")
            lines.append(
                "Attendance and completion by gender (hours attended ÷ hours planned; certificates ÷ participants):")
            for (gender, total) in totals.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    "  \(gender.padding(toLength: 11, withPad: " ", startingAt: 0)) \(total.participants) registrations, attendance \(percent(total.rateBasisPoints)), completion \(percent(total.completionBasisPoints))"
                )
            }
            lines.append("")
            lines.append("Certificates issued: \(certificates).")
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

/// Calendar events for stored sessions (shared by export and demo).
func calendarEvents(_ sessions: [StoredSession], data: PlanningData, titles: [String: String]) -> [CalendarEvent] {
    let venues = Dictionary(uniqueKeysWithValues: data.venues.map { ($0.id, $0) })
    let trainers = Dictionary(uniqueKeysWithValues: data.trainers.map { ($0.id, $0) })
    let offerings = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0) })
    return sessions.map { stored in
        let session = stored.session
        let offering = offerings[session.cohort.offeringID]
        let module = offering?.moduleID ?? ""
        let title = titles[module] ?? module
        let venue = venues[session.venueID]
        let trainer = trainers[session.trainerID]
        return CalendarEvent(
            uid: "\(session.cohort.offeringID)-\(session.cohort.number)-\(session.index)@trainingplanner",
            sequence: stored.sequence, date: session.date, slot: session.slot,
            summary: "\(title) (\(session.index)/\(offering?.sessionsPerCohort ?? session.index))",
            location: [venue?.name, venue?.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
            description: """
                Trainer: \(trainer?.name ?? session.trainerID)
                Module: \(module) \(title)
                Cohort: \(session.cohort.label), session \(session.index) of \(offering?.sessionsPerCohort ?? 0)
                """)
    }
}

/// Runs a command with arguments and returns what it printed to standard output.
func capture<Command: AsyncParsableCommand>(_ type: Command.Type, _ arguments: [String]) async throws -> String {
    var command = try Command.parse(arguments)
    return try await captureOutput { try await command.run() }
}

/// Runs a body and returns what it printed to standard output.
func captureOutput(_ body: () async throws -> Void) async throws -> String {
    let pipe = Pipe()
    let saved = dup(STDOUT_FILENO)
    fflush(nil)
    dup2(pipe.fileHandleForWriting.fileDescriptor, STDOUT_FILENO)
    var failure: (any Error)?
    do { try await body() } catch { failure = error }
    fflush(nil)
    dup2(saved, STDOUT_FILENO)
    close(saved)
    try pipe.fileHandleForWriting.close()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    if let failure { throw failure }
    return String(decoding: data, as: UTF8.self)
}
