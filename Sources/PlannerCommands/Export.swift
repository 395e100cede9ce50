import ArgumentParser
import Documents
import Foundation
import PlannerCore
import Scheduling
import Workspace

/// Formats of `planner schedule export`.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case ics, csv, json, pdf
}

extension Planner.Schedule {
    /// `planner schedule export`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the schedule (whole programme, or one trainer, venue, track or offering).",
            discussion: "iCalendar: UIDs are stable across exports and SEQUENCE rises when a session moves.")

        @Option(name: [.customLong("as"), .customLong("format")], help: "ics, csv, json or pdf (pdf needs --output).")
        var exportFormat: ExportFormat = .ics

        @Option(help: "Only this trainer's sessions.") var trainer: String?
        @Option(help: "Only this venue's sessions.") var venue: String?
        @Option(help: "Only this offering's sessions.") var offering: String?
        @Option(help: "Only this track's sessions.") var track: String?
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        @Option(name: .long, help: "Workspace folder (default: $PLANNER_WORKSPACE, else the current folder).")
        var workspace: String?

        func run() async throws {
            var global = GlobalOptions()
            global.workspace = workspace
            let store = try global.openWorkspace()
            let schedule = try store.schedule()
            let data = try store.planningData()
            guard let zone = schedule.timeZone ?? data.calendar?.timeZone else {
                throw CommandFailure("no calendar in the workspace")
            }
            var sessions = schedule.sessions
            if let trainer { sessions = sessions.filter { $0.session.trainerID == trainer } }
            if let venue { sessions = sessions.filter { $0.session.venueID == venue } }
            if let offering { sessions = sessions.filter { $0.session.cohort.offeringID == offering } }
            if let track {
                guard let members = data.tracks.first(where: { $0.id == track })?.cohorts else {
                    throw CommandFailure("no track '\(track)' in the workspace")
                }
                sessions = sessions.filter { members.contains($0.session.cohort) }
            }
            if exportFormat == .pdf {
                guard let output else { throw CommandFailure("a PDF timetable needs --output FILE.pdf") }
                try timetable(sessions, data: data, titles: store.moduleTitles(), zone: zone).write(to: output)
                printError("Wrote \(sessions.count) sessions to \(output)")
                return
            }
            let text: String
            switch exportFormat {
            case .pdf: return
            case .ics: text = try calendarText(sessions, zone: zone, data: data, titles: store.moduleTitles())
            case .csv: text = csvText(sessions, data: data)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                var filtered = schedule
                filtered.sessions = sessions
                let cohorts = Set(sessions.map(\.session.cohort))
                filtered.funding = schedule.funding.filter { cohorts.contains($0.cohort) }
                filtered.unscheduled = trainer == nil && venue == nil ? schedule.unscheduled : []
                text =
                    String(
                        decoding: try encoder.encode(ScheduleJSON(filtered, score: try store.lastScore() ?? 0)),
                        as: UTF8.self) + "\n"
            }
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                printError("Wrote \(sessions.count) sessions to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }

        private func calendarText(
            _ sessions: [StoredSession], zone: TimeZoneID, data: PlanningData, titles: [String: String]
        ) -> String {
            let name =
                trainer.map { "Trainer \($0)" } ?? venue.map { "Venue \($0)" } ?? offering ?? track ?? "Programme"
            return iCalendar(
                calendarEvents(sessions, data: data, titles: titles), timeZone: zone, name: name, stamp: Date())
        }

        private struct Timetable {
            var document: TableDocument
            func write(to path: String) throws {
                try renderPDF(
                    document.pages(), size: document.size,
                    info: DocumentInfo(title: document.title, author: "TrainingPlanner"),
                    to: URL(fileURLWithPath: path))
            }
        }

        private func timetable(
            _ sessions: [StoredSession], data: PlanningData, titles: [String: String], zone: TimeZoneID
        ) -> Timetable {
            let venues = Dictionary(uniqueKeysWithValues: data.venues.map { ($0.id, $0) })
            let trainers = Dictionary(uniqueKeysWithValues: data.trainers.map { ($0.id, $0) })
            let offerings = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0) })
            let ordered = sessions.sorted {
                ($0.session.date, $0.session.slot.start, $0.session.cohort) < (
                    $1.session.date, $1.session.slot.start, $1.session.cohort
                )
            }
            let rows = ordered.map { stored -> [String] in
                let s = stored.session
                let module = offerings[s.cohort.offeringID]?.moduleID ?? ""
                let venue = venues[s.venueID]
                return [
                    s.date.description, "\(s.slot.start)–\(s.slot.end)",
                    "\(titles[module] ?? module) (\(s.cohort.label), \(s.index))",
                    [venue?.name, venue?.address].compactMap { $0 }.joined(separator: ", "),
                    trainers[s.trainerID]?.name ?? s.trainerID,
                ]
            }
            var scope = "Whole programme"
            if let trainer {
                scope = "Trainer " + (trainers[trainer]?.name ?? trainer)
            } else if let venue {
                scope = "Venue " + (venues[venue]?.name ?? venue)
            } else if let offering {
                scope = "Offering " + offering
            } else if let track {
                scope = "Track " + track
            }
            return Timetable(
                document: TableDocument(
                    title: "Timetable",
                    subtitle: ["\(scope) — \(sessions.count) sessions — times in \(zone.identifier)"],
                    columns: [
                        TableColumn("Date", width: 1.1), TableColumn("Time", width: 1.1),
                        TableColumn("Seminar", width: 3.2),
                        TableColumn("Venue", width: 3), TableColumn("Trainer", width: 1.8),
                    ],
                    rows: rows, footer: "TrainingPlanner"))
        }

        private func csvText(_ sessions: [StoredSession], data: PlanningData) -> String {
            var lines = ["offering,cohort,index,date,slot,start,end,venue,trainer,sequence"]
            for stored in sessions {
                let s = stored.session
                lines.append(
                    [
                        s.cohort.offeringID, String(s.cohort.number), String(s.index), s.date.description, s.slot.name,
                        s.slot.start.description, s.slot.end.description, s.venueID, s.trainerID,
                        String(stored.sequence),
                    ].map(csvField).joined(separator: ","))
            }
            return lines.joined(separator: "\r\n") + "\r\n"
        }
    }
}

/// A CSV field, quoted when it must be (RFC 4180).
func csvField(_ value: String) -> String {
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else {
        return value
    }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
