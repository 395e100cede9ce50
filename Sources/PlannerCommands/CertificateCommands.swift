import ArgumentParser
import Attendance
import Certificates
import Documents
import Foundation
import PlannerCore
import Workspace

extension Planner {
    /// `planner certificates …`
    struct CertificatesGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "certificates",
            abstract: "Certificates of attendance: who qualifies, issue, export PDFs and Open Badges, verify, revoke.",
            subcommands: [
                Rule.self, Eligible.self, Issue.self, List.self, Export.self, Verify.self, Revoke.self, Keygen.self,
            ])
    }
}

/// Where the issuer's private key lives: in the workspace folder, readable by its owner only.
func issuerKeyURL(_ workspace: Workspace) throws -> URL {
    guard let folder = workspace.folder else { throw CommandFailure("an in-memory workspace has no key file") }
    return folder.appendingPathComponent("issuer-key.pem")
}

/// The issuer's identity from the workspace settings.
struct IssuerIdentity {
    var id: String
    var name: String
    var verifyBase: String
    var kid: String { id + "#key-1" }

    init(_ workspace: Workspace) throws {
        name = try workspace.setting("organiser") ?? "Training programme"
        let slug = name.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "-" }
            .joined()
        id = try workspace.setting("issuer-id") ?? "urn:x-trainingplanner:issuer:\(slug)"
        verifyBase = try workspace.setting("verify-url") ?? "https://verify.example.org/certificates/"
    }

    func verifyURL(_ code: String) -> String { verifyBase.hasSuffix("/") ? verifyBase + code : verifyBase + "/" + code }
}

/// Eligibility of every registered participant, per cohort.
func eligibility(_ workspace: Workspace, offering: String?) throws -> [EligibilityDecision] {
    let data = try attendanceData(workspace, singleMarks: false)
    var rows = data.participantAttendance(asOf: currentTime())
    if let offering { rows = rows.filter { $0.cohort.offeringID == offering } }
    let attended = data.attended
    return try rows.map { row in
        let rule =
            try workspace.setting("rule:\(row.cohort.offeringID)").flatMap {
                try? JSONDecoder().decode(EligibilityRule.self, from: Data($0.utf8))
            } ?? .standard
        return rule.decide(
            participantID: row.participantID, cohort: row.cohort, minutesAttended: row.minutesAttended,
            minutesPlanned: row.minutesPlanned,
            attendedSessions: Set(attended[row.participantID]?[row.cohort]?.sessions ?? []),
            sessionsScheduled: row.sessions)
    }
}

extension Planner.CertificatesGroup {
    struct Rule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set an offering's certificate rule (default: 80 % of the planned hours).")
        @Argument(help: "Offering id.") var offering: String
        @Option(help: "Percentage of the planned hours to attend.") var threshold: Double = 80
        @Option(help: "Session numbers that must be attended (comma-separated).") var require: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard (0...100).contains(threshold) else {
                throw ValidationError("--threshold is a percentage from 0 to 100")
            }
            let required = try (require ?? "").split(separator: ",").map {
                guard let number = Int($0.trimmingCharacters(in: .whitespaces)), number > 0 else {
                    throw ValidationError("--require takes session numbers, e.g. 1,3")
                }
                return number
            }
            let workspace = try global.openWorkspace()
            guard try workspace.planningData().offerings.contains(where: { $0.id == offering }) else {
                throw CommandFailure("no offering '\(offering)'")
            }
            let rule = EligibilityRule(
                thresholdBasisPoints: Int((threshold * 100).rounded()), requiredSessions: required)
            try workspace.setSetting(
                "rule:\(offering)", to: String(decoding: try JSONEncoder().encode(rule), as: UTF8.self))
            print("\(offering): \(rule.narrative)")
        }
    }

    struct Eligible: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who qualifies for a certificate and who misses it, and why.")
        @Option(help: "Only this offering.") var offering: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            let decisions = try eligibility(workspace, offering: offering)
            var table = TextTable("participant", "cohort", "eligible", "why")
            for decision in decisions {
                table.add(
                    decision.participantID, decision.cohort.label, decision.eligible ? "yes" : "no", decision.reason)
            }
            try emit(table, keys: ["participant", "cohort", "eligible", "reason"], format: global.format)
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create the issuer's signing key (RSA 2048, kept in the workspace, mode 0600); print its public JWK.")
        @Flag(help: "Replace an existing key (credentials signed before will no longer verify).") var force = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            let url = try issuerKeyURL(workspace)
            if FileManager.default.fileExists(atPath: url.path) && !force {
                throw CommandFailure("the workspace already has an issuer key (\(url.path)); --force replaces it")
            }
            let key = try IssuerKey.generate()
            try writeKey(key, to: url)
            try printJSON(try key.publicJWK(kid: IssuerIdentity(workspace).kid))
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue certificates to everyone eligible (running it again issues nothing twice).",
            discussion: """
                Each certificate gets a UUID, a random 75-bit verification code and a signed Open Badges 3.0
                credential (VC-JWT, RS256). --output DIR also writes the PDFs and credentials.
                """)
        @Option(help: "Only this offering.") var offering: String?
        @Option(help: "Organiser named as issuer (remembered).") var organiser: String?
        @Option(help: "Base of the verify URL printed and encoded in the QR code (remembered).") var verifyURL: String?
        @Option(help: "Signature block NAME|ROLE (up to three, remembered).") var signatory: [String] = []
        @Option(name: .shortAndLong, help: "Also export PDFs and credentials into this folder.") var output: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            if let organiser { try workspace.setSetting("organiser", to: organiser) }
            if let verifyURL { try workspace.setSetting("verify-url", to: verifyURL) }
            if !signatory.isEmpty {
                try workspace.setSetting("signatories", to: signatory.prefix(3).joined(separator: ";"))
            }
            let keyURL = try issuerKeyURL(workspace)
            if !FileManager.default.fileExists(atPath: keyURL.path) {
                try writeKey(try IssuerKey.generate(), to: keyURL)
                printError("Created the issuer key \(keyURL.path) (see `planner certificates keygen`).")
            }
            let key = try IssuerKey(pem: String(contentsOf: keyURL, encoding: .utf8))
            let identity = try IssuerIdentity(workspace)
            let now = currentTime()
            let zone = try workspace.planningData().calendar?.timeZone ?? TimeZoneID("UTC")!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone.timeZone
            let parts = calendar.dateComponents([.year, .month, .day], from: now)
            let today = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
            var generator = SystemRandomNumberGenerator()
            let eligible = try eligibility(workspace, offering: offering).filter(\.eligible)
            let candidates = eligible.map { decision in
                (
                    Certificate(
                        id: UUID(), participantID: decision.participantID, offeringID: decision.cohort.offeringID,
                        verificationCode: VerificationCode(using: &generator).description, issuedOn: today,
                        minutesAttended: decision.minutesAttended, minutesPlanned: decision.minutesPlanned),
                    decision.cohort
                )
            }
            let created = try workspace.issue(candidates, at: now)
            let content = try CertificateContent(workspace)
            for certificate in created {
                let credential = try content.credential(for: certificate, identity: identity)
                try workspace.setCredential(try key.sign(credential, kid: identity.kid), for: certificate.id)
            }
            print("Issued \(created.count) certificate(s); \(eligible.count - created.count) eligible already had one.")
            if let output {
                let written = try exportCertificates(
                    workspace, offering: offering, to: URL(fileURLWithPath: output, isDirectory: true))
                print("Wrote \(written) certificate(s) to \(output)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List certificates (issued and revoked).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            var table = TextTable("id", "code", "participant", "offering", "issued", "hours", "status")
            for stored in try global.openWorkspace().certificates() {
                let c = stored.certificate
                table.add(
                    c.id.uuidString.lowercased(), c.verificationCode, c.participantID, c.offeringID,
                    c.issuedOn.description,
                    "\(hoursText(c.minutesAttended))/\(hoursText(c.minutesPlanned))",
                    stored.revokedAt == nil ? "valid" : "revoked: \(c.revocationReason ?? "")")
            }
            try emit(
                table, keys: ["id", "code", "participant", "offering", "issued_on", "hours", "status"],
                format: global.format)
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write each valid certificate as a PDF, its credential (.json) and VC-JWT (.jwt), and one PDF of all.")
        @Option(help: "Only this offering.") var offering: String?
        @Option(name: .shortAndLong, help: "Folder to write into.") var output: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let count = try exportCertificates(
                try global.openWorkspace(), offering: offering, to: URL(fileURLWithPath: output, isDirectory: true))
            print("Wrote \(count) certificate(s) to \(output) (and all-certificates.pdf)")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check a verification code or a VC-JWT file: valid, revoked, unknown or tampered (exit 0 only if valid)."
        )
        @Argument(help: "Verification code, or a .jwt file.") var subject: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            var stored: StoredCertificate?
            if FileManager.default.fileExists(atPath: subject) || subject.split(separator: ".").count == 3 {
                let token =
                    FileManager.default.fileExists(atPath: subject)
                    ? try String(contentsOfFile: subject, encoding: .utf8) : subject
                let key = try IssuerKey(pem: String(contentsOf: try issuerKeyURL(workspace), encoding: .utf8))
                do {
                    let credential = try VCJWT.verify(token, publicKeyPEM: key.publicPEM)
                    stored = try workspace.certificate(codeOrID: String(credential.id.dropFirst("urn:uuid:".count)))
                } catch let failure as VCJWT.Failure {
                    throw CommandFailure("tampered: \(failure)")
                }
            } else {
                guard let code = VerificationCode(reading: subject) else {
                    throw CommandFailure(
                        "unknown: '\(subject)' is not a verification code (15 symbols, e.g. 7KQ2M-X9FHD-3RTWP)")
                }
                stored = try workspace.certificate(codeOrID: code.description)
            }
            guard let stored else {
                throw CommandFailure("unknown: no certificate with this code or id was issued here")
            }
            let c = stored.certificate
            if stored.revokedAt != nil {
                throw CommandFailure(
                    "revoked: certificate \(c.verificationCode) was revoked on \(stored.revokedAt!.prefix(10)): \(c.revocationReason ?? "")"
                )
            }
            print(
                "valid: certificate \(c.verificationCode) for \(c.participantID), offering \(c.offeringID), issued \(c.issuedOn), \(hoursText(c.minutesAttended)) of \(hoursText(c.minutesPlanned)) hours attended"
            )
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a certificate (by id or code); it then verifies as revoked.")
        @Argument(help: "Certificate id or code.") var id: String
        @Option(help: "Why (shown when verifying).") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            do {
                try global.openWorkspace().revoke(id, reason: reason, at: currentTime())
            } catch let error as WorkspaceError {
                throw CommandFailure(String(describing: error))
            }
            print("Revoked \(id): \(reason)")
        }
    }
}

/// Writes the key readable by its owner only.
func writeKey(_ key: IssuerKey, to url: URL) throws {
    guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
        throw CommandFailure("cannot create \(url.path)")
    }
    try Data(key.pem.utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
}

/// What certificates say, read once from the workspace.
struct CertificateContent {
    let participants: [String: ParticipantRecord]
    let sessions: [Cohort: [SessionFacts]]
    let offerings: [String: Offering]
    let curricula: [String: PlannerCore.Curriculum]
    let euFunded: Set<Cohort>
    let rules: [String: EligibilityRule]
    let signatories: [(name: String, role: String)]

    init(_ workspace: Workspace) throws {
        participants = Dictionary(uniqueKeysWithValues: try workspace.participants().map { ($0.participant.id, $0) })
        sessions = Dictionary(grouping: try workspace.sessionFacts(), by: \.key.cohort)
        let planning = try workspace.planningData()
        offerings = Dictionary(uniqueKeysWithValues: planning.offerings.map { ($0.id, $0) })
        var curricula: [String: PlannerCore.Curriculum] = [:]
        for offering in planning.offerings where curricula[offering.moduleID] == nil {
            curricula[offering.moduleID] = try workspace.curriculum(id: offering.moduleID)
        }
        self.curricula = curricula
        let eu = Set(planning.funders.filter(\.isEUFunding).map(\.id))
        euFunded = Set(
            try workspace.schedule().funding.filter { eu.contains($0.funderID) && $0.amount.minorUnits > 0 }.map(
                \.cohort))
        var rules: [String: EligibilityRule] = [:]
        for offering in planning.offerings {
            rules[offering.id] = try workspace.setting("rule:\(offering.id)").flatMap {
                try? JSONDecoder().decode(EligibilityRule.self, from: Data($0.utf8))
            }
        }
        self.rules = rules
        signatories = (try workspace.setting("signatories") ?? "").split(separator: ";").map {
            let parts = $0.split(separator: "|", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    func module(of offeringID: String) -> (PlannerCore.Module?, PlannerCore.Curriculum?) {
        guard let offering = offerings[offeringID], let curriculum = curricula[offering.moduleID] else {
            return (nil, nil)
        }
        return (curriculum.modules.first { $0.id == offering.moduleID }, curriculum)
    }

    /// The module's outcomes in the language of its first title (translations are not repeated).
    func outcomes(of module: PlannerCore.Module?) -> [String] {
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

/// Writes one PDF, credential JSON and VC-JWT per valid certificate, and all-certificates.pdf.
func exportCertificates(_ workspace: Workspace, offering: String?, to folder: URL) throws -> Int {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let identity = try IssuerIdentity(workspace)
    let content = try CertificateContent(workspace)
    let certificates = try workspace.certificates().filter {
        $0.revokedAt == nil && (offering == nil || $0.certificate.offeringID == offering)
    }
    var pages: [Page] = []
    for stored in certificates {
        let c = stored.certificate
        let page = content.document(for: stored, identity: identity).page()
        pages.append(page)
        let base = "\(c.offeringID)-\(c.verificationCode)"
        try renderPDF(
            [page], size: .a4Landscape,
            info: DocumentInfo(title: "Certificate \(c.verificationCode)", author: identity.name),
            to: folder.appendingPathComponent("\(base).pdf"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(try content.credential(for: c, identity: identity)).write(
            to: folder.appendingPathComponent("\(base).json"))
        if let jwt = stored.credential { try Data(jwt.utf8).write(to: folder.appendingPathComponent("\(base).jwt")) }
    }
    if !pages.isEmpty {
        try renderPDF(
            pages, size: .a4Landscape, info: DocumentInfo(title: "Certificates", author: identity.name),
            to: folder.appendingPathComponent("all-certificates.pdf"))
    }
    return certificates.count
}
