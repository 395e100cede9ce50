import Foundation
import TestSupport
import Testing

/// A planned and solved workspace with the fixture participants imported.
func attendanceWorkspace() throws -> TemporaryFolder {
    let folder = try plannedWorkspace()
    let ws = ["--workspace", folder.url.path]
    #expect(try CLI.run(["schedule", "--seconds", "1", "--seed", "5"] + ws).status == 0)
    let imported = try CLI.run(["participant", "import", Repository.participants] + ws)
    #expect(imported.status == 0, "\(imported.stderr)")
    return folder
}

/// The session keys of a cohort, in order, from `schedule show --format json`.
func sessions(of offering: String, cohort: Int, in ws: [String]) throws -> [(key: String, start: String)] {
    let show = try json(try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout)
    return (show["sessions"] as? [[String: Any]] ?? []).filter {
        $0["offering"] as? String == offering && $0["cohort"] as? Int == cohort
    }.map { ("\(offering)#\(cohort)/\($0["index"] as! Int)", $0["start"] as! String) }
}

@Suite(.serialized) struct AttendanceCommandTests {
    let after = ["PLANNER_NOW": "2027-06-30T12:00:00Z"]

    @Test func participantFilesAreCheckedWithPositions() throws {
        let folder = try TemporaryFolder()
        try CLI.run("init", folder.url.path)
        let file = folder.url.appendingPathComponent("people.csv")
        try Data(
            """
            email,family_name,given_name,gender,birth_year,education_level
            a@x.example,Alpha,Ann,woman,1980,6
            a@x.example,Alpha,Again,woman,1980,6
            b@x.example,Beta,,man,1980,6
            c@x.example,Gamma,Carl,male,19x0,12
            """.utf8
        ).write(to: file)
        let result = try CLI.run("participant", "import", file.path, "--workspace", folder.url.path)
        #expect(result.status == 1)
        for expected in [
            "people.csv:3:1: error: duplicate participant 'a@x.example' (first on row 2)",
            "people.csv:4:3: error: missing value for 'given_name'",
            "people.csv:5:4: error: 'male' is not one of woman, man, non-binary, not-stated",
            "people.csv:5:5: error: '19x0' is not a whole number from 1900 to 2030",
            "people.csv:5:6: error: '12' is not an ISCED level 0–8 (or refused)",
        ] {
            #expect(result.stderr.contains(expected), "\(expected)\n\(result.stderr)")
        }
        let status = try json(try CLI.run("status", "--format", "json", "--workspace", folder.url.path).stdout)
        #expect(status["participants"] as? Int == 0)
    }

    @Test func registrationHonoursCapacityWaitingListAndPromotion() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        // Make SEM2-ADM small: 2 seats.
        let offerings = folder.url.appendingPathComponent("offerings.csv")
        try Data(
            """
            id,module,audience,cohorts,participants,sessions,window_start,window_end,min_days_between,max_days_between,prerequisites,territory,language
            SEM2-ADM,SEM-02,administrators,1,2,,2027-03-15,2027-04-30,2,14,SEM1-ADM,Liège,fr
            """.utf8
        ).write(to: offerings)
        #expect(try CLI.run(["schedule", "import", offerings.path] + ws).status == 0)
        let first = try CLI.run(["attendance", "register", "SEM2-ADM#1", "P01", "P02", "P03", "P05"] + ws)
        #expect(first.status == 0)
        #expect(first.stdout.contains("P01: registered"))
        #expect(first.stdout.contains("P03: SEM2-ADM#1 is full (2 seats); waiting list position 1"))
        #expect(first.stdout.contains("P05: SEM2-ADM#1 is full (2 seats); waiting list position 2"))
        let twice = try CLI.run(["attendance", "register", "SEM2-ADM#1", "P01"] + ws)
        #expect(twice.stdout.contains("P01: already registered for SEM2-ADM#1; nothing changed"))
        let cancel = try CLI.run(["attendance", "cancel", "SEM2-ADM#1", "P02"] + ws)
        #expect(cancel.stdout.contains("P03: moved from the waiting list to a seat"))
        let list = try CLI.run(["attendance", "registrations", "SEM2-ADM#1", "--format", "csv"] + ws).stdout
        #expect(list.contains("P01,Wróblewska-Łódź,Agnieszka,registered"))
        #expect(list.contains("P03,Παπαδοπούλου,Ελένη,registered"))
        #expect(list.contains("P05,Dubois,Jean,waiting"))
        #expect(list.contains("P02,Öberg,Åsa,cancelled"))
        let unknown = try CLI.run(["attendance", "register", "NOPE#1", "P01"] + ws)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no cohort NOPE#1"))
    }

    @Test func marksAreRefusedWhenTheyCannotBeTrueAndKeepAHistory() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P02", "P03"] + ws).status == 0)
        let first = try #require(try sessions(of: "SEM1-ADM", cohort: 1, in: ws).first)
        // Before the session starts.
        let early = try CLI.run(
            ["attendance", "mark", first.key, "--present", "P01"] + ws,
            environment: ["PLANNER_NOW": "2027-01-01T00:00:00Z"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("has not started yet"))
        // Someone not registered, and too many minutes: nothing recorded at all.
        let wrong = try CLI.run(
            ["attendance", "mark", first.key, "--present", "P01,P05", "--late", "P02", "--minutes", "P02=500"] + ws,
            environment: after)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("P05 is not registered for SEM1-ADM#1"))
        #expect(wrong.stderr.contains("P02: 500 minutes is more than the session lasts (210)"))
        #expect(try json(try CLI.run(["status", "--format", "json"] + ws).stdout)["marks"] as? Int == 0)
        // Right, then a correction.
        let ok = try CLI.run(
            [
                "attendance", "mark", first.key, "--present", "P01", "--late", "P02", "--minutes", "P02=150",
                "--absent", "P03", "--by", "Claire Dupont",
            ]
                + ws, environment: after)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(
            try CLI.run(
                ["attendance", "mark", first.key, "--excused", "P03", "--remark", "P03=doctor"] + ws, environment: after
            ).status == 0)
        let history = try CLI.run(["attendance", "history", first.key, "--format", "csv"] + ws).stdout
        #expect(history.contains("Claire Dupont,mark.set,\(first.key):P02,none → late 150min"))
        #expect(history.contains("mark.change,\(first.key):P03,absent 0min → excused 0min (doctor)"))
        // Marks from a trainer's spreadsheet (semicolons, BOM): all rows checked first.
        let sheet = folder.url.appendingPathComponent("marks.csv")
        let second = try sessions(of: "SEM1-ADM", cohort: 1, in: ws)[1].key
        try Data(
            "\u{FEFF}session;participant;status;minutes;remark\n\(second);P01;present;;\n\(second);P02;late;200;traffic\n\(second);P03;absent;;\n"
                .utf8
        )
        .write(to: sheet)
        let imported = try CLI.run(["attendance", "import-marks", sheet.path] + ws, environment: after)
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try CLI.run(["attendance", "report", "--format", "json"] + ws, environment: after)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: String]])
        let p02 = try #require(rows.first { $0["participant"] == "P02" })
        // 150 + 200 minutes of 420 planned.
        #expect(p02["hours_attended"] == "5.83")
        #expect(p02["hours_planned"] == "7.00")
        #expect(p02["hours_attended_over_hours_planned"] == "83.3 %")
        let p03 = try #require(rows.first { $0["participant"] == "P03" })
        #expect(p03["sessions_missed"] == "2")
        let low = try CLI.run(["attendance", "report", "--below", "80", "--format", "csv"] + ws, environment: after)
            .stdout
        #expect(low.contains("P03"))
        #expect(!low.contains("P02"))
        #expect(low.contains("hours attended ÷ hours planned"))
    }

    @Test func importedMarksAreCheckedRowByRowAndChangesKeepEveryEarlierVersion() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P02", "P03"] + ws).status == 0)
        let key = try #require(try sessions(of: "SEM1-ADM", cohort: 1, in: ws).first).key
        let sheet = folder.url.appendingPathComponent("marks.csv")
        func importing(_ rows: String, by trainer: String = "Ana Costa") throws -> RunResult {
            try Data(("session,participant,status,minutes,remark\n" + rows).utf8).write(to: sheet)
            return try CLI.run(["attendance", "import-marks", sheet.path, "--by", trainer] + ws, environment: after)
        }
        // The same person twice, and a quote left open: positioned, and nothing recorded.
        let twice = try importing("\(key),P01,present,,\n\(key),P02,late,30,\n\(key),P01,absent,,\n")
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("line 4: P01 is marked twice for \(key) (first on line 2)"))
        let open = try importing("\(key),P01,present,,\"no end\n\(key),P02,late,30,\n")
        #expect(open.status == 1)
        #expect(open.stderr.contains("marks.csv:2:5: error: a quoted field is not closed"))
        #expect(try json(try CLI.run(["status", "--format", "json"] + ws).stdout)["marks"] as? Int == 0)
        // A session may come back later in the file; a second mark for someone is still refused, and a
        // mistake on the last line still leaves everything as it was.
        let second = try sessions(of: "SEM1-ADM", cohort: 1, in: ws)[1].key
        let back = try importing("\(key),P01,present,,\n\(second),P01,present,,\n\(key),P01,absent,,\n")
        #expect(back.status == 1)
        #expect(back.stderr.contains("P01 is marked twice for \(key)"))
        let late = try importing("\(key),P01,present,,\n\(second),P02,present,,\n\(key),P03,absent,ten,\n")
        #expect(late.status == 1)
        #expect(late.stderr.contains("marks.csv:4:4: error: 'ten' is not a number of minutes"))
        #expect(try json(try CLI.run(["status", "--format", "json"] + ws).stdout)["marks"] as? Int == 0)
        // Recorded; the same file again changes nothing; a corrected file changes one mark.
        let rows = "\(key),P01,present,,\n\(key),P02,late,30,\"bus, then train\"\n\(key),P03,absent,,\n"
        #expect(try importing(rows).stdout.contains("Recorded 3 mark(s) for 1 session(s)."))
        #expect(try importing(rows).stdout.contains("Recorded 0 mark(s)"))
        // Marked twice for a session in two runs of the file, the first mark leaving the stored one as it
        // was: still refused, and nothing changes.
        let unchangedThenChanged = try importing(
            "\(key),P01,present,,\n\(second),P02,present,,\n\(key),P01,absent,,\n")
        #expect(unchangedThenChanged.status == 1)
        #expect(
            unchangedThenChanged.stderr.contains(
                "line 4: P01 is marked twice for \(key) (the first earlier in the file)"),
            "\(unchangedThenChanged.stderr)")
        let corrected = try importing(
            rows.replacingOccurrences(of: "P03,absent,,", with: "P03,excused,,doctor"), by: "Claire Dupont")
        #expect(corrected.stdout.contains("Recorded 1 mark(s)"), "\(corrected.stderr)")
        let history = try CLI.run(["attendance", "history", key, "--format", "csv"] + ws).stdout
        #expect(history.contains("Ana Costa,mark.set,\(key):P02,\"none → late 30min (bus, then train)\""))
        #expect(history.contains("Ana Costa,mark.set,\(key):P03,none → absent 0min"))
        #expect(history.contains("Claire Dupont,mark.change,\(key):P03,absent 0min → excused 0min (doctor)"))
        let p03 = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    try CLI.run(["attendance", "history", "--participant", "P03", "--format", "json"] + ws).stdout.utf8)
            )
                as? [[String: String]])
        #expect(p03.map { $0["action"] } == ["mark.set", "mark.change"])
        #expect(p03.map { $0["actor"] } == ["Ana Costa", "Claire Dupont"])
        // The export holds the earlier version too; erasing the person rewrites it.
        let export = try CLI.run(["participant", "export", "P03"] + ws).stdout
        #expect(export.contains("absent 0min → excused 0min"))
        #expect(try CLI.run(["participant", "erase", "P03", "--yes"] + ws).status == 0)
        let erased = try CLI.run(["attendance", "history", key, "--format", "csv"] + ws).stdout
        #expect(!erased.contains("P03"))
        #expect(erased.contains("mark.change,\(key):anon-"))
    }

    @Test func rollCallSavesEachAnswerAndResumes() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P02", "P05"] + ws).status == 0)
        let first = try #require(try sessions(of: "SEM1-ADM", cohort: 1, in: ws).first).key
        let launched = try CLI.launch(["attendance", "roll-call", first] + ws, environment: after, input: "p\nl\n")
        let interrupted = CLI.finish(launched)
        #expect(interrupted.stdout.contains("[1/3] Dubois, Jean: p"))
        #expect(interrupted.stdout.contains("[2/3] Öberg, Åsa: l"))
        #expect(interrupted.stdout.contains("Stopped; 2 of 3 marked. Run again to resume."))
        let resumed = CLI.finish(
            try CLI.launch(["attendance", "roll-call", first] + ws, environment: after, input: "a\n"))
        #expect(resumed.stdout.contains("[3/3] Wróblewska-Łódź, Agnieszka: a"))
        #expect(resumed.stdout.contains("Done: 3 of 3 marked"))
    }

    @Test func signInSheetsShowWhatAuditorsNeedAndNoSensitiveData() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(
            try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P02", "P03", "P05", "P08"] + ws).status == 0)
        let first = try #require(try sessions(of: "SEM1-ADM", cohort: 1, in: ws).first).key
        let pdf = folder.url.appendingPathComponent("sheet.pdf").path
        let made = try CLI.run(["attendance", "sheet", first, "--organiser", "Ville de Liège", "-o", pdf] + ws)
        #expect(made.status == 0, "\(made.stderr)")
        let text = try runText("/usr/bin/pdftotext", ["-enc", "UTF-8", pdf, "-"])
        for expected in [
            "Co-funded by the European Union", "Sign-in sheet — Ville de Liège", "session 1 of 2", "Claire Dupont",
            "Wróblewska-Łódź", "Öberg", "Παπαδοπούλου", "Agnieszka", "Registered: 5", "Trainer's declaration",
            "page 1 of 1", "Sheet code SEM1-ADM-1-1-",
        ] {
            #expect(text.contains(expected), "sheet shows \(expected)")
        }
        // Sorted by family name; no monitoring data printed.
        let dubois = try #require(text.range(of: "Dubois"))
        let martin = try #require(text.range(of: "Martin"))
        let oberg = try #require(text.range(of: "Öberg"))
        #expect(dubois.lowerBound < martin.lowerBound && martin.lowerBound < oberg.lowerBound)
        for secret in ["1971", "woman", "refused", "unemployed"] { #expect(!text.contains(secret)) }
        let fonts = try runText("/usr/bin/pdffonts", [pdf]).split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.contains(" yes yes ") })
    }

    @Test func equalityAndESFIndicatorsCountByGender() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(
            try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P02", "P03", "P05", "P08"] + ws).status == 0)
        let keys = try sessions(of: "SEM1-ADM", cohort: 1, in: ws).map(\.key)
        #expect(
            try CLI.run(
                ["attendance", "mark", keys[0], "--present", "P01,P02,P03,P05", "--absent", "P08"] + ws,
                environment: after
            ).status == 0)
        let esf = try json(
            try CLI.run(
                [
                    "attendance", "esf", "--from", "2027-03-01", "--to", "2027-04-30", "--funder", "ESF", "--format",
                    "json",
                ] + ws
            ).stdout)
        let lines = try #require(esf["lines"] as? [[String: Any]])
        func line(_ name: String) -> [String: Any] { lines.first { $0["indicator"] as? String == name } ?? [:] }
        #expect(line("participants")["women"] as? Int == 3)
        #expect(line("participants")["men"] as? Int == 1)
        #expect(line("participants")["total"] as? Int == 4)
        #expect(line("55 and over")["women"] as? Int == 2)  // born 1971 and 1962
        #expect(line("18-29")["total"] as? Int == 0)  // the youngest attending (P02, born 1990) is 37
        #expect(line("ISCED 5-8")["total"] as? Int == 4)
        #expect(esf["minorityBackground"] as? Int == 1)
        #expect(esf["publicAdministrations"] as? Int == 4)
        let equality = try CLI.run(
            ["attendance", "equality", "--by", "offering", "--format", "csv"] + ws, environment: after)
        #expect(equality.stdout.contains("SEM1-ADM,man,2,"))
        #expect(equality.stdout.contains("SEM1-ADM,woman,3,"))
    }

    @Test func participantsCanSeeEverythingHeldAndBeErasedWithoutChangingCounts() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P05"] + ws).status == 0)
        let key = try #require(try sessions(of: "SEM1-ADM", cohort: 1, in: ws).first).key
        #expect(try CLI.run(["attendance", "mark", key, "--present", "P01,P05"] + ws, environment: after).status == 0)
        let export = try json(try CLI.run(["participant", "export", "P01"] + ws).stdout)
        #expect((export["participant"] as? [String: Any])?["familyName"] as? String == "Wróblewska-Łódź")
        #expect((export["monitoring"] as? [String: Any])?["birthYear"] as? Int == 1971)
        #expect((export["marks"] as? [[String: String]])?.first?["session"] == key)
        let before = try CLI.run(
            ["attendance", "esf", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "json"] + ws
        ).stdout
        let beforeReport = try CLI.run(
            ["attendance", "report", "--by", "cohort", "--format", "json"] + ws, environment: after
        ).stdout
        #expect(try CLI.run(["participant", "erase", "P01"] + ws).status == 1)
        let erased = try CLI.run(["participant", "erase", "P01", "--yes"] + ws)
        #expect(erased.status == 0)
        let list = try CLI.run(["participant", "list", "--format", "csv"] + ws).stdout
        #expect(!list.contains("Wróblewska"))
        #expect(!list.contains("P01,"))
        let history = try CLI.run(["attendance", "history", "--format", "csv"] + ws).stdout
        #expect(!history.contains("P01"))
        #expect(
            try CLI.run(["attendance", "esf", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "json"] + ws)
                .stdout == before)
        #expect(
            try CLI.run(["attendance", "report", "--by", "cohort", "--format", "json"] + ws, environment: after).stdout
                == beforeReport)
        #expect(try CLI.run(["participant", "export", "P01"] + ws).status == 1)
    }

    @Test func replanningAfterAttendanceKeepsCohortsThatStartedExactlyAsTheyWere() throws {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P02"] + ws).status == 0)
        let before = try sessions(of: "SEM1-ADM", cohort: 1, in: ws)
        #expect(
            try CLI.run(
                ["attendance", "mark", before[0].key, "--present", "P01", "--absent", "P02"] + ws, environment: after
            ).status == 0)
        // Another seed would place things elsewhere; the cohort with attendance must not move.
        let replanned = try CLI.run(["schedule", "--seconds", "1", "--seed", "99"] + ws)
        #expect(replanned.status == 0, "\(replanned.stderr)")
        let again = try sessions(of: "SEM1-ADM", cohort: 1, in: ws)
        #expect(again.map(\.key) == before.map(\.key))
        #expect(again.map(\.start) == before.map(\.start))
        #expect(try json(try CLI.run(["status", "--format", "json"] + ws).stdout)["marks"] as? Int == 2)
    }
}
