import ArgumentParser
import Foundation
import PlannerServices

extension Planner {
    /// `planner budget`: co-financing per funder and per offering.
    struct Budget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each funder's budget, allocated and remaining amounts, and who pays for each offering.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let budget = try ScheduleBook(global.context).budget()
            if global.format == .json {
                try printJSON(budget.json)
            } else {
                print(budget.text, terminator: "")
            }
        }
    }
}
