import Attendance
public import Certificates
import Documents
public import Foundation
public import PlannerCore
import Workspace

/// The issuer as credentials name it: an identifier, a name, and where certificates are verified.
struct IssuerIdentity {
    var id: String
    var name: String
    var verifyBase: String
    var kid: String { id + "#key-1" }

    init(_ settings: ProgrammeSettings) throws {
        name = try settings.organiser()
        id = try settings.issuerID() ?? IssuerIdentity.derivedID(name)
        verifyBase = try settings.verifyBase()
    }

    /// The issuer id of an organiser without a public address.
    static func derivedID(_ organiser: String) -> String {
        let slug = organiser.lowercased().unicodeScalars.map {
            CharacterSet.alphanumerics.contains($0) ? String($0) : "-"
        }.joined()
        return "urn:x-trainingplanner:issuer:\(slug)"
    }

    func verifyURL(_ code: String) -> String { verifyBase.hasSuffix("/") ? verifyBase + code : verifyBase + "/" + code }
}

/// The issuer's signing key: a file beside the database (`issuer-key.pem`, mode 0600), never in the
/// database or an export.
struct IssuerKeyFile {
    let url: URL

    init(_ workspace: Workspace) throws {
        guard let folder = workspace.folder else {
            throw ServiceError(.failed, "an in-memory workspace has no key file")
        }
        url = folder.appendingPathComponent("issuer-key.pem")
    }

    var exists: Bool { FileManager.default.fileExists(atPath: url.path) }

    func read() throws -> IssuerKey {
        do {
            return try IssuerKey(pem: String(contentsOf: url, encoding: .utf8))
        } catch {
            throw ServiceError(.failed, "cannot read the issuer key \(url.path): \(error)")
        }
    }

    /// Writes the key readable by its owner only.
    func write(_ key: IssuerKey) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw ServiceError(.failed, "cannot create \(url.path)") }
        try Data(key.pem.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}

/// Certificates of attendance: who qualifies, issue, list, export, verify, revoke, and the issuer's key.
public struct CertificateOffice: Sendable {
    let context: ServiceContext

    /// The certificates of the workspace in `context`.
    public init(_ context: ServiceContext) { self.context = context }

    /// Whether each registered participant qualifies for a certificate, and why, per cohort.
    public func eligibility(offering: String? = nil) throws -> [EligibilityDecision] {
        try decisions(try context.workspace(), offering: offering)
    }

    func decisions(_ workspace: Workspace, offering: String?) throws -> [EligibilityDecision] {
        let data = try attendanceData(workspace, singleMarks: false)
        var rows = data.participantAttendance(asOf: context.now)
        if let offering { rows = rows.filter { $0.cohort.offeringID == offering } }
        let attended = data.attended
        let settings = ProgrammeSettings(workspace)
        var rules: [String: EligibilityRule] = [:]
        return try rows.map { row in
            let offering = row.cohort.offeringID
            if rules[offering] == nil { rules[offering] = try settings.rule(for: offering) }
            return rules[offering]!.decide(
                participantID: row.participantID, cohort: row.cohort, minutesAttended: row.minutesAttended,
                minutesPlanned: row.minutesPlanned,
                attendedSessions: Set(attended[row.participantID]?[row.cohort]?.sessions ?? []),
                sessionsScheduled: row.sessions)
        }
    }

    /// Creates the issuer's signing key (RSA 2048); returns its public JWK as JSON. Refused when there is one,
    /// unless `replacing` (credentials signed before will no longer verify).
    public func createKey(replacing: Bool = false) throws -> String {
        let workspace = try context.workspace()
        let file = try IssuerKeyFile(workspace)
        if file.exists && !replacing {
            throw ServiceError(
                .conflict, "the workspace already has an issuer key (\(file.url.path)); --force replaces it")
        }
        let key = try IssuerKey.generate()
        try file.write(key)
        return try jsonText(try key.publicJWK(kid: IssuerIdentity(ProgrammeSettings(workspace)).kid))
    }

    /// The issuer's public key as a JWK (JSON), for verifiers.
    public func publicJWK() throws -> String {
        let workspace = try context.workspace()
        return try jsonText(
            try IssuerKeyFile(workspace).read().publicJWK(kid: IssuerIdentity(ProgrammeSettings(workspace)).kid))
    }

    /// Every certificate, issued and revoked.
    public func list() throws -> [StoredCertificate] { try context.workspace().certificates() }

    /// Every valid certificate (of one offering, or all) in one PDF, a page each, to print in one go; nil
    /// when there is none.
    public func combinedPDF(offering: String? = nil) throws -> Data? {
        let workspace = try context.workspace()
        let certificates = try workspace.certificates().filter {
            $0.revokedAt == nil && (offering == nil || $0.certificate.offeringID == offering)
        }
        guard !certificates.isEmpty else { return nil }
        let identity = try IssuerIdentity(ProgrammeSettings(workspace))
        let content = try CertificateContent(workspace)
        let pages = certificates.map { content.document(for: $0, identity: identity).page() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "certificates-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        try renderPDF(
            pages, size: .a4Landscape, info: DocumentInfo(title: "Certificates", author: identity.name), to: file)
        return try Data(contentsOf: file)
    }

    /// By offering: how many people meet its attendance rule, and how many of them hold a certificate.
    public func eligibleByOffering() throws -> [(offering: String, eligible: Int, holding: Int)] {
        let holders = Set(try list().map { "\($0.certificate.offeringID)\u{0}\($0.certificate.participantID)" })
        let eligible = Dictionary(grouping: try eligibility().filter(\.eligible), by: \.cohort.offeringID)
        return eligible.keys.sorted().map { id in
            let people = eligible[id] ?? []
            return (id, people.count, people.filter { holders.contains("\(id)\u{0}\($0.participantID)") }.count)
        }
    }

    /// The PDF of one certificate (by verification code), as ``ExportCertificates`` writes it; nil for an
    /// unknown code. A revoked certificate is not printed again (``ServiceError/Code/refused``).
    public func pdf(code: String) throws -> Data? {
        let workspace = try context.workspace()
        guard let stored = try workspace.certificates().first(where: { $0.certificate.verificationCode == code })
        else { return nil }
        guard stored.revokedAt == nil else {
            throw ServiceError(.refused, "certificate \(code) is revoked: it is not printed again")
        }
        let identity = try IssuerIdentity(ProgrammeSettings(workspace))
        let page = try CertificateContent(workspace).document(for: stored, identity: identity).page()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("certificate-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        try renderPDF(
            [page], size: .a4Landscape,
            info: DocumentInfo(title: "Certificate \(code)", author: identity.name), to: file)
        return try Data(contentsOf: file)
    }

    /// Revokes a certificate (by id or code), with the reason shown when it is verified.
    public func revoke(_ idOrCode: String, reason: String) throws {
        let workspace = try context.workspace()
        try translatingErrors { try workspace.revoke(idOrCode, reason: reason, at: context.now) }
    }

    /// What verifying found.
    public enum Verification: Sendable {
        /// Issued here and not revoked.
        case valid(StoredCertificate)
        /// Issued here and revoked.
        case revoked(StoredCertificate)
        /// Not a code, or no certificate with it was issued here.
        case unknown(String)
        /// A credential whose signature or content does not verify.
        case tampered(String)
    }

    /// Verifies a verification code (as printed, with or without dashes). Only codes are looked up: an
    /// internal id is `unknown`, so that a public page cannot be used to probe them.
    public func verify(code text: String) throws -> Verification {
        guard let code = VerificationCode(reading: text) else {
            return .unknown("'\(text)' is not a verification code (15 symbols, e.g. 7KQ2M-X9FHD-3RTWP)")
        }
        guard let stored = try context.workspace().certificate(codeOrID: code.description),
            stored.certificate.verificationCode == code.description
        else { return .unknown("no certificate with this code or id was issued here") }
        return stored.revokedAt == nil ? .valid(stored) : .revoked(stored)
    }

    /// Verifies a signed credential (VC-JWT) against the issuer's key, then the certificate it names.
    public func verify(credential token: String) throws -> Verification {
        let workspace = try context.workspace()
        let key = try IssuerKeyFile(workspace).read()
        let credential: OpenBadgeCredential
        do {
            credential = try VCJWT.verify(token, publicKeyPEM: key.publicPEM)
        } catch let failure as VCJWT.Failure {
            return .tampered("\(failure)")
        }
        guard let stored = try workspace.certificate(codeOrID: String(credential.id.dropFirst("urn:uuid:".count)))
        else { return .unknown("no certificate with this code or id was issued here") }
        return stored.revokedAt == nil ? .valid(stored) : .revoked(stored)
    }
}

/// Issues certificates to everyone eligible (running it again issues nothing twice): each gets a UUID, a
/// random 75-bit verification code and a signed Open Badges 3.0 credential (VC-JWT, RS256).
public struct IssueCertificates: Sendable {
    /// Only this offering.
    public var offering: String?
    /// Organiser named as issuer (remembered).
    public var organiser: String?
    /// Base of the verify URL printed and encoded in the QR code (remembered).
    public var verifyBase: String?
    /// Signature blocks (up to three, remembered).
    public var signatories: [Signatory]
    /// Also export PDFs and credentials into this folder.
    public var output: URL?
    /// Receives how many certificates are done.
    public var progress: ProgressHandler?

    /// An issue run.
    public init(
        offering: String? = nil, organiser: String? = nil, verifyBase: String? = nil, signatories: [Signatory] = [],
        output: URL? = nil, progress: ProgressHandler? = nil
    ) {
        self.offering = offering
        self.organiser = organiser
        self.verifyBase = verifyBase
        self.signatories = signatories
        self.output = output
        self.progress = progress
    }

    /// What was issued.
    public struct Outcome: Sendable {
        /// Certificates issued now.
        public var issued: [Certificate]
        /// Participants eligible (some already had theirs).
        public var eligible: Int
        /// Whether the issuer key was created for this run.
        public var createdKey: URL?
        /// Certificates written to ``IssueCertificates/output``.
        public var written: Int?
    }

    /// Issues, signs, and exports when asked.
    public func run(in context: ServiceContext) async throws -> Outcome {
        var codes = SystemRandomNumberGenerator()
        return try await run(in: context, codes: &codes)
    }

    /// Issues with verification codes drawn from `codes` (a seeded generator in the demo).
    func run(in context: ServiceContext, codes: inout some RandomNumberGenerator) async throws -> Outcome {
        let workspace = try context.workspace()
        let settings = ProgrammeSettings(workspace)
        if let organiser { try settings.setOrganiser(organiser) }
        if let verifyBase { try settings.setVerifyBase(verifyBase) }
        if !signatories.isEmpty { try settings.setSignatories(signatories) }
        let keyFile = try IssuerKeyFile(workspace)
        var createdKey: URL?
        if !keyFile.exists {
            try keyFile.write(try IssuerKey.generate())
            createdKey = keyFile.url
        }
        let key = try keyFile.read()
        let identity = try IssuerIdentity(settings)
        let now = context.now
        let zone = try workspace.planningData().calendar?.timeZone ?? TimeZoneID("UTC")!
        let today = zone.localDate(of: now)
        let eligible = try CertificateOffice(context).decisions(workspace, offering: offering).filter(\.eligible)
        let candidates = eligible.map { decision in
            (
                Certificate(
                    id: UUID(), participantID: decision.participantID, offeringID: decision.cohort.offeringID,
                    verificationCode: VerificationCode(using: &codes).description, issuedOn: today,
                    minutesAttended: decision.minutesAttended, minutesPlanned: decision.minutesPlanned),
                decision.cohort
            )
        }
        let created = try translatingErrors { try workspace.issue(candidates, at: now) }
        let content = try CertificateContent(workspace)
        let start = ContinuousClock.now
        for (done, certificate) in created.enumerated() {
            let credential = try content.credential(for: certificate, identity: identity)
            try workspace.setCredential(try key.sign(credential, kid: identity.kid), for: certificate.id)
            if done % 100 == 99 {
                progress?(
                    ServiceProgress(
                        phase: "signing", done: done + 1, total: created.count, elapsed: seconds(since: start)))
            }
        }
        var written: Int?
        if let output {
            written = try await ExportCertificates(offering: offering, folder: output, progress: progress).run(
                in: context)
        }
        return Outcome(issued: created, eligible: eligible.count, createdKey: createdKey, written: written)
    }
}

/// Writes each valid certificate as a PDF, its credential (.json) and VC-JWT (.jwt), and one PDF of all.
public struct ExportCertificates: Sendable {
    /// Only this offering.
    public var offering: String?
    /// The folder (created if needed).
    public var folder: URL
    /// Receives how many certificates are written.
    public var progress: ProgressHandler?

    /// An export into `folder`.
    public init(offering: String? = nil, folder: URL, progress: ProgressHandler? = nil) {
        self.offering = offering
        self.folder = folder
        self.progress = progress
    }

    /// Writes the files; returns how many certificates. A cancelled task stops between certificates.
    public func run(in context: ServiceContext) async throws -> Int {
        let workspace = try context.workspace()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let identity = try IssuerIdentity(ProgrammeSettings(workspace))
        let content = try CertificateContent(workspace)
        let certificates = try workspace.certificates().filter {
            $0.revokedAt == nil && (offering == nil || $0.certificate.offeringID == offering)
        }
        var pages: [Page] = []
        let start = ContinuousClock.now
        for stored in certificates {
            try Task.checkCancellation()
            let c = stored.certificate
            let page = content.document(for: stored, identity: identity).page()
            pages.append(page)
            let base = "\(c.offeringID)-\(c.verificationCode)"
            try renderPDF(
                [page], size: .a4Landscape,
                info: DocumentInfo(title: "Certificate \(c.verificationCode)", author: identity.name),
                to: folder.appendingPathComponent("\(base).pdf"))
            try Data((try jsonText(try content.credential(for: c, identity: identity))).utf8).write(
                to: folder.appendingPathComponent("\(base).json"))
            if let jwt = stored.credential {
                try Data(jwt.utf8).write(to: folder.appendingPathComponent("\(base).jwt"))
            }
            if pages.count % 100 == 0 {
                progress?(
                    ServiceProgress(
                        phase: "writing", done: pages.count, total: certificates.count, elapsed: seconds(since: start)))
            }
        }
        if !pages.isEmpty {
            try renderPDF(
                pages, size: .a4Landscape, info: DocumentInfo(title: "Certificates", author: identity.name),
                to: folder.appendingPathComponent("all-certificates.pdf"))
        }
        return certificates.count
    }
}
