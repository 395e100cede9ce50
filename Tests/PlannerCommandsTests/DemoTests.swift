import Foundation
import TestSupport
import Testing

/// The main job end to end, at a small size: the demo's outputs must agree with each other.
@Suite(.serialized) struct DemoTests {
    @Test func theDemoProducesConsistentOutputs() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("demo")
        let env = ["PLANNER_NOW": "2027-07-01T10:00:00Z"]
        let run = try CLI.run(
            [
                "demo", "--output", output.path, "--participants", "60", "--seconds", "1", "--curricula",
                Repository.curricula.path,
            ],
            environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Scheduled:"))
        #expect(run.stdout.contains("Budget use per funder:"))
        #expect(run.stdout.contains("Attendance and completion by gender"))
        let ws = ["--workspace", output.path]

        // Every iCalendar file parses with an independent RFC 5545 parser.
        let calendars = output.appendingPathComponent("calendars")
        let icsFiles = try FileManager.default.contentsOfDirectory(atPath: calendars.path).filter {
            $0.hasSuffix(".ics")
        }
        #expect(icsFiles.count >= 2)
        for file in icsFiles { _ = try checkCalendar(calendars.appendingPathComponent(file).path) }

        // Budget: allocations add up to each scheduled cohort's cost, and stay within every budget and rate.
        let schedule = try json(try CLI.run(["schedule", "show", "--format", "json"] + ws).stdout)
        let sessions = try #require(schedule["sessions"] as? [[String: Any]])
        let funding = try #require(schedule["funding"] as? [[String: Any]])
        let venueCost = try costs(output.appendingPathComponent("inputs/venues.csv"), column: "cost_per_slot")
        let trainerFee = try costs(output.appendingPathComponent("inputs/trainers.csv"), column: "fee_per_session")
        var cost: [String: Decimal] = [:]
        for session in sessions {
            let cohort = "\(session["offering"]!)#\(session["cohort"]!)"
            cost[cohort, default: 0] +=
                (venueCost[session["venue"] as! String] ?? 0) + (trainerFee[session["trainer"] as! String] ?? 0)
        }
        var paid: [String: Decimal] = [:]
        var byFunder: [String: Decimal] = [:]
        for allocation in funding {
            let amount = Decimal(string: allocation["amount"] as! String)!
            paid["\(allocation["offering"]!)#\(allocation["cohort"]!)", default: 0] += amount
            byFunder[allocation["funder"] as! String, default: 0] += amount
        }
        #expect(paid == cost.filter { $0.value > 0 })
        let budget = try json(try CLI.run(["budget", "--format", "json"] + ws).stdout)
        for funder in budget["funders"] as? [[String: String]] ?? [] {
            let allocated = Decimal(string: funder["allocated"]!)!
            #expect(allocated <= Decimal(string: funder["budget"]!)!)
            #expect(allocated == byFunder[funder["funder"]!] ?? 0)
        }

        // Report totals match the marks recorded.
        let history = try CLI.run(["attendance", "history", "--format", "json"] + ws).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]])
        var markedMinutes = 0
        for entry in entries
        where (entry["detail"] as? String)?.contains("→ present") == true
            || (entry["detail"] as? String)?.contains("→ late") == true
        {
            let detail = entry["detail"] as! String
            let minutes = detail.split(separator: " ").last { $0.hasSuffix("min") }.flatMap { Int($0.dropLast(3)) } ?? 0
            markedMinutes += minutes
        }
        let report = try CLI.run(["attendance", "report", "--format", "json"] + ws, environment: env).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [[String: String]])
        let reportedMinutes = rows.map { row -> Int in
            let parts = row["hours_attended"]!.split(separator: ".")
            return Int(parts[0])! * 60 + Int(parts[1])! * 60 / 100
        }.reduce(0, +)
        #expect(
            abs(reportedMinutes - markedMinutes) <= rows.count,
            "hours attended add up to the marks (to the rounding of each row)")

        // Every certificate holder met the rule.
        let certificates = try CLI.run(["certificates", "list", "--format", "json"] + ws).stdout
        let holders = try #require(
            try JSONSerialization.jsonObject(with: Data(certificates.utf8)) as? [[String: String]])
        #expect(!holders.isEmpty)
        let eligible = try CLI.run(["certificates", "eligible", "--format", "json"] + ws, environment: env).stdout
        let decisions = try #require(try JSONSerialization.jsonObject(with: Data(eligible.utf8)) as? [[String: String]])
        let qualifying = Set(
            decisions.filter { $0["eligible"] == "yes" }.map {
                "\($0["participant"]!)|\($0["cohort"]!.split(separator: "#")[0])"
            })
        for holder in holders {
            #expect(qualifying.contains("\(holder["participant"]!)|\(holder["offering"]!)"), "\(holder) met the rule")
        }
        // The outputs a coordinator opens exist.
        for file in [
            "sign-in-sheets.pdf", "budget.txt", "equal-opportunities.txt", "esf-indicators.txt",
            "certificates/all-certificates.pdf", "summary.txt",
        ] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file) written")
        }
        #expect(try CLI.run(["status"] + ws).status == 0)
    }
}

/// Amounts per id from a planning CSV column (empty means zero).
func costs(_ file: URL, column: String) throws -> [String: Decimal] {
    let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard let index = header.firstIndex(of: column) else { return [:] }
    var result: [String: Decimal] = [:]
    for line in lines.dropFirst() {
        // The demo's quoted fields hold commas only in names and addresses, before the amount columns.
        var fields: [String] = []
        var field = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        result[fields[0]] = Decimal(string: fields[index].isEmpty ? "0" : fields[index]) ?? 0
    }
    return result
}
