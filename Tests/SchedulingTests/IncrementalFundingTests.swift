import PlannerCore
import Testing

@testable import Scheduling

/// The incremental funding flow (cohorts added and removed as the search moves them) against
/// ``FundingPlan`` solved from scratch for the same needs: both must agree, after every step, on whether
/// everyone is paid.
@Suite struct IncrementalFundingTests {
    @Test func addingAndRemovingAgreesWithAPlanFromScratch() {
        var random = SeededGenerator(seed: 11)
        for round in 0..<40 {
            let funders = (0..<Int.random(in: 1...4, using: &random)).map { index in
                funder(
                    "F\(index)", budget: String(Int.random(in: 500...6_000, using: &random)),
                    rate: [10_000, 8_500, 6_000, 5_000].randomElement(using: &random)!,
                    pays: [CostKind.allCases, [.trainerFees], [.venueCosts]].randomElement(using: &random)!,
                    audiences: Bool.random(using: &random) ? [] : [.administrators])
            }
            let needs = (0..<12).map { index in
                FundingNeed(
                    cohort: Cohort(offeringID: "O\(index)", number: 1),
                    audience: Bool.random(using: &random) ? .administrators : .entrepreneurs, territories: [],
                    curricula: [], trainerFees: money(String(Int.random(in: 0...900, using: &random))),
                    venueCosts: money(String(Int.random(in: 0...400, using: &random))))
            }
            var flow = IncrementalFunding(funders: funders)
            var live: [FundingNeed] = []
            for step in 0..<60 {
                let need = needs.randomElement(using: &random)!
                if live.contains(need) {
                    flow.remove(need.cohort)
                    live.removeAll { $0 == need }
                } else {
                    // The search keeps an addition only when everyone stays paid.
                    let expected = FundingPlan(needs: live + [need], funders: funders).isComplete
                    let complete = flow.add(need, for: need.cohort)
                    #expect(complete == expected, "round \(round), step \(step): adding \(need.cohort)")
                    if complete { live.append(need) } else { flow.remove(need.cohort) }
                }
                #expect(flow.isComplete == FundingPlan(needs: live, funders: funders).isComplete)
                let rebuilt = IncrementalFunding(funders: funders, needs: live.map { ($0.cohort, $0) })
                #expect(rebuilt.isComplete == flow.isComplete)
            }
        }
    }
}
