import Certificates
import Foundation
import PlannerCore
import Workspace

/// What anyone holding a certificate's code may see: what the certificate says, as printed, and whether
/// it still stands. Nothing else about the holder (no identifier, no monitoring data).
public struct PublicCertificate: Sendable, Hashable, Encodable {
    /// Whether the certificate stands.
    public enum Status: String, Sendable, Hashable, Encodable {
        case valid, revoked
    }

    /// Valid or revoked.
    public var status: Status
    /// The verification code, as printed.
    public var code: String
    /// Who issued it.
    public var issuer: String
    /// The issuer's identifier (its profile's URL when the programme has a public address).
    public var issuerID: String
    /// The holder's name as printed on the certificate.
    public var holder: String
    /// The seminar.
    public var seminar: String
    /// The programme it belongs to.
    public var programme: String
    /// Hours attended and planned, as printed (`7`, `10.5`).
    public var hoursAttended: String
    public var hoursPlanned: String
    /// The day it was issued.
    public var issuedOn: String
    /// When and why it was revoked.
    public var revokedOn: String?
    public var revocationReason: String?

    enum CodingKeys: String, CodingKey {
        case status, code, issuer, holder, seminar, programme
        case issuerID = "issuer_id"
        case hoursAttended = "hours_attended"
        case hoursPlanned = "hours_planned"
        case issuedOn = "issued_on"
        case revokedOn = "revoked_on"
        case revocationReason = "revocation_reason"
    }
}

/// The issuer as verifiers resolve it: its profile and its public key.
public struct IssuerProfile: Sendable {
    /// The issuer's identifier (in credentials).
    public var id: String
    /// Its name.
    public var name: String
    /// The key id credentials name in their header.
    public var keyID: String
    /// The public key as a JWK (RFC 7517), when the workspace has a key.
    public var publicJWK: [String: String]?
}

extension CertificateOffice {
    /// The public record of the certificate with this code, or nil when none was issued here with it. Only
    /// verification codes are looked up: an internal id or UUID finds nothing.
    public func publicRecord(code text: String) throws -> PublicCertificate? {
        // Codes only (an internal id is unknown), read in one go: a verify page answers many scans.
        guard let code = VerificationCode(reading: text),
            let found = try context.workspace().publicCertificate(code: code.description)
        else { return nil }
        let c = found.stored.certificate
        let organiser = found.organiser ?? ProgrammeSettings.defaultOrganiser
        let holder =
            (found.familyName ?? "").isEmpty ? c.participantID : "\(found.givenName ?? "") \(found.familyName ?? "")"
        return PublicCertificate(
            status: found.stored.revokedAt == nil ? .valid : .revoked, code: c.verificationCode, issuer: organiser,
            issuerID: found.issuerID ?? IssuerIdentity.derivedID(organiser), holder: holder,
            seminar: found.seminar ?? c.offeringID, programme: found.programme ?? "",
            hoursAttended: hoursText(c.minutesAttended), hoursPlanned: hoursText(c.minutesPlanned),
            issuedOn: c.issuedOn.description, revokedOn: found.stored.revokedAt.map { String($0.prefix(10)) },
            revocationReason: c.revocationReason)
    }

    /// The issuer's profile and public key, for verifiers.
    public func issuerProfile() throws -> IssuerProfile {
        let workspace = try context.workspace()
        let identity = try IssuerIdentity(ProgrammeSettings(workspace))
        let file = try IssuerKeyFile(workspace)
        return IssuerProfile(
            id: identity.id, name: identity.name, keyID: identity.kid,
            publicJWK: file.exists ? try file.read().publicJWK(kid: identity.kid) : nil)
    }
}

extension ProgrammeSettings {
    /// Makes `url` (`https://training.liege.example`) the programme's public address: certificates issued
    /// from now on link to `URL/verify/CODE`, and name `URL/issuer` as their issuer, whose profile and key
    /// the web application serves there.
    public func setPublicURL(_ url: String) throws {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        try setVerifyBase(base + "/verify/")
        try workspace.setSetting("issuer-id", to: base + "/issuer")
        try workspace.setSetting("public-url", to: base)
    }

    /// The programme's public address, when one was set (`planner serve --public-url`).
    public func publicURL() throws -> String? { try workspace.setting("public-url") }
}
