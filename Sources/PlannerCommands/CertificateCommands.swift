import ArgumentParser
import Certificates
import Foundation
import PlannerCore
import PlannerServices

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
            let rule = EligibilityRule(
                thresholdBasisPoints: Int((threshold * 100).rounded()), requiredSessions: required)
            try ProgrammeSettings(global.context).setRule(rule, for: offering)
            print("\(offering): \(rule.narrative)")
        }
    }

    struct Eligible: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who qualifies for a certificate and who misses it, and why.")
        @Option(help: "Only this offering.") var offering: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            var table = ReportTable("participant", "cohort", "eligible", "why")
            for decision in try CertificateOffice(global.context).eligibility(offering: offering) {
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
            print(try CertificateOffice(global.context).createKey(replacing: force))
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
            let signatories = try signatory.map {
                guard let signatory = Signatory(parsing: $0) else {
                    throw ValidationError("--signatory takes NAME|ROLE, not '\($0)'")
                }
                return signatory
            }
            let issue = IssueCertificates(
                offering: offering, organiser: organiser, verifyBase: verifyURL, signatories: signatories,
                output: output.map { URL(fileURLWithPath: $0, isDirectory: true) })
            let outcome = try await issue.run(in: global.context)
            if let key = outcome.createdKey {
                printError("Created the issuer key \(key.path) (see `planner certificates keygen`).")
            }
            print(
                "Issued \(outcome.issued.count) certificate(s); \(outcome.eligible - outcome.issued.count) eligible already had one."
            )
            if let output, let written = outcome.written { print("Wrote \(written) certificate(s) to \(output)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List certificates (issued and revoked).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            var table = ReportTable("id", "code", "participant", "offering", "issued", "hours", "status")
            for stored in try CertificateOffice(global.context).list() {
                let c = stored.certificate
                table.add(
                    c.id.uuidString.lowercased(), c.verificationCode, c.participantID, c.offeringID,
                    c.issuedOn.description, "\(hoursText(c.minutesAttended))/\(hoursText(c.minutesPlanned))",
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
            let count = try await ExportCertificates(
                offering: offering, folder: URL(fileURLWithPath: output, isDirectory: true)
            ).run(in: global.context)
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
            let office = CertificateOffice(global.context)
            let verification: CertificateOffice.Verification
            if FileManager.default.fileExists(atPath: subject) {
                verification = try office.verify(credential: try String(contentsOfFile: subject, encoding: .utf8))
            } else if subject.split(separator: ".").count == 3 {
                verification = try office.verify(credential: subject)
            } else {
                verification = try office.verify(code: subject)
            }
            switch verification {
            case .valid(let stored):
                let c = stored.certificate
                print(
                    "valid: certificate \(c.verificationCode) for \(c.participantID), offering \(c.offeringID), issued \(c.issuedOn), \(hoursText(c.minutesAttended)) of \(hoursText(c.minutesPlanned)) hours attended"
                )
            case .revoked(let stored):
                let c = stored.certificate
                throw CommandFailure(
                    "revoked: certificate \(c.verificationCode) was revoked on \(stored.revokedAt!.prefix(10)): \(c.revocationReason ?? "")"
                )
            case .unknown(let why): throw CommandFailure("unknown: \(why)")
            case .tampered(let why): throw CommandFailure("tampered: \(why)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a certificate (by id or code); it then verifies as revoked.")
        @Argument(help: "Certificate id or code.") var id: String
        @Option(help: "Why (shown when verifying).") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try CertificateOffice(global.context).revoke(id, reason: reason)
            print("Revoked \(id): \(reason)")
        }
    }
}
