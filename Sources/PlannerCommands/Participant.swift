import ArgumentParser
import Foundation
import PlannerCore
import PlannerServices

extension Planner {
    /// `planner participant …`: people, their monitoring data, and their rights.
    struct Participant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Participants: import, list, export everything held about one, erase one.",
            subcommands: [Import.self, List.self, Export.self, Erase.self, Link.self])
    }
}

extension Planner.Participant {
    /// `planner participant import FILE...`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import participants from CSV (identity, organisation, and monitoring data kept apart).",
            discussion: "Every file is checked first; nothing is imported if any has an error. Format: docs/formats.md."
        )

        @Argument(help: "CSV files.") var files: [String]
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let outcome = try await ImportParticipants(files: inputFiles(files)).run(in: global.context)
            printDiagnostics(outcome.warnings)
            print("Imported \(outcome.created) new and updated \(outcome.updated) participants.")
        }
    }

    /// `planner participant list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List participants (identity and organisation only; monitoring data are never listed).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let participants = try ParticipantRegister(global.context).list()
            var table = ReportTable("id", "family name", "given name", "organisation", "type", "audience")
            for p in participants {
                table.add(
                    p.id, p.familyName, p.givenName, p.organisation, p.organisationType.rawValue, p.audience.rawValue)
            }
            switch global.format {
            case .json:
                try printJSON(participants)
            case .csv: print(table.csv, terminator: "")
            case .table: print(table.rendered)
            }
        }
    }

    /// `planner participant export ID`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything held about one participant, as JSON (a subject access request). Logged.")
        @Argument(help: "Participant id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            print(try ParticipantRegister(global.context).export(id))
        }
    }

    /// `planner participant erase ID`
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Erase a participant's identity and monitoring data; anonymous counts and attendance totals stay.",
            discussion: """
                The person's id, names and e-mail are removed; the birth year becomes an age band; marks,
                registrations, the organisation and gender/employment/education answers stay attached to an
                anonymous id so that reports keep their totals. Logged in the history.
                """)
        @Argument(help: "Participant id.") var id: String
        @Flag(help: "Confirm the erasure.") var yes = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard yes else { throw CommandFailure("erasing cannot be undone; run again with --yes to confirm") }
            let anonymous = try ParticipantRegister(global.context).erase(id)
            print("Erased \(id); its records now belong to \(anonymous).")
        }
    }
}

extension Planner.Participant {
    /// `planner participant link ID [--revoke]`
    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Give a participant a new personal link (their sessions, attendance, certificates), or revoke it.",
            discussion: """
                The link opens the participant's own page on `planner serve` without a password; a new link
                replaces the earlier one, which stops working. Send it to the person only.
                """)
        @Argument(help: "Participant id.") var id: String
        @Flag(help: "Revoke the link instead.") var revoke = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let links = ParticipantLinks(global.context)
            if revoke {
                try links.revoke(id)
                return print("The personal link of \(id) no longer works.")
            }
            let path = try links.issue(id)
            print("Personal link of \(id): \(try webBase(global.context))\(path)")
        }
    }
}
