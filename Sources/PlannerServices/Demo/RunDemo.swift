import Attendance
import Certificates
import CurriculumImport
import Documents
public import Foundation
import PlannerCore
public import Scheduling
import Workspace

/// The whole job on built-in data, into a new workspace folder: curricula (compiled into the binary, or a
/// folder of them), the demo territory's planning files, a schedule, synthetic participants, simulated
/// attendance, certificates, and the files a coordinator opens (calendars, sign-in sheets, certificates,
/// budget and reports, a summary).
public struct RunDemo: Sendable {
    /// The folder to create (it must be new or empty).
    public var folder: URL
    /// A folder of curriculum files to import instead of the built-in ones.
    public var curricula: URL?
    /// Synthetic participants.
    public var participants: Int
    /// Seed of the synthetic data and the solver.
    public var seed: UInt64
    /// Seconds for the solver.
    public var seconds: Double
    /// The address `planner serve` answers at: certificates' QR codes link to `URL/verify/CODE`.
    public var publicURL: String
    /// Receives each step as it is done (`imported 6 curriculum files`).
    public var step: @Sendable (String) -> Void

    /// A demo run.
    public init(
        folder: URL, curricula: URL? = nil, participants: Int = 300, seed: UInt64 = 1, seconds: Double = 3,
        publicURL: String = "http://127.0.0.1:8080", step: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.publicURL = publicURL
        self.folder = folder
        self.curricula = curricula
        self.participants = participants
        self.seed = seed
        self.seconds = seconds
        self.step = step
    }

    /// What the demo made.
    public struct Outcome: Sendable {
        /// The summary (also written to `summary.txt`).
        public var summary: String
        /// Paths written, relative to the folder.
        public var files: [String]
    }

    /// The next free `planner-demo-N` folder in `directory`.
    public static func newFolder(in directory: URL) -> URL {
        var number = 1
        while FileManager.default.fileExists(atPath: directory.appendingPathComponent("planner-demo-\(number)").path) {
            number += 1
        }
        return directory.appendingPathComponent("planner-demo-\(number)", isDirectory: true).standardizedFileURL
    }

    /// Runs the demo as `context.actor` (the folder of `context` is ignored: the demo makes its own).
    public func run(in context: ServiceContext) async throws -> Outcome {
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard contents.isEmpty else {
            throw ServiceError(.conflict, "\(folder.path) is not empty; choose a new folder")
        }
        // The curricula first: nothing is created when they are missing.
        let files = try curriculumFiles()
        var context = context
        context.folder = folder
        _ = try WorkspaceSetup.create(in: context)
        let workspace = try context.workspace()
        let inputs = folder.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let now = context.now
        let today = TimeZoneID("Europe/Brussels")!.localDate(of: now)

        // 1. Curricula.
        for file in files {
            let report = CurriculumReader.validate(file.source, file: file.name)
            guard !report.hasErrors else {
                throw ServiceError(.invalidInput, "\(file.name) has errors; run planner curriculum validate")
            }
        }
        try workspace.importCurricula { save in
            for file in files { _ = try CurriculumReader.read(file.source, file: file.name, emit: save) }
        }
        step("imported \(files.count) curriculum files")

        // 2. Planning inputs.
        var planningFiles: [InputFile] = []
        for (name, text) in DemoData.planningFiles(endingBefore: today).sorted(by: { $0.key < $1.key }) {
            let url = inputs.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            planningFiles.append(InputFile(url: url, name: "inputs/\(name)"))
        }
        do {
            _ = try await ImportPlanning(files: planningFiles).run(in: context)
        } catch let error as ServiceError {
            throw ServiceError(
                .invalidInput, "demo planning data: " + error.diagnostics.map(\.description).joined(separator: "; "))
        }

        // 3. Schedule.
        let solved = try await SolveSchedule(seed: seed, seconds: seconds, iterations: 3_000).run(in: context)
        let result = solved.result
        try workspace.publishSchedule()
        step("scheduled \(Set(result.sessions.map(\.cohort)).count) of \(solved.cohorts) cohorts")

        // 4. Participants and registrations.
        let people = inputs.appendingPathComponent("participants.csv")
        try Data(DemoData.participants(count: participants, seed: seed).utf8).write(to: people)
        let (records, problems) = ParticipantFile.read(people, file: "inputs/participants.csv")
        guard !problems.containsErrors else {
            throw ServiceError(.invalidInput, problems.map(\.description).joined(separator: "; "))
        }
        try workspace.importParticipants(records)
        try workspace.setSetting("organiser", to: "Ville de Liège — Service formation")
        var random = SeededGenerator(seed: seed &+ 17)
        let scheduled = Set(result.sessions.map(\.cohort))
        let data = try workspace.planningData()
        let offerings = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0) })
        var registrations = 0
        for record in records {
            let mine = scheduled.filter { offerings[$0.offeringID]?.audience == record.participant.audience }.sorted()
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
        let marks = try workspace.recordMarks(
            batch: simulatedMarks(workspace, cohorts: scheduled, random: &random), by: "Demo trainer", at: now)
        step("recorded \(marks) attendance marks")

        // 6. Certificates, linking to where `planner serve` answers.
        try ProgrammeSettings(workspace).setPublicURL(publicURL)
        try ProgrammeSettings(workspace).setSignatories([
            Signatory(name: "Christine Marchal", role: "Alderwoman for training"),
            Signatory(name: "Claire Dupont", role: "Lead trainer"),
        ])
        var codes = SeededGenerator(seed: seed &+ 99)
        let issued = try await IssueCertificates(output: folder.appendingPathComponent("certificates")).run(
            in: context, codes: &codes)
        let certificateCount = issued.written ?? 0
        step("issued \(issued.issued.count) certificates")

        // 7. Files.
        let written = try writeOutputs(context, workspace: workspace)
        let summary = try summarise(context, workspace: workspace, solved: solved, certificates: certificateCount)
        try Data(summary.utf8).write(to: folder.appendingPathComponent("summary.txt"))
        return Outcome(
            summary: summary,
            files: written + [
                "certificates/ (\(certificateCount) PDFs, credentials, all-certificates.pdf)", "inputs/", "summary.txt",
            ])
    }

    /// The curriculum files to import: the built-in ones, or the XML files of ``curricula``.
    private func curriculumFiles() throws -> [(name: String, source: CurriculumSource)] {
        guard let curricula else { return SampleCurricula.files.map { ($0.name, .bytes(Data($0.bytes))) } }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: curricula.path)) ?? [])
            .filter { $0.hasSuffix(".xml") }.sorted()
        guard !names.isEmpty else {
            throw ServiceError(.notFound, "no curricula in \(curricula.path); pass --curricula DIR with XML files")
        }
        return names.map { ($0, .file(curricula.appendingPathComponent($0))) }
    }

    private func simulatedMarks(
        _ workspace: Workspace, cohorts: Set<Cohort>, random: inout SeededGenerator
    ) throws -> [SessionKey: [MarkEntry]] {
        let sessionsByCohort = Dictionary(grouping: try workspace.sessionFacts(), by: \.key.cohort)
        var batch: [SessionKey: [MarkEntry]] = [:]
        for cohort in cohorts.sorted() {
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
        return batch
    }

    /// Calendars, sign-in sheets, budget and reports; returns the paths written.
    private func writeOutputs(_ context: ServiceContext, workspace: Workspace) throws -> [String] {
        var paths: [String] = []
        func write(_ text: String, to name: String) throws {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let calendars = folder.appendingPathComponent("calendars")
        try FileManager.default.createDirectory(at: calendars, withIntermediateDirectories: true)
        let data = try workspace.planningData()
        let schedule = try workspace.schedule()
        let titles = try workspace.moduleTitles()
        let zone = data.calendar!.timeZone
        func events(_ sessions: [StoredSession]) -> [CalendarEvent] {
            calendarEvents(sessions, data: data, titles: titles)
        }
        try write(
            iCalendar(events(schedule.sessions), timeZone: zone, name: "Programme", stamp: context.now),
            to: "calendars/programme.ics")
        paths.append("calendars/programme.ics")
        for trainer in data.trainers {
            let mine = schedule.sessions.filter { $0.session.trainerID == trainer.id }
            guard !mine.isEmpty else { continue }
            try write(
                iCalendar(events(mine), timeZone: zone, name: "Trainer \(trainer.name)", stamp: context.now),
                to: "calendars/trainer-\(trainer.id).ics")
        }
        paths.append("calendars/trainer-*.ics")
        let sheets = try signInSheets(
            for: try workspace.sessionFacts(), workspace: workspace,
            organiser: try ProgrammeSettings(workspace).organiser())
        try renderPDF(
            sheets.flatMap { $0.pages() }, size: .a4Landscape,
            info: DocumentInfo(title: "Sign-in sheets", author: "TrainingPlanner"),
            to: folder.appendingPathComponent("sign-in-sheets.pdf"))
        paths.append("sign-in-sheets.pdf (\(sheets.count) sessions)")
        let budget = try ScheduleBook(context).budget()
        try write(budget.text, to: "budget.txt")
        try write(try jsonText(budget.json) + "\n", to: "budget.json")
        paths.append("budget.txt, budget.json")
        let reports = AttendanceReports(context)
        try write(try reports.equality(by: .offering).text, to: "equal-opportunities.txt")
        try write(try reports.equality(by: .funder).text, to: "equal-opportunities-by-funder.txt")
        paths.append("equal-opportunities.txt, equal-opportunities-by-funder.txt")
        let period = data.calendar!.period
        try write(
            try reports.esf(from: period.lowerBound, to: period.upperBound, funder: "ESF").text,
            to: "esf-indicators.txt")
        paths.append("esf-indicators.txt")
        try write(try reports.attendance(by: .offering).table.rendered + "\n", to: "attendance-by-offering.txt")
        paths.append("attendance-by-offering.txt")
        return paths
    }

    private func summarise(
        _ context: ServiceContext, workspace: Workspace, solved: SolveSchedule.Outcome, certificates: Int
    ) throws -> String {
        let result = solved.result
        var lines: [String] = []
        let data = try workspace.planningData()
        lines.append("TrainingPlanner demo — \(data.offerings.count) offerings, \(solved.cohorts) cohorts")
        lines.append("")
        lines.append(
            "Scheduled: \(Set(result.sessions.map(\.cohort)).count) cohorts, \(result.sessions.count) sessions.")
        if !result.unscheduled.isEmpty {
            lines.append("Not scheduled (\(result.unscheduled.count)):")
            for item in result.unscheduled {
                lines.append("  \(item.cohort.label): \(item.reasons.joined(separator: "; "))")
            }
        }
        lines.append("")
        lines.append("Budget use per funder:")
        for line in try ScheduleBook(context).budget().funders {
            let (spent, budget) = (line.allocated, line.funder.budget)
            let share = budget.minorUnits == 0 ? 0 : spent.minorUnits * 1000 / budget.minorUnits
            lines.append(
                "  \(line.funder.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(spent) of \(budget) (\(share / 10).\(share % 10) %)"
            )
        }
        lines.append("")
        lines.append(
            "Attendance and completion by gender (hours attended ÷ hours planned; certificates ÷ participants):")
        for (gender, total) in try AttendanceReports(context).byGender() {
            lines.append(
                "  \(gender.padding(toLength: 11, withPad: " ", startingAt: 0)) \(total.participants) registrations, attendance \(percent(total.rateBasisPoints)), completion \(percent(total.completionBasisPoints))"
            )
        }
        lines.append("")
        lines.append("Certificates issued: \(certificates).")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Writes a random valid planning problem as input files (curriculum XML + planning CSV); the same size and
/// seed always give the same files.
public struct GenerateProblemFiles: Sendable {
    /// The size.
    public var size: ProblemSize
    /// The seed.
    public var seed: UInt64
    /// The folder (created if needed).
    public var folder: URL

    /// A generation.
    public init(size: ProblemSize, seed: UInt64, folder: URL) {
        self.size = size
        self.seed = seed
        self.folder = folder
    }

    /// What was written.
    public struct Outcome: Sendable {
        /// Files written.
        public var files: Int
        /// Offerings, cohorts and sessions of the problem.
        public var offerings: Int
        public var cohorts: Int
        public var sessions: Int
    }

    /// Writes the files.
    public func run() throws -> Outcome {
        let generated = generateProblem(size: size, seed: seed)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = PlanningFiles.render(generated)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let problem = generated.problem
        return Outcome(
            files: files.count, offerings: problem.offerings.count, cohorts: problem.cohorts.count,
            sessions: problem.offerings.map { $0.cohorts * $0.sessionsPerCohort }.reduce(0, +))
    }
}

/// The sample curricula of the repository's `Curricula/` folder, compiled into the binary so that the demo
/// runs from any folder (a test keeps this list and the folder the same).
public enum SampleCurricula {
    /// File names and contents.
    public static let files: [(name: String, bytes: [UInt8])] = [
        ("cooperative-governance.xml", PackageResources.cooperative_governance_xml),
        ("equal-opportunities-in-practice.xml", PackageResources.equal_opportunities_in_practice_xml),
        ("social-clauses-public-procurement.xml", PackageResources.social_clauses_public_procurement_xml),
        ("social-economy-mutualisation.xml", PackageResources.social_economy_mutualisation_xml),
        ("territorial-pacts-cooperatives.xml", PackageResources.territorial_pacts_cooperatives_xml),
        ("xcri-cap-regional-training-catalogue.xml", PackageResources.xcri_cap_regional_training_catalogue_xml),
    ]
}
