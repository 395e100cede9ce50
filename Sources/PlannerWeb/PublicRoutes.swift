import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PlannerServices

extension WebApp {
    /// The home page and the static files.
    func publicRoutes(_ routes: RouteGroup) {
        routes.get { _, context in
            try pages.render("home", PageValues(frame: try frame("Check a certificate", context), content: ""))
        }
        routes.get("static/site.css") { _, _ in
            var response = fileResponse(PackageResources.site_css, type: "text/css; charset=utf-8")
            response.headers[.cacheControl] = "max-age=3600"
            return response
        }
        routes.get("static/rollcall.js") { _, _ in
            var response = fileResponse(PackageResources.rollcall_js, type: "text/javascript; charset=utf-8")
            response.headers[.cacheControl] = "max-age=3600"
            return response
        }
        let office = CertificateOffice(server.context)
        routes.get("issuer") { _, _ in try jsonResponse(IssuerJSON(try office.issuerProfile())) }
        routes.get("issuer/jwks.json") { _, _ in
            let profile = try office.issuerProfile()
            return try jsonResponse(["keys": profile.publicJWK.map { [$0] } ?? []])
        }
    }

    /// `/verify?code=` (the form) and `/verify/{code}` with its JSON form.
    func verifyRoutes(_ routes: RouteGroup) {
        let office = CertificateOffice(server.context)
        routes.get { request, _ in
            guard let code = request.uri.queryParameters.get("code"), !code.isEmpty else { return redirect("/") }
            // A form sends spaces as '+'; codes are read forgiving case and separators.
            let typed = code.replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces).uppercased()
                .replacingOccurrences(of: " ", with: "-")
            return redirect(
                "/verify/" + (typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-"])) ?? ""))
        }
        routes.get(":code") { _, context in
            var code = try context.parameters.require("code")
            let json = code.hasSuffix(".json")
            if json { code.removeLast(5) }
            let record = try office.publicRecord(code: code)
            let status: HTTPResponse.Status = record == nil ? .notFound : .ok
            if json {
                return try jsonResponse(record.map(VerifyJSON.init) ?? VerifyJSON(unknown: code), status: status)
            }
            let title = record.map { "Certificate \($0.code)" } ?? "Unknown code"
            return try pages.render(
                "verify",
                PageValues(
                    frame: try frame(title, context, organiser: record?.issuer),
                    content: VerifyPage(code: record?.code ?? code, certificate: record.map(CertificateView.init))),
                status: status)
        }
    }
}
