import Crypto
public import Foundation
import PlannerCore
import _CryptoExtras

/// An Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential 2.0), as JSON.
public struct OpenBadgeCredential: Codable, Sendable, Hashable {
    public struct Issuer: Codable, Sendable, Hashable {
        public var id: String
        public var type: [String]
        public var name: String
    }

    public struct Criteria: Codable, Sendable, Hashable {
        public var narrative: String
    }

    public struct Achievement: Codable, Sendable, Hashable {
        public var id: String
        public var type: [String]
        public var achievementType: String
        public var name: String
        public var description: String
        public var criteria: Criteria
    }

    public struct Subject: Codable, Sendable, Hashable {
        public var id: String
        public var type: [String]
        public var achievement: Achievement
    }

    public struct Evidence: Codable, Sendable, Hashable {
        public var type: [String]
        public var narrative: String
    }

    public var context: [String]
    public var id: String
    public var type: [String]
    public var issuer: Issuer
    public var validFrom: String
    public var name: String
    public var credentialSubject: Subject
    public var evidence: [Evidence]

    enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, issuer, validFrom, name, credentialSubject, evidence
    }

    /// Builds the credential for a certificate.
    public init(
        certificateID: UUID, subjectID: String, issuerID: String, issuerName: String, achievementID: String,
        achievementName: String, achievementDescription: String, criteria: String, evidence: String, validFrom: Date
    ) {
        context = [
            "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ]
        id = "urn:uuid:\(certificateID.uuidString.lowercased())"
        type = ["VerifiableCredential", "OpenBadgeCredential"]
        issuer = Issuer(id: issuerID, type: ["Profile"], name: issuerName)
        let formatter = ISO8601DateFormatter()
        self.validFrom = formatter.string(from: validFrom)
        name = achievementName
        credentialSubject = Subject(
            id: subjectID, type: ["AchievementSubject"],
            achievement: Achievement(
                id: achievementID, type: ["Achievement"], achievementType: "CertificateOfCompletion",
                name: achievementName, description: achievementDescription, criteria: Criteria(narrative: criteria)))
        self.evidence = [Evidence(type: ["Evidence"], narrative: evidence)]
    }
}

/// The issuer's RSA key pair (2048 bits), signing VC-JWTs with RS256.
public struct IssuerKey: Sendable {
    let key: _RSA.Signing.PrivateKey

    /// A new key.
    public static func generate() throws -> IssuerKey {
        IssuerKey(key: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// Reads a PEM private key.
    public init(pem: String) throws { key = try _RSA.Signing.PrivateKey(pemRepresentation: pem) }

    init(key: _RSA.Signing.PrivateKey) { self.key = key }

    /// The private key as PEM (to be stored with mode 0600, never exported).
    public var pem: String { key.pemRepresentation }

    /// The public key as PEM.
    public var publicPEM: String { key.publicKey.pemRepresentation }

    /// The public key as a JWK (RFC 7517) with its key id.
    public func publicJWK(kid: String) throws -> [String: String] {
        let primitives = try key.publicKey.getKeyPrimitives()
        return [
            "kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid, "n": base64URL(primitives.modulus),
            "e": base64URL(primitives.publicExponent),
        ]
    }

    /// Signs a credential as a VC-JWT: header `{"alg":"RS256","kid":…,"typ":"JWT"}`, payload the credential
    /// plus `iss`, `jti`, `nbf`, `sub`.
    public func sign(_ credential: OpenBadgeCredential, kid: String) throws -> String {
        let header = try canonicalJSON(["alg": "RS256", "kid": kid, "typ": "JWT"])
        let payload = try VCJWT.payload(for: credential)
        let input = base64URL(header) + "." + base64URL(payload)
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + base64URL(signature.rawRepresentation)
    }
}

/// Verifying VC-JWTs.
public enum VCJWT {
    /// Why a token is not valid.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case badSignature
        case wrongAlgorithm(String)
        case claimsMismatch(String)

        public var description: String {
            switch self {
            case .malformed(let why): "not a VC-JWT: \(why)"
            case .badSignature: "the signature does not match: the credential was altered or signed with another key"
            case .wrongAlgorithm(let alg): "algorithm '\(alg)' is not RS256"
            case .claimsMismatch(let why): "the JWT claims disagree with the credential: \(why)"
            }
        }
    }

    static func payload(for credential: OpenBadgeCredential) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(credential)) as! [String: Any]
        object["iss"] = credential.issuer.id
        object["jti"] = credential.id
        object["sub"] = credential.credentialSubject.id
        object["nbf"] = Int(ISO8601DateFormatter().date(from: credential.validFrom)?.timeIntervalSince1970 ?? 0)
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Checks the signature with `publicKeyPEM` and the registered claims; returns the credential.
    public static func verify(_ token: String, publicKeyPEM: String) throws -> OpenBadgeCredential {
        let parts = token.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = base64URLDecode(parts[0]), let payloadData = base64URLDecode(parts[1]),
            let signature = base64URLDecode(parts[2])
        else { throw Failure.malformed("three base64url parts expected") }
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw Failure.malformed("the header is not JSON")
        }
        guard header["alg"] as? String == "RS256" else { throw Failure.wrongAlgorithm(header["alg"] as? String ?? "") }
        let key = try _RSA.Signing.PublicKey(pemRepresentation: publicKeyPEM)
        let input = Data("\(parts[0]).\(parts[1])".utf8)
        guard
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: input, padding: .insecurePKCS1v1_5)
        else { throw Failure.badSignature }
        guard let claims = try? JSONSerialization.jsonObject(with: payloadData) as? [String: Any],
            let credential = try? JSONDecoder().decode(OpenBadgeCredential.self, from: payloadData)
        else { throw Failure.malformed("the payload is not an OpenBadgeCredential") }
        guard claims["iss"] as? String == credential.issuer.id else { throw Failure.claimsMismatch("iss") }
        guard claims["jti"] as? String == credential.id else { throw Failure.claimsMismatch("jti") }
        guard claims["sub"] as? String == credential.credentialSubject.id else { throw Failure.claimsMismatch("sub") }
        return credential
    }
}

func canonicalJSON(_ object: [String: String]) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
}

/// Base64url without padding (RFC 7515).
public func base64URL(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

func base64URLDecode(_ text: some StringProtocol) -> Data? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64)
}

/// The credential subject's id: a name-based UUID from the certificate and the participant, so that the
/// credential never carries the participant's e-mail or id, yet the same certificate always has the same subject.
public func subjectIdentifier(certificate: UUID, participant: String) -> String {
    var hash = SHA256()
    hash.update(data: Data("\(certificate.uuidString)|\(participant)".utf8))
    var bytes = Array(hash.finalize().prefix(16))
    bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 (name-based, SHA)
    bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
    let uuid = UUID(
        uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
            bytes[10],
            bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    return "urn:uuid:\(uuid.uuidString.lowercased())"
}
