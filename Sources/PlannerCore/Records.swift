public import Foundation

// Values the workspace stores and gives back, shared by the application layer and every front end
// (which see them without seeing the database).

/// What a registration request led to.
public enum RegistrationOutcome: Sendable, Equatable {
    /// A seat was free.
    case registered
    /// The cohort is full: on the waiting list at this position.
    case waiting(position: Int)
    /// Nothing changed: the person was already registered or waiting.
    case unchanged(Registration.Status)
}

/// One line of a marking request.
public struct MarkEntry: Sendable, Hashable {
    /// Participant id.
    public var participantID: String
    /// Status name.
    public var status: String
    /// Minutes attended; nil means the status's default.
    public var minutes: Int?
    /// Remark.
    public var remark: String?
    /// The line of the file it came from, for messages.
    public var line: Int?

    /// Creates an entry.
    public init(participantID: String, status: String, minutes: Int? = nil, remark: String? = nil, line: Int? = nil) {
        self.participantID = participantID
        self.status = status
        self.minutes = minutes
        self.remark = remark
        self.line = line
    }
}

/// A status as the workspace defines it.
public struct StoredStatus: Sendable, Hashable, Codable {
    /// Creates a status.
    public init(name: String, countsAsAttended: Bool, fullMinutesByDefault: Bool, key: String) {
        self.name = name
        self.countsAsAttended = countsAsAttended
        self.fullMinutesByDefault = fullMinutesByDefault
        self.key = key
    }

    /// Name.
    public var name: String
    /// Whether it counts as attended.
    public var countsAsAttended: Bool
    /// Whether its default minutes are the whole session (else none).
    public var fullMinutesByDefault: Bool
    /// Roll-call key.
    public var key: String
}

/// A certificate as stored, with its signed credential.
public struct StoredCertificate: Sendable, Hashable {
    /// The certificate.
    public var certificate: Certificate
    /// The cohort it was earned in.
    public var cohort: Cohort
    /// The signed Open Badges 3.0 credential (VC-JWT), once signed.
    public var credential: String?
    /// When it was revoked, if it was.
    public var revokedAt: String?

    /// Creates the value.
    public init(certificate: Certificate, cohort: Cohort, credential: String?, revokedAt: String?) {
        self.certificate = certificate
        self.cohort = cohort
        self.credential = credential
        self.revokedAt = revokedAt
    }
}

/// What one import changed.
public struct CurriculumImportSummary: Sendable, Equatable {
    /// Curricula created.
    public var created: [String] = []
    /// Curricula that existed and were updated.
    public var updated: [String] = []

    /// Creates the value.
    public init(created: [String] = [], updated: [String] = []) {
        self.created = created
        self.updated = updated
    }
}

/// What the workspace holds for planning: the solver's input.
public struct PlanningData: Sendable {
    /// The calendar, if one was imported.
    public var calendar: ProgrammeCalendar?
    /// Venues by id order.
    public var venues: [Venue]
    /// Trainers by id order.
    public var trainers: [Trainer]
    /// Funders in their order of preference.
    public var funders: [Funder]
    /// Offerings by id order.
    public var offerings: [Offering]
    /// Tracks.
    public var tracks: [Track]

    /// Creates the value.
    public init(
        calendar: ProgrammeCalendar?, venues: [Venue], trainers: [Trainer], funders: [Funder], offerings: [Offering],
        tracks: [Track]
    ) {
        self.calendar = calendar
        self.venues = venues
        self.trainers = trainers
        self.funders = funders
        self.offerings = offerings
        self.tracks = tracks
    }
}

/// A session as stored: where it is, and how often it moved since first published.
public struct StoredSession: Sendable, Hashable {
    /// The session.
    public var session: Session
    /// Start instant (UTC).
    public var start: Date
    /// End instant (UTC).
    public var end: Date
    /// Raised each time the session moves (iCalendar SEQUENCE).
    public var sequence: Int
    /// Published: re-planning keeps it where it is when it can.
    public var pinned: Bool

    /// Creates the value.
    public init(session: Session, start: Date, end: Date, sequence: Int, pinned: Bool) {
        self.session = session
        self.start = start
        self.end = end
        self.sequence = sequence
        self.pinned = pinned
    }
}

/// The stored schedule.
public struct StoredSchedule: Sendable {
    /// Sessions by cohort and index.
    public var sessions: [StoredSession]
    /// Cohorts the last solve left out, with reasons.
    public var unscheduled: [(cohort: Cohort, reasons: [String])]
    /// How each cohort is paid.
    public var funding: [FundingAllocation]
    /// The programme's time zone.
    public var timeZone: TimeZoneID?

    /// Creates the value.
    public init(
        sessions: [StoredSession], unscheduled: [(cohort: Cohort, reasons: [String])], funding: [FundingAllocation],
        timeZone: TimeZoneID?
    ) {
        self.sessions = sessions
        self.unscheduled = unscheduled
        self.funding = funding
        self.timeZone = timeZone
    }
}

/// What a planning import changed.
public struct PlanningImportSummary: Sendable, Equatable {
    /// Rows written per kind (`venues`: 12).
    public var counts: [String: Int] = [:]

    /// Creates the value.
    public init(counts: [String: Int] = [:]) {
        self.counts = counts
    }
}

/// One line of the append-only history.
public struct HistoryEntry: Codable, Sendable, Hashable {
    /// Sequence number.
    public var id: Int64
    /// ISO 8601 UTC instant.
    public var at: String
    /// Login name of whoever acted.
    public var actor: String
    /// What was done (`curriculum.import`).
    public var action: String
    /// What it was done to.
    public var subject: String
    /// Details.
    public var detail: String

    /// Creates the value.
    public init(id: Int64, at: String, actor: String, action: String, subject: String, detail: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

/// The counts `planner status` prints.
public struct WorkspaceStatus: Codable, Sendable, Equatable {
    /// The newest migration applied.
    public var schemaVersion: String
    /// Curricula imported.
    public var curricula: Int
    /// Modules imported.
    public var modules: Int
    /// Offerings planned.
    public var offerings: Int
    /// Sessions in the schedule.
    public var scheduledSessions: Int
    /// Participants registered in the workspace.
    public var participants: Int
    /// Attendance marks recorded.
    public var marks: Int
    /// Certificates issued.
    public var certificates: Int

    /// Creates the value.
    public init(
        schemaVersion: String, curricula: Int, modules: Int, offerings: Int, scheduledSessions: Int, participants: Int,
        marks: Int, certificates: Int
    ) {
        self.schemaVersion = schemaVersion
        self.curricula = curricula
        self.modules = modules
        self.offerings = offerings
        self.scheduledSessions = scheduledSessions
        self.participants = participants
        self.marks = marks
        self.certificates = certificates
    }
}

/// An account of the web application as the workspace stores it.
public struct AccountRecord: Sendable, Hashable {
    /// The sign-in name.
    public var name: String
    /// `coordinator` or `trainer`.
    public var role: String
    /// The trainer the account acts for (trainers only).
    public var trainerID: String?
    /// The bcrypt hash of the password; nil while the account waits for its set-up link to be used.
    public var passwordHash: String?
    /// Refused at sign-in, and its sessions end.
    public var disabled: Bool

    /// Creates the value.
    public init(name: String, role: String, trainerID: String?, passwordHash: String?, disabled: Bool) {
        self.name = name
        self.role = role
        self.trainerID = trainerID
        self.passwordHash = passwordHash
        self.disabled = disabled
    }
}
