import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

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

extension Planner.AttendanceGroup {
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register participants for a cohort: a seat while there is one, else the waiting list.")
        @Argument(help: "Cohort, e.g. SEM1-ADM#1.") var cohort: String
        @Argument(help: "Participant ids.") var participants: [String]
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cohort = try cohortKey(self.cohort)
            let (capacity, outcomes) = try PlannerServices.Registrations(global.context).register(
                participants, in: cohort)
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
            let promoted = try PlannerServices.Registrations(global.context).cancel(participant, in: cohort)
            print("\(participant): cancelled for \(cohort.label)")
            if let promoted { print("\(promoted): moved from the waiting list to a seat") }
        }
    }

    struct Registrations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a cohort's registrations in arrival order.")
        @Argument(help: "Cohort.") var cohort: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cohort = try cohortKey(self.cohort)
            let (capacity, registrations) = try PlannerServices.Registrations(global.context).list(of: cohort)
            var table = ReportTable("participant", "family name", "given name", "status")
            for (participant, status) in registrations {
                table.add(participant.id, participant.familyName, participant.givenName, status.rawValue)
            }
            switch global.format {
            case .json: try printJSON(table.rows.map { ["participant": $0[0], "status": $0[3]] })
            case .csv: print(table.csv, terminator: "")
            case .table:
                print("\(cohort.label): \(capacity.map(String.init) ?? "?") seats")
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
            let changed = try Marking(global.context).record(entries, for: key, by: by)
            print("Recorded \(changed) mark(s) for \(key) (\(entries.count - changed) unchanged).")
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
            let outcome = try await PlannerServices.ImportMarks(
                file: InputFile(path: file), session: session, recorder: by
            ).run(
                in: global.context)
            print("Recorded \(outcome.marks) mark(s) for \(outcome.sessions) session(s).")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every change to marks, oldest first (append-only).")
        @Argument(help: "Session (optional).") var session: String?
        @Option(help: "Only this participant.") var participant: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let entries = try Marking(global.context).history(
                session: try session.map { try sessionKey($0) }, participant: participant)
            var table = ReportTable("at", "by", "action", "session:participant", "change")
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
            let marking = Marking(global.context)
            if let add {
                guard let key, key.count == 1 else { throw ValidationError("--key takes one character") }
                guard ["yes", "no"].contains(attended), ["full", "none"].contains(minutes) else {
                    throw ValidationError("--attended yes|no and --minutes full|none")
                }
                try marking.addStatus(
                    StoredStatus(
                        name: add.lowercased(), countsAsAttended: attended == "yes",
                        fullMinutesByDefault: minutes == "full", key: key))
            }
            var table = ReportTable("status", "counts as attended", "default minutes", "key")
            for status in try marking.statuses() {
                table.add(
                    status.name, status.countsAsAttended ? "yes" : "no",
                    status.fullMinutesByDefault ? "whole session" : "none", status.key)
            }
            print(table.rendered)
        }
    }
}
