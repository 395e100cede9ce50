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

/// Uploads through the coordinator's Imports page: the importers' positioned errors, all or nothing, the
/// size limit, and the form token.
@Suite(.serialized) struct ImportTests {
    /// A `multipart/form-data` body as a browser sends it.
    static func multipart(token: String?, files: [(name: String, content: String)]) -> (String, ByteBuffer) {
        let boundary = "----TrainingPlannerTest7MA4YWxkTrZu0gW"
        var text = ""
        if let token {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n"
        }
        for file in files {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\n"
            text += "Content-Type: text/csv\r\n\r\n\(file.content)\r\n"
        }
        text += "--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(string: text))
    }

    @Test func aPlanningUploadLandsWholeOrShowsItsErrorsAndChangesNothing() async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let link = try Accounts(context).add("claire", role: .coordinator)
        let venues = try String(
            contentsOfFile: try #require(Repository.planningFiles.first { $0.hasSuffix("venues.csv") }), encoding: .utf8
        )
        let header = String(venues.split(separator: "\n")[0])
        let before = try ScheduleBook(context).planning().venues
        var server = webServer(context)
        server.uploadLimit = 1_048_576
        let app = Application(router: try server.router())
        try await app.test(.router) { client in
            let claire = try await setUp(client, link: link)
            func upload(_ files: [(name: String, content: String)], token: String?) async throws -> TestResponse {
                let (type, body) = Self.multipart(token: token, files: files)
                return try await client.execute(
                    uri: "/coordinator/imports/planning", method: .post,
                    headers: [.cookie: claire.cookie ?? "", .contentType: type], body: body
                ) { $0 }
            }
            let bad = try await upload(
                [("venues.csv", header + "\nNEW-HALL;New hall;Liège;Rue 1;many;;yes;0;EUR;Town;\n")],
                token: claire.formToken)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("venues.csv:2:5: error: &#39;many&#39; is not a whole number"))
            #expect(try ScheduleBook(context).planning().venues == before, "nothing written")
            // Without the form token: refused before anything is read into the workspace.
            let forged = try await upload(
                [("venues.csv", header + "\nNEW-HALL;New hall;Liège;Rue 1;30;;yes;0;EUR;Town;\n")], token: nil)
            #expect(forged.status == .forbidden)
            #expect(try ScheduleBook(context).planning().venues == before)
            // The same file, right: it lands.
            let good = try await upload(
                [("venues.csv", header + "\nNEW-HALL;New hall;Liège;Rue 1;30;;yes;0;EUR;Town;\n")],
                token: claire.formToken)
            #expect(good.status == .ok)
            #expect(good.text.contains("Imported: 1 venues"))
            #expect(try ScheduleBook(context).planning().venues.contains { $0.id == "NEW-HALL" && $0.capacity == 30 })
            // Over the size limit: 413, nothing written.
            let huge = String(repeating: "x", count: 1_048_577)
            let tooLarge = try await upload([("venues.csv", huge)], token: claire.formToken)
            #expect(tooLarge.status == .contentTooLarge)
        }
        let history = try WorkspaceSetup.history(in: context).filter { $0.action.hasPrefix("planning") }
        #expect(history.last?.actor == "claire", "the import is recorded under the signed-in account")
    }
}
