import Foundation
import HTTPTypes
import Hummingbird
import PlannerServices

extension WebApp {
    /// The reports of `planner attendance report|equality` as HTML tables with CSV downloads. Monitoring
    /// data appear only as aggregates (the equal-opportunities counts by gender).
    func reportRoutes(_ routes: RouteGroup) {
        routes.get("reports") { request, context in
            let name = request.uri.queryParameters.get("show") ?? "attendance-offering"
            let table = try report(name, context)
            struct Link {
                var name, title: String
                var current: Bool
            }
            let links = WebApp.reports.map { Link(name: $0.name, title: $0.title, current: $0.name == name) }
            let content: [String: Any] = [
                "links": links, "title": WebApp.reports.first { $0.name == name }?.title ?? name, "name": name,
                "header": table.header, "rows": table.rows.map { ["cells": $0] }, "empty": table.rows.isEmpty,
            ]
            return try pages.render("reports", PageValues(frame: try frame("Reports", context), content: content))
        }
        routes.get("reports/:file") { _, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".csv") else { throw HTTPError(.notFound) }
            let table = try report(String(file.dropLast(4)), context)
            return fileResponse(Array(table.csv.utf8), type: "text/csv; charset=utf-8", name: file)
        }
    }

    /// The reports offered, by name.
    static let reports: [(name: String, title: String)] = [
        ("attendance-offering", "Attendance by seminar"), ("attendance-cohort", "Attendance by cohort"),
        ("attendance-participant", "Attendance by participant"), ("low-attendance", "Below 80 % attendance"),
        ("equality-offering", "Equal opportunities by seminar"),
        ("equality-audience", "Equal opportunities by audience"),
        ("equality-funder", "Equal opportunities by funder"),
    ]

    private func report(_ name: String, _ context: WebContext) throws -> ReportTable {
        let reports = AttendanceReports(services(context))
        switch name {
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
