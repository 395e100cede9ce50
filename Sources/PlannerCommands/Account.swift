import ArgumentParser
import Foundation
import PlannerServices

extension Planner {
    /// `planner account add|reset|disable|enable|list`: the web application's accounts.
    struct Account: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the web application's accounts (coordinators and trainers).",
            discussion: """
                A new or reset account gets a one-time set-up link (valid 7 days) on which its owner chooses a
                password; nobody else ever knows it. Links use the address set with `planner serve --public-url`,
                else http://127.0.0.1:8080.
                """,
            subcommands: [Add.self, Reset.self, Disable.self, Enable.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an account and print its set-up link.")
            @Argument(help: "Account name (letters, digits, . - _ @).") var name: String
            @Option(help: "coordinator or trainer.") var role: String
            @Option(help: "The trainer id a trainer's account acts for.") var trainer: String?
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                guard let role = Accounts.Role(rawValue: role) else {
                    throw ValidationError("--role is coordinator or trainer, not '\(role)'")
                }
                let link = try Accounts(global.context).add(name, role: role, trainer: trainer)
                try printLink(link, global.context)
            }
        }

        struct Reset: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Forget an account's password (its sessions end) and print a new set-up link.")
            @Argument(help: "Account name.") var name: String
            @OptionGroup var global: GlobalOptions

            func run() async throws { try printLink(try Accounts(global.context).reset(name), global.context) }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable an account: it cannot sign in.")
            @Argument(help: "Account name.") var name: String
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                try Accounts(global.context).setDisabled(name, true)
                print("Disabled \(name).")
            }
        }

        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
            @Argument(help: "Account name.") var name: String
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                try Accounts(global.context).setDisabled(name, false)
                print("Enabled \(name).")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the accounts.")
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                for account in try Accounts(global.context).list() {
                    let state = account.disabled ? "disabled" : account.pending ? "waiting for set-up" : "active"
                    print(
                        [account.name, account.role.rawValue, account.trainerID ?? "-", state].joined(separator: "\t"))
                }
            }
        }
    }
}

/// Prints a set-up link with its address.
func printLink(_ link: Accounts.SetupLink, _ context: ServiceContext) throws {
    let expires = ISO8601DateFormatter().string(from: link.expires)
    print("Set-up link for \(link.account) (works once, until \(expires)):")
    print("  \(try webBase(context))\(link.path)")
}

/// The address the web application is reached at: the public URL set, else the default local one.
func webBase(_ context: ServiceContext) throws -> String {
    try ProgrammeSettings(context).publicURL() ?? "http://127.0.0.1:8080"
}
