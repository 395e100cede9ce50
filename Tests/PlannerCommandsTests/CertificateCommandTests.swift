import Foundation
import TestSupport
import Testing

/// Runs a Python oracle from the test environment; returns status and output.
func oracle(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.python)
    process.arguments = [Repository.root.appendingPathComponent("Tests/oracles/\(script)").path] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output, error)
}

@Suite(.serialized) struct CertificateCommandTests {
    let after = ["PLANNER_NOW": "2027-06-30T12:00:00Z"]

    /// A workspace where P01, P02, P03 (Łódź, Västra Götaland, Greek) and P04 (Cyrillic) attended everything of
    /// SEM1-ADM#1 and P05 half of it.
    func certifiedWorkspace() throws -> TemporaryFolder {
        let folder = try attendanceWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(
            try CLI.run(["attendance", "register", "SEM1-ADM#1", "P01", "P02", "P03", "P04", "P05"] + ws).status == 0)
        let keys = try sessions(of: "SEM1-ADM", cohort: 1, in: ws).map(\.key)
        #expect(
            try CLI.run(["attendance", "mark", keys[0], "--present", "P01,P02,P03,P04,P05"] + ws, environment: after)
                .status == 0)
        #expect(
            try CLI.run(
                ["attendance", "mark", keys[1], "--present", "P01,P02,P03,P04", "--absent", "P05"] + ws,
                environment: after
            ).status == 0)
        return folder
    }

    @Test func eligibilityIssuingAndIdempotence() throws {
        let folder = try certifiedWorkspace()
        let ws = ["--workspace", folder.url.path]
        let eligible = try CLI.run(["certificates", "eligible", "--format", "csv"] + ws, environment: after).stdout
        #expect(eligible.contains("P01,SEM1-ADM#1,yes,attended 7 of 7 hours (100.00 %)"))
        #expect(eligible.contains("P05,SEM1-ADM#1,no,\"attended 3.5 of 7 hours (50.00 %); needs 80 %\""))
        let issued = try CLI.run(["certificates", "issue", "--organiser", "Ville de Liège"] + ws, environment: after)
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(issued.stdout.contains("Issued 4 certificate(s)"))
        let again = try CLI.run(["certificates", "issue"] + ws, environment: after)
        #expect(again.stdout.contains("Issued 0 certificate(s); 4 eligible already had one."))
        let list = try CLI.run(["certificates", "list", "--format", "json"] + ws).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: String]])
        #expect(rows.count == 4)
        let codes = rows.compactMap { $0["code"] }
        #expect(Set(codes).count == 4)
        #expect(codes.allSatisfy { $0.count == 17 && !$0.contains(where: { "01IO".contains($0) }) })
        // A required session changes who qualifies (for new certificates).
        #expect(
            try CLI.run(["certificates", "rule", "SEM1-ADM", "--threshold", "40", "--require", "2"] + ws).status == 0)
        let stricter = try CLI.run(["certificates", "eligible", "--format", "csv"] + ws, environment: after).stdout
        #expect(stricter.contains("P05,SEM1-ADM#1,no,attended 3.5 of 7 hours (50.00 %) but missed required session 2"))
    }

    @Test func pdfsShowEveryScriptWithEmbeddedFontsAndAQRCodeOfTheVerifyURL() throws {
        let folder = try certifiedWorkspace()
        let ws = ["--workspace", folder.url.path]
        let out = folder.url.appendingPathComponent("out")
        let issued = try CLI.run(
            [
                "certificates", "issue", "--verify-url", "https://certificates.liege.example/v/", "--signatory",
                "Claire Dupont|Trainer",
                "-o", out.path,
            ] + ws, environment: after)
        #expect(issued.status == 0, "\(issued.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(files.filter { $0.hasSuffix(".pdf") }.count == 5)  // four + all-certificates.pdf
        #expect(files.filter { $0.hasSuffix(".jwt") }.count == 4)
        let all = out.appendingPathComponent("all-certificates.pdf").path
        let text = try runText("/usr/bin/pdftotext", ["-enc", "UTF-8", all, "-"])
        for name in ["Agnieszka Wróblewska-Łódź", "Åsa Öberg", "Ελένη Παπαδοπούλου", "Анна Ковальчук"] {
            #expect(text.contains(name), "the certificates show \(name)")
        }
        #expect(text.contains("Certificate of attendance"))
        #expect(text.contains("Co-funded by the European Union"))
        #expect(text.contains("Claire Dupont"))
        #expect(text.contains("Explain the legal forms of the social economy"))
        let fonts = try runText("/usr/bin/pdffonts", [all]).split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.contains(" yes yes ") })
        // The QR code of one certificate decodes to exactly the verify URL with its code.
        let one = try #require(files.first { $0.hasSuffix(".pdf") && $0 != "all-certificates.pdf" })
        let code = String(one.dropFirst("SEM1-ADM-".count).dropLast(4))
        let image = folder.url.appendingPathComponent("qr").path
        _ = try runText(
            "/usr/bin/pdftoppm", ["-r", "150", "-png", "-singlefile", out.appendingPathComponent(one).path, image])
        let decoded = try runText("/usr/bin/zbarimg", ["--raw", "-q", image + ".png"])
        #expect(
            decoded.trimmingCharacters(in: .whitespacesAndNewlines) == "https://certificates.liege.example/v/\(code)")
        // The private key never leaves the workspace folder.
        for file in files {
            let content = try String(contentsOf: out.appendingPathComponent(file), encoding: .isoLatin1)
            #expect(!content.contains("PRIVATE KEY"))
        }
    }

    @Test func credentialsVerifyWithAnIndependentVerifierAndTamperingFails() throws {
        let folder = try certifiedWorkspace()
        let ws = ["--workspace", folder.url.path]
        let keygen = try CLI.run(["certificates", "keygen"] + ws)
        #expect(keygen.status == 0)
        let key = folder.url.appendingPathComponent("issuer-key.pem").path
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try CLI.run(["certificates", "keygen"] + ws).status == 1)
        let jwk = folder.url.appendingPathComponent("issuer.jwk").path
        try Data(keygen.stdout.utf8).write(to: URL(fileURLWithPath: jwk))
        let out = folder.url.appendingPathComponent("out")
        #expect(try CLI.run(["certificates", "issue", "-o", out.path] + ws, environment: after).status == 0)
        let token = try #require(
            try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".jwt") })
        let tokenPath = out.appendingPathComponent(token).path
        let verified = try oracle("verify_jwt.py", [tokenPath, jwk, after["PLANNER_NOW"]!])
        #expect(verified.status == 0, "PyJWT: \(verified.error)")
        let payload = try json(verified.output)
        #expect((payload["type"] as? [String])?.contains("OpenBadgeCredential") == true)
        #expect(
            ((payload["credentialSubject"] as? [String: Any])?["achievement"] as? [String: Any])?["achievementType"]
                as? String == "CertificateOfCompletion")
        #expect(try CLI.run(["certificates", "verify", tokenPath] + ws).status == 0)
        // Tampered payload: change the evidence and keep the signature.
        let parts = try String(contentsOfFile: tokenPath, encoding: .utf8).split(separator: ".").map(String.init)
        var body = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while body.count % 4 != 0 { body += "=" }
        let decoded = String(decoding: Data(base64Encoded: body)!, as: UTF8.self).replacingOccurrences(
            of: "Attended 7", with: "Attended 9")
        let forged = Data(decoded.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let tampered = folder.url.appendingPathComponent("tampered.jwt").path
        try Data([parts[0], forged, parts[2]].joined(separator: ".").utf8).write(to: URL(fileURLWithPath: tampered))
        #expect(try oracle("verify_jwt.py", [tampered, jwk, after["PLANNER_NOW"]!]).status != 0)
        let ours = try CLI.run(["certificates", "verify", tampered] + ws)
        #expect(ours.status == 1)
        #expect(ours.stderr.contains("tampered"))
        // Another key: PyJWT refuses the genuine token.
        let other = try TemporaryFolder()
        try CLI.run("init", other.url.path)
        let otherJWK = other.url.appendingPathComponent("other.jwk").path
        try Data(try CLI.run("certificates", "keygen", "--workspace", other.url.path).stdout.utf8).write(
            to: URL(fileURLWithPath: otherJWK))
        #expect(try oracle("verify_jwt.py", [tokenPath, otherJWK, after["PLANNER_NOW"]!]).status != 0)
    }

    @Test func verifyAndRevoke() throws {
        let folder = try certifiedWorkspace()
        let ws = ["--workspace", folder.url.path]
        #expect(try CLI.run(["certificates", "issue"] + ws, environment: after).status == 0)
        let list = try CLI.run(["certificates", "list", "--format", "json"] + ws).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: String]])
        let first = try #require(rows.first)
        let code = try #require(first["code"])
        let typed = code.lowercased().replacingOccurrences(of: "-", with: " ")
        let valid = try CLI.run(["certificates", "verify", typed] + ws)
        #expect(valid.status == 0)
        #expect(valid.stdout.hasPrefix("valid: certificate \(code)"))
        #expect(
            try CLI.run(["certificates", "revoke", first["id"]!, "--reason", "issued by mistake"] + ws).status == 0)
        let revoked = try CLI.run(["certificates", "verify", code] + ws)
        #expect(revoked.status == 1)
        #expect(revoked.stderr.contains("revoked:"))
        #expect(revoked.stderr.contains("issued by mistake"))
        #expect(
            try CLI.run(["certificates", "list", "--format", "csv"] + ws).stdout.contains("revoked: issued by mistake"))
        let unknown = try CLI.run(["certificates", "verify", "22222-22222-22222"] + ws)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown"))
    }
}

/// The web application started as a user would: `planner serve` on a free port answers the URL a
/// certificate's QR code holds.
@Suite(.serialized) struct ServeCommandTests {
    @Test func aServedWorkspaceAnswersTheVerifyLinkOfANewCertificate() throws {
        let folder = try CertificateCommandTests().certifiedWorkspace()
        let ws = ["--workspace", folder.url.path]
        let after = ["PLANNER_NOW": "2027-06-30T12:00:00Z"]
        let server = Process()
        server.executableURL = CLI.executable
        server.arguments = ["serve", "--port", "0", "--public-url", "http://127.0.0.1:1"] + ws
        let output = Pipe()
        server.standardOutput = output
        server.standardError = Pipe()
        try server.run()
        defer { server.terminate() }
        // The line that says where it listens.
        var text = ""
        while !text.contains("(Ctrl-C stops)") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let url = try #require(text.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        let issued = try CLI.run(["certificates", "issue", "--organiser", "Ville de Liège"] + ws, environment: after)
        #expect(issued.status == 0, "\(issued.stderr)")
        let list = try CLI.run(["certificates", "list", "--format", "json"] + ws).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: String]])
        let code = try #require(rows.first?["code"])
        let page = try runText("/usr/bin/curl", ["-s", url + "verify/" + code])
        #expect(page.contains("Valid certificate"))
        let profile = try runText("/usr/bin/curl", ["-s", url + "issuer"])
        #expect(profile.contains("\"id\" : \"http://127.0.0.1:1/issuer\""), "issued under the public URL")
    }
}
