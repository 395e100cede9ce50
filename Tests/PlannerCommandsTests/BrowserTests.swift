import Foundation
import TestSupport
import Testing

/// The web application in a real browser: Debian's headless Chromium, driven by Selenium, in a
/// phone-sized window, against `planner serve` on the demo workspace, with the command line working on the
/// same workspace meanwhile.
@Suite(.serialized) struct BrowserTests {
    @Test func aTrainerTakesTheRollCallACoordinatorUploadsABadFileAndAScannedCertificateVerifiesThenShowsRevoked()
        throws
    {
        let folder = try TemporaryFolder()
        let demo = folder.url.appendingPathComponent("demo")
        let now = ["PLANNER_NOW": "2026-12-03T10:00:00Z"]
        let port = try freePort()
        let base = "http://127.0.0.1:\(port)"
        let made = try CLI.run(
            ["demo", "run", "--output", demo.path, "--participants", "60", "--seconds", "1", "--public-url", base],
            environment: now)
        try #require(made.status == 0, "\(made.stderr)")
        let ws = ["--workspace", demo.path]

        // A trainer of the demo and one of their sessions.
        let schedule = try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(schedule.utf8)) as? [String: Any])
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        let first = try #require(sessions.min { ($0["start"] as? String ?? "") < ($1["start"] as? String ?? "") })
        let trainer = try #require(first["trainer"] as? String)
        let (offering, cohort, index) = (
            try #require(first["offering"] as? String), try #require(first["cohort"] as? Int),
            try #require(first["index"] as? Int)
        )
        let added = try CLI.run(["account", "add", "tom", "--role", "trainer", "--trainer", trainer] + ws)
        try #require(added.status == 0, "\(added.stderr)")
        let setup = try #require(added.stdout.firstMatch(of: /\/setup\/[A-Za-z0-9_-]+/)).output

        let server = try Served(demo, port: port, environment: now)
        defer { server.stop() }
        #expect(server.banner.contains("/setup/"), "the first coordinator's one-time link: \(server.banner)")

        // The roll-call, on a phone.
        let answer = try runText(
            Repository.python,
            [
                Repository.root.appendingPathComponent("Tests/browser/phone.py").path, "rollcall", base, String(setup),
                "a long pass phrase", "/trainer/sessions/\(offering)/\(cohort)/\(index)",
            ])
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any], "phone.py said: \(answer)")
        let cookie = try #require(result["cookie"] as? [String: Any])
        #expect(cookie["httpOnly"] as? Bool == true)
        #expect(cookie["sameSite"] as? String == "Lax")
        #expect(result["without_reload"] as? Bool == true, "each tap saved in place")
        #expect(result["home_fits"] as? Bool == true && result["rollcall_fits"] as? Bool == true, "no sideways scroll")
        let marked = try #require(result["marked"] as? [String: String])
        let tapped = try #require(result["tapped"] as? [String: String])
        #expect(tapped.count == 2 && marked == tapped, "after a reload: \(marked), tapped: \(tapped)")

        // The command line sees those marks, recorded under the trainer's account.
        let history = try CLI.run(
            ["attendance", "history", "\(offering)#\(cohort)/\(index)", "--format", "json"] + ws
        ).stdout
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]])
        let byTom = lines.filter { $0["actor"] as? String == "tom" }
        #expect(
            Set(byTom.compactMap { ($0["subject"] as? String)?.split(separator: ":").last.map(String.init) })
                == Set(marked.keys))

        // The coordinator, through the first start's one-time link, uploads a planning file with an error:
        // the error with its position, and nothing changed.
        let coordinatorSetup = try #require(server.banner.firstMatch(of: /\/setup\/[A-Za-z0-9_-]+/)).output
        let venues = folder.url.appendingPathComponent("venues.csv")
        let header = try String(contentsOf: demo.appendingPathComponent("inputs/venues.csv"), encoding: .utf8)
            .split(separator: "\n")[0]
        try (header + "\nBAD,Bad venue,Liège,Rue X 1,minus-three,,yes,0,EUR,Town,\n").write(
            to: venues, atomically: true, encoding: .utf8)
        let database = demo.appendingPathComponent("planner.sqlite").path
        let state = """
            SELECT group_concat(id || ':' || capacity) FROM venue;
            SELECT max(id) FROM history WHERE subject NOT LIKE 'account:%';
            """
        let before = try runText("/usr/bin/sqlite3", [database, state])
        let uploaded = try runText(
            Repository.python,
            [
                Repository.root.appendingPathComponent("Tests/browser/phone.py").path, "upload", base,
                String(coordinatorSetup), "another long pass phrase", venues.path,
            ])
        let page = try #require(
            try JSONSerialization.jsonObject(with: Data(uploaded.utf8)) as? [String: Any], "phone.py said: \(uploaded)")
        #expect(
            page["diagnostics"] as? [String] == [
                "venues.csv:2:5: error: 'minus-three' is not a whole number from 1 to 100000"
            ])
        #expect((page["message"] as? String)?.hasPrefix("nothing was imported") == true)
        #expect(page["fits"] as? Bool == true)
        #expect(try runText("/usr/bin/sqlite3", [database, state]) == before, "the workspace is as it was")

        // The same coordinator signs in, finds a person from the menu and corrects their mark with a reason:
        // the page shows the new mark and the command line's history has it under the coordinator's account.
        let coordinator = try #require(server.banner.firstMatch(of: /the account '([^']+)'/)).output.1
        let person = try #require(marked.keys.sorted().first)
        let sessionID = "\(offering)#\(cohort)/\(index)"
        let corrected = try runText(
            Repository.python,
            [
                Repository.root.appendingPathComponent("Tests/browser/phone.py").path, "correct", base,
                String(coordinator), "another long pass phrase", person, sessionID,
            ])
        let correction = try #require(
            try JSONSerialization.jsonObject(with: Data(corrected.utf8)) as? [String: Any],
            "phone.py said: \(corrected)")
        let chosen = try #require(correction["status"] as? String)
        #expect(
            (correction["notice"] as? String)?.contains("\(person)'s mark for \(sessionID) is now \(chosen)") == true,
            "\(correction)")
        #expect((correction["row"] as? [String])?[2] == chosen, "\(correction)")
        #expect((correction["row"] as? [String])?[4] == "the sign-in sheet says so", "\(correction)")
        #expect(correction["fits"] as? Bool == true, "no sideways scroll")
        let pages = try #require(correction["pages_fit"] as? [String: Bool])
        #expect(pages.count == 8 && pages.values.allSatisfy { $0 }, "pages with a sideways scroll on a phone: \(pages)")
        let after = try CLI.run(["attendance", "history", sessionID, "--format", "json"] + ws).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [[String: Any]])
        #expect(
            entries.contains {
                $0["actor"] as? String == String(coordinator)
                    && ($0["subject"] as? String)?.hasSuffix(":" + person) == true
            }, "\(entries)")

        // A certificate's QR code, decoded from its PDF, opens this server's verify page: valid, then revoked.
        let certificates = demo.appendingPathComponent("certificates")
        let pdf = try #require(
            try FileManager.default.contentsOfDirectory(atPath: certificates.path).sorted().first {
                $0.hasSuffix(".pdf") && $0 != "all-certificates.pdf"
            })
        let image = folder.url.appendingPathComponent("qr").path
        _ = try runText(
            "/usr/bin/pdftoppm",
            ["-r", "150", "-png", "-singlefile", certificates.appendingPathComponent(pdf).path, image])
        let link = try runText("/usr/bin/zbarimg", ["--raw", "-q", image + ".png"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(link.hasPrefix(base + "/verify/"), "the QR code links here: \(link)")
        func status() throws -> String {
            let text = try runText(
                Repository.python,
                [Repository.root.appendingPathComponent("Tests/browser/phone.py").path, "verify", link])
            let page = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return page["status"] as? String ?? text
        }
        #expect(try status() == "Valid certificate")
        let code = String(link.dropFirst((base + "/verify/").count))
        let revoked = try CLI.run(["certificates", "revoke", code, "--reason", "issued in error"] + ws)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try status() == "Revoked certificate")
    }
}

/// `planner serve` running in the background on a workspace.
struct Served {
    let process = Process()
    /// What it printed on start.
    private(set) var banner = ""

    init(_ workspace: URL, port: Int, environment: [String: String] = [:]) throws {
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--port", String(port), "--workspace", workspace.path]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        while !banner.contains("(Ctrl-C stops)") || (banner.contains("No coordinator") && !banner.contains("/setup/")) {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            banner += String(decoding: data, as: UTF8.self)
        }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A TCP port nothing listens on now.
func freePort() throws -> Int {
    let text = try runText(
        "/usr/bin/python3",
        ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
    return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
}
