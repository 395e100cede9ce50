import Certificates
import Foundation
import PlannerCore
import Workspace

/// What certificates say, read once from the workspace.
struct CertificateContent {
    let participants: [String: ParticipantRecord]
    let sessions: [Cohort: [SessionFacts]]
    let offerings: [String: Offering]
    let curricula: [String: Curriculum]
    let euFunded: Set<Cohort>
    let rules: [String: EligibilityRule]
    let signatories: [(name: String, role: String)]

    init(_ workspace: Workspace) throws {
        participants = Dictionary(uniqueKeysWithValues: try workspace.participants().map { ($0.participant.id, $0) })
        sessions = Dictionary(grouping: try workspace.sessionFacts(), by: \.key.cohort)
        let planning = try workspace.planningData()
        offerings = Dictionary(uniqueKeysWithValues: planning.offerings.map { ($0.id, $0) })
        var curricula: [String: Curriculum] = [:]
        for offering in planning.offerings where curricula[offering.moduleID] == nil {
            curricula[offering.moduleID] = try workspace.curriculum(id: offering.moduleID)
        }
        self.curricula = curricula
        let eu = Set(planning.funders.filter(\.isEUFunding).map(\.id))
        euFunded = Set(
            try workspace.schedule().funding.filter { eu.contains($0.funderID) && $0.amount.minorUnits > 0 }.map(
                \.cohort))
        let settings = ProgrammeSettings(workspace)
        var rules: [String: EligibilityRule] = [:]
        for offering in planning.offerings { rules[offering.id] = try settings.rule(for: offering.id) }
        self.rules = rules
        signatories = try settings.signatories().map { ($0.name, $0.role) }
    }

    func module(of offeringID: String) -> (Module?, Curriculum?) {
        guard let offering = offerings[offeringID], let curriculum = curricula[offering.moduleID] else {
            return (nil, nil)
        }
        return (curriculum.modules.first { $0.id == offering.moduleID }, curriculum)
    }

    /// The module's outcomes in the language of its first title (translations are not repeated).
    func outcomes(of module: Module?) -> [String] {
        guard let module else { return [] }
        let language = module.title.values.first?.language ?? ""
        let matching = module.learningOutcomes.filter { ($0.text.values.first?.language ?? "") == language }
        return (matching.isEmpty ? module.learningOutcomes : matching).compactMap { $0.text.text() }
    }

    func name(_ participantID: String) -> String {
        guard let p = participants[participantID]?.participant, !p.familyName.isEmpty else { return participantID }
        return "\(p.givenName) \(p.familyName)"
    }

    func credential(for certificate: Certificate, identity: IssuerIdentity) throws -> OpenBadgeCredential {
        let (module, curriculum) = module(of: certificate.offeringID)
        let seminar = module?.title.text() ?? certificate.offeringID
        let validFrom = TimeZoneID("UTC")!.instant(on: certificate.issuedOn, at: TimeOfDay(hour: 0, minute: 0)!)
        return OpenBadgeCredential(
            certificateID: certificate.id,
            subjectID: subjectIdentifier(certificate: certificate.id, participant: certificate.participantID),
            issuerID: identity.id,
            issuerName: identity.name, achievementID: "urn:x-trainingplanner:achievement:\(certificate.offeringID)",
            achievementName: seminar,
            achievementDescription: "Seminar “\(seminar)” of the programme “\(curriculum?.title.text() ?? "")”.",
            criteria: (rules[certificate.offeringID] ?? .standard).narrative,
            evidence:
                "Attended \(hoursText(certificate.minutesAttended)) of \(hoursText(certificate.minutesPlanned)) hours.",
            validFrom: validFrom)
    }

    func document(for stored: StoredCertificate, identity: IssuerIdentity) -> CertificateDocument {
        let certificate = stored.certificate
        let (module, curriculum) = module(of: certificate.offeringID)
        let dates = (sessions[stored.cohort] ?? []).map(\.date)
        return CertificateDocument(
            participantName: name(certificate.participantID), seminar: module?.title.text() ?? certificate.offeringID,
            programme: curriculum?.title.text() ?? "", from: dates.min() ?? certificate.issuedOn,
            to: dates.max() ?? certificate.issuedOn, minutesAttended: certificate.minutesAttended,
            minutesPlanned: certificate.minutesPlanned,
            outcomes: outcomes(of: module), issuer: identity.name,
            signatories: signatories,
            fundingStatement: euFunded.contains(stored.cohort) ? "Co-funded by the European Union" : nil,
            code: certificate.verificationCode, verifyURL: identity.verifyURL(certificate.verificationCode),
            issuedOn: certificate.issuedOn)
    }
}
