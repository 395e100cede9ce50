import Hummingbird
import Mustache
import NIOCore
import PlannerServices

/// The page templates, compiled into the binary (`Templates/*.mustache`); Mustache escapes every value as
/// HTML.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, bytes) in [
            ("header", PackageResources.header_mustache), ("footer", PackageResources.footer_mustache),
            ("home", PackageResources.home_mustache), ("verify", PackageResources.verify_mustache),
        ] {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
    }

    /// The page `name` rendered with `values`, as an HTML response.
    func render(_ name: String, _ values: Any) throws -> Response {
        guard let html = library.render(values, withTemplate: name) else {
            throw HTTPError(.internalServerError, message: "no template \(name)")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// What every page shows.
struct Page {
    var title: String
    var organiser: String
}

/// The verify page.
struct VerifyPage {
    var title: String
    var organiser: String
    var code: String
    var certificate: CertificateView?
}

/// A certificate as the verify page shows it.
struct CertificateView {
    var status: String
    var valid: Bool
    var revoked: Bool
    var code, issuer, holder, seminar, programme, hoursAttended, hoursPlanned, issuedOn: String
    var revokedOn, revocationReason: String

    init(_ record: PublicCertificate) {
        status = record.status.rawValue
        valid = record.status == .valid
        revoked = record.status == .revoked
        code = record.code
        issuer = record.issuer
        holder = record.holder
        seminar = record.seminar
        programme = record.programme
        hoursAttended = record.hoursAttended
        hoursPlanned = record.hoursPlanned
        issuedOn = record.issuedOn
        revokedOn = record.revokedOn ?? ""
        revocationReason = record.revocationReason ?? ""
    }
}

/// The JSON form of a verification (`/verify/{code}.json`).
struct VerifyJSON: Encodable {
    var status: String
    var code: String
    var certificate: PublicCertificate?

    init(_ record: PublicCertificate) {
        status = record.status.rawValue
        code = record.code
        certificate = record
    }

    init(unknown code: String) {
        status = "unknown"
        self.code = code
        certificate = nil
    }
}

/// The issuer's Open Badges 3.0 profile, with its public key as a verification method.
struct IssuerJSON: Encodable {
    struct Method: Encodable {
        var id: String
        var type = "JsonWebKey"
        var controller: String
        var publicKeyJwk: [String: String]
    }

    var context = [
        "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    var id: String
    var type = ["Profile"]
    var name: String
    var verificationMethod: [Method]

    enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, name, verificationMethod
    }

    init(_ profile: IssuerProfile) {
        id = profile.id
        name = profile.name
        verificationMethod =
            profile.publicJWK.map {
                [Method(id: profile.keyID, controller: profile.id, publicKeyJwk: $0)]
            } ?? []
    }
}
