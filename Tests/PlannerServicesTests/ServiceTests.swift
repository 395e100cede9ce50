import Attendance
import Certificates
import Foundation
import PlannerCore
import PlannerServices
import Scheduling
import ServicesTestSupport
import TestSupport
import Testing

/// Every use case driven directly, as the web application will call them: typed input, typed results, the
/// acting user in history, and nothing written when a service refuses.
@Suite(.serialized) struct ServiceTests {
    @Test func curriculaLandWholeOrNotAtAllWithEveryDiagnosticPositioned() async throws {
        let folder = try TemporaryFolder()
        let context = context(folder.url)
        _ = try WorkspaceSetup.create(in: context)
        let broken = try file(
            "broken.xml", in: folder.url,
            """
            <?xml version="1.0"?>
            <curricula xmlns="urn:x-trainingplanner:curriculum:1" version="1">
              <programme id="P1"><title>x</title></programme>
            """)
        let files = Repository.sampleFiles.map(InputFile.init(path:)) + [broken]
        let refusal = await #expect(throws: ServiceError.self) {
            try await ImportCurricula(files: files).run(in: context)
        }
        #expect(refusal?.code == .invalidInput)
        let positioned = try #require(refusal?.diagnostics.first { $0.file == "broken.xml" && $0.severity == .error })
        #expect(positioned.line > 0)
        #expect(try WorkspaceSetup.status(in: context).curricula == 0, "nothing was imported")

        let log = ProgressLog()
        let outcome = try await ImportCurricula(files: Array(files.dropLast()), progress: log.add).run(in: context)
        #expect(!outcome.summary.created.isEmpty)
        #expect(try WorkspaceSetup.status(in: context).curricula == outcome.summary.created.count)
        #expect(outcome.reports.allSatisfy { !$0.hasErrors })
        #expect(log.all.last?.done == log.all.last?.total, "the last report says everything was imported")
        let show = try CurriculumCatalogue(context).curriculum(id: "SEM-01")
        #expect(show.modules.contains { $0.id == "SEM-01" })
        let missing = #expect(throws: ServiceError.self) { try CurriculumCatalogue(context).curriculum(id: "NOPE") }
        #expect(missing?.code == .notFound)
    }

    @Test func aCancelledBulkImportLeavesTheWorkspaceAsItWas() async throws {
        let folder = try TemporaryFolder()
        let context = context(folder.url)
        _ = try WorkspaceSetup.create(in: context)
        _ = try await ImportCurricula(files: Repository.sampleFiles.map(InputFile.init(path:))).run(in: context)
        let before = try WorkspaceSetup.status(in: context)
        // 3,000 programmes of two modules: several batches, so the import is stopped half-way.
        var xml = "<?xml version=\"1.0\"?>\n<curricula xmlns=\"urn:x-trainingplanner:curriculum:1\" version=\"1\">\n"
        for number in 0..<3_000 {
            xml += """
                <programme id="GEN-\(number)"><title>Programme \(number)</title>
                <module id="GEN-\(number)-A"><title>A</title><hours>6</hours></module>
                <module id="GEN-\(number)-B"><title>B</title><hours>3</hours></module></programme>

                """
        }
        let feed = try file("generated.xml", in: folder.url, xml + "</curricula>\n")
        let gate = FirstProgressGate()
        let task = Task { try await ImportCurricula(files: [feed], progress: gate.handler).run(in: context) }
        await gate.cancel(task)
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try WorkspaceSetup.status(in: context) == before, "the cancelled import was rolled back")
        // And the same feed imports whole afterwards.
        let outcome = try await ImportCurricula(files: [feed]).run(in: context)
        #expect(outcome.summary.created.count == 3_000)
    }

    @Test func solvePublishSuggestBudgetAndExportsThroughTheServices() async throws {
        let folder = try TemporaryFolder()
        let context = try await plannedWorkspace(folder.url)
        let log = ProgressLog()
        let solved = try await SolveSchedule(seed: 5, seconds: 1, progress: log.add).run(in: context)
        #expect(solved.cohorts > 0 && !solved.result.sessions.isEmpty)
        #expect(solved.schedule.sessions.count == solved.result.sessions.count, "the schedule was saved")
        #expect(log.all.contains { $0.phase == "improving" }, "progress reached the improvement phase")
        let book = ScheduleBook(context)
        #expect(try book.current().schedule.sessions.count == solved.result.sessions.count)
        #expect(try book.publish() == solved.result.sessions.count)
        #expect(try book.current().schedule.sessions.allSatisfy(\.pinned))
        let budget = try book.budget()
        for line in budget.funders { #expect(line.allocated <= line.funder.budget, "\(line.funder.id) within budget") }
        #expect(budget.text.contains("paid by"))
        let unknown = #expect(throws: ServiceError.self) { try book.suggest(offering: "NOPE", count: 3) }
        #expect(unknown?.message == "no offering 'NOPE' in the workspace")

        let calendar = try await ExportSchedule(format: .ics).run(in: context)
        #expect(calendar.sessions == solved.result.sessions.count)
        #expect(calendar.text?.components(separatedBy: "BEGIN:VEVENT").count == calendar.sessions + 1)
        #expect(calendar.text?.contains("DTSTAMP:20270630T120000Z") == true, "stamped by the injected clock")
        let csv = try #require(try await ExportSchedule(format: .csv).run(in: context).text)
        #expect(csv.hasPrefix("offering,cohort,index,date,slot,start,end,venue,trainer,sequence\r\n"))
        let pdf = folder.url.appendingPathComponent("timetable.pdf")
        let written = try await ExportSchedule(format: .pdf, pdf: pdf).run(in: context)
        #expect(written.text == nil && FileManager.default.fileExists(atPath: pdf.path))
        let noTrack = await #expect(throws: ServiceError.self) {
            try await ExportSchedule(format: .csv, scope: .init(track: "NOPE")).run(in: context)
        }
        #expect(noTrack?.code == .notFound)
    }

    @Test func aCancelledSolveSavesNothing() async throws {
        let folder = try TemporaryFolder()
        let generated = folder.url.appendingPathComponent("generated")
        _ = try GenerateProblemFiles(size: .m, seed: 2, folder: generated).run()
        let context = context(folder.url.appendingPathComponent("ws"))
        _ = try WorkspaceSetup.create(in: context)
        _ = try await ImportCurricula(files: [
            InputFile(url: generated.appendingPathComponent("curriculum.xml"), name: "curriculum.xml")
        ])
        .run(in: context)
        let csv = try FileManager.default.contentsOfDirectory(atPath: generated.path).filter { $0.hasSuffix(".csv") }
        _ = try await ImportPlanning(
            files: csv.map { InputFile(url: generated.appendingPathComponent($0), name: $0) }
        ).run(in: context)
        let gate = FirstProgressGate()
        let task = Task {
            try await SolveSchedule(seed: 1, seconds: 120, iterations: Int.max, progress: gate.handler).run(in: context)
        }
        await gate.cancel(task)
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try ScheduleBook(context).current().schedule.sessions.isEmpty, "a cancelled solve saves nothing")
        #expect(try WorkspaceSetup.status(in: context).scheduledSessions == 0)
    }

    @Test func registrationsMarksAndRollCallFollowTheRulesAndNameWhoActed() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let cohort = Cohort(offeringID: "SEM1-ADM", number: 1)
        let registrations = Registrations(context)
        let (_, outcomes) = try registrations.register(["P01", "P02", "P03"], in: cohort)
        #expect(outcomes == [.registered, .registered, .registered])
        let unknown = #expect(throws: ServiceError.self) { try registrations.register(["P01", "NOBODY"], in: cohort) }
        #expect(unknown?.message.hasSuffix("; nobody was registered") == true)
        let listed = try registrations.list(of: cohort).registrations
        #expect(listed.map(\.participant.id) == ["P01", "P02", "P03"])

        let session = SessionKey(cohort: cohort, index: 1)
        let trainer = PlannerServices.ServiceContext(
            folder: folder.url, actor: "ana.trainer", clock: { afterProgramme })
        let marking = Marking(trainer)
        let sheet = try marking.rollCall(session)
        #expect(sheet.people.count == 3 && sheet.marked.isEmpty)
        #expect(try marking.record([MarkEntry(participantID: "P01", status: "present")], for: session) == 1)
        #expect(
            try marking.record([MarkEntry(participantID: "P01", status: "present")], for: session) == 0,
            "safe to repeat")
        let notRegistered = #expect(throws: ServiceError.self) {
            try marking.record([MarkEntry(participantID: "P09", status: "present")], for: session)
        }
        #expect(notRegistered?.code == .refused)
        let early = Marking(
            PlannerServices.ServiceContext(
                folder: folder.url, actor: "ana.trainer", clock: { Date(timeIntervalSince1970: 0) }))
        #expect(throws: ServiceError.self) {
            try early.record([MarkEntry(participantID: "P02", status: "present")], for: session)
        }
        let history = try marking.history(session: session)
        #expect(history.count == 1 && history[0].actor == "ana.trainer", "history names the acting user")
        #expect(try marking.rollCall(session).marked == ["P01": "present"])
    }

    @Test func aTrainersMarkFileLandsWholeOrNotAtAll() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let cohort = Cohort(offeringID: "SEM1-ADM", number: 1)
        _ = try Registrations(context).register(["P01", "P02"], in: cohort)
        let bad = try file(
            "marks.csv", in: folder.url,
            "session,participant,status,minutes\nSEM1-ADM#1/1,P01,present,\nSEM1-ADM#1/1,P02,present,lots\n")
        let refusal = await #expect(throws: ServiceError.self) { try await ImportMarks(file: bad).run(in: context) }
        #expect(refusal?.diagnostics.map(\.description) == ["marks.csv:3:4: error: 'lots' is not a number of minutes"])
        #expect(try Marking(context).history().isEmpty, "nothing was recorded")
        let good = try file(
            "good.csv", in: folder.url, "session,participant,status\nSEM1-ADM#1/1,P01,present\nSEM1-ADM#1/1,P02,late\n")
        let outcome = try await ImportMarks(file: good, recorder: "Ana Costa").run(in: context)
        #expect(outcome.marks == 2 && outcome.sessions == 1)
    }

    @Test func reportsSheetsAndCertificatesFromIssueToRevocation() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let cohort = Cohort(offeringID: "SEM1-ADM", number: 1)
        _ = try Registrations(context).register(["P01", "P02"], in: cohort)
        let sessions = try ScheduleBook(context).current().schedule.sessions.filter { $0.session.cohort == cohort }
        for stored in sessions {
            let key = SessionKey(cohort: cohort, index: stored.session.index)
            try Marking(context).record(
                [
                    MarkEntry(participantID: "P01", status: "present"),
                    MarkEntry(participantID: "P02", status: "absent"),
                ],
                for: key)
        }
        let report = try AttendanceReports(context).attendance(by: .participant)
        let p01 = try #require(report.table.objects(keys: report.keys).first { $0["participant"] == "P01" })
        #expect(p01["hours_attended_over_hours_planned"] == "100.0 %")
        let low = try AttendanceReports(context).attendance(by: .participant, below: 80)
        #expect(low.table.rows.map { $0[0] } == ["P02"])
        let equality = try AttendanceReports(context).equality(by: .offering)
        #expect(equality.text.contains("Organisations supported:"))
        #expect(
            #expect(throws: ServiceError.self) {
                try AttendanceReports(context).esf(
                    from: LocalDate(iso: "2027-01-01")!, to: LocalDate(iso: "2027-12-31")!, funder: "NOPE")
            }?.message == "no funder 'NOPE'")

        let sheet = folder.url.appendingPathComponent("sheet.pdf")
        let printed = try await PrintSignInSheets(.offering("SEM1-ADM"), output: sheet, organiser: "Ville de Liège")
            .run(in: context)
        #expect(
            printed.sheets == sessions.count
                + (try ScheduleBook(context).current().schedule.sessions.filter {
                    $0.session.cohort == Cohort(offeringID: "SEM1-ADM", number: 2)
                }.count))

        let office = CertificateOffice(context)
        #expect(try office.eligibility(offering: "SEM1-ADM").filter(\.eligible).map(\.participantID) == ["P01"])
        let issued = try await IssueCertificates(verifyBase: "https://verify.liege.example/c/").run(in: context)
        #expect(issued.issued.map(\.participantID) == ["P01"] && issued.createdKey != nil)
        let code = issued.issued[0].verificationCode
        guard case .valid = try office.verify(code: code) else {
            Issue.record("valid after issue")
            return
        }
        guard case .unknown = try office.verify(code: issued.issued[0].id.uuidString) else {
            Issue.record("an internal id is unknown")
            return
        }
        let exported = folder.url.appendingPathComponent("out")
        #expect(try await ExportCertificates(folder: exported).run(in: context) == 1)
        let jwt = try String(contentsOf: exported.appendingPathComponent("SEM1-ADM-\(code).jwt"), encoding: .utf8)
        guard case .valid = try office.verify(credential: jwt) else {
            Issue.record("the credential verifies")
            return
        }
        var tampered = Array(jwt)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
        guard case .tampered = try office.verify(credential: String(tampered)) else {
            Issue.record("tampered")
            return
        }
        try office.revoke(code, reason: "issued in error")
        guard case .revoked(let stored) = try office.verify(code: code) else {
            Issue.record("revoked")
            return
        }
        #expect(stored.certificate.revocationReason == "issued in error")
    }

    @Test func settingsAreTypedAndACorruptRuleIsAnErrorNamingIt() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let settings = try ProgrammeSettings(context)
        #expect(try settings.organiser() == ProgrammeSettings.defaultOrganiser)
        try settings.setRule(EligibilityRule(thresholdBasisPoints: 7_000, requiredSessions: [1]), for: "SEM1-ADM")
        #expect(
            try settings.rule(for: "SEM1-ADM") == EligibilityRule(thresholdBasisPoints: 7_000, requiredSessions: [1]))
        #expect(throws: ServiceError.self) { try settings.setVerifyBase("ftp://nowhere") }
        #expect(throws: ServiceError.self) { try settings.setRule(.standard, for: "NOPE") }
        // A rule written by hand (or by a broken version) is not silently replaced by the default.
        try sqlite(folder.url, "UPDATE setting SET value = '{\"threshold\": \"high\"}' WHERE key = 'rule:SEM1-ADM'")
        let corrupt = #expect(throws: ServiceError.self) { try settings.rule(for: "SEM1-ADM") }
        #expect(corrupt?.message.contains("'rule:SEM1-ADM'") == true)
        _ = try Registrations(context).register(["P01"], in: Cohort(offeringID: "SEM1-ADM", number: 1))
        #expect(throws: ServiceError.self) { try CertificateOffice(context).eligibility() }
    }

    @Test func peopleCanBeExportedAndErasedAndHistoryNamesWhoDidIt() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let people = ParticipantRegister(context)
        #expect(try people.list().count == 8)
        let export = try people.export("P01")
        #expect(export.contains("Wróblewska-Łódź"))
        let anonymous = try people.erase("P01")
        #expect(try !people.list().contains { $0.id == "P01" } && anonymous != "P01")
        #expect(#expect(throws: ServiceError.self) { try people.export("P01") }?.code == .notFound)
        let dump = try runText(
            "/usr/bin/sqlite3",
            [folder.url.appendingPathComponent("planner.sqlite").path, "SELECT DISTINCT actor FROM history"])
        #expect(dump.split(separator: "\n") == ["claire.coordinator"], "every write names the acting user")
    }

    @Test func theDemoRunsFromAnyFolderOnTheCompiledInCurricula() async throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("demo")
        let steps = ProgressLog()
        let demo = RunDemo(
            folder: target, participants: 40, seconds: 1,
            step: { steps.add(ServiceProgress(phase: $0, done: 0, elapsed: 0)) })
        let outcome = try await demo.run(in: context(target))
        #expect(steps.all.first?.phase == "imported \(SampleCurricula.files.count) curriculum files")
        #expect(outcome.summary.contains("Certificates issued:"))
        for name in [
            "budget.txt", "equal-opportunities.txt", "esf-indicators.txt", "summary.txt", "sign-in-sheets.pdf",
        ] {
            #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent(name).path), "\(name)")
        }
        let notEmpty = await #expect(throws: ServiceError.self) { try await demo.run(in: context(target)) }
        #expect(notEmpty?.code == .conflict)
    }

    @Test func theCompiledInCurriculaAreTheRepositorysSamples() throws {
        let names = Repository.sampleFiles.map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(SampleCurricula.files.map(\.name) == names, "a new sample in Curricula/ is listed in SampleCurricula")
        for (name, bytes) in SampleCurricula.files {
            let published = try Data(contentsOf: Repository.curricula.appendingPathComponent(name))
            #expect(Data(bytes) == published, "\(name) as compiled in")
        }
    }
}

/// Runs SQL on a workspace's database with the `sqlite3` shell (to plant what a broken writer would leave).
func sqlite(_ folder: URL, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [folder.appendingPathComponent("planner.sqlite").path, sql]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
}
