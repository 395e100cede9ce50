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

/// The JSON API: its OpenAPI document and its routes are the same list, its answers match the document
/// (checked by openapi-spec-validator and jsonschema, not by us), and it refuses as the pages do.
@Suite(.serialized) struct APITests {
    /// A route of the router as the document writes it: `get /api/v1/sessions/{offering}/…`.
    static func documented(_ entry: RouteEntry) -> String {
        let path = entry.path.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
        }
        return "\(entry.method.rawValue.lowercased()) " + path.joined(separator: "/")
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedCallIsARoute() async throws {
        let folder = try TemporaryFolder()
        let (context, _) = try await certifiedWorkspace(folder.url)
        let server = webServer(context)
        let routes = Set(try server.routes().filter { $0.path.hasPrefix("/api/") }.map(Self.documented))
        let app = Application(router: try server.router())
        let document = try await app.test(.router) { client in
            try await send(client, .get, "/api/v1/openapi.json").text
        }
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        let operations = Set(paths.flatMap { path, methods in methods.keys.map { "\($0) \(path)" } })
        #expect(routes.count >= 6)
        #expect(
            routes == operations,
            "routes not documented: \(routes.subtracting(operations)); documented, not routes: \(operations.subtracting(routes))"
        )
    }

    @Test func theAPIAnswersByRoleAndEveryAnswerMatchesTheDocument() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let tomLink = try Accounts(context).add("tom", role: .trainer, trainer: teaching.trainer)
        let coraLink = try Accounts(context).add("cora", role: .coordinator)
        let own =
            "/api/v1/sessions/\(teaching.session.cohort.offeringID)/\(teaching.session.cohort.number)/"
            + "\(teaching.session.index)"
        let other =
            "/api/v1/sessions/\(teaching.otherSession.cohort.offeringID)/"
            + "\(teaching.otherSession.cohort.number)/\(teaching.otherSession.index)"
        let sessionPath = "/api/v1/sessions/{offering}/{cohort}/{index}"
        let app = Application(router: try webServer(context).router())
        // Each answer as a case for the oracle: {path, method, status, body}, in JSON.
        let cases: [String] = try await app.test(.router) { client in
            var cases: [String] = []
            let tom = try await setUp(client, link: tomLink)
            let cora = try await setUp(client, link: coraLink)
            /// One call; its answer is kept to be checked against the document.
            func call(
                _ method: HTTPRequest.Method, _ uri: String, documented: String, as visitor: Visitor = .anonymous,
                json: String? = nil, token: String? = nil, expect status: HTTPResponse.Status
            ) async throws -> Any? {
                var headers: HTTPFields = [:]
                if let cookie = visitor.cookie { headers[.cookie] = cookie }
                if let token { headers[HTTPField.Name("X-CSRF-Token")!] = token }
                if json != nil { headers[.contentType] = "application/json" }
                let response = try await client.execute(
                    uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }
                ) { $0 }
                #expect(response.status == status, "\(method) \(uri): \(response.text)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(uri)")
                let body = try JSONSerialization.jsonObject(with: Data(response.text.utf8))
                let method = method.rawValue.lowercased()
                cases.append(
                    #"{"path": "\#(documented)", "method": "\#(method)", "status": \#(response.status.code), "body": \#(response.text)}"#
                )
                return body
            }
            // Anyone: the document and verification; nothing else without signing in.
            let valid = try await call(.get, "/api/v1/verify/\(code)", documented: "/api/v1/verify/{code}", expect: .ok)
            #expect((valid as? [String: Any])?["status"] as? String == "valid")
            _ = try await call(
                .get, "/api/v1/verify/AAAAA-BBBBB-CCCCC", documented: "/api/v1/verify/{code}", expect: .notFound)
            _ = try await call(.get, "/api/v1/sessions", documented: "/api/v1/sessions", expect: .unauthorized)
            _ = try await call(.get, own, documented: sessionPath, expect: .unauthorized)
            // A trainer: own sessions and roll-call; another's is forbidden; coordinators' lists too.
            let sessions = try await call(
                .get, "/api/v1/sessions", documented: "/api/v1/sessions", as: tom, expect: .ok)
            let listed = (sessions as? [[String: Any]] ?? []).map { "\($0["offering"] ?? "")#\($0["cohort"] ?? "")" }
            #expect(listed.contains(teaching.session.cohort.label))
            #expect(!listed.contains(teaching.otherSession.cohort.label))
            let roll = try await call(.get, own, documented: sessionPath, as: tom, expect: .ok)
            let people = ((roll as? [String: Any])?["people"] as? [[String: Any]] ?? []).compactMap {
                $0["id"] as? String
            }
            #expect(people == ["P01", "P02"])
            _ = try await call(.get, other, documented: sessionPath, as: tom, expect: .forbidden)
            _ = try await call(
                .get, "/api/v1/certificates", documented: "/api/v1/certificates", as: tom, expect: .forbidden)
            // A mark: the form token is required; the rules are the command line's; safe to repeat.
            let marks = sessionPath + "/marks"
            let late = #"{"participant": "P02", "status": "late", "late_minutes": 10}"#
            _ = try await call(.post, own + "/marks", documented: marks, as: tom, json: late, expect: .forbidden)
            let first = try await call(
                .post, own + "/marks", documented: marks, as: tom, json: late, token: tom.formToken, expect: .ok)
            #expect((first as? [String: Any])?["changed"] as? Bool == true)
            let again = try await call(
                .post, own + "/marks", documented: marks, as: tom, json: late, token: tom.formToken, expect: .ok)
            #expect((again as? [String: Any])?["changed"] as? Bool == false)
            _ = try await call(
                .post, own + "/marks", documented: marks, as: tom,
                json: #"{"participant": "P07", "status": "present"}"#,
                token: tom.formToken, expect: .conflict)
            _ = try await call(
                .post, own + "/marks", documented: marks, as: tom, json: #"{"who": "P01"}"#, token: tom.formToken,
                expect: .badRequest)
            _ = try await call(
                .post, other + "/marks", documented: marks, as: tom, json: late, token: tom.formToken,
                expect: .forbidden)
            // A coordinator: the certificates.
            let certificates = try await call(
                .get, "/api/v1/certificates", documented: "/api/v1/certificates", as: cora, expect: .ok)
            #expect((certificates as? [[String: Any]])?.contains { $0["code"] as? String == code } == true)
            return cases
        }
        let stored = try #require(
            try Marking(context).marks(session: teaching.session).first { $0.participantID == "P02" })
        #expect(stored.status == "late" && stored.markedBy == "tom")
        #expect(try Marking(context).history(session: teaching.session).filter { $0.actor == "tom" }.count == 1)
        // The answers, checked against the document by tools that are not ours.
        let spec = Repository.root.appendingPathComponent("Sources/PlannerWeb/Templates/openapi.json").path
        let file = folder.url.appendingPathComponent("cases.json")
        try Data(("[" + cases.joined(separator: ",\n") + "]").utf8).write(to: file)
        let report = try runText(
            Repository.python,
            [Repository.root.appendingPathComponent("Tests/oracles/check_openapi.py").path, spec, file.path])
        #expect(report.contains("\(cases.count) response(s) checked, 0 problem(s)"), "\(report)")
    }

    @Test func theAPIIsRateLimitedPerClient() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let app = Application(router: try webServer(context, apiLimit: RateLimit(requests: 3, per: 60)).router())
        try await app.test(.router) { client in
            for _ in 0..<3 {
                #expect(try await send(client, .get, "/api/v1/verify/\(code)").status == .ok)
            }
            let refused = try await send(client, .get, "/api/v1/sessions")
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // The pages keep their own limits.
            #expect(try await send(client, .get, "/verify/\(code)").status == .ok)
        }
    }
}
