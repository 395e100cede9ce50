import Foundation
import TestSupport
import Testing

/// A workspace with the sample curricula and the fixture planning files imported.
func plannedWorkspace() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    let ws = ["--workspace", folder.url.path]
    try CLI.run("init", folder.url.path)
    #expect(try CLI.run(["curriculum", "import"] + Repository.sampleFiles + ws).status == 0)
    let imported = try CLI.run(["schedule", "import"] + Repository.planningFiles + ws)
    #expect(imported.status == 0, "\(imported.stderr)")
    return folder
}

func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Runs the independent iCalendar check (Python `icalendar`, installed by `make deps`).
func checkCalendar(_ path: String) throws -> [String: Any] {
    guard FileManager.default.isExecutableFile(atPath: Repository.python) else {
        Issue.record("the oracle environment is missing: run `make deps` (creates .venv with icalendar)")
        return [:]
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.python)
    process.arguments = [Repository.root.appendingPathComponent("Tests/oracles/check_ics.py").path, path]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "icalendar rejected the file: \(problem)")
    return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
}

@Suite(.serialized) struct ScheduleCommandTests {
    @Test func badPlanningFilesArePositionedAndImportNothing() throws {
        let folder = try TemporaryFolder()
        let ws = ["--workspace", folder.url.path]
        try CLI.run("init", folder.url.path)
        try CLI.run(["curriculum", "import"] + Repository.sampleFiles + ws)
        let venues = folder.url.appendingPathComponent("venues.csv")
        try Data(
            """
            \u{FEFF}id;name;territory;capacity;cost_per_slot
            V1;Room one;Liège;twenty;0
            V2;Room two;Liège;20;12.345
            V1;Again;Liège;10;0
            """.utf8
        ).write(to: venues)
        let offerings = folder.url.appendingPathComponent("offerings.csv")
        try Data(
            """
            id,module,audience,window_start,window_end
            O1,NO-SUCH-MODULE,administrators,2027-03-01,2027-03-31
            O2,SEM-01,mayors,2027-03-01,2027-02-01
            """.utf8
        ).write(to: offerings)
        let trainers = folder.url.appendingPathComponent("trainers.csv")
        try Data("id,name\nT1,Someone\n".utf8).write(to: trainers)
        let result = try CLI.run(["schedule", "import", venues.path, offerings.path, trainers.path] + ws)
        #expect(result.status == 1)
        for expected in [
            "venues.csv:2:4: error: 'twenty' is not a whole number from 1 to 100000",
            "venues.csv:3:5: error: '12.345' has more than 2 decimal digits for EUR",
            "venues.csv:4:1: error: duplicate id 'V1' (first on row 2)",
            "offerings.csv:3:3: error: 'mayors' is not an audience",
            "trainers.csv:1:1: error: trainers file lacks column(s) teaches",
        ] {
            #expect(result.stderr.contains(expected), "stderr has: \(expected)\n\(result.stderr)")
        }
        let status = try json(try CLI.run(["status", "--format", "json"] + ws).stdout)
        #expect(status["offerings"] as? Int == 0)
        // Once the syntax is right, the workspace check still refuses an unknown module, with its position.
        try Data(
            "id,module,audience,window_start,window_end\nO1,NO-SUCH-MODULE,administrators,2027-03-01,2027-03-31\n".utf8
        ).write(to: offerings)
        let unknown = try CLI.run(["schedule", "import", offerings.path] + ws)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("offerings.csv:2:2: error: module 'NO-SUCH-MODULE' is not in the workspace"))
    }

    @Test func solveShowBudgetAndTheJSONContract() throws {
        let folder = try plannedWorkspace()
        let ws = ["--workspace", folder.url.path]
        let solved = try CLI.run(["schedule", "--seconds", "2", "--seed", "3"] + ws)
        #expect(solved.status == 0, "\(solved.stderr)")
        #expect(solved.stdout.contains("Scheduled 5 of 5 cohorts"))
        #expect(solved.stderr.contains("placed"))
        let show = try json(try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout)
        let sessions = try #require(show["sessions"] as? [[String: Any]])
        #expect(sessions.count == 10)
        for session in sessions {
            for key in ["offering", "cohort", "index", "start", "end", "venue", "trainer"] {
                #expect(session[key] != nil, "session has \(key)")
            }
            let start = try #require(session["start"] as? String)
            #expect(start.hasSuffix("+01:00") || start.hasSuffix("+02:00"), "\(start) has the Brussels offset")
        }
        #expect((show["unscheduled"] as? [Any])?.isEmpty == true)
        #expect(show["score"] is Int)
        let funding = try #require(show["funding"] as? [[String: Any]])
        // Every euro of cost is paid: SEM-01 2 × 450 per cohort, SEM-02 3 × 450, EOP-02 2 × 500; rooms used
        // may cost, so compare with the budget report, whose totals come from the same rows.
        let paid = funding.compactMap { ($0["amount"] as? String).flatMap { Decimal(string: $0) } }.reduce(0, +)
        #expect(paid >= 900 + 900 + 1_350 + 1_000)
        let budget = try json(try CLI.run(["budget", "--format", "json"] + ws).stdout)
        let funders = try #require(budget["funders"] as? [[String: Any]])
        for funder in funders {
            let total = Decimal(string: funder["budget"] as! String)!
            let allocated = Decimal(string: funder["allocated"] as! String)!
            #expect(allocated <= total)
        }
        let allocatedTotal = funders.map { Decimal(string: $0["allocated"] as! String)! }.reduce(0, +)
        #expect(allocatedTotal == paid)
    }

    @Test func iCalendarExportsParseAndStayStableAndSequenceRisesWhenASessionMoves() throws {
        let folder = try plannedWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["schedule", "--seconds", "1"] + ws).status == 0)
        let first = folder.url.appendingPathComponent("first.ics").path
        #expect(try CLI.run(["schedule", "export", "--format", "ics", "-o", first] + ws).status == 0)
        let before = try checkCalendar(first)
        #expect(before["zones"] as? [String] == ["Europe/Brussels"])
        let events = try #require(before["events"] as? [[String: Any]])
        #expect(events.count == 10)
        #expect(events.allSatisfy { ($0["tzid"] as? String) == "Europe/Brussels" })
        #expect(events.contains { ($0["location"] as? String)?.contains("Town hall, council chamber") == true })
        #expect(events.allSatisfy { ($0["description"] as? String)?.contains("Trainer: ") == true })
        let again = folder.url.appendingPathComponent("again.ics").path
        try CLI.run(["schedule", "export", "--format", "ics", "-o", again] + ws)
        let uids = { (calendar: [String: Any]) in
            Set((calendar["events"] as? [[String: Any]] ?? []).compactMap { $0["uid"] as? String })
        }
        #expect(uids(try checkCalendar(again)) == uids(before))

        // Publish, then the trainer of SEM1-ADM#1 cancels the day of its first session: it must move.
        #expect(try CLI.run(["schedule", "publish"] + ws).status == 0)
        let show = try json(try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout)
        let sessions = try #require(show["sessions"] as? [[String: Any]])
        let target = try #require(
            sessions.first { $0["offering"] as? String == "SEM1-ADM" && $0["cohort"] as? Int == 1 })
        let day = String((target["start"] as! String).prefix(10))
        let trainers = try String(
            contentsOfFile: Repository.planning.appendingPathComponent("trainers.csv").path, encoding: .utf8)
        let cancelled = folder.url.appendingPathComponent("trainers.csv")
        try Data(
            trainers.replacingOccurrences(
                of: "DUPONT,Claire Dupont,SEM-01|SEM-02|SEM-03,fr|en,450,EUR,4,Liège,no,",
                with: "DUPONT,Claire Dupont,SEM-01|SEM-02|SEM-03,fr|en,450,EUR,4,Liège,no,\(day)"
            ).utf8
        ).write(to: cancelled)
        #expect(try CLI.run(["schedule", "import", cancelled.path] + ws).status == 0)
        let replanned = try CLI.run(["schedule", "--seconds", "1"] + ws)
        #expect(replanned.status == 0)
        #expect(replanned.stdout.contains("Moved since published"))
        let after = folder.url.appendingPathComponent("after.ics").path
        try CLI.run(["schedule", "export", "--format", "ics", "-o", after] + ws)
        let moved = try checkCalendar(after)
        let afterEvents = try #require(moved["events"] as? [[String: Any]])
        let raised = afterEvents.filter { ($0["sequence"] as? Int ?? 0) > 0 }
        #expect(!raised.isEmpty)
        #expect(raised.count < afterEvents.count, "only moved sessions get a new SEQUENCE")
        #expect(
            raised.allSatisfy {
                !($0["start"] as! String).hasPrefix(day) || ($0["uid"] as! String).hasPrefix("SEM1-ADM-1") == false
            })
        #expect(uids(moved) == uids(before))
    }

    /// An offering's own unavailable days (offerings.csv `unavailable`) are never used, and a bad one is
    /// positioned; `min_days` and the timetabling weights are accepted.
    @Test func anOfferingsUnavailableDaysAreKeptFree() throws {
        let folder = try plannedWorkspace()
        let ws = ["--workspace", folder.url.path]
        let original = try String(
            contentsOfFile: Repository.planning.appendingPathComponent("offerings.csv").path, encoding: .utf8)
        var lines = original.split(whereSeparator: \.isNewline).map(String.init)
        lines[0] += ",unavailable,min_days"
        for index in lines.indices.dropFirst() {
            lines[index] += lines[index].hasPrefix("EOP2-ENT,") ? ",2027-03-01..2027-04-18|2027-04-19 evening,2" : ",,"
        }
        let offerings = folder.url.appendingPathComponent("offerings.csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: offerings)
        let imported = try CLI.run(["schedule", "import", offerings.path] + ws)
        #expect(imported.status == 0, "\(imported.stderr)")
        let solved = try CLI.run(
            ["schedule", "--seconds", "2", "--weight", "min-days=5", "--weight", "isolated-session=2"] + ws)
        #expect(solved.status == 0, "\(solved.stderr)")
        let show = try json(try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout)
        let sessions = try #require(show["sessions"] as? [[String: Any]])
        let days = sessions.filter { $0["offering"] as? String == "EOP2-ENT" }.map {
            String(($0["start"] as! String).prefix(10))
        }
        #expect(days.count == 2)
        #expect(days.allSatisfy { $0 >= "2027-04-20" }, "\(days)")

        try Data(lines.joined(separator: "\n").replacingOccurrences(of: "2027-04-19 evening", with: "2027-04-31").utf8)
            .write(to: offerings)
        let bad = try CLI.run(["schedule", "import", offerings.path] + ws)
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains(
                "offerings.csv:4:18: error: '2027-04-31' is not a date, a date range (A..B) or a date and slot"),
            "\(bad.stderr)")
    }

    @Test func theSameSeedGivesTheSameSchedule() throws {
        let a = try plannedWorkspace()
        let b = try plannedWorkspace()
        for path in [a.url.path, b.url.path] {
            #expect(
                try CLI.run(["schedule", "--seconds", "30", "--iterations", "300", "--seed", "11", "--workspace", path])
                    .status == 0)
        }
        let showA = try CLI.run(["schedule", "export", "--format", "csv", "--workspace", a.url.path]).stdout
        let showB = try CLI.run(["schedule", "export", "--format", "csv", "--workspace", b.url.path]).stdout
        #expect(showA == showB)
        #expect(showA.split(whereSeparator: \.isNewline).count == 11)
    }

    @Test func severalThreadsGiveTheSameScheduleForTheSameSeedsAndRefuseZero() throws {
        let a = try plannedWorkspace()
        let b = try plannedWorkspace()
        var scores: [String] = []
        for path in [a.url.path, b.url.path] {
            let run = try CLI.run(
                [
                    "schedule", "--seconds", "30", "--iterations", "300", "--seed", "11", "--threads", "2", "--format",
                    "json",
                    "--workspace", path,
                ])
            #expect(run.status == 0, "\(run.stderr)")
            scores.append(String(describing: try json(run.stdout)["score"] ?? "none"))
        }
        #expect(scores[0] == scores[1] && scores[0] != "none")
        let showA = try CLI.run(["schedule", "export", "--format", "csv", "--workspace", a.url.path]).stdout
        let showB = try CLI.run(["schedule", "export", "--format", "csv", "--workspace", b.url.path]).stdout
        #expect(showA == showB)
        let zero = try CLI.run(["schedule", "--threads", "0", "--workspace", a.url.path])
        #expect(zero.status != 0)
        #expect(zero.stderr.contains("--threads"))
    }

    @Test func aTrainersPDFTimetableAndSuggestionsForOneMoreCohort() throws {
        let folder = try plannedWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["schedule", "--seconds", "1"] + ws).status == 0)
        let pdf = folder.url.appendingPathComponent("dupont.pdf").path
        #expect(
            try CLI.run(["schedule", "export", "--format", "pdf", "--trainer", "DUPONT", "-o", pdf] + ws).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-enc", "UTF-8", pdf, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("Trainer Claire Dupont — 7 sessions"))
        #expect(text.contains("Foundations of the social"))
        #expect(!text.contains("Agnieszka Nowak"))
        let suggestions = try CLI.run(["schedule", "suggest", "SEM1-ADM", "--count", "3"] + ws)
        #expect(suggestions.status == 0, "\(suggestions.stderr)")
        #expect(suggestions.stdout.contains("1. cost 900.00 EUR"))
        #expect(suggestions.stdout.contains("3. cost"))
        // Nothing was written by a suggestion.
        let show = try json(try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout)
        #expect((show["sessions"] as? [Any])?.count == 10)
    }
}
