import Certificates
import Foundation
import PlannerCore
import TestSupport
import Testing

/// Open Badges 3.0 credentials signed as VC-JWT, checked by our verifier and by PyJWT (an independent
/// implementation); and the certificate rule's decisions, worked out by hand.
@Suite struct SigningAndEligibilityTests {
    static let credential = OpenBadgeCredential(
        certificateID: UUID(uuidString: "6F1D2C3B-4A59-4E2F-9C0D-1B2A3C4D5E6F")!,
        subjectID: subjectIdentifier(
            certificate: UUID(uuidString: "6F1D2C3B-4A59-4E2F-9C0D-1B2A3C4D5E6F")!, participant: "P01"),
        issuerID: "https://verify.liege.example/issuer", issuerName: "Ville de Liège",
        achievementID: "urn:x-trainingplanner:achievement:SEM1", achievementName: "Coopérer — «ensemble»",
        achievementDescription: "Seminar", criteria: EligibilityRule.standard.narrative,
        evidence: "Attended 7 of 7 hours.",
        validFrom: ISO8601DateFormatter().date(from: "2027-04-30T00:00:00Z")!)

    @Test func aSignedCredentialVerifiesHereAndWithPyJWTAndATamperedOneDoesNot() throws {
        let key = try IssuerKey.generate()
        let kid = "https://verify.liege.example/issuer#key-1"
        let token = try key.sign(Self.credential, kid: kid)
        #expect(try VCJWT.verify(token, publicKeyPEM: key.publicPEM) == Self.credential)

        let folder = try TemporaryFolder()
        let tokenFile = folder.url.appendingPathComponent("credential.jwt")
        let jwkFile = folder.url.appendingPathComponent("key.json")
        try Data(token.utf8).write(to: tokenFile)
        try JSONSerialization.data(withJSONObject: try key.publicJWK(kid: kid)).write(to: jwkFile)
        let checked = try runText(
            Repository.python,
            [
                Repository.root.appendingPathComponent("Tests/oracles/verify_jwt.py").path, tokenFile.path,
                jwkFile.path,
                "2027-05-01T00:00:00Z",
            ])
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(checked.utf8)) as? [String: Any])
        #expect(payload["jti"] as? String == Self.credential.id, "PyJWT verified the signature and the claims")
        #expect(payload["name"] as? String == "Coopérer — «ensemble»")

        var parts = token.split(separator: ".").map(String.init)
        let altered = try JSONSerialization.jsonObject(with: Data(base64URL: parts[1])!) as! [String: Any]
        var edited = altered
        edited["name"] = "Something else"
        parts[1] = base64URL(try JSONSerialization.data(withJSONObject: edited))
        #expect(throws: VCJWT.Failure.badSignature) {
            try VCJWT.verify(parts.joined(separator: "."), publicKeyPEM: key.publicPEM)
        }
        #expect(throws: VCJWT.Failure.badSignature) {
            try VCJWT.verify(token, publicKeyPEM: try IssuerKey.generate().publicPEM)
        }
        var none = token.split(separator: ".").map(String.init)
        none[0] = base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        #expect(throws: VCJWT.Failure.wrongAlgorithm("none")) {
            try VCJWT.verify(none.joined(separator: "."), publicKeyPEM: key.publicPEM)
        }
        #expect(throws: VCJWT.Failure.self) { try VCJWT.verify("not.a-token", publicKeyPEM: key.publicPEM) }
    }

    @Test func theRuleIsExactAndRequiredSessionsCount() {
        let cohort = Cohort(offeringID: "SEM1", number: 1)
        func decide(_ rule: EligibilityRule, attended: Int, planned: Int = 1_200, sessions: Set<Int> = [1, 2, 3])
            -> EligibilityDecision
        {
            rule.decide(
                participantID: "P01", cohort: cohort, minutesAttended: attended, minutesPlanned: planned,
                attendedSessions: sessions, sessionsScheduled: 4)
        }
        #expect(decide(.standard, attended: 960).eligible, "16 of 20 hours is exactly 80 %")
        let short = decide(.standard, attended: 959)
        #expect(!short.eligible && short.reason == "attended 15h59 of 20 hours (79.91 %); needs 80 %")
        let required = EligibilityRule(thresholdBasisPoints: 5_000, requiredSessions: [4, 2])
        let missed = decide(required, attended: 1_000)
        #expect(!missed.eligible && missed.reason.hasSuffix("but missed required session 4"))
        #expect(decide(required, attended: 1_000, sessions: [1, 2, 4]).eligible)
        #expect(!decide(.standard, attended: 0, planned: 0).eligible, "nothing scheduled yet qualifies nobody")
        #expect(required.narrative == "Attend at least 50% of the scheduled hours, including sessions 2, 4.")
        #expect(EligibilityRule(thresholdBasisPoints: 7_550).narrative.hasPrefix("Attend at least 75.5%"))
        #expect(hoursText(630) == "10.5" && hoursText(600) == "10" && hoursText(610) == "10h10")
    }
}

extension Data {
    /// Decodes base64url without padding.
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
