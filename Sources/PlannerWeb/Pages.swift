import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import PlannerServices

/// The page templates, compiled into the binary (`Templates/*.mustache`); Mustache escapes every value as
/// HTML.
struct Pages: Sendable {
    let library: MustacheLibrary

    static let templates: [(String, [UInt8])] = [
        ("header", PackageResources.header_mustache), ("footer", PackageResources.footer_mustache),
        ("home", PackageResources.home_mustache), ("verify", PackageResources.verify_mustache),
        ("login", PackageResources.login_mustache), ("setup", PackageResources.setup_mustache),
        ("error", PackageResources.error_mustache), ("trainer", PackageResources.trainer_mustache),
        ("rollcall", PackageResources.rollcall_mustache), ("participant", PackageResources.participant_mustache),
        ("coordinator", PackageResources.coordinator_mustache), ("accounts", PackageResources.accounts_mustache),
        ("people", PackageResources.people_mustache), ("imports", PackageResources.imports_mustache),
        ("schedule", PackageResources.schedule_mustache), ("reports", PackageResources.reports_mustache),
        ("certificates", PackageResources.certificates_mustache),
        ("registrations", PackageResources.registrations_mustache), ("cohort", PackageResources.cohort_mustache),
        ("person", PackageResources.person_mustache),
    ]

    init() throws {
        MustacheContentTypes.register(HTMLBytes(), named: HTMLBytes.name)
        var library = MustacheLibrary()
        for (name, bytes) in Pages.templates {
            // Every template escapes values with ``HTMLBytes``.
            let text = "{{% CONTENT_TYPE: \(HTMLBytes.name)}}" + String(decoding: bytes, as: UTF8.self)
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// The page `name` rendered with `values`, as an HTML response.
    func render(_ name: String, _ values: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = library.render(MustacheValues.tree(values), withTemplate: name) else {
            throw HTTPError(.internalServerError, message: "no template \(name)")
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// HTML escaping as swift-mustache's own (`&`, `<`, `>`, `"`, `'`), byte by byte: its own looks each
/// character up in a dictionary, hashing every character of every value a page shows.
struct HTMLBytes: MustacheContentType {
    static let name = "PLANNER-HTML"

    func escapeText(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            case 0x27: bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Page values as Mustache reads them fastest: every view struct read once into a dictionary.
///
/// swift-mustache finds a name in a struct by reflection, filtering the struct's children for each name it
/// looks up at each level of the context stack; a page looks up dozens of names, and that reflection was
/// most of a page's cost under load. Reading each struct once keeps the templates and their meaning (a nil
/// value is left out, so a lookup climbs the stack exactly as it did).
enum MustacheValues {
    static func tree(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int:
            return value
        case let dictionary as [String: Any]:
            return dictionary.compactMapValues(optionalTree)
        case let array as [Any]:
            return array.compactMap(optionalTree)
        case is any MustacheParent:
            return value  // names its children itself (the views of the busiest pages)
        case is any CustomStringConvertible:
            return value  // numbers, dates: shown as they describe themselves
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .struct, .class, .tuple:
                var fields: [String: Any] = [:]
                for child in mirror.children {
                    if let label = child.label, let field = optionalTree(child.value) { fields[label] = field }
                }
                return fields
            case .optional:
                return optionalTree(value) ?? value
            default:
                return value
            }
        }
    }

    /// The tree of `value`, nil for an empty optional.
    private static func optionalTree(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return tree(value) }
        return mirror.children.first.map { tree($0.value) }
    }
}

/// What every page shows around its content: its title, the organiser, and the signed-in account with
/// its sign-out form.
struct Frame {
    struct Account {
        var name: String
        var coordinator: Bool
        var formToken: String
    }

    var title: String
    var organiser: String
    var account: Account?
}

extension Frame: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "organiser": organiser
        case "account": account
        default: nil
        }
    }
}

extension Frame.Account: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "coordinator": coordinator
        case "formToken": formToken
        default: nil
        }
    }
}

/// A page: the frame and what the template shows.
struct PageValues<Content> {
    var frame: Frame
    var content: Content
}

/// Shows a refusal as a page (or JSON to a script): a ``ServiceError`` keeps its message and gets the
/// status its code means; an ``HTTPError`` keeps both.
struct ErrorPages: RouterMiddleware {
    typealias Context = WebContext
    let pages: Pages

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as ServiceError {
            return try page(request, status: ErrorPages.status(error.code), message: error.message)
        } catch let error as HTTPError {
            var response = try page(request, status: error.status, message: error.body ?? error.status.reasonPhrase)
            for field in error.headers { response.headers.append(field) }
            return response
        }
    }

    private func page(_ request: Request, status: HTTPResponse.Status, message: String) throws -> Response {
        if request.wantsJSON || request.isAPI { return try jsonResponse(["error": message], status: status) }
        let frame = Frame(title: status.reasonPhrase, organiser: "TrainingPlanner", account: nil)
        return try pages.render(
            "error", PageValues(frame: frame, content: ["status": String(status.code), "message": message]),
            status: status)
    }

    static func status(_ code: ServiceError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .invalidInput: .badRequest
        case .refused, .conflict: .conflict
        default: .internalServerError
        }
    }
}

/// The verify page.
struct VerifyPage {
    var code: String
    var certificate: CertificateView?
}

extension VerifyPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "certificate": certificate
        default: nil
        }
    }
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

extension CertificateView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "status": status
        case "valid": valid
        case "revoked": revoked
        case "code": code
        case "issuer": issuer
        case "holder": holder
        case "seminar": seminar
        case "programme": programme
        case "hoursAttended": hoursAttended
        case "hoursPlanned": hoursPlanned
        case "issuedOn": issuedOn
        case "revokedOn": revokedOn
        case "revocationReason": revocationReason
        default: nil
        }
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
