import Foundation
import TestSupport
import Testing

/// The command line and `planner serve` on one workspace at the same time: every write of both lands,
/// none waits forever, none fails with "database is locked".
@Suite(.serialized) struct ConcurrencyTests {
    @Test func theCommandLineAndTheServerWriteTogetherWithoutLostWrites() async throws {
        let folder = try CertificateCommandTests().certifiedWorkspace()
        let ws = ["--workspace", folder.url.path]
        let after = ["PLANNER_NOW": "2027-06-30T12:00:00Z"]
        let keys = try sessions(of: "SEM1-ADM", cohort: 1, in: ws).map(\.key)
        try #require(keys.count >= 2)
        let show = try json(try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout)
        let trainer = try #require(
            (show["sessions"] as? [[String: Any]])?.first { $0["offering"] as? String == "SEM1-ADM" }?["trainer"]
                as? String)
        let added = try CLI.run(
            ["account", "add", "tom", "--role", "trainer", "--trainer", trainer] + ws, environment: after)
        let setup = try #require(added.stdout.firstMatch(of: /\/setup\/[A-Za-z0-9_-]+/)).output
        let port = try freePort()
        let base = "http://127.0.0.1:\(port)"
        let server = try Served(folder.url, port: port, environment: after)
        defer { server.stop() }
        let jar = folder.url.appendingPathComponent("cookies").path
        _ = try runText(
            "/usr/bin/curl",
            [
                "-s", "-c", jar, "-o", "/dev/null", "--data-urlencode", "password=a long pass phrase",
                "--data-urlencode",
                "repeated=a long pass phrase", base + setup,
            ])
        let home = try runText("/usr/bin/curl", ["-s", "-b", jar, base + "/trainer"])
        let token = try #require(home.firstMatch(of: /name="csrf" value="([^"]+)"/)).output.1
        let (offering, rest) = (keys[0].split(separator: "#")[0], keys[0].split(separator: "#")[1])
        let markURL =
            "\(base)/trainer/sessions/\(offering)/\(rest.split(separator: "/")[0])/\(rest.split(separator: "/")[1])/marks"
        let people = ["P01", "P02", "P03", "P04", "P05"]
        let statuses = ["absent", "present", "excused"]
        let rounds = 30

        // The server: a trainer's taps on the first session. The command line, meanwhile: marks on the second
        // session and new accounts.
        let webStatuses = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                (0..<rounds).map { round in
                    let answer = try? runText(
                        "/usr/bin/curl",
                        [
                            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-b", jar, "--data-urlencode",
                            "csrf=\(token)",
                            "--data-urlencode", "participant=\(people[round % people.count])", "--data-urlencode",
                            "status=\(statuses[round % statuses.count])", markURL,
                        ])
                    return answer ?? "failed"
                }
            }
            group.addTask {
                (0..<rounds / 3).flatMap { round in
                    let mark =
                        (try? CLI.run(
                            [
                                "attendance", "mark", keys[1], "--\(statuses[round % statuses.count])",
                                people[round % people.count],
                            ]
                                + ws, environment: after))
                    let account = try? CLI.run(["account", "add", "user\(round)", "--role", "coordinator"] + ws)
                    return ["cli:\(mark?.status ?? -1)", "cli:\(account?.status ?? -1)"]
                }
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }
        #expect(webStatuses.filter { !$0.hasPrefix("cli:") }.allSatisfy { $0 == "303" }, "\(webStatuses)")
        #expect(webStatuses.filter { $0.hasPrefix("cli:") }.allSatisfy { $0 == "cli:0" }, "\(webStatuses)")

        // Every write is there: the last tap on each person, the command line's marks, every account.
        func final(_ key: String) throws -> [String: String] {
            let lines = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(try CLI.run(["attendance", "history", key, "--format", "json"] + ws).stdout.utf8))
                    as? [[String: Any]])
            var state: [String: String] = [:]
            for line in lines {
                let person = String((line["subject"] as? String ?? "").split(separator: ":").last ?? "")
                let detail = line["detail"] as? String ?? ""
                state[person] = detail.components(separatedBy: "→ ").last?.split(separator: " ").first.map(String.init)
            }
            return state
        }
        var expectedWeb: [String: String] = [:]
        for round in 0..<rounds { expectedWeb[people[round % people.count]] = statuses[round % statuses.count] }
        #expect(try final(keys[0]) == expectedWeb)
        var expectedCLI = try final(keys[1]).filter { expectedWeb[$0.key] == nil }
        for round in 0..<rounds / 3 { expectedCLI[people[round % people.count]] = statuses[round % statuses.count] }
        #expect(try final(keys[1]) == expectedCLI)
        let accounts = try CLI.run(["account", "list"] + ws).stdout
        for round in 0..<rounds / 3 { #expect(accounts.contains("user\(round)\tcoordinator")) }
        let byTom = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try CLI.run(["attendance", "history", keys[0], "--format", "json"] + ws).stdout.utf8))
                as? [[String: Any]]
        ).filter { $0["actor"] as? String == "tom" }
        // Every tap that changed a mark (everyone started present) is in the history, under tom.
        var state = Dictionary(uniqueKeysWithValues: people.map { ($0, "present") })
        var changes = 0
        for round in 0..<rounds {
            let (person, status) = (people[round % people.count], statuses[round % statuses.count])
            if state[person] != status { changes += 1 }
            state[person] = status
        }
        #expect(byTom.count == changes)
    }
}
