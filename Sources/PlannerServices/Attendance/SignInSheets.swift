import Attendance
import Documents
public import Foundation
public import PlannerCore
import Workspace

/// Prints sign-in sheets (PDF): one session, every session of an offering, or of a date; registered
/// participants only, never monitoring data.
public struct PrintSignInSheets: Sendable {
    /// Which sessions.
    public enum Selection: Sendable, Hashable {
        case session(SessionKey)
        case offering(String)
        case date(String)
    }

    /// Which sessions.
    public var selection: Selection
    /// Where the PDF goes.
    public var output: URL
    /// Organiser printed on the sheet, remembered for next time (default: the one set before).
    public var organiser: String?

    /// Sheets for `selection`, written to `output`.
    public init(_ selection: Selection, output: URL, organiser: String? = nil) {
        self.selection = selection
        self.output = output
        self.organiser = organiser
    }

    /// What was written.
    public struct Outcome: Sendable {
        /// Sheets (sessions).
        public var sheets: Int
        /// Pages.
        public var pages: Int
    }

    /// Writes the PDF.
    public func run(in context: ServiceContext) async throws -> Outcome {
        let workspace = try context.workspace()
        let settings = ProgrammeSettings(workspace)
        if let organiser { try settings.setOrganiser(organiser) }
        var sessions = try workspace.sessionFacts()
        switch selection {
        case .session(let key): sessions = sessions.filter { $0.key == key }
        case .offering(let offering): sessions = sessions.filter { $0.key.cohort.offeringID == offering }
        case .date(let date): sessions = sessions.filter { $0.date.description == date }
        }
        guard !sessions.isEmpty else {
            throw ServiceError(.notFound, "no scheduled session matches (see planner schedule show)")
        }
        let organiser = try settings.organiser()
        let sheets = try signInSheets(for: sessions, workspace: workspace, organiser: organiser)
        let pages = sheets.flatMap { $0.pages() }
        try renderPDF(
            pages, size: .a4Landscape, info: DocumentInfo(title: "Sign-in sheets", author: organiser), to: output)
        return Outcome(sheets: sheets.count, pages: pages.count)
    }
}

/// A short code linking a paper sheet to its session: the session key and a checksum.
func sheetCode(_ key: SessionKey) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key.description.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    let check = (0..<4).map { alphabet[Int((hash >> (UInt64($0) * 5)) & 31)] }
    return "\(key.cohort.offeringID)-\(key.cohort.number)-\(key.index)-\(String(check))"
}

/// Builds the sheets for sessions from the workspace (registered participants only, no monitoring data).
func signInSheets(for sessions: [SessionFacts], workspace: Workspace, organiser: String) throws -> [SignInSheet] {
    let planning = try workspace.planningData()
    let funding = try workspace.schedule().funding
    let venues = Dictionary(uniqueKeysWithValues: planning.venues.map { ($0.id, $0) })
    let trainers = Dictionary(uniqueKeysWithValues: planning.trainers.map { ($0.id, $0) })
    let offerings = Dictionary(uniqueKeysWithValues: planning.offerings.map { ($0.id, $0) })
    let euFunders = Set(planning.funders.filter(\.isEUFunding).map(\.id))
    let slots = Dictionary((planning.calendar?.slots ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var cache: [Cohort: [(familyName: String, givenName: String, organisation: String)]] = [:]
    return try sessions.map { session in
        let cohort = session.key.cohort
        if cache[cohort] == nil {
            cache[cohort] = try workspace.registrations(of: cohort).filter { $0.status == .registered }.map {
                (
                    $0.participant.participant.familyName, $0.participant.participant.givenName,
                    $0.participant.participant.organisation
                )
            }
        }
        let offering = offerings[cohort.offeringID]
        let curriculum = try offering.flatMap { try workspace.curriculum(id: $0.moduleID) }
        let module = curriculum?.modules.first { $0.id == offering?.moduleID }
        let euFunded = funding.contains {
            $0.cohort == cohort && euFunders.contains($0.funderID) && $0.amount.minorUnits > 0
        }
        let venue = venues[session.venueID]
        let slot = slots[session.slot]
        return SignInSheet(
            organiser: organiser, fundingStatement: euFunded ? "Co-funded by the European Union" : nil,
            programme: curriculum?.title.text() ?? "",
            seminar: module?.title.text() ?? offering?.moduleID ?? cohort.offeringID,
            session: session.key, sessionCount: offering?.sessionsPerCohort ?? session.key.index, date: session.date,
            start: slot?.start ?? TimeOfDay(hour: 0, minute: 0)!, end: slot?.end ?? TimeOfDay(hour: 0, minute: 0)!,
            venue: [venue?.name, venue?.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
            trainer: trainers[session.trainerID]?.name ?? session.trainerID, participants: cache[cohort] ?? [],
            code: sheetCode(session.key))
    }
}
