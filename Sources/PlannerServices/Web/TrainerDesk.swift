public import Foundation
public import PlannerCore
import Scheduling
import Workspace

/// A scheduled session as the web pages show it: what, when, where, who.
public struct SessionView: Sendable, Hashable {
    /// The session.
    public var key: SessionKey
    /// The seminar's title (the module's).
    public var title: String
    /// Start and end instants.
    public var start, end: Date
    /// The venue's name and address.
    public var venue, address: String
    /// The trainer's id and name.
    public var trainerID, trainer: String
    /// Sessions in the cohort.
    public var sessionsInCohort: Int
    /// The programme's time zone (its identifier), in which times are shown.
    public var timeZone: String

    /// Minutes the session lasts.
    public var minutes: Int { Int(end.timeIntervalSince(start) / 60) }
}

/// What trainers do on the web: their sessions, and the roll-call of each, by the rules of ``Marking``.
///
/// A trainer's account reaches its own sessions only; a coordinator's reaches every session.
public struct TrainerDesk: Sendable {
    let context: ServiceContext
    let account: Accounts.Account

    /// The desk of `account` in the workspace of `context` (whose actor should be the account's name).
    public init(_ context: ServiceContext, account: Accounts.Account) {
        self.context = context
        self.account = account
    }

    /// The sessions of the account's trainer (every session for a coordinator), by start.
    public func sessions() throws -> [SessionView] {
        let all = try sessionViews(context.workspace())
        guard account.role == .trainer else { return all }
        return all.filter { $0.trainerID == account.trainerID }
    }

    /// A roll-call as the page shows it.
    public struct RollCallView: Sendable {
        /// The session.
        public var session: SessionView
        /// The statuses, with their keys.
        public var statuses: [StoredStatus]
        /// Each registered person, by name, with their mark so far.
        public var people: [(participant: Participant, mark: StoredMark?)]
        /// Whether marks may be taken now (the session has started).
        public var open: Bool
    }

    /// The roll-call of `key`; another trainer's session is ``ServiceError/Code/forbidden``.
    public func rollCall(_ key: SessionKey) throws -> RollCallView {
        let session = try own(key)
        let workspace = try context.workspace()
        let marks = Dictionary(
            try workspace.marks(session: key).map { ($0.participantID, $0) }, uniquingKeysWith: { a, _ in a })
        let people = try workspace.registrations(of: key.cohort).filter { $0.status == .registered }.map(
            \.participant.participant
        ).sorted { ($0.familyName, $0.givenName, $0.id) < ($1.familyName, $1.givenName, $1.id) }
        return RollCallView(
            session: session, statuses: try workspace.statuses(), people: people.map { ($0, marks[$0.id]) },
            open: context.now >= session.start)
    }

    /// Marks one person; `lateMinutes` (for a status that counts as attended) is taken off the session's
    /// length. Saved at once; the same mark again changes nothing. Returns whether anything changed.
    @discardableResult
    public func mark(_ key: SessionKey, participant: String, status: String, lateMinutes: Int? = nil) async throws
        -> Bool
    {
        // One query for the session (a tap must be quick), not the whole schedule.
        guard let session = try context.workspace().sessionFacts(key).first else {
            throw ServiceError(.notFound, "no scheduled session \(key)")
        }
        guard account.role == .coordinator || session.trainerID == account.trainerID else {
            throw ServiceError(.forbidden, "\(key) is another trainer's session")
        }
        var minutes: Int?
        if let late = lateMinutes, late > 0 {
            guard late < session.minutes else {
                throw ServiceError(.invalidInput, "late by \(late) minutes is the whole session: mark absent instead")
            }
            minutes = session.minutes - late
        }
        let entry = MarkEntry(
            participantID: participant, status: status, minutes: minutes,
            remark: lateMinutes.flatMap { $0 > 0 ? "\($0) min late" : nil })
        return try await Marking(context).record(
            grouping: [entry], for: key, by: account.name, from: "web roll call") > 0
    }

    /// Marks everyone registered and not yet marked as `status` (present); returns how many.
    public func markRest(_ key: SessionKey, status: String = "present") throws -> Int {
        let view = try rollCall(key)
        let entries = view.people.filter { $0.mark == nil }.map {
            MarkEntry(participantID: $0.participant.id, status: status)
        }
        guard !entries.isEmpty else { return 0 }
        return try Marking(context).record(entries, for: key, by: account.name, from: "web roll call")
    }

    /// People not registered for the session's cohort whose id or name contains `query` (at least two
    /// letters; case and accents ignored), at most `limit`: candidates for a walk-in.
    public func walkInCandidates(_ key: SessionKey, query: String, limit: Int = 8) throws -> [Participant] {
        _ = try own(key)
        let wanted = query.trimmingCharacters(in: .whitespaces)
        guard wanted.count >= 2 else { return [] }
        let workspace = try context.workspace()
        let present = Set(
            try workspace.registrations(of: key.cohort).filter { $0.status != .cancelled }.map(
                \.participant.participant.id))
        func matches(_ person: Participant) -> Bool {
            [person.id, person.familyName, person.givenName, "\(person.givenName) \(person.familyName)"].contains {
                $0.range(of: wanted, options: [.caseInsensitive, .diacriticInsensitive]) != nil
            }
        }
        return Array(
            try workspace.participants().lazy.map(\.participant).filter { !present.contains($0.id) && matches($0) }
                .prefix(limit))
    }

    /// Someone who came without being registered: registered for the session's cohort (a free seat is needed)
    /// and marked present, once the session has started.
    public func walkIn(_ key: SessionKey, participant: String) async throws {
        let session = try own(key)
        guard context.now >= session.start else {
            throw ServiceError(.refused, "the session has not started yet: walk-ins are added once it has")
        }
        let (capacity, registrations) = try Registrations(context).list(of: key.cohort)
        let taken = registrations.filter { $0.status == .registered }.count
        if let capacity, taken >= capacity {
            throw ServiceError(.refused, "\(key.cohort.label) is full (\(capacity) seats): ask the coordinator")
        }
        _ = try Registrations(context).register([participant], in: key.cohort)
        _ = try await mark(key, participant: participant, status: "present")
    }

    /// One person's sessions (those of the cohorts they hold a seat in), by start, with the mark each holds:
    /// what a coordinator corrects. Coordinators only.
    public func attendance(of participantID: String) throws -> [(session: SessionView, mark: StoredMark?)] {
        try requireCoordinator()
        let workspace = try context.workspace()
        let cohorts = Set(
            try Registrations(context).of(participantID).filter { $0.status == .registered }.map(\.cohort))
        let marks = Dictionary(
            try workspace.marks(participant: participantID).map { ($0.session, $0) }, uniquingKeysWith: { a, _ in a })
        return try sessionViews(workspace).filter { cohorts.contains($0.key.cohort) }.map { ($0, marks[$0.key]) }
    }

    /// A coordinator's correction of one person's mark: `minutes` attended (nil: the status's default) and
    /// the reason, which the history keeps as the mark's remark. The rules of the roll-call hold (a session
    /// that has started, a person registered). Returns whether anything changed.
    @discardableResult
    public func correct(
        _ key: SessionKey, participant: String, status: String, minutes: Int?, reason: String
    ) throws -> Bool {
        try requireCoordinator()
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ServiceError(.invalidInput, "give the reason for the correction") }
        let entry = MarkEntry(participantID: participant, status: status, minutes: minutes, remark: reason)
        return try Marking(context).record([entry], for: key, by: account.name, from: "web correction") > 0
    }

    /// Refuses anyone but a coordinator: the corrections of a person's marks are theirs.
    private func requireCoordinator() throws {
        guard account.role == .coordinator else {
            throw ServiceError(.forbidden, "only a coordinator corrects a person's marks")
        }
    }

    /// A new calendar-feed link for the account (`/feeds/TOKEN.ics`, to subscribe to in a calendar
    /// application); any earlier link stops working.
    public func issueFeed() throws -> String {
        let token = Secret.token()
        try translatingErrors { try context.workspace().setAccountFeed(account.name, hash: Secret.hash(token)) }
        return "/feeds/\(token).ics"
    }

    /// The sign-in sheet of the session, as a PDF.
    public func signInSheet(_ key: SessionKey) async throws -> Data {
        _ = try own(key)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try await PrintSignInSheets(.session(key), output: file).run(in: context)
        return try Data(contentsOf: file)
    }

    /// The session, if the account may open it.
    func own(_ key: SessionKey) throws -> SessionView {
        guard let session = try sessionViews(context.workspace()).first(where: { $0.key == key }) else {
            throw ServiceError(.notFound, "no scheduled session \(key)")
        }
        guard account.role == .coordinator || session.trainerID == account.trainerID else {
            throw ServiceError(.forbidden, "\(key) is another trainer's session")
        }
        return session
    }
}

/// A trainer's sessions as a calendar feed, reached by the secret link ``TrainerDesk/issueFeed()`` gives.
public struct TrainerFeeds: Sendable {
    let context: ServiceContext

    /// The feeds of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// The iCalendar feed of the account whose feed link is `token`: a trainer's own sessions, a
    /// coordinator's every session; nil for an unknown, replaced or disabled account's link.
    public func calendar(token: String) throws -> String? {
        let workspace = try context.workspace()
        guard let record = try workspace.account(feedHash: Secret.hash(token)) else { return nil }
        let schedule = try workspace.schedule()
        let data = try workspace.planningData()
        guard let zone = schedule.timeZone ?? data.calendar?.timeZone else { return nil }
        let sessions = schedule.sessions.filter {
            record.role == "coordinator" || $0.session.trainerID == record.trainerID
        }
        let events = calendarEvents(sessions, data: data, titles: try workspace.moduleTitles())
        return iCalendar(events, timeZone: zone, name: "My training sessions (\(record.name))", stamp: context.now)
    }
}

/// Every scheduled session as pages show it, by start.
func sessionViews(_ workspace: Workspace) throws -> [SessionView] {
    let schedule = try workspace.schedule()
    let data = try workspace.planningData()
    let titles = try workspace.moduleTitles()
    let venues = Dictionary(uniqueKeysWithValues: data.venues.map { ($0.id, $0) })
    let trainers = Dictionary(uniqueKeysWithValues: data.trainers.map { ($0.id, $0) })
    let offerings = Dictionary(uniqueKeysWithValues: data.offerings.map { ($0.id, $0) })
    return schedule.sessions.map { stored in
        let s = stored.session
        let offering = offerings[s.cohort.offeringID]
        let module = offering?.moduleID ?? s.cohort.offeringID
        return SessionView(
            key: SessionKey(cohort: s.cohort, index: s.index), title: titles[module] ?? module, start: stored.start,
            end: stored.end, venue: venues[s.venueID]?.name ?? s.venueID, address: venues[s.venueID]?.address ?? "",
            trainerID: s.trainerID, trainer: trainers[s.trainerID]?.name ?? s.trainerID,
            sessionsInCohort: offering?.sessionsPerCohort ?? s.index,
            timeZone: (schedule.timeZone ?? data.calendar?.timeZone)?.identifier ?? "UTC")
    }.sorted { ($0.start, $0.key) < ($1.start, $1.key) }
}

/// What a participant sees through their personal link: their sessions, their attendance, their
/// certificates and a calendar feed. Never monitoring data.
public struct ParticipantPortal: Sendable {
    let context: ServiceContext

    /// The portal of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// One seminar the person is registered for.
    public struct Seminar: Sendable {
        /// The cohort.
        public var cohort: Cohort
        /// Its title.
        public var title: String
        /// Registered, or waiting for a seat.
        public var waiting: Bool
        /// Its sessions.
        public var sessions: [SessionView]
        /// Minutes attended (marks) and planned (sessions held so far).
        public var minutesAttended, minutesPlanned: Int
    }

    /// A certificate of the person.
    public struct CertificateLine: Sendable {
        /// Its verification code.
        public var code: String
        /// The seminar.
        public var title: String
        /// Revoked.
        public var revoked: Bool
    }

    /// The page of one person.
    public struct Overview: Sendable {
        /// The person.
        public var participant: Participant
        /// Their seminars.
        public var seminars: [Seminar]
        /// Their certificates.
        public var certificates: [CertificateLine]
        /// Sessions not ended yet, by start.
        public var upcoming: [SessionView] {
            seminars.filter { !$0.waiting }.flatMap(\.sessions).filter { $0.end > now }.sorted { $0.start < $1.start }
        }
        let now: Date
    }

    /// The page the personal link `token` opens; nil for an unknown or revoked link.
    public func overview(token: String) throws -> Overview? {
        let workspace = try context.workspace()
        guard let person = try workspace.participant(linkHash: Secret.hash(token))?.participant else { return nil }
        let now = context.now
        let registrations = try workspace.allRegistrations().filter {
            $0.participantID == person.id && $0.status != .cancelled
        }
        let sessions = Dictionary(grouping: try sessionViews(workspace), by: \.key.cohort)
        let marks = Dictionary(grouping: try workspace.marks(participant: person.id), by: \.session.cohort)
        let titles = try workspace.moduleTitles()
        let offerings = Dictionary(uniqueKeysWithValues: try workspace.planningData().offerings.map { ($0.id, $0) })
        let seminars = registrations.map { registration in
            let own = sessions[registration.cohort] ?? []
            let module = offerings[registration.cohort.offeringID]?.moduleID ?? registration.cohort.offeringID
            return Seminar(
                cohort: registration.cohort, title: own.first?.title ?? titles[module] ?? module,
                waiting: registration.status == .waiting, sessions: own,
                minutesAttended: (marks[registration.cohort] ?? []).reduce(0) { $0 + $1.minutes },
                minutesPlanned: own.filter { $0.start <= now }.reduce(0) { $0 + $1.minutes })
        }
        let certificates = try workspace.certificates().filter { $0.certificate.participantID == person.id }.map {
            let module = offerings[$0.certificate.offeringID]?.moduleID ?? $0.certificate.offeringID
            return CertificateLine(
                code: $0.certificate.verificationCode, title: titles[module] ?? module, revoked: $0.revokedAt != nil)
        }
        return Overview(participant: person, seminars: seminars, certificates: certificates, now: now)
    }

    /// The PDF of one of the person's own certificates; nil for an unknown link or a certificate that is
    /// not theirs (the same answer: a link opens its own records only).
    public func certificatePDF(token: String, code: String) throws -> Data? {
        let workspace = try context.workspace()
        guard let person = try workspace.participant(linkHash: Secret.hash(token))?.participant,
            try workspace.certificates().contains(where: {
                $0.certificate.participantID == person.id && $0.certificate.verificationCode == code
            })
        else { return nil }
        return try CertificateOffice(context).pdf(code: code)
    }

    /// The person's sessions as an iCalendar feed (registered seminars only); nil for an unknown link.
    public func calendar(token: String) throws -> String? {
        let workspace = try context.workspace()
        guard let person = try workspace.participant(linkHash: Secret.hash(token))?.participant else { return nil }
        let cohorts = Set(
            try workspace.allRegistrations().filter { $0.participantID == person.id && $0.status == .registered }.map(
                \.cohort))
        let schedule = try workspace.schedule()
        let data = try workspace.planningData()
        guard let zone = schedule.timeZone ?? data.calendar?.timeZone else { return nil }
        let events = calendarEvents(
            schedule.sessions.filter { cohorts.contains($0.session.cohort) }, data: data,
            titles: try workspace.moduleTitles())
        return iCalendar(events, timeZone: zone, name: "My training sessions", stamp: context.now)
    }
}
