import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

extension WebApp {
    /// The coordinator's certificates: who is eligible, issuing, each certificate's PDF, and revoking.
    func certificateRoutes(_ routes: RouteGroup) {
        routes.get("certificates") { request, context in try certificatesPage(context, notice: nil) }
        struct Issue: Decodable {
            var csrf: String?
            var offering: String?
        }
        routes.post("certificates/issue") { request, context in
            let form = try await request.form(Issue.self)
            try context.checkFormToken(form.csrf)
            let offering = form.offering.flatMap { $0.isEmpty ? nil : $0 }
            let outcome = try await IssueCertificates(offering: offering).run(in: services(context))
            let notice =
                outcome.issued.isEmpty
                ? "Nothing to issue: everyone eligible (\(outcome.eligible)) has a certificate already."
                : "\(outcome.issued.count) certificate(s) issued and signed (\(outcome.eligible) eligible)."
            return try certificatesPage(context, notice: notice)
        }
        struct Revoke: Decodable {
            var csrf: String?
            var reason: String?
        }
        routes.post("certificates/:code/revoke") { request, context in
            let form = try await request.form(Revoke.self)
            try context.checkFormToken(form.csrf)
            let code = try context.parameters.require("code")
            guard let reason = form.reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                throw ServiceError(.invalidInput, "say why \(code) is revoked: the verify page shows the reason")
            }
            try CertificateOffice(services(context)).revoke(code, reason: reason)
            return try certificatesPage(context, notice: "Certificate \(code) revoked: \(reason).")
        }
        routes.get("certificates/all.pdf") { request, context in
            let offering = request.uri.queryParameters.get("offering").map { String($0) }.flatMap {
                $0.isEmpty ? nil : $0
            }
            guard let pdf = try CertificateOffice(services(context)).combinedPDF(offering: offering) else {
                throw ServiceError(.notFound, "no valid certificate to print" + (offering.map { " for \($0)" } ?? ""))
            }
            return fileResponse(
                pdf, type: "application/pdf", name: "certificates\(offering.map { "-\($0)" } ?? "").pdf")
        }
        routes.get("certificates/:code/pdf") { _, context in
            let code = try context.parameters.require("code")
            guard let pdf = try CertificateOffice(services(context)).pdf(code: code) else {
                throw ServiceError(.notFound, "no certificate \(code)")
            }
            return fileResponse(pdf, type: "application/pdf", name: "certificate-\(code).pdf")
        }
    }

    private func certificatesPage(_ context: WebContext, notice: String?) throws -> Response {
        let services = services(context)
        let office = CertificateOffice(services)
        let names = Dictionary(
            try ParticipantRegister(services).list().map { ($0.id, "\($0.givenName) \($0.familyName)") },
            uniquingKeysWith: { a, _ in a })
        let issued = try office.list()
        struct Line {
            var code, holder, offering, issuedOn, hours, state: String
            var revoked: Bool
        }
        let lines = issued.sorted {
            ($0.certificate.offeringID, $0.certificate.participantID) < (
                $1.certificate.offeringID, $1.certificate.participantID
            )
        }.map {
            let c = $0.certificate
            return Line(
                code: c.verificationCode, holder: names[c.participantID] ?? c.participantID,
                offering: $0.cohort.label, issuedOn: c.issuedOn.description,
                hours: "\(hours(c.minutesAttended)) of \(hours(c.minutesPlanned))",
                state: $0.revokedAt.map { "revoked \($0.prefix(10)): \(c.revocationReason ?? "")" } ?? "valid",
                revoked: $0.revokedAt != nil)
        }
        // Who is eligible, by offering, and how many of them have their certificate.
        struct Offering {
            var id: String
            var eligible, issued, notYet: Int
        }
        let offerings = try office.eligibleByOffering().map {
            Offering(id: $0.offering, eligible: $0.eligible, issued: $0.holding, notYet: $0.eligible - $0.holding)
        }
        var content: [String: Any] = [
            "certificates": lines, "offerings": offerings, "count": lines.count,
            "revoked": lines.filter(\.revoked).count,
        ]
        if let notice { content["notice"] = notice }
        return try pages.render(
            "certificates", PageValues(frame: try frame("Certificates", context), content: content))
    }
}
