import PlannerCore
import Scheduling
import Testing

@Suite struct FundingTests {
    func need(_ id: String, _ amount: String, audience: Audience = .administrators) -> FundingNeed {
        FundingNeed(
            cohort: Cohort(offeringID: id, number: 1), audience: audience, territories: ["Liège"], curricula: [],
            trainerFees: money(amount), venueCosts: .zero(eur))
    }

    @Test func whereAGreedySplitStrandsMoneyTheFlowPaysEveryone() {
        // A greedy split gives the city's 1,000 EUR to A (asked first), then B, which only the city may
        // fund (entrepreneurs), gets nothing. The flow lets the region pay A and the city B.
        let city = funder("CITY", budget: "1000")
        let region = funder("REGION", budget: "1000", audiences: [.administrators])
        let needs = [need("A", "1000"), need("B", "1000", audience: .entrepreneurs)]
        let plan = FundingPlan(needs: needs, funders: [city, region])
        #expect(plan.isComplete)
        let byCohort = Dictionary(grouping: plan.allocations, by: \.cohort.offeringID).mapValues { $0.map(\.funderID) }
        #expect(byCohort == ["A": ["REGION"], "B": ["CITY"]])
    }

    @Test func ratesCapEachFunderAndCentsAreExact() {
        let esf = funder("ESF+", budget: "100000", rate: 8_500)
        let city = funder("CITY", budget: "100000")
        let plan = FundingPlan(needs: [need("A", "1000.01")], funders: [esf, city])
        #expect(plan.isComplete)
        let amounts = Dictionary(plan.allocations.map { ($0.funderID, $0.amount.decimalString) }, uniquingKeysWith: +)
        #expect(amounts == ["ESF+": "850.00", "CITY": "150.01"])
    }

    @Test func fundersPayOnlyTheKindsOfCostTheyCover() {
        let rentOnly = funder("CITY", pays: [.venueCosts])
        let need = FundingNeed(
            cohort: Cohort(offeringID: "A", number: 1), audience: .administrators, territories: [], curricula: [],
            trainerFees: money("300"), venueCosts: money("100"))
        let plan = FundingPlan(needs: [need], funders: [rentOnly])
        #expect(!plan.isComplete)
        #expect(plan.shortfalls[need.cohort] == money("300"))
        #expect(plan.allocations.map(\.amount) == [money("100")])
    }

    @Test func earlierFundersPayFirst() {
        let plan = FundingPlan(needs: [need("A", "500")], funders: [funder("FIRST"), funder("SECOND")])
        #expect(plan.allocations.map(\.funderID) == ["FIRST"])
    }
}
