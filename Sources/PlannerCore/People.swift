import Foundation

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
