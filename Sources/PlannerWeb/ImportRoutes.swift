import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

extension WebApp {
    /// Uploads of planning files and curricula, read by the importers the command line uses: the same
    /// `file:line:col` diagnostics, and nothing written when any file has an error.
    func importRoutes(_ routes: RouteGroup) {
        routes.get("imports") { _, context in try importsPage(context, result: nil) }
        routes.post("imports/planning") { request, context in
            try await importing(request, context) { files, services in
                let outcome = try await ImportPlanning(files: files).run(in: services)
                let counts = outcome.summary.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                return (counts.joined(separator: ", "), outcome.warnings)
            }
        }
        routes.post("imports/curricula") { request, context in
            try await importing(request, context) { files, services in
                let outcome = try await ImportCurricula(files: files).run(in: services)
                return (
                    "\(outcome.summary.created.count) curricula created, \(outcome.summary.updated.count) updated",
                    outcome.reports.flatMap(\.diagnostics)
                )
            }
        }
    }

    /// The result of an import as the page shows it.
    struct ImportResult {
        var ok: Bool
        var message: String
        var diagnostics: [String]
        var hasDiagnostics: Bool

        init(ok: Bool, message: String, diagnostics: [String]) {
            self.ok = ok
            self.message = message
            self.diagnostics = diagnostics
            hasDiagnostics = !diagnostics.isEmpty
        }
    }

    private func importing(
        _ request: Request, _ context: WebContext,
        _ body: ([InputFile], ServiceContext) async throws -> (String, [Diagnostic])
    ) async throws -> Response {
        let upload = try await Upload(request, limit: server.uploadLimit)
        try context.checkFormToken(upload.fields["csrf"])
        guard !upload.files.isEmpty else {
            return try importsPage(
                context, result: ImportResult(ok: false, message: "Choose at least one file.", diagnostics: []),
                status: .badRequest)
        }
        do {
            let (summary, warnings) = try await body(upload.files, services(context))
            return try importsPage(
                context,
                result: ImportResult(
                    ok: true, message: "Imported: \(summary).", diagnostics: warnings.map(\.description)))
        } catch let error as ServiceError where error.code == .invalidInput {
            return try importsPage(
                context,
                result: ImportResult(
                    ok: false, message: error.message, diagnostics: error.diagnostics.map(\.description)),
                status: .badRequest)
        }
    }

    private func importsPage(_ context: WebContext, result: ImportResult?, status: HTTPResponse.Status = .ok) throws
        -> Response
    {
        var content: [String: Any] = ["limit": String(max(1, server.uploadLimit / 1_048_576))]
        if let result { content["result"] = result }
        return try pages.render(
            "imports", PageValues(frame: try frame("Imports", context), content: content), status: status)
    }
}
