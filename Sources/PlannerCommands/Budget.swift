import ArgumentParser
import Foundation
import PlannerCore
import Workspace

extension Planner {
    /// `planner budget`: co-financing per funder and per offering.
    struct Budget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each funder's budget, allocated and remaining amounts, and who pays for each offering.")

        @OptionGroup var global: GlobalOptions

        struct FunderLine: Encodable {
            var funder: String
            var name: String
            var currency: String
            var budget: String
            var allocated: String
            var remaining: String
            var maxRate: String

            enum CodingKeys: String, CodingKey {
                case funder, name, currency, budget, allocated, remaining
                case maxRate = "max_rate"
            }
        }

        struct OfferingLine: Encodable {
            var offering: String
            var cohort: Int
            var cost: String
            var currency: String
            var paidBy: [String: String]

            enum CodingKeys: String, CodingKey {
                case offering, cohort, cost, currency
                case paidBy = "paid_by"
            }
        }

        struct Report: Encodable {
            var funders: [FunderLine]
            var offerings: [OfferingLine]
        }

        func run() async throws {
            let workspace = try global.openWorkspace()
            let data = try workspace.planningData()
            let schedule = try workspace.schedule()
            var allocated: [String: Money] = [:]
            for allocation in schedule.funding {
                allocated[allocation.funderID, default: .zero(allocation.amount.currency)] += allocation.amount
            }
            let funders = data.funders.map { funder -> FunderLine in
                let used = allocated[funder.id] ?? .zero(funder.budget.currency)
                return FunderLine(
                    funder: funder.id, name: funder.name, currency: funder.budget.currency.code,
                    budget: funder.budget.decimalString, allocated: used.decimalString,
                    remaining: (funder.budget - used).decimalString,
                    maxRate: String(format: "%g%%", Double(funder.maxRateBasisPoints) / 100))
            }
            var byCohort: [Cohort: [String: Money]] = [:]
            for allocation in schedule.funding {
                byCohort[allocation.cohort, default: [:]][
                    allocation.funderID, default: .zero(allocation.amount.currency)] +=
                    allocation.amount
            }
            let offerings = byCohort.keys.sorted().map { cohort -> OfferingLine in
                let parts = byCohort[cohort]!
                let total = parts.values.reduce(Money.zero(parts.values.first!.currency), +)
                return OfferingLine(
                    offering: cohort.offeringID, cohort: cohort.number, cost: total.decimalString,
                    currency: total.currency.code, paidBy: parts.mapValues(\.decimalString))
            }
            if global.format == .json {
                try printJSON(Report(funders: funders, offerings: offerings))
                return
            }
            var table = TextTable("funder", "budget", "allocated", "remaining", "max rate", "name")
            for funder in data.funders {
                let used = allocated[funder.id] ?? .zero(funder.budget.currency)
                table.add(
                    funder.id, funder.budget.description, used.description, (funder.budget - used).description,
                    String(format: "%g %%", Double(funder.maxRateBasisPoints) / 100), funder.name)
            }
            print(table.rendered)
            var perOffering = TextTable("cohort", "cost", "paid by")
            for line in offerings {
                perOffering.add(
                    "\(line.offering)#\(line.cohort)", "\(line.cost) \(line.currency)",
                    line.paidBy.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            print("")
            print(perOffering.rendered)
        }
    }
}
