import Foundation
import PlannerCore
public import Scheduling

/// Planning inputs written in the formats `planner schedule import` reads (docs/formats.md).
public enum PlanningFiles {
    /// The files, keyed by name (`venues.csv`, `curriculum.xml`…).
    public static func render(_ generated: GeneratedProblem) -> [String: String] {
        let problem = generated.problem
        func table(_ header: String, _ rows: [[String]]) -> String {
            ([header] + rows.map { $0.map(csvField).joined(separator: ",") }).joined(separator: "\r\n") + "\r\n"
        }
        func list(_ items: [String]) -> String { items.joined(separator: "|") }
        let calendar = problem.calendar
        let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var calendarRows: [[String]] = [
            ["period", "", calendar.period.lowerBound.description, calendar.period.upperBound.description, ""],
            ["timezone", "", "", "", calendar.timeZone.identifier],
            [
                "weekdays", "", "", "",
                calendar.workingWeekdays.sorted().map { weekdayNames[$0 - 1] }.joined(separator: " "),
            ],
        ]
        calendarRows += calendar.closedDates.sorted().map { ["closed", "Public holiday", $0.description, "", ""] }
        calendarRows += calendar.slots.map { ["slot", $0.name, $0.start.description, $0.end.description, ""] }
        return [
            "curriculum.xml": curriculumXML(generated.curriculum),
            "calendar.csv": table("kind,name,start,end,value", calendarRows),
            "venues.csv": table(
                "id,name,territory,address,capacity,equipment,step_free,cost_per_slot,currency,provider,unavailable",
                problem.venues.map {
                    [
                        $0.id, $0.name, $0.territory, $0.address, String($0.capacity), list($0.equipment),
                        $0.stepFreeAccess ? "yes" : "no", $0.costPerSlot.decimalString, $0.costPerSlot.currency.code,
                        $0.provider, list($0.unavailable.map(\.description)),
                    ]
                }),
            "trainers.csv": table(
                "id,name,teaches,languages,fee_per_session,currency,max_sessions_per_week,territory,in_house,unavailable",
                problem.trainers.map {
                    [
                        $0.id, $0.name, list($0.teaches), list($0.languages),
                        $0.inHouse ? "" : $0.feePerSession.decimalString, $0.feePerSession.currency.code,
                        String($0.maxSessionsPerWeek), $0.territory, $0.inHouse ? "yes" : "no",
                        list($0.unavailable.map(\.description)),
                    ]
                }),
            "funders.csv": table(
                "id,name,budget,currency,max_rate,pays,audiences,territories,curricula,eu_funding",
                problem.funders.map {
                    [
                        $0.id, $0.name, $0.budget.decimalString, $0.budget.currency.code,
                        String(format: "%g%%", Double($0.maxRateBasisPoints) / 100), list($0.pays.map(\.rawValue)),
                        list($0.audiences.map(\.rawValue)), list($0.territories), list($0.curricula),
                        $0.isEUFunding ? "yes" : "no",
                    ]
                }),
            "offerings.csv": table(
                "id,module,audience,cohorts,participants,sessions,window_start,window_end,slots,min_days_between,"
                    + "max_days_between,prerequisites,territory,language,equipment,step_free,priority",
                problem.offerings.map {
                    [
                        $0.id, $0.moduleID, $0.audience.rawValue, String($0.cohorts), String($0.participantsPerCohort),
                        String($0.sessionsPerCohort), $0.window.lowerBound.description,
                        $0.window.upperBound.description,
                        list($0.allowedSlots), String($0.minDaysBetween), $0.maxDaysBetween.map(String.init) ?? "",
                        list($0.prerequisites), $0.territory ?? "", $0.language ?? "", list($0.equipment),
                        $0.stepFreeRequired ? "yes" : "no", String($0.priority),
                    ]
                }),
            "tracks.csv": table("id,cohorts", problem.tracks.map { [$0.id, list($0.cohorts.map(\.label))] }),
        ]
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func curriculumXML(_ curriculum: Curriculum) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <curricula xmlns="urn:x-trainingplanner:curriculum:1" version="1">
              <programme id="\(escape(curriculum.id))">
                <title lang="en">\(escape(curriculum.title.text() ?? curriculum.id))</title>

            """
        for module in curriculum.modules {
            xml += """
                    <module id="\(escape(module.id))">
                      <title lang="en">\(escape(module.title.text() ?? module.id))</title>
                      <hours>\(module.hours ?? 6)</hours>

                """
            for audience in module.audiences { xml += "      <audience>\(audience.rawValue)</audience>\n" }
            for outcome in module.learningOutcomes {
                xml += "      <outcome lang=\"en\">\(escape(outcome.text.text() ?? ""))</outcome>\n"
            }
            xml += "    </module>\n"
        }
        xml += "  </programme>\n</curricula>\n"
        return xml
    }
}
