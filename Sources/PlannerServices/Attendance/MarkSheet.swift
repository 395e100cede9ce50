import Foundation
import PlannerCore
import Workspace

/// What reading a trainer's CSV of marks found: positioned problems, and how many sessions it holds.
struct MarkSheet: Sendable {
    var diagnostics: [Diagnostic]
    var sessions: Int

    /// Reads the file into runs of one session each, handed to `channel` as they are complete.
    static func read(
        file input: InputFile, session: String?, into channel: HandOff<(key: SessionKey, entries: [MarkEntry])>
    ) -> MarkSheet {
        var diagnostics: [Diagnostic] = []
        var keys = Set<SessionKey>()
        var run: (text: String, key: SessionKey, entries: [MarkEntry])?
        var columns: (session: Int?, participant: Int?, status: Int?, minutes: Int?, remark: Int?)?
        var stopped = false
        func send() {
            guard let run, !run.entries.isEmpty else { return }
            channel.send((run.key, run.entries))
        }
        let file = input.name
        let (table, problems) = CSVTable.read(input.url, file: file) { row in
            if columns == nil {
                columns = (
                    row.index(of: "session"), row.index(of: "participant"), row.index(of: "status"),
                    row.index(of: "minutes"), row.index(of: "remark")
                )
            }
            // Once the writer has given up, nothing more is collected (looked at once per session, not per row).
            guard let columns, !stopped else { return }
            // Missing columns are reported once, from the header.
            guard columns.participant != nil, columns.status != nil, columns.session != nil || session != nil
            else { return }
            let keyText = row[column: columns.session] ?? session
            if keyText != run?.text {
                guard let keyText, let key = SessionKey(keyText) else {
                    diagnostics.append(
                        .error(
                            "'\(keyText ?? "")' is not a session (OFFERING#COHORT/INDEX)", file: file,
                            line: row.number, column: columns.session ?? 1))
                    return
                }
                send()
                if channel.isCancelled {
                    stopped = true
                    return
                }
                keys.insert(key)
                var entries: [MarkEntry] = []
                entries.reserveCapacity(run?.entries.count ?? 0)
                run = (keyText, key, entries)
            }
            guard let participant = row[column: columns.participant], let status = row[column: columns.status]
            else {
                diagnostics.append(
                    .error(
                        "participant and status are required", file: file, line: row.number,
                        column: columns.participant ?? 1))
                return
            }
            var minutes: Int?
            if let text = row[column: columns.minutes] {
                guard let value = Int(text), value >= 0 else {
                    diagnostics.append(
                        .error(
                            "'\(text)' is not a number of minutes", file: file, line: row.number,
                            column: columns.minutes ?? 1))
                    return
                }
                minutes = value
            }
            run?.entries.append(
                MarkEntry(
                    participantID: participant, status: status, minutes: minutes,
                    remark: row[column: columns.remark], line: row.number))
        }
        send()
        diagnostics += problems
        if let table {
            for column in ["participant", "status"] where !table.header.contains(column) {
                diagnostics.append(
                    .error(
                        "missing column '\(column)' (it has: \(table.header.joined(separator: ", ")))", file: file,
                        line: 1, column: 1))
            }
            if !table.header.contains("session") && session == nil {
                diagnostics.append(.error("no 'session' column and no --session", file: file, line: 1, column: 1))
            }
        }
        return MarkSheet(diagnostics: diagnostics, sessions: keys.count)
    }
}
