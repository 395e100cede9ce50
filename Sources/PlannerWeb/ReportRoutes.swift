import Foundation
import HTTPTypes
import Hummingbird
import PlannerCore
import PlannerServices

extension WebApp {
    /// The reports of `planner attendance report|equality` as HTML tables with CSV downloads. Monitoring
    /// data appear only as aggregates (the equal-opportunities counts by gender).
    func reportRoutes(_ routes: RouteGroup) {
        routes.get("reports") { request, context in
            let name = request.uri.queryParameters.get("show") ?? "attendance-offering"
            let period = try esfPeriod(request)
            let table = try report(name, context, period: period)
            struct Link {
                var name, title: String
                var current: Bool
            }
            let links = WebApp.reports.map { Link(name: $0.name, title: $0.title, current: $0.name == name) }
            var content: [String: Any] = [
                "links": links, "title": WebApp.reports.first { $0.name == name }?.title ?? name, "name": name,
                "header": table.header, "rows": table.rows.map { ["cells": $0] }, "empty": table.rows.isEmpty,
                "query": name == "esf" ? "?" + period.query : "",
            ]
            if name == "esf" {
                content["esf"] = [
                    "from": period.from.description, "to": period.to.description, "funder": period.funder ?? "",
                ]
            }
            return try pages.render("reports", PageValues(frame: try frame("Reports", context), content: content))
        }
        routes.get("reports/:file") { request, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".csv") else { throw HTTPError(.notFound) }
            let table = try report(String(file.dropLast(4)), context, period: try esfPeriod(request))
            return fileResponse(Array(table.csv.utf8), type: "text/csv; charset=utf-8", name: file)
        }
    }

    /// The reports offered, by name.
    static let reports: [(name: String, title: String)] = [
        ("attendance-offering", "Attendance by seminar"), ("attendance-cohort", "Attendance by cohort"),
        ("attendance-participant", "Attendance by participant"), ("low-attendance", "Below 80 % attendance"),
        ("equality-offering", "Equal opportunities by seminar"),
        ("equality-audience", "Equal opportunities by audience"),
        ("equality-funder", "Equal opportunities by funder"), ("esf", "ESF+ common output indicators"),
    ]

    /// The period (and funder) of the ESF+ indicators: `from`, `to` (YYYY-MM-DD) and `funder` in the query;
    /// by default the whole programme.
    private func esfPeriod(_ request: Request) throws -> (
        from: LocalDate, to: LocalDate, funder: String?, query: String
    ) {
        let query = request.uri.queryParameters
        func day(_ name: String, _ fallback: String) throws -> LocalDate {
            let given: String? = query.get(name).map { String($0) }
            let text = given.flatMap { $0.isEmpty ? nil : $0 } ?? fallback
            guard let date = LocalDate(iso: text) else {
                throw ServiceError(.invalidInput, "\(name) must be a date YYYY-MM-DD ('\(text)' is not)")
            }
            return date
        }
        let from = try day("from", "2000-01-01")
        let to = try day("to", "2099-12-31")
        guard from <= to else { throw ServiceError(.invalidInput, "the period must start before it ends") }
        let funder: String? = query.get("funder").map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
        let allowed = CharacterSet.alphanumerics.union(["-", "_", "."])
        return (
            from, to, funder,
            "from=\(from)&to=\(to)&funder=\(funder?.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        )
    }

    private func report(
        _ name: String, _ context: WebContext, period: (from: LocalDate, to: LocalDate, funder: String?, query: String)
    ) throws -> ReportTable {
        let reports = AttendanceReports(services(context))
        switch name {
        case "esf": return try reports.esf(from: period.from, to: period.to, funder: period.funder).table
        case "low-attendance": return try reports.attendance(by: .participant, below: 80).table
        case _ where name.hasPrefix("attendance-"):
            guard let grouping = AttendanceReports.Grouping(rawValue: String(name.dropFirst(11))) else { break }
            return try reports.attendance(by: grouping).table
        case _ where name.hasPrefix("equality-"):
            guard let grouping = AttendanceReports.EqualityGrouping(rawValue: String(name.dropFirst(9))) else { break }
            return try reports.equality(by: grouping).report.table
        default: break
        }
        throw ServiceError(.notFound, "no report '\(name)'")
    }
}
