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

/// Who may call what. The matrix below must list every route the router has (a new route fails this
/// test until it is placed), and each role is tried on each route.
@Suite(.serialized) struct RoleMatrixTests {
    static let matrix: [String: Access] = [
        "GET /": .anyone, "GET /static/site.css": .anyone, "GET /static/rollcall.js": .anyone,
        "GET /issuer": .anyone, "GET /issuer/jwks.json": .anyone,
        "GET /verify": .anyone, "GET /verify/:code": .anyone,
        "GET /login": .anyone, "POST /login": .anyone, "GET /setup/:token": .anyone, "POST /setup/:token": .anyone,
        "POST /logout": .signedIn,
        "GET /p/:token": .participantLink, "GET /feeds/:file": .participantLink, "POST /trainer/feed": .trainer,
        "GET /p/:token/calendar.ics": .participantLink,
        "GET /trainer": .trainer, "GET /trainer/sessions/:offering/:cohort/:index": .trainer,
        "POST /trainer/sessions/:offering/:cohort/:index/marks": .trainer,
        "POST /trainer/sessions/:offering/:cohort/:index/rest": .trainer,
        "POST /trainer/sessions/:offering/:cohort/:index/walk-in": .trainer,
        "GET /trainer/sessions/:offering/:cohort/:index/sign-in.pdf": .trainer,
        "GET /coordinator": .coordinator, "GET /coordinator/imports": .coordinator,
        "GET /coordinator/schedule": .coordinator, "POST /coordinator/schedule/solve": .coordinator,
        "POST /coordinator/schedule/stop": .coordinator, "POST /coordinator/schedule/publish": .coordinator,
        "GET /coordinator/schedule/export/:format": .coordinator, "GET /coordinator/reports": .coordinator,
        "GET /coordinator/reports/:file": .coordinator,
        "POST /coordinator/imports/planning": .coordinator, "POST /coordinator/imports/curricula": .coordinator,
        "GET /coordinator/accounts": .coordinator,
        "POST /coordinator/accounts": .coordinator, "POST /coordinator/accounts/:name/reset": .coordinator,
        "POST /coordinator/accounts/:name/disable": .coordinator,
        "POST /coordinator/accounts/:name/enable": .coordinator, "GET /coordinator/participants": .coordinator,
        "POST /coordinator/participants/:id/link": .coordinator,
        "POST /coordinator/participants/:id/unlink": .coordinator,
        "GET /coordinator/certificates": .coordinator, "POST /coordinator/certificates/issue": .coordinator,
        "POST /coordinator/certificates/:code/revoke": .coordinator,
        "GET /coordinator/certificates/:code/pdf": .coordinator, "GET /coordinator/certificates/all.pdf": .coordinator,
        "GET /p/:token/certificates/:code": .participantLink,
        "GET /coordinator/registrations": .coordinator,
        "GET /coordinator/registrations/:offering/:cohort": .coordinator,
        "POST /coordinator/registrations/:offering/:cohort/register": .coordinator,
        "POST /coordinator/registrations/:offering/:cohort/:id/cancel": .coordinator,
        "GET /coordinator/participants/:id": .coordinator, "GET /coordinator/participants/:id/export": .coordinator,
        "POST /coordinator/participants/:id/erase": .coordinator,
        "POST /coordinator/participants/:id/marks": .coordinator,
        "GET /api/v1/openapi.json": .anyone, "GET /api/v1/verify/:code": .anyone, "GET /api/v1/sessions": .trainer,
        "GET /api/v1/sessions/:offering/:cohort/:index": .trainer,
        "POST /api/v1/sessions/:offering/:cohort/:index/marks": .trainer, "GET /api/v1/certificates": .coordinator,
    ]

    @Test func everyRouteIsInTheMatrix() throws {
        let folder = try TemporaryFolder()
        let routes = try PlannerWebServer(context: context(folder.url)).routes()
        let listed = Dictionary(routes.map { ("\($0.method) \($0.path)", $0.access) }, uniquingKeysWith: { a, _ in a })
        #expect(routes.count == listed.count, "no route registered twice")
        for (route, access) in listed {
            #expect(
                Self.matrix[route] == access,
                "\(route) is \(access.rawValue); the matrix says \(String(describing: Self.matrix[route]))")
        }
        for route in Self.matrix.keys where listed[route] == nil {
            Issue.record("the matrix lists \(route), which the router does not have")
        }
    }

    @Test func eachRoleGetsWhatTheMatrixSaysOnEveryRoute() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let accounts = Accounts(context)
        let token = String(try ParticipantLinks(context).issue("P01").dropFirst(3))
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let coordinator = try await setUp(client, link: try accounts.add("claire", role: .coordinator))
            let trainer = try await setUp(
                client, link: try accounts.add("tom", role: .trainer, trainer: teaching.trainer))
            _ = try accounts.add("other", role: .trainer, trainer: teaching.otherTrainer)
            let visitors: [(String, Visitor, Set<Access>)] = [
                ("anonymous", .anonymous, [.anyone, .participantLink]),
                ("trainer", trainer, [.anyone, .participantLink, .signedIn, .trainer]),
                ("coordinator", coordinator, Set(Access.allCases)),
            ]
            for (role, visitor, allowed) in visitors {
                for (route, access) in Self.matrix.sorted(by: { $0.key < $1.key }) where route != "POST /logout" {
                    let parts = route.split(separator: " ", maxSplits: 1)
                    let method: HTTPRequest.Method = parts[0] == "GET" ? .get : .post
                    let uri = String(parts[1]).replacingOccurrences(of: ":code", with: code)
                        .replacingOccurrences(of: ":token", with: token)
                        .replacingOccurrences(of: ":offering", with: teaching.session.cohort.offeringID)
                        .replacingOccurrences(of: ":cohort", with: String(teaching.session.cohort.number))
                        .replacingOccurrences(of: ":index", with: String(teaching.session.index))
                        .replacingOccurrences(of: ":name", with: "other").replacingOccurrences(of: ":id", with: "P02")
                        .replacingOccurrences(of: ":format", with: "schedule.csv")
                        .replacingOccurrences(of: ":file", with: "attendance-offering.csv")
                    let form: [(String, String)]? =
                        method == .post
                        ? [
                            ("csrf", visitor.formToken ?? ""), ("participant", "P01"), ("status", "present"),
                            ("name", "new-\(role)"), ("role", "coordinator"), ("password", "x"), ("repeated", "x"),
                            ("seconds", "1"),
                        ] : nil
                    let api = uri.hasPrefix("/api/")
                    // An API call sends JSON and its token in a header.
                    var headers: HTTPFields = [:]
                    if api, method == .post {
                        headers[.contentType] = "application/json"
                        headers[HTTPField.Name("X-CSRF-Token")!] = visitor.formToken ?? ""
                        if let cookie = visitor.cookie { headers[.cookie] = cookie }
                    }
                    let response =
                        api && method == .post
                        ? try await client.execute(
                            uri: uri, method: method, headers: headers,
                            body: ByteBuffer(string: #"{"participant": "P01", "status": "present"}"#)
                        ) { $0 }
                        : try await send(client, method, uri, as: visitor, form: form)
                    let status = response.status.code
                    if route == "POST /login" {
                        #expect(status == 401, "a wrong password is refused, for anyone")
                    } else if allowed.contains(access) {
                        #expect(
                            ![401, 403].contains(status) && response.headers[.location]?.hasPrefix("/login") != true,
                            "\(role) may \(route): got \(status)")
                        #expect(status < 500, "\(role) \(route): \(status) \(response.text.prefix(200))")
                    } else if method == .get {
                        let expected = visitor.cookie == nil ? (api ? 401 : 303) : 403
                        #expect(status == expected, "\(role) may not \(route): got \(status)")
                    } else {
                        #expect(
                            status == (visitor.cookie == nil ? 401 : 403), "\(role) may not \(route): got \(status)")
                    }
                }
            }
            // Per object: a participant link opens its own records only; a made-up one opens nothing.
            #expect(try await send(client, .get, "/p/\(String(repeating: "A", count: 43))").status == .notFound)
            // And a trainer reaches their own sessions only.
            let other = try await send(client, .get, path(teaching.otherSession), as: trainer)
            #expect(other.status == .forbidden)
        }
    }

    /// Monitoring data (beyond gender, special categories above all) appear on no page and in no response,
    /// for any role: sentinel values are planted and every page is crawled.
    @Test func plantedMonitoringDataAppearNowhere() async throws {
        let folder = try TemporaryFolder()
        let (context, code) = try await certifiedWorkspace(folder.url)
        let teaching = try Teaching(context)
        let accounts = Accounts(context)
        let sentinels = [
            "SENTINEL-DISABILITY", "SENTINEL-MINORITY", "SENTINEL-EMPLOYMENT", "1903", "sentinel@mail.invalid",
        ]
        _ = try runText(
            "/usr/bin/sqlite3",
            [
                folder.url.appendingPathComponent(workspaceDatabaseFileName).path,
                """
                UPDATE participant_monitoring SET disability = 'SENTINEL-DISABILITY', minority = 'SENTINEL-MINORITY',
                    employment_status = 'SENTINEL-EMPLOYMENT', birth_year = 1903;
                UPDATE participant SET email = 'sentinel@mail.invalid';
                """,
            ])
        let token = String(try ParticipantLinks(context).issue("P01").dropFirst(3))
        let app = Application(router: try webServer(context).router())
        try await app.test(.router) { client in
            let coordinator = try await setUp(client, link: try accounts.add("claire", role: .coordinator))
            let trainer = try await setUp(
                client, link: try accounts.add("tom", role: .trainer, trainer: teaching.trainer))
            var pages: Set<String> = [
                "/", "/verify/\(code)", "/verify/\(code).json", "/issuer", "/p/\(token)", "/p/\(token)/calendar.ics",
                "/trainer", path(teaching.session), "/coordinator", "/coordinator/accounts",
                "/coordinator/participants",
                "/login",
            ]
            var crawled = 0
            for visitor in [Visitor.anonymous, trainer, coordinator] {
                var queue = Array(pages)
                var seen: Set<String> = []
                while let page = queue.popLast() {
                    guard seen.insert(page).inserted else { continue }
                    let response = try await send(client, .get, page, as: visitor)
                    crawled += 1
                    for sentinel in sentinels {
                        #expect(!response.text.contains(sentinel), "\(page) shows \(sentinel)")
                    }
                    // Follow the links of the page that stay on this site.
                    for match in response.text.matches(of: /href="(\/[^"#]*)"/) {
                        let link = String(match.1)
                        // Not followed: a person's export, which answers a subject access request with
                        // everything held about them (ParticipantPageTests checks it and its history line).
                        if !link.hasPrefix("/static"), !link.hasSuffix(".pdf"), !link.hasSuffix("/export"),
                            !seen.contains(link)
                        {
                            queue.append(link)
                            pages.insert(link)
                        }
                    }
                }
            }
            #expect(crawled > 30)
        }
    }
}
