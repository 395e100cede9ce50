import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlannerCore
import PlannerServices
import PlannerWeb
import ServicesTestSupport
import TestSupport
import Testing

/// The coordinator's certificates page and a participant's own certificate PDF: what is issued, printed and
/// revoked there is what the command line and the verify page see.
@Suite(.serialized) struct CertificatePageTests {
    /// The text of a PDF, by poppler's `pdftotext` (not our code).
    static func text(ofPDF body: ByteBuffer, in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("\(UUID().uuidString).pdf")
        try Data(body.readableBytesView).write(to: file)
        return try runText("/usr/bin/pdftotext", [file.path, "-"])
    }

    @Test func aCoordinatorIssuesPrintsAndRevokesAndTheVerifyPageFollows() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let before = try CertificateOffice(context).list()
        let link = try Accounts(context).add("claire", role: .coordinator)
        let p01 = try ParticipantLinks(context).issue("P01")
        let p02 = try ParticipantLinks(context).issue("P02")
        let names = Dictionary(uniqueKeysWithValues: try ParticipantRegister(context).list().map { ($0.id, $0) })
        let folderURL = folder.url
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            let page = try await send(client, .get, "/coordinator/certificates", as: claire)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<tr id="c-\#(code)">"#))
            #expect(page.text.contains("\(names["P01"]!.givenName) \(names["P01"]!.familyName)"))
            // Issuing again issues nothing twice.
            let again = try await send(
                client, .post, "/coordinator/certificates/issue", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("offering", "")])
            #expect(again.status == .ok)
            #expect(again.text.contains("Nothing to issue"), "\(again.text)")
            #expect(try CertificateOffice(context).list().count == before.count)
            // The PDF, read back by pdftotext: the holder and the code.
            let pdf = try await send(client, .get, "/coordinator/certificates/\(code)/pdf", as: claire)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            let printed = try Self.text(ofPDF: pdf.body, in: folderURL)
            #expect(printed.contains(names["P01"]!.familyName) && printed.contains(code), "\(printed)")
            // Every valid certificate in one PDF, a page each.
            let all = try await send(client, .get, "/coordinator/certificates/all.pdf", as: claire)
            #expect(all.status == .ok && all.headers[.contentType] == "application/pdf")
            let allText = try Self.text(ofPDF: all.body, in: folderURL)
            #expect(before.allSatisfy { allText.contains($0.certificate.verificationCode) }, "\(allText)")
            #expect(allText.components(separatedBy: "\u{0C}").count - 1 == before.count, "a page each")
            // The participant downloads their own; another's code through their link is not found.
            let mine = try await send(client, .get, p01 + "/certificates/\(code)")
            #expect(mine.status == .ok && mine.headers[.contentType] == "application/pdf")
            #expect(try Self.text(ofPDF: mine.body, in: folderURL).contains(code))
            #expect(try await send(client, .get, p02 + "/certificates/\(code)").status == .notFound)
            #expect(try await send(client, .get, p01).text.contains(p01 + "/certificates/\(code)"))
            // Revoking needs a reason; without one nothing changes.
            let bare = try await send(
                client, .post, "/coordinator/certificates/\(code)/revoke", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("reason", " ")])
            #expect(bare.status == .badRequest)
            #expect(try CertificateOffice(context).list().allSatisfy { $0.revokedAt == nil })
            let revoked = try await send(
                client, .post, "/coordinator/certificates/\(code)/revoke", as: claire,
                form: [("csrf", claire.formToken ?? ""), ("reason", "issued to the wrong person")])
            #expect(revoked.status == .ok)
            #expect(revoked.text.contains("revoked 20") && revoked.text.contains("issued to the wrong person"))
            let verify = try await send(client, .get, "/verify/\(code)")
            #expect(verify.text.contains("Revoked certificate") && verify.text.contains("issued to the wrong person"))
            let after = try await send(client, .get, "/coordinator/certificates/all.pdf", as: claire)
            if before.count == 1 {
                #expect(after.status == .notFound, "nothing valid left to print")
            } else {
                #expect(!(try Self.text(ofPDF: after.body, in: folderURL)).contains(code), "the revoked one left out")
            }
            // A revoked certificate is not printed again, by anyone.
            #expect(
                try await send(client, .get, "/coordinator/certificates/\(code)/pdf", as: claire).status == .conflict)
            #expect(try await send(client, .get, p01 + "/certificates/\(code)").status == .conflict)
            // A form from another site is refused.
            let forged = try await send(
                client, .post, "/coordinator/certificates/issue", as: claire, form: [("csrf", "forged")])
            #expect(forged.status == .forbidden)
        }
        let history = try WorkspaceSetup.history(in: context).filter { $0.action == "certificate.revoke" }
        #expect(history.map(\.actor) == ["claire"], "the revocation is recorded under the account")
    }
}
