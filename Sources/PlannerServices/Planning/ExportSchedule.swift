import Documents
public import Foundation
import PlannerCore
import Scheduling
import Workspace

/// Exports the schedule, whole or one trainer's, venue's, offering's or track's, as iCalendar (UIDs
/// stable across exports, SEQUENCE raised when a session moves), CSV, JSON or a PDF timetable.
public struct ExportSchedule: Sendable {
    /// Formats.
    public enum Format: String, Sendable, CaseIterable {
        case ics, csv, json, pdf
    }

    /// Which sessions.
    public struct Scope: Sendable, Hashable {
        /// Only this trainer's sessions.
        public var trainer: String?
        /// Only this venue's.
        public var venue: String?
        /// Only this offering's.
        public var offering: String?
        /// Only this track's.
        public var track: String?

        /// A scope; nothing given is the whole programme.
        public init(trainer: String? = nil, venue: String? = nil, offering: String? = nil, track: String? = nil) {
            self.trainer = trainer
            self.venue = venue
            self.offering = offering
            self.track = track
        }
    }

    /// The format.
    public var format: Format
    /// Which sessions.
    public var scope: Scope
    /// Where a PDF goes (a PDF needs one; text formats are returned).
    public var pdf: URL?

    /// An export.
    public init(format: Format, scope: Scope = Scope(), pdf: URL? = nil) {
        self.format = format
        self.scope = scope
        self.pdf = pdf
    }

    /// What was exported.
    public struct Outcome: Sendable {
        /// Sessions exported.
        public var sessions: Int
        /// The text of an iCalendar, CSV or JSON export; nil for a PDF (written to ``ExportSchedule/pdf``).
        public var text: String?
    }

    /// Exports.
    public func run(in context: ServiceContext) async throws -> Outcome {
        let store = try context.workspace()
        let schedule = try store.schedule()
        let data = try store.planningData()
        guard let zone = schedule.timeZone ?? data.calendar?.timeZone else {
            throw ServiceError(.notFound, "no calendar in the workspace")
        }
        var sessions = schedule.sessions
        if let trainer = scope.trainer { sessions = sessions.filter { $0.session.trainerID == trainer } }
        if let venue = scope.venue { sessions = sessions.filter { $0.session.venueID == venue } }
        if let offering = scope.offering { sessions = sessions.filter { $0.session.cohort.offeringID == offering } }
        if let track = scope.track {
            guard let members = data.tracks.first(where: { $0.id == track })?.cohorts else {
                throw ServiceError(.notFound, "no track '\(track)' in the workspace")
            }
            sessions = sessions.filter { members.contains($0.session.cohort) }
        }
        switch format {
        case .pdf:
            guard let pdf else { throw ServiceError(.invalidInput, "a PDF timetable needs --output FILE.pdf") }
            let document = timetable(sessions, data: data, titles: try store.moduleTitles(), zone: zone)
            try renderPDF(
                document.pages(), size: document.size,
                info: DocumentInfo(title: document.title, author: "TrainingPlanner"), to: pdf)
            return Outcome(sessions: sessions.count, text: nil)
        case .ics:
            let name =
                scope.trainer.map { "Trainer \($0)" } ?? scope.venue.map { "Venue \($0)" } ?? scope.offering
                ?? scope.track ?? "Programme"
            let events = calendarEvents(sessions, data: data, titles: try store.moduleTitles())
            return Outcome(
                sessions: sessions.count, text: iCalendar(events, timeZone: zone, name: name, stamp: context.now))
        case .csv:
            return Outcome(sessions: sessions.count, text: csvText(sessions))
        case .json:
            var filtered = schedule
            filtered.sessions = sessions
            let cohorts = Set(sessions.map(\.session.cohort))
            filtered.funding = schedule.funding.filter { cohorts.contains($0.cohort) }
            filtered.unscheduled = scope.trainer == nil && scope.venue == nil ? schedule.unscheduled : []
            return Outcome(
                sessions: sessions.count,
                text: try jsonText(ScheduleJSON(filtered, score: try store.lastScore() ?? 0)) + "\n")
        }
    }

    private func timetable(
        _ sessions: [StoredSession], data: PlanningData, titles: [String: String], zone: TimeZoneID
    ) -> TableDocument {
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
        var title = "Whole programme"
        if let trainer = scope.trainer {
            title = "Trainer " + (trainers[trainer]?.name ?? trainer)
        } else if let venue = scope.venue {
            title = "Venue " + (venues[venue]?.name ?? venue)
        } else if let offering = scope.offering {
            title = "Offering " + offering
        } else if let track = scope.track {
            title = "Track " + track
        }
        return TableDocument(
            title: "Timetable",
            subtitle: ["\(title) — \(sessions.count) sessions — times in \(zone.identifier)"],
            columns: [
                TableColumn("Date", width: 1.1), TableColumn("Time", width: 1.1),
                TableColumn("Seminar", width: 3.2),
                TableColumn("Venue", width: 3), TableColumn("Trainer", width: 1.8),
            ],
            rows: rows, footer: "TrainingPlanner")
    }

    private func csvText(_ sessions: [StoredSession]) -> String {
        var table = ReportTable(
            "offering", "cohort", "index", "date", "slot", "start", "end", "venue", "trainer", "sequence")
        for stored in sessions {
            let s = stored.session
            table.add(
                s.cohort.offeringID, String(s.cohort.number), String(s.index), s.date.description, s.slot.name,
                s.slot.start.description, s.slot.end.description, s.venueID, s.trainerID, String(stored.sequence))
        }
        return table.csv
    }
}

/// Calendar events for stored sessions (every calendar export and feed).
func calendarEvents(_ sessions: [StoredSession], data: PlanningData, titles: [String: String]) -> [CalendarEvent] {
    let venues = Dictionary(uniqueKeysWithValues: data.venues.map { ($0.id, $0) })
    let trainers = Dictionary(uniqueKeysWithValues: data.trainers.map { ($0.id, $0) })
    let offerings = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0) })
    return sessions.map { stored in
        let session = stored.session
        let offering = offerings[session.cohort.offeringID]
        let module = offering?.moduleID ?? ""
        let title = titles[module] ?? module
        let venue = venues[session.venueID]
        let trainer = trainers[session.trainerID]
        return CalendarEvent(
            uid: "\(session.cohort.offeringID)-\(session.cohort.number)-\(session.index)@trainingplanner",
            sequence: stored.sequence, date: session.date, slot: session.slot,
            summary: "\(title) (\(session.index)/\(offering?.sessionsPerCohort ?? session.index))",
            location: [venue?.name, venue?.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
            description: """
                Trainer: \(trainer?.name ?? session.trainerID)
                Module: \(module) \(title)
                Cohort: \(session.cohort.label), session \(session.index) of \(offering?.sessionsPerCohort ?? 0)
                """)
    }
}
