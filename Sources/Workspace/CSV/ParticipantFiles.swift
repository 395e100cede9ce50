public import Foundation
public import PlannerCore

/// Reads `participants.csv` (docs/formats.md): identity columns and monitoring columns.
public enum ParticipantFile {
    static let known = [
        "id", "email", "family_name", "given_name", "organisation", "organisation_type", "audience", "gender",
        "birth_year", "employment_status", "education_level", "disability", "minority",
    ]

    /// Reads a file; every problem is positioned, and records come back only when there is none.
    public static func read(_ url: URL, file: String) -> ([ParticipantRecord], [Diagnostic]) {
        let (table, problems) = CSVTable.read(url, file: file)
        guard let table else { return ([], problems) }
        var diagnostics = problems
        for required in ["family_name", "given_name"] where !table.header.contains(required) {
            diagnostics.append(
                .error(
                    "participants file lacks column '\(required)' (it has: \(table.header.joined(separator: ", ")))",
                    file: file, line: 1, column: 1))
        }
        if !table.header.contains("id") && !table.header.contains("email") {
            diagnostics.append(
                .error("participants file needs an 'id' or an 'email' column", file: file, line: 1, column: 1))
        }
        if diagnostics.containsErrors { return ([], diagnostics) }
        for (index, name) in table.header.enumerated() where !known.contains(name) {
            diagnostics.append(.warning("unknown column '\(name)' is ignored", file: file, line: 1, column: index + 1))
        }
        var fields = FieldReader(file: file)
        var records: [ParticipantRecord] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let email = row["email"]
            if let email, !email.contains("@") { fields.error("'\(email)' is not an e-mail address", row, "email") }
            guard let id = row["id"] ?? email?.lowercased() else {
                fields.error("a participant needs an id or an e-mail", row, "id")
                continue
            }
            if let first = seen[id] {
                fields.error(
                    "duplicate participant '\(id)' (first on row \(first))", row, row["id"] == nil ? "email" : "id")
                continue
            }
            seen[id] = row.number
            guard let family = fields.required(row, "family_name"), let given = fields.required(row, "given_name")
            else {
                continue
            }
            func choice<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type, default value: T) -> T
            where T.RawValue == String {
                guard let text = row[column] else { return value }
                if let parsed = T(rawValue: text.lowercased()) { return parsed }
                fields.error(
                    "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", row, column)
                return value
            }
            var monitoring = MonitoringData(gender: choice("gender", Gender.self, default: .notStated))
            if row["birth_year"] != nil { monitoring.birthYear = fields.int(row, "birth_year", 1900...2030) }
            if row["employment_status"] != nil {
                monitoring.employment = choice("employment_status", EmploymentStatus.self, default: .notStated)
            }
            if let education = row["education_level"] {
                let digits = education.lowercased().replacingOccurrences(of: "isced", with: "")
                    .trimmingCharacters(in: .whitespaces)
                if let level = Int(digits), (0...8).contains(level) {
                    monitoring.iscedLevel = level
                } else if digits != "refused" && digits != "not-stated" {
                    fields.error("'\(education)' is not an ISCED level 0–8 (or refused)", row, "education_level")
                }
            }
            if row["disability"] != nil {
                monitoring.disability = choice("disability", SpecialCategoryAnswer.self, default: .refused)
            }
            if row["minority"] != nil {
                monitoring.minority = choice("minority", SpecialCategoryAnswer.self, default: .refused)
            }
            let participant = Participant(
                id: id, familyName: family, givenName: given, organisation: row["organisation"] ?? "",
                organisationType: choice("organisation_type", OrganisationType.self, default: .other),
                audience: choice("audience", Audience.self, default: .other))
            records.append(ParticipantRecord(participant: participant, email: email, monitoring: monitoring))
        }
        diagnostics += fields.diagnostics
        return (diagnostics.containsErrors ? [] : records, diagnostics)
    }
}
