import ArgumentParser
import Attendance
import Documents
import Foundation
import PlannerCore
import Workspace

extension Planner {
    /// `planner attendance …`: registrations, marks, sheets, reports.
    struct AttendanceGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attendance",
            abstract: "Register participants, record who attended, print sign-in sheets, report hours and indicators.",
            subcommands: [
                Register.self, Cancel.self, Registrations.self, Mark.self, ImportMarks.self, RollCall.self,
                History.self,
                Sheet.self, Report.self, Equality.self, ESF.self, Statuses.self,
            ])
    }
}

/// Reads a session key or fails with a message that shows the form.
func sessionKey(_ text: String) throws -> SessionKey {
    guard let key = SessionKey(text) else {
        throw ValidationError("'\(text)' is not a session: write OFFERING#COHORT/INDEX, e.g. SEM1-ADM#1/2")
    }
    return key
}

func cohortKey(_ text: String) throws -> Cohort {
    guard let cohort = Cohort(label: text) else {
        throw ValidationError("'\(text)' is not a cohort: write OFFERING#COHORT, e.g. SEM1-ADM#1")
    }
    return cohort
}

/// Basis points as a percentage for people: 8000 → "80.0 %".
func percent(_ basisPoints: Int) -> String { String(format: "%.1f %%", Double(basisPoints) / 100) }

/// Minutes as hours for people: 210 → "3.50".
func hours(_ minutes: Int) -> String { String(format: "%ld.%02ld", minutes / 60, (minutes % 60) * 100 / 60) }

extension Planner.AttendanceGroup {
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register participants for a cohort: a seat while there is one, else the waiting list.")
        @Argument(help: "Cohort, e.g. SEM1-ADM#1.") var cohort: String
        @Argument(help: "Participant ids.") var participants: [String]
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cohort = try cohortKey(self.cohort)
            let workspace = try global.openWorkspace()
            let capacity = try workspace.capacity(of: cohort)
            let outcomes: [RegistrationOutcome]
            do {
                outcomes = try workspace.register(participants, in: cohort, at: currentTime())
            } catch let error as WorkspaceError {
                throw CommandFailure(String(describing: error) + "; nobody was registered")
            }
            for (participant, outcome) in zip(participants, outcomes) {
                switch outcome {
                case .registered: print("\(participant): registered for \(cohort.label)")
                case .waiting(let position):
                    print(
                        "\(participant): \(cohort.label) is full (\(capacity ?? 0) seats); waiting list position \(position)"
                    )
                case .unchanged(let status):
                    print("\(participant): already \(status.rawValue) for \(cohort.label); nothing changed")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a registration; the first person waiting takes the free seat.")
        @Argument(help: "Cohort.") var cohort: String
        @Argument(help: "Participant id.") var participant: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cohort = try cohortKey(self.cohort)
            do {
                let promoted = try global.openWorkspace().cancel(participant, in: cohort, at: currentTime())
                print("\(participant): cancelled for \(cohort.label)")
                if let promoted { print("\(promoted): moved from the waiting list to a seat") }
            } catch let error as WorkspaceError {
                throw CommandFailure(String(describing: error))
            }
        }
    }

    struct Registrations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a cohort's registrations in arrival order.")
        @Argument(help: "Cohort.") var cohort: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cohort = try cohortKey(self.cohort)
            let workspace = try global.openWorkspace()
            var table = TextTable("participant", "family name", "given name", "status")
            for (record, status) in try workspace.registrations(of: cohort) {
                table.add(
                    record.participant.id, record.participant.familyName, record.participant.givenName, status.rawValue)
            }
            switch global.format {
            case .json: try printJSON(table.rows.map { ["participant": $0[0], "status": $0[3]] })
            case .csv: print(table.csv, terminator: "")
            case .table:
                print("\(cohort.label): \(try workspace.capacity(of: cohort).map(String.init) ?? "?") seats")
                print(table.rendered)
            }
        }
    }

    struct Mark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record attendance for one session (all or nothing).",
            discussion: """
                planner attendance mark SEM1-ADM#1/2 --present a,b --late c --minutes c=150 --absent d
                Minutes default to the whole session for present/late and to none for excused/absent.
                Refused: a session that has not started, someone not registered, more minutes than the session.
                """)
        @Argument(help: "Session, e.g. SEM1-ADM#1/2.") var session: String
        @Option(help: "Participants present (comma-separated).") var present: String?
        @Option(help: "Participants late.") var late: String?
        @Option(help: "Participants excused.") var excused: String?
        @Option(help: "Participants absent.") var absent: String?
        @Option(help: "Other statuses: STATUS=ids (repeatable).") var status: [String] = []
        @Option(help: "Minutes for a participant: id=90 (repeatable).") var minutes: [String] = []
        @Option(help: "Remark for a participant: id=text (repeatable).") var remark: [String] = []
        @Option(help: "Who records the marks (default: the login name).") var by: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let key = try sessionKey(session)
            var entries: [MarkEntry] = []
            func ids(_ text: String?) -> [String] {
                (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            }
            for (name, list) in [("present", present), ("late", late), ("excused", excused), ("absent", absent)] {
                entries += ids(list).map { MarkEntry(participantID: $0, status: name) }
            }
            for item in status {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--status takes STATUS=ids, not '\(item)'") }
                entries += ids(parts[1]).map { MarkEntry(participantID: $0, status: parts[0]) }
            }
            for (option, values) in [("minutes", minutes), ("remark", remark)] {
                for item in values {
                    let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let index = entries.firstIndex(where: { $0.participantID == parts[0] })
                    else {
                        throw ValidationError(
                            "--\(option) \(item): give id=value for a participant marked in this command")
                    }
                    if option == "minutes" {
                        guard let value = Int(parts[1]) else {
                            throw ValidationError("--minutes \(item): not a number")
                        }
                        entries[index].minutes = value
                    } else {
                        entries[index].remark = parts[1]
                    }
                }
            }
            guard !entries.isEmpty else { throw ValidationError("nothing to mark: use --present, --absent, …") }
            do {
                let changed = try global.openWorkspace().recordMarks(
                    entries, for: key, by: by ?? Workspace.currentActor, at: currentTime())
                print("Recorded \(changed) mark(s) for \(key) (\(entries.count - changed) unchanged).")
            } catch let error as MarkingError {
                throw CommandFailure("nothing was recorded:\n  " + error.problems.joined(separator: "\n  "))
            }
        }
    }

    struct ImportMarks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-marks",
            abstract: "Record marks from a CSV a trainer filled in (session, participant, status, minutes, remark).",
            discussion: "Every row is checked first; nothing is recorded if any row is wrong.")
        @Argument(help: "CSV file.") var file: String
        @Option(help: "Session for every row (when the file has no 'session' column).") var session: String?
        @Option(help: "Who records the marks.") var by: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            // The file is read on a thread of its own and handed over session by session to the writer,
            // so that reading and writing overlap (the two halves of a 1,000,000-mark import).
            let runs = HandOff<(key: SessionKey, entries: [MarkEntry])>(capacity: 8)
            let (file, session) = (file, session)
            let reading = Eventually<MarkSheet> {
                defer { runs.finish() }
                return MarkSheet.read(file: file, session: session, into: runs)
            }
            struct FileHasErrors: Error {}
            let count: Int
            do {
                count = try workspace.recordMarks(
                    stream: {
                        if let run = runs.receive() { return run }
                        if reading.value.diagnostics.containsErrors { throw FileHasErrors() }
                        return nil
                    }, by: by ?? Workspace.currentActor, at: currentTime(),
                    from: URL(fileURLWithPath: file).lastPathComponent)
            } catch let error as MarkingError {
                runs.cancel()
                if reading.value.diagnostics.containsErrors { throw failure(reading.value.diagnostics) }
                throw CommandFailure("nothing was recorded:\n  " + error.problems.joined(separator: "\n  "))
            } catch is FileHasErrors {
                throw failure(reading.value.diagnostics)
            } catch {
                runs.cancel()
                _ = reading.value
                throw error
            }
            print("Recorded \(count) mark(s) for \(reading.value.sessions) session(s).")
        }

        private func failure(_ diagnostics: [Diagnostic]) -> ExitCode {
            for diagnostic in diagnostics.sortedByPosition() { printError(String(describing: diagnostic)) }
            printError("error: nothing was recorded")
            return ExitCode.failure
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every change to marks, oldest first (append-only).")
        @Argument(help: "Session (optional).") var session: String?
        @Option(help: "Only this participant.") var participant: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let entries = try global.openWorkspace().markHistory(
                session: try session.map { try sessionKey($0) }, participant: participant)
            var table = TextTable("at", "by", "action", "session:participant", "change")
            for entry in entries {
                table.add(entry.at, entry.actor, entry.action, String(entry.subject.dropFirst(5)), entry.detail)
            }
            switch global.format {
            case .json:
                struct Line: Encodable { var at, actor, action, subject, detail: String }
                try printJSON(
                    entries.map {
                        Line(at: $0.at, actor: $0.actor, action: $0.action, subject: $0.subject, detail: $0.detail)
                    })
            case .csv: print(table.csv, terminator: "")
            case .table: print(table.rendered)
            }
        }
    }

    struct Statuses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the status set, or add a status (--add NAME --attended yes|no --minutes full|none --key K)."
        )
        @Option(help: "Name of a status to add.") var add: String?
        @Option(help: "Whether it counts as attended.") var attended: String = "yes"
        @Option(help: "Default minutes: full or none.") var minutes: String = "full"
        @Option(help: "Roll-call key (one character).") var key: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.openWorkspace()
            if let add {
                guard let key, key.count == 1 else { throw ValidationError("--key takes one character") }
                guard ["yes", "no"].contains(attended), ["full", "none"].contains(minutes) else {
                    throw ValidationError("--attended yes|no and --minutes full|none")
                }
                do {
                    try workspace.addStatus(
                        StoredStatus(
                            name: add.lowercased(), countsAsAttended: attended == "yes",
                            fullMinutesByDefault: minutes == "full", key: key))
                } catch let error as WorkspaceError {
                    throw CommandFailure(String(describing: error))
                }
            }
            var table = TextTable("status", "counts as attended", "default minutes", "key")
            for status in try workspace.statuses() {
                table.add(
                    status.name, status.countsAsAttended ? "yes" : "no",
                    status.fullMinutesByDefault ? "whole session" : "none", status.key)
            }
            print(table.rendered)
        }
    }
}

extension Workspace {
    /// Who is acting, for marks recorded without --by.
    static var currentActor: String { ProcessInfo.processInfo.environment["USER"] ?? "planner" }
}

/// What reading a trainer's CSV of marks found: positioned problems, and how many sessions it holds.
struct MarkSheet: Sendable {
    var diagnostics: [Diagnostic]
    var sessions: Int

    /// Reads the file into runs of one session each, handed to `channel` as they are complete.
    static func read(
        file: String, session: String?, into channel: HandOff<(key: SessionKey, entries: [MarkEntry])>
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
        let (table, problems) = CSVTable.read(URL(fileURLWithPath: file), file: file) { row in
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
