import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PlannerCore
import PlannerServices
import PlannerWeb
import ServicesTestSupport
import TestSupport
import Testing

/// The public pages, in process: what a participant scanning a certificate's QR code sees, what a
/// verifier resolves, and the refusals.
@Suite(.serialized) struct VerifyPageTests {
    @Test func aValidThenRevokedCertificateAndUnknownCodes() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url, publicURL: "https://training.liege.example")
        let app = Application(router: try PlannerWebServer(context: context).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/verify/\(code)", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<h1 class="status valid" id="status">Valid certificate</h1>"#))
                #expect(html.contains("<dd>Agnieszka Wróblewska-Łódź</dd>"), "the holder's name as printed")
                #expect(html.contains("<dd>Ville de Liège</dd>"))
                #expect(html.contains(#"<meta name="robots" content="noindex, nofollow">"#))
                #expect(!html.contains("P01"), "no internal identifier on a public page")
                #expect(!html.contains("<script"), "no script, inline or not")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
            // As typed: lower case, spaces for dashes, through the form.
            let typed = code.lowercased().replacingOccurrences(of: "-", with: "+")
            try await client.execute(uri: "/verify?code=\(typed)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/verify/\(code)")
            }
            try await client.execute(uri: "/verify/\(code).json", method: .get) { response in
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(json["status"] as? String == "valid")
                let certificate = try #require(json["certificate"] as? [String: Any])
                #expect(certificate["issuer_id"] as? String == "https://training.liege.example/issuer")
                #expect(certificate["hours_attended"] as? String == certificate["hours_planned"] as? String)
            }
            try CertificateOffice(context).revoke(code, reason: "issued in error")
            try await client.execute(uri: "/verify/\(code)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Revoked certificate"))
                #expect(html.contains("issued in error"))
            }
            let id = try #require(try CertificateOffice(context).list().first).certificate.id.uuidString
            for unknown in ["AAAAA-BBBBB-CCCCC", id, id.lowercased(), "<script>alert(1)</script>", #"x" onclick='y'&"#]
            {
                let path = unknown.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                try await client.execute(uri: "/verify/\(path)", method: .get) { response in
                    #expect(response.status == .notFound, "\(unknown) is unknown")
                    let html = String(buffer: response.body)
                    #expect(html.contains("Unknown code"))
                    #expect(!html.contains("<script>alert"), "what was typed is escaped")
                }
            }
            // Every value a page shows is escaped for HTML, quotes included.
            try ProgrammeSettings(context).setOrganiser(#"Ville "A" <b>&'s"#)
            let home = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(
                home.contains(#"<a class="brand" href="/">Ville &quot;A&quot; &lt;b&gt;&amp;&#39;s</a>"#), "\(home)")
        }
    }

    @Test func theIssuerResolvesAndItsKeyVerifiesTheCredentialIndependently() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url, publicURL: "https://training.liege.example/")
        let exported = folder.url.appendingPathComponent("out")
        _ = try await ExportCertificates(folder: exported).run(in: context)
        let jwt = exported.appendingPathComponent("SEM1-ADM-\(code).jwt")
        let jwk = folder.url.appendingPathComponent("jwk.json")
        let app = Application(router: try PlannerWebServer(context: context).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/issuer", method: .get) { response in
                let profile = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(profile["id"] as? String == "https://training.liege.example/issuer")
                #expect(profile["type"] as? [String] == ["Profile"])
            }
            try await client.execute(uri: "/issuer/jwks.json", method: .get) { response in
                let set = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [[String: String]]]
                )
                let key = try #require(set["keys"]?.first)
                #expect(key["kid"] == "https://training.liege.example/issuer#key-1")
                try JSONSerialization.data(withJSONObject: key).write(to: jwk)
                // PyJWT, with the key as served, checks the credential the certificate's holder was given.
                let checked = try runText(
                    Repository.python,
                    [
                        Repository.root.appendingPathComponent("Tests/oracles/verify_jwt.py").path, jwt.path, jwk.path,
                        "2027-07-01T00:00:00Z",
                    ])
                let payload = try #require(try JSONSerialization.jsonObject(with: Data(checked.utf8)) as? [String: Any])
                let issuer = try #require(payload["issuer"] as? [String: Any])
                #expect(issuer["id"] as? String == "https://training.liege.example/issuer", "the issuer resolves here")
            }
        }
        // And the certificate's PDF links to this server's verify page.
        let pdf = try FileManager.default.contentsOfDirectory(atPath: exported.path).first {
            $0.hasSuffix(".pdf") && $0 != "all-certificates.pdf"
        }
        let text = try runText("/usr/bin/pdftotext", [exported.appendingPathComponent(try #require(pdf)).path, "-"])
        #expect(text.contains("https://training.liege.example/verify/\(code)"))
    }

    @Test func verificationsAreRateLimitedPerClient() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let server = PlannerWebServer(context: context, verifyLimit: RateLimit(requests: 3, per: 60))
        let app = Application(router: try server.router())
        try await app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/verify/\(code)", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/verify/\(code)", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
            try await client.execute(uri: "/", method: .get) {
                #expect($0.status == .ok, "other pages are not limited")
            }
        }
    }
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
