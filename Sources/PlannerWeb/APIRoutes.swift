import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

/// The JSON API under `/api/v1`, described by `/api/v1/openapi.json` (a test holds the two together).
///
/// It calls the same services as the pages and is reached with the same signed-in session; an unsafe
/// request carries the session's form token in `X-CSRF-Token`. Errors are JSON (`{"error": …}`) with the
/// status the pages would get; a client over the API's rate limit gets 429 with `Retry-After`.
extension WebApp {
    /// The document and the public verification.
    func publicAPIRoutes(_ routes: RouteGroup) {
        routes.get("openapi.json") { _, _ in
            fileResponse(PackageResources.openapi_json, type: "application/json; charset=utf-8")
        }
        let office = CertificateOffice(server.context)
        routes.get("verify/:code") { _, context in
            let code = try context.parameters.require("code")
            let record = try office.publicRecord(code: code)
            return try jsonResponse(
                record.map(VerifyJSON.init) ?? VerifyJSON(unknown: code), status: record == nil ? .notFound : .ok)
        }
    }

    /// A trainer's sessions, a roll-call, and a mark (a coordinator reaches every session).
    func trainerAPIRoutes(_ routes: RouteGroup) {
        routes.get("sessions") { _, context in
            try jsonResponse(try desk(context).sessions().map(SessionJSON.init))
        }
        let session = "sessions/:offering/:cohort/:index"
        routes.get(session) { _, context in
            try jsonResponse(RollCallJSON(try desk(context).rollCall(try sessionKey(context))))
        }
        routes.post(session + "/marks") { request, context in
            try context.checkFormToken(request.headers[csrfHeader])
            let buffer = try await request.body.collect(upTo: 16 * 1024)
            guard let mark = try? JSONDecoder().decode(MarkRequest.self, from: Data(buffer.readableBytesView)) else {
                throw HTTPError(.badRequest, message: "the body is not a mark: {\"participant\": …, \"status\": …}")
            }
            if let late = mark.lateMinutes, late < 0 {
                throw ServiceError(.invalidInput, "minutes late cannot be negative")
            }
            let changed = try await desk(context).mark(
                try sessionKey(context), participant: mark.participant, status: mark.status,
                lateMinutes: mark.lateMinutes)
            return try jsonResponse(
                MarkJSON(
                    participant: mark.participant, status: mark.status, lateMinutes: mark.lateMinutes,
                    changed: changed))
        }
    }

    /// What a coordinator reads: the certificates issued.
    func coordinatorAPIRoutes(_ routes: RouteGroup) {
        routes.get("certificates") { _, context in
            try jsonResponse(try CertificateOffice(services(context)).list().map(CertificateJSON.init))
        }
    }

    func desk(_ context: WebContext) throws -> TrainerDesk {
        TrainerDesk(services(context), account: try context.account())
    }

    /// The session a route's `:offering/:cohort/:index` names.
    func sessionKey(_ context: WebContext) throws -> SessionKey {
        let offering = try context.parameters.require("offering")
        guard let cohort = Int(try context.parameters.require("cohort")),
            let index = Int(try context.parameters.require("index"))
        else { throw HTTPError(.notFound) }
        return SessionKey(
            cohort: Cohort(offeringID: offering.removingPercentEncoding ?? offering, number: cohort), index: index)
    }
}

/// The header an API client sends its session's form token in.
let csrfHeader = HTTPField.Name("X-CSRF-Token")!

/// A mark as an API client sends it.
struct MarkRequest: Decodable {
    var participant: String
    var status: String
    var lateMinutes: Int?

    enum CodingKeys: String, CodingKey {
        case participant, status
        case lateMinutes = "late_minutes"
    }
}

/// A session in the API.
struct SessionJSON: Encodable {
    var offering: String
    var cohort: Int
    var index: Int
    var title, start, end, venue, address, trainer: String
    var sessionsInCohort: Int

    enum CodingKeys: String, CodingKey {
        case offering, cohort, index, title, start, end, venue, address, trainer
        case sessionsInCohort = "sessions_in_cohort"
    }

    init(_ view: SessionView) {
        offering = view.key.cohort.offeringID
        cohort = view.key.cohort.number
        index = view.key.index
        title = view.title
        start = view.start.formatted(.iso8601)
        end = view.end.formatted(.iso8601)
        venue = view.venue
        address = view.address
        trainer = view.trainerID
        sessionsInCohort = view.sessionsInCohort
    }
}

/// A roll-call in the API: the session, whether it is open, the statuses, and each registered person.
struct RollCallJSON: Encodable {
    struct Person: Encodable {
        var id, givenName, familyName: String
        var status: String?
        var minutes: Int?
        var remark: String?

        enum CodingKeys: String, CodingKey {
            case id, status, minutes, remark
            case givenName = "given_name"
            case familyName = "family_name"
        }
    }

    var session: SessionJSON
    var open: Bool
    var statuses: [String]
    var people: [Person]

    init(_ view: TrainerDesk.RollCallView) {
        session = SessionJSON(view.session)
        open = view.open
        statuses = view.statuses.map(\.name)
        people = view.people.map {
            Person(
                id: $0.participant.id, givenName: $0.participant.givenName, familyName: $0.participant.familyName,
                status: $0.mark?.status, minutes: $0.mark?.minutes, remark: $0.mark?.remark)
        }
    }
}

/// A certificate in the coordinator's list.
struct CertificateJSON: Encodable {
    var code, participant, offering: String
    var cohort: Int
    var issuedOn: String
    var minutesAttended, minutesPlanned: Int
    var revokedAt, revocationReason: String?

    enum CodingKeys: String, CodingKey {
        case code, participant, offering, cohort
        case issuedOn = "issued_on"
        case minutesAttended = "minutes_attended"
        case minutesPlanned = "minutes_planned"
        case revokedAt = "revoked_at"
        case revocationReason = "revocation_reason"
    }

    init(_ stored: StoredCertificate) {
        let c = stored.certificate
        code = c.verificationCode
        participant = c.participantID
        offering = c.offeringID
        cohort = stored.cohort.number
        issuedOn = c.issuedOn.description
        minutesAttended = c.minutesAttended
        minutesPlanned = c.minutesPlanned
        revokedAt = stored.revokedAt
        revocationReason = c.revocationReason
    }
}
