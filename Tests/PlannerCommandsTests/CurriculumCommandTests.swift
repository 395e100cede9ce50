import Foundation
import TestSupport
import Testing

@Suite struct CurriculumCommandTests {
    @Test func frenchFormatsImportWithTheirCodesAndMissingHoursAreSetFromTheShellWithHistory() throws {
        let folder = try TemporaryFolder()
        let ws = ["--workspace", folder.url.path]
        try CLI.run("init", folder.url.path)
        let files = ["lheo-offer.xml", "cdm-fr-2006.xml"].map { Repository.fixtures.appendingPathComponent($0).path }
        // The CDM-fr fixture has a dangling reference: nothing of either file is imported.
        let refused = try CLI.run(["curriculum", "import"] + files + ws)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cdm-fr-2006.xml:33:9: error: dangling reference"), "\(refused.stderr)")
        let list = try CLI.run(["curriculum", "list", "--format", "json"] + ws).stdout
        #expect((try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any])?.isEmpty == true, "\(list)")

        let imported = try CLI.run(["curriculum", "import", files[0]] + ws)
        #expect(imported.status == 0, "\(imported.stderr)")
        let show = try CLI.run(["curriculum", "show", "F-ESS-2027-01", "--format", "json"] + ws)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(entry["format"] as? String == "lheo")
        let codes = try #require(entry["codes"] as? [[String: String]])
        #expect(codes.first == ["scheme": "FORMACODE", "code": "42054"] && codes.count == 6)

        // F-MARCHES-2027's second action had no plain duration: hours come from its first action; set them anew.
        let set = try CLI.run(["curriculum", "set-hours", "F-MARCHES-2027", "21"] + ws)
        #expect(set.status == 0, "\(set.stderr)")
        let after = try CLI.run(["curriculum", "show", "F-MARCHES-2027", "--format", "json"] + ws).stdout
        let modules = try #require(
            (try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any])?["modules"] as? [[String: Any]]
        )
        #expect(modules.first?["hours"] as? Int == 21)
        let history = try runText(
            "/usr/bin/sqlite3",
            [
                folder.url.appendingPathComponent("planner.sqlite").path,
                "SELECT subject || ' ' || detail FROM history WHERE action = 'curriculum.set-hours'",
            ])
        #expect(history == "module:F-MARCHES-2027 hours 14 → 21\n", "recorded with the old value")
        for bad in [["NOPE", "3"], ["F-MARCHES-2027", "0"], ["F-MARCHES-2027", "many"]] {
            #expect(try CLI.run(["curriculum", "set-hours"] + bad + ws).status != 0, "\(bad)")
        }
    }

    @Test func importListShowAndTheJSONContract() throws {
        let folder = try TemporaryFolder()
        try CLI.run("init", folder.url.path)
        let imported = try CLI.run(
            ["curriculum", "import"] + Repository.sampleFiles + ["--workspace", folder.url.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("xcri-cap"))
        let list = try CLI.run("curriculum", "list", "--format", "json", "--workspace", folder.url.path)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 7)
        let formats = Set(entries.compactMap { $0["format"] as? String })
        #expect(formats == ["native", "xcri-cap"])
        for entry in entries {
            for key in ["id", "title", "format", "source", "modules", "instances"] {
                #expect(entry[key] != nil, "entry has \(key)")
            }
            for module in entry["modules"] as? [[String: Any]] ?? [] {
                for key in ["id", "title", "hours", "credits", "learning_outcomes"] {
                    #expect(module.keys.contains(key), "module has \(key)")
                }
            }
        }
        let mutualisation = try #require(entries.first { $0["id"] as? String == "SEM" })
        #expect(mutualisation["source"] as? String == "social-economy-mutualisation.xml")
        let modules = try #require(mutualisation["modules"] as? [[String: Any]])
        #expect(modules.map { $0["hours"] as? Int } == [6, 9, 6])
        let credits = try #require(modules[0]["credits"] as? [[String: String]])
        #expect(credits == [["scheme": "ECTS", "value": "0.5"]])
        let coop = try #require(entries.first { $0["id"] as? String == "RC-COOP" })
        let instances = try #require(coop["instances"] as? [[String: Any]])
        #expect(instances.first?["start"] as? String == "2027-04-06")
        #expect(instances.last?["end"] is NSNull)

        let show = try CLI.run("curriculum", "show", "SEM-02", "--workspace", folder.url.path)
        #expect(show.status == 0)
        #expect(show.stdout.contains("Social economy and the mutualisation of resources"))
        #expect(show.stdout.contains("Draft a pooling agreement"))
        let missing = try CLI.run("curriculum", "show", "NOPE", "--workspace", folder.url.path)
        #expect(missing.status == 1)
    }

    @Test func reimportingUpdatesAndNeverDuplicates() throws {
        let folder = try TemporaryFolder()
        try CLI.run("init", folder.url.path)
        let arguments = ["curriculum", "import"] + Repository.sampleFiles + ["--workspace", folder.url.path]
        #expect(try CLI.run(arguments).status == 0)
        let again = try CLI.run(arguments)
        #expect(again.status == 0)
        #expect(again.stdout.contains("Imported 0 new and updated 7 curricula."))
        let status = try CLI.run("status", "--format", "json", "--workspace", folder.url.path)
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(counts["curricula"] as? Int == 7)
        #expect(counts["modules"] as? Int == 16)
    }

    @Test func oneBadFileImportsNothingAndLeavesTheWorkspaceAsItWas() throws {
        let folder = try TemporaryFolder()
        try CLI.run("init", folder.url.path)
        let database = folder.url.appendingPathComponent("planner.sqlite")
        let before = try Data(contentsOf: database)
        let result = try CLI.run(
            "curriculum", "import", Repository.sampleFiles[0],
            Repository.fixtures.appendingPathComponent("native-errors.xml").path, "--workspace", folder.url.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("native-errors.xml:7:7: error: <module id=\"M1\"> needs a positive hours value"))
        #expect(result.stderr.contains("nothing was imported"))
        #expect(try Data(contentsOf: database) == before)
    }

    /// A national catalogue (8 MB and more) is imported through a rollback journal: it lands whole, a
    /// refused one leaves every curriculum as it was, and the workspace is in WAL mode after either.
    @Test func aLargeCatalogueLandsWholeOrNotAtAllAndTheWorkspaceStaysInWALMode() throws {
        let folder = try TemporaryFolder()
        try CLI.run("init", folder.url.path)
        /// An XCRI-CAP feed of `count` courses numbered from `first`.
        func catalogue(_ count: Int, from first: Int = 1_000_000) -> String {
            var xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <catalog xmlns="http://xcri.org/profiles/1.2/catalog" xmlns:dc="http://purl.org/dc/elements/1.1/" \
                xmlns:mlo="http://purl.org/net/mlo" xmlns:credit="http://purl.org/net/cm">
                <provider><dc:title>National Training Catalogue</dc:title>

                """
            for index in 0..<count {
                let id = "C" + String(index + first)
                let hours = [6, 12, 21, 30][index % 4]
                xml += """
                    <course><dc:identifier>\(id)</dc:identifier><dc:title>Cooperative governance, part \(index)</dc:title>\
                    <dc:description>A course on cooperative governance for administrators, entrepreneurs and \
                    social-economy organisations, with case studies and exercises (\(index)).</dc:description>\
                    <learningOutcome>Apply the rules of cooperative governance to a local project.</learningOutcome>\
                    <mlo:credit><credit:scheme>ECTS</credit:scheme><credit:value>\(hours / 6)</credit:value></mlo:credit>\
                    <presentation><dc:identifier>\(id)-1</dc:identifier><mlo:start dtf="2027-05-01">1/5/2027</mlo:start>\
                    <mlo:duration interval="PT\(hours)H">\(hours) hours</mlo:duration><venue><provider><dc:title>Town hall\
                    </dc:title></provider></venue></presentation></course>

                    """
            }
            return xml + "</provider></catalog>\n"
        }
        let feed = folder.url.appendingPathComponent("national.xml")
        let xml = catalogue(12_000)
        try xml.write(to: feed, atomically: true, encoding: .utf8)
        #expect((try FileManager.default.attributesOfItem(atPath: feed.path)[.size] as? Int ?? 0) >= 8_000_000)
        let database = folder.url.appendingPathComponent("planner.sqlite")
        /// Byte 18 of an SQLite file: 2 in WAL mode, 1 with a rollback journal.
        func walMode() throws -> Bool { try Data(contentsOf: database)[18] == 2 }

        let imported = try CLI.run("curriculum", "import", feed.path, "--workspace", folder.url.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 12000 new and updated 0 curricula."))
        #expect(try walMode())
        let show = try CLI.run("curriculum", "show", "C1004242", "--format", "json", "--workspace", folder.url.path)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(entry["title"] as? String == "Cooperative governance, part 4242")
        let module = try #require((entry["modules"] as? [[String: Any]])?.first)
        #expect(module["hours"] as? Int == 21)
        #expect(module["credits"] as? [[String: String]] == [["scheme": "ECTS", "value": "3"]])
        #expect(
            module["learning_outcomes"] as? [String] == [
                "Apply the rules of cooperative governance to a local project."
            ])
        let instance = try #require((entry["instances"] as? [[String: Any]])?.first)
        #expect(instance["start"] as? String == "2027-05-01")

        // Again, with a broken file: refused, and the curricula are as they were.
        try xml.replacingOccurrences(of: "part 4242", with: "changed").write(
            to: feed, atomically: true, encoding: .utf8)
        let before = try CLI.run("curriculum", "list", "--format", "json", "--workspace", folder.url.path).stdout
        let refused = try CLI.run(
            "curriculum", "import", feed.path, Repository.fixtures.appendingPathComponent("truncated.xml").path,
            "--workspace", folder.url.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing was imported"))
        #expect(try CLI.run("curriculum", "list", "--format", "json", "--workspace", folder.url.path).stdout == before)
        #expect(try walMode())
        #expect(!FileManager.default.fileExists(atPath: database.path + "-journal"))

        // Killed half-way through, once it has written pages into the database (a catalogue larger than its
        // page cache): the next command rolls the import back and finds the curricula as they were, the
        // workspace in WAL mode again.
        let larger = folder.url.appendingPathComponent("larger.xml")
        try catalogue(30_000, from: 2_000_000).write(to: larger, atomically: true, encoding: .utf8)
        func size() -> Int { (try? FileManager.default.attributesOfItem(atPath: database.path)[.size] as? Int) ?? 0 }
        let sizeBefore = size()
        let launched = try CLI.launch(["curriculum", "import", larger.path, "--workspace", folder.url.path])
        let journal = database.path + "-journal"
        var killed = false
        for _ in 0..<12_000 where launched.0.isRunning {
            if FileManager.default.fileExists(atPath: journal), size() > sizeBefore + 4_000_000 {
                kill(launched.0.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(5_000)
        }
        _ = CLI.finish(launched)
        #expect(killed, "the import was to be killed while it wrote")
        #expect(FileManager.default.fileExists(atPath: journal))
        #expect(try CLI.run("curriculum", "list", "--format", "json", "--workspace", folder.url.path).stdout == before)
        #expect(try walMode())
        #expect(size() == sizeBefore)
        #expect(!FileManager.default.fileExists(atPath: journal))
    }

    @Test func validateExitsZeroWithWarningsAndOneWithErrors() throws {
        let messy = try CLI.run(
            "curriculum", "validate", Repository.fixtures.appendingPathComponent("xcri-messy.xml").path)
        #expect(messy.status == 0)
        #expect(messy.stderr.contains("warning: course 'COURSE-1'"))
        let broken = try CLI.run(
            "curriculum", "validate", Repository.fixtures.appendingPathComponent("truncated.xml").path,
            Repository.fixtures.appendingPathComponent("ewp-courses.xml").path)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("truncated.xml:4:21: error:"))
        let missing = try CLI.run("curriculum", "validate", "/no/such/file.xml")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/no/such/file.xml: error: no such file"))
    }

    @Test func twoPlannerProcessesImportingAtOnceBothSucceed() throws {
        let folder = try TemporaryFolder()
        try CLI.run("init", folder.url.path)
        let files = Repository.sampleFiles
        let first = try CLI.launch(["curriculum", "import"] + files.prefix(3) + ["--workspace", folder.url.path])
        let second = try CLI.launch(["curriculum", "import"] + files.suffix(3) + ["--workspace", folder.url.path])
        let results = [CLI.finish(first), CLI.finish(second)]
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        let list = try CLI.run("curriculum", "list", "--format", "json", "--workspace", folder.url.path)
        let entries = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 7)
    }
}
