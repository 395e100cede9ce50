public import Certificates
import Foundation
import PlannerCore
import Workspace

/// Someone who signs certificates: a name and a role, printed under a signature line.
public struct Signatory: Sendable, Hashable {
    /// Name as printed.
    public var name: String
    /// Role as printed.
    public var role: String

    /// A signatory.
    public init(name: String, role: String) {
        self.name = name
        self.role = role
    }

    /// Reads `NAME|ROLE` (the role may be left out).
    public init?(parsing text: String) {
        let parts = text.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty else { return nil }
        self.init(name: name, role: parts.count > 1 ? parts[1] : "")
    }
}

/// The programme's settings, typed: who organises and issues, where certificates are verified, who signs,
/// and each offering's certificate rule. Stored in the workspace; every change is recorded in its history.
///
/// A stored value this version cannot read is an error naming the setting, never a silent default.
public struct ProgrammeSettings: Sendable {
    let workspace: Workspace

    init(_ workspace: Workspace) { self.workspace = workspace }

    /// The settings of the workspace in `context`.
    public init(_ context: ServiceContext) throws { workspace = try context.workspace() }

    /// The default organiser, until one is set.
    public static let defaultOrganiser = "Training programme"
    /// The default base of verify URLs, until one is set.
    public static let defaultVerifyBase = "https://verify.example.org/certificates/"

    /// The organiser named on sheets and as certificate issuer.
    public func organiser() throws -> String { try workspace.setting("organiser") ?? Self.defaultOrganiser }

    /// Sets the organiser.
    public func setOrganiser(_ name: String) throws {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ServiceError(.invalidInput, "the organiser's name is empty") }
        try workspace.setSetting("organiser", to: name)
    }

    /// The issuer's identifier in credentials, when set (else one is derived from the organiser).
    public func issuerID() throws -> String? { try workspace.setting("issuer-id") }

    /// The base of verify URLs printed on certificates and encoded in their QR codes.
    public func verifyBase() throws -> String {
        let value = try workspace.setting("verify-url") ?? Self.defaultVerifyBase
        guard Self.isWebAddress(value) else {
            throw ServiceError(
                .conflict, "the stored setting 'verify-url' is not an http(s) address: '\(value)'; set it again")
        }
        return value
    }

    /// Sets the base of verify URLs (an http or https address).
    public func setVerifyBase(_ url: String) throws {
        guard Self.isWebAddress(url) else {
            throw ServiceError(.invalidInput, "the verify URL must be an http:// or https:// address, not '\(url)'")
        }
        try workspace.setSetting("verify-url", to: url)
    }

    /// Who signs certificates (up to three).
    public func signatories() throws -> [Signatory] {
        let text = try workspace.setting("signatories") ?? ""
        return try text.split(separator: ";").map {
            guard let signatory = Signatory(parsing: String($0)) else {
                throw ServiceError(
                    .conflict, "the stored setting 'signatories' cannot be read ('\(text)'); set it again")
            }
            return signatory
        }
    }

    /// Sets who signs certificates (the first three).
    public func setSignatories(_ signatories: [Signatory]) throws {
        guard signatories.allSatisfy({ !$0.name.contains(";") && !$0.name.contains("|") && !$0.role.contains(";") })
        else { throw ServiceError(.invalidInput, "a signatory's name or role holds ';' or '|'") }
        try workspace.setSetting(
            "signatories", to: signatories.prefix(3).map { "\($0.name)|\($0.role)" }.joined(separator: ";"))
    }

    /// An offering's certificate rule (the standard one when none was set).
    public func rule(for offering: String) throws -> EligibilityRule {
        guard let text = try workspace.setting("rule:\(offering)") else { return .standard }
        guard let rule = try? JSONDecoder().decode(EligibilityRule.self, from: Data(text.utf8)),
            (0...10_000).contains(rule.thresholdBasisPoints)
        else {
            throw ServiceError(
                .conflict,
                "the stored setting 'rule:\(offering)' (the certificate rule of \(offering)) cannot be read: "
                    + "'\(text)'; set it again with `planner certificates rule \(offering)`")
        }
        return rule
    }

    /// Sets an offering's certificate rule.
    public func setRule(_ rule: EligibilityRule, for offering: String) throws {
        guard (0...10_000).contains(rule.thresholdBasisPoints) else {
            throw ServiceError(.invalidInput, "the threshold is a percentage from 0 to 100")
        }
        guard try workspace.planningData().offerings.contains(where: { $0.id == offering }) else {
            throw ServiceError(.notFound, "no offering '\(offering)'")
        }
        try workspace.setSetting(
            "rule:\(offering)", to: String(decoding: try JSONEncoder().encode(rule), as: UTF8.self))
    }

    private static func isWebAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }
}
