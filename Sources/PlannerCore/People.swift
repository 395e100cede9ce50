public import Foundation

/// The kind of organisation a participant comes from (for "organisations supported" reports).
public enum OrganisationType: String, Hashable, Sendable, Codable, CaseIterable {
    /// A public administration.
    case publicAdministration = "public-administration"
    /// A small or medium-sized enterprise.
    case sme
    /// A social-economy organisation.
    case socialEconomy = "social-economy"
    /// Anything else.
    case other
}

/// Gender as recorded for equal-opportunities monitoring.
public enum Gender: String, Hashable, Sendable, Codable, CaseIterable {
    /// Woman.
    case woman
    /// Man.
    case man
    /// Non-binary.
    case nonBinary = "non-binary"
    /// The person did not say.
    case notStated = "not-stated"
}

/// A person taking part in seminars. Monitoring data are kept apart (see `Workspace`).
public struct Participant: Hashable, Sendable, Codable, Identifiable {
    /// Identifier or e-mail, unique within the workspace.
    public var id: String
    /// Family name.
    public var familyName: String
    /// Given name.
    public var givenName: String
    /// Organisation.
    public var organisation: String
    /// Kind of organisation.
    public var organisationType: OrganisationType
    /// Audience the person belongs to.
    public var audience: Audience

    /// Creates a participant.
    public init(
        id: String, familyName: String, givenName: String, organisation: String,
        organisationType: OrganisationType, audience: Audience
    ) {
        self.id = id
        self.familyName = familyName
        self.givenName = givenName
        self.organisation = organisation
        self.organisationType = organisationType
        self.audience = audience
    }
}

/// A participant's place in a cohort, or on its waiting list.
public struct Registration: Hashable, Sendable, Codable {
    /// Registered, waiting, or cancelled.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Has a seat.
        case registered
        /// On the waiting list.
        case waiting
        /// Withdrew.
        case cancelled
    }

    /// The participant.
    public var participantID: String
    /// The cohort.
    public var cohort: Cohort
    /// The state.
    public var status: Status
    /// When the request arrived (orders the waiting list).
    public var requestedAt: Date

    /// Creates a registration.
    public init(participantID: String, cohort: Cohort, status: Status, requestedAt: Date) {
        self.participantID = participantID
        self.cohort = cohort
        self.status = status
        self.requestedAt = requestedAt
    }
}

/// One participant's attendance status in one session.
public struct AttendanceMark: Hashable, Sendable, Codable {
    /// The participant.
    public var participantID: String
    /// The cohort of the session.
    public var cohort: Cohort
    /// The session's index within the cohort.
    public var sessionIndex: Int
    /// Status name from the workspace's status set (`present`, `late`, `excused`, `absent`).
    public var status: String
    /// Minutes attended.
    public var minutesAttended: Int
    /// Free remark.
    public var remark: String?
    /// Who recorded it.
    public var markedBy: String
    /// When it was recorded.
    public var markedAt: Date

    /// Creates a mark.
    public init(
        participantID: String, cohort: Cohort, sessionIndex: Int, status: String, minutesAttended: Int,
        remark: String? = nil, markedBy: String, markedAt: Date
    ) {
        self.participantID = participantID
        self.cohort = cohort
        self.sessionIndex = sessionIndex
        self.status = status
        self.minutesAttended = minutesAttended
        self.remark = remark
        self.markedBy = markedBy
        self.markedAt = markedAt
    }
}

/// A certificate issued to a participant who met an offering's attendance rule.
public struct Certificate: Hashable, Sendable, Codable, Identifiable {
    /// UUID.
    public var id: UUID
    /// The participant.
    public var participantID: String
    /// The offering.
    public var offeringID: String
    /// Code printed on the certificate for verification.
    public var verificationCode: String
    /// Day of issue.
    public var issuedOn: LocalDate
    /// Minutes attended, as the certificate states.
    public var minutesAttended: Int
    /// Minutes planned.
    public var minutesPlanned: Int
    /// When and why it was revoked, if it was.
    public var revocationReason: String?

    /// Creates a certificate.
    public init(
        id: UUID, participantID: String, offeringID: String, verificationCode: String, issuedOn: LocalDate,
        minutesAttended: Int, minutesPlanned: Int, revocationReason: String? = nil
    ) {
        self.id = id
        self.participantID = participantID
        self.offeringID = offeringID
        self.verificationCode = verificationCode
        self.issuedOn = issuedOn
        self.minutesAttended = minutesAttended
        self.minutesPlanned = minutesPlanned
        self.revocationReason = revocationReason
    }
}

/// Labour-market situation at entry, as ESF+ common indicators count it.
public enum EmploymentStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Employed.
    case employed
    /// Self-employed (counted with employed).
    case selfEmployed = "self-employed"
    /// Unemployed (not long-term).
    case unemployed
    /// Long-term unemployed (counted with unemployed too).
    case longTermUnemployed = "long-term-unemployed"
    /// Inactive (not in education or training, not looking for work).
    case inactive
    /// The person did not say.
    case notStated = "not-stated"
}

/// An answer to a special-category question (GDPR Art. 9), where "refused" is a valid answer.
public enum SpecialCategoryAnswer: String, Hashable, Sendable, Codable, CaseIterable {
    /// Yes.
    case yes
    /// No.
    case no
    /// The person chose not to answer.
    case refused
}

/// Equal-opportunities and ESF+ monitoring data, kept apart from identity and never printed.
public struct MonitoringData: Hashable, Sendable, Codable {
    /// Gender.
    public var gender: Gender
    /// Year of birth, if given.
    public var birthYear: Int?
    /// Labour-market situation at entry.
    public var employment: EmploymentStatus?
    /// Highest education level, ISCED 2011 (0–8), if given.
    public var iscedLevel: Int?
    /// Disability (special category).
    public var disability: SpecialCategoryAnswer?
    /// Minority background (special category).
    public var minority: SpecialCategoryAnswer?
    /// ESF+ age band kept when the birth year was erased (`under 18`, `18-29`, `30-54`, `55 and over`).
    public var ageBand: String?

    /// Creates monitoring data.
    public init(
        gender: Gender = .notStated, birthYear: Int? = nil, employment: EmploymentStatus? = nil, iscedLevel: Int? = nil,
        disability: SpecialCategoryAnswer? = nil, minority: SpecialCategoryAnswer? = nil, ageBand: String? = nil
    ) {
        self.ageBand = ageBand
        self.gender = gender
        self.birthYear = birthYear
        self.employment = employment
        self.iscedLevel = iscedLevel
        self.disability = disability
        self.minority = minority
    }
}

/// Identifies one session: `OFFERING#COHORT/INDEX`, e.g. `SEM1-ADM#1/2`.
public struct SessionKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The cohort.
    public var cohort: Cohort
    /// 1-based session number.
    public var index: Int

    /// Creates a key.
    public init(cohort: Cohort, index: Int) {
        self.cohort = cohort
        self.index = index
    }

    /// Reads `OFFERING#COHORT/INDEX`.
    public init?(_ text: some StringProtocol) {
        guard let slash = text.lastIndex(of: "/"), let index = Int(text[text.index(after: slash)...]), index > 0,
            let cohort = Cohort(label: text[..<slash])
        else { return nil }
        self.init(cohort: cohort, index: index)
    }

    public var description: String { "\(cohort.label)/\(index)" }

    public static func < (lhs: SessionKey, rhs: SessionKey) -> Bool {
        (lhs.cohort, lhs.index) < (rhs.cohort, rhs.index)
    }
}

/// A participant with the monitoring data that is stored apart.
public struct ParticipantRecord: Sendable, Hashable {
    /// Identity and organisation.
    public var participant: Participant
    /// E-mail, if given.
    public var email: String?
    /// Monitoring data.
    public var monitoring: MonitoringData

    /// Creates a record.
    public init(participant: Participant, email: String?, monitoring: MonitoringData) {
        self.participant = participant
        self.email = email
        self.monitoring = monitoring
    }
}

/// A scheduled session with its length, for marking and reports.
public struct SessionFacts: Sendable, Hashable {
    /// Which session.
    public var key: SessionKey
    /// Local date.
    public var date: LocalDate
    /// Slot name.
    public var slot: String
    /// Start instant.
    public var start: Date
    /// Length in minutes.
    public var minutes: Int
    /// Venue id.
    public var venueID: String
    /// Trainer id.
    public var trainerID: String

    /// Creates session facts.
    public init(
        key: SessionKey, date: LocalDate, slot: String, start: Date, minutes: Int, venueID: String, trainerID: String
    ) {
        self.key = key
        self.date = date
        self.slot = slot
        self.start = start
        self.minutes = minutes
        self.venueID = venueID
        self.trainerID = trainerID
    }
}

/// A recorded mark.
public struct StoredMark: Sendable, Hashable, Codable {
    /// Participant id.
    public var participantID: String
    /// Session.
    public var session: SessionKey
    /// Status name.
    public var status: String
    /// Minutes attended.
    public var minutes: Int
    /// Remark.
    public var remark: String?
    /// Who recorded it.
    public var markedBy: String
    /// When (ISO 8601).
    public var markedAt: String

    /// Creates a mark.
    public init(
        participantID: String, session: SessionKey, status: String, minutes: Int, remark: String? = nil,
        markedBy: String = "", markedAt: String = ""
    ) {
        self.participantID = participantID
        self.session = session
        self.status = status
        self.minutes = minutes
        self.remark = remark
        self.markedBy = markedBy
        self.markedAt = markedAt
    }
}

/// One participant's attended marks in one cohort, summed (statuses that count as attended only).
public struct MarkAggregate: Sendable, Hashable {
    /// Participant id.
    public var participantID: String
    /// Cohort.
    public var cohort: Cohort
    /// Minutes attended.
    public var minutes: Int
    /// Session numbers attended.
    public var sessions: [Int]

    /// Creates an aggregate.
    public init(participantID: String, cohort: Cohort, minutes: Int, sessions: [Int]) {
        self.participantID = participantID
        self.cohort = cohort
        self.minutes = minutes
        self.sessions = sessions
    }
}
