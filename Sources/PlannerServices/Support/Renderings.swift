public import Attendance
import Foundation
import PlannerCore

// Reports as people read them: the text `planner` prints and the demo writes to files (one rendering for
// both), and the JSON contracts of docs/formats.md.

extension BudgetReport {
    /// Funders (budget, allocated, remaining, maximum rate), then who pays for each cohort.
    public var text: String {
        var table = ReportTable("funder", "budget", "allocated", "remaining", "max rate", "name")
        for line in funders {
            table.add(
                line.funder.id, line.funder.budget.description, line.allocated.description, line.remaining.description,
                String(format: "%g %%", Double(line.funder.maxRateBasisPoints) / 100), line.funder.name)
        }
        var perCohort = ReportTable("cohort", "cost", "paid by")
        for line in cohorts {
            perCohort.add(
                line.cohort.label, "\(line.cost.decimalString) \(line.cost.currency.code)",
                line.paidBy.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.decimalString)" }.joined(
                    separator: ", "))
        }
        return table.rendered + "\n\n" + perCohort.rendered + "\n"
    }

    /// The JSON contract of `planner budget --format json`.
    public var json: some Encodable & Sendable {
        BudgetJSON(
            funders: funders.map {
                BudgetJSON.FunderLine(
                    funder: $0.funder.id, name: $0.funder.name, currency: $0.funder.budget.currency.code,
                    budget: $0.funder.budget.decimalString, allocated: $0.allocated.decimalString,
                    remaining: $0.remaining.decimalString,
                    maxRate: String(format: "%g%%", Double($0.funder.maxRateBasisPoints) / 100))
            },
            offerings: cohorts.map {
                BudgetJSON.OfferingLine(
                    offering: $0.cohort.offeringID, cohort: $0.cohort.number, cost: $0.cost.decimalString,
                    currency: $0.cost.currency.code, paidBy: $0.paidBy.mapValues(\.decimalString))
            })
    }
}

/// The JSON contract of `planner budget --format json` (docs/formats.md).
struct BudgetJSON: Encodable, Sendable {
    struct FunderLine: Encodable, Sendable {
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

    struct OfferingLine: Encodable, Sendable {
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

    var funders: [FunderLine]
    var offerings: [OfferingLine]
}

extension AttendanceReports.Equality {
    /// The table, then the organisations supported.
    public var text: String {
        report.table.rendered + "\n\nOrganisations supported:\n"
            + organisations.map { "  \($0.type): \($0.count)\n" }.joined()
    }

    /// The JSON contract of `planner attendance equality --format json`.
    public var json: some Encodable & Sendable {
        EqualityJSON(
            groups: report.table.objects(keys: report.keys),
            organisations: Dictionary(uniqueKeysWithValues: organisations.map { ($0.type, $0.count) }))
    }
}

private struct EqualityJSON: Encodable, Sendable {
    var groups: [[String: String]]
    var organisations: [String: Int]
}

extension ESFIndicators {
    /// The indicators by gender, then the aggregate-only counts.
    public var text: String {
        table.rendered + "\n"
            + """

            Special categories (aggregate only): disability \(withDisability), minority \
            \(minorityBackground), refused to answer \(specialCategoriesRefused)
            Organisations supported: public administrations \(publicAdministrations), SMEs \(smes)

            """
    }
}
