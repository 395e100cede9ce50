public import PlannerCore

/// What one cohort costs, by kind, and what decides which funders may pay for it.
public struct FundingNeed: Hashable, Sendable {
    /// The cohort.
    public var cohort: Cohort
    /// Its audience (funders may be limited to some).
    public var audience: Audience
    /// The territory of its venues (funders may be limited to some).
    public var territories: Set<String>
    /// The curriculum and module it teaches (funders may be limited to some).
    public var curricula: Set<String>
    /// Trainer fees of all its sessions.
    public var trainerFees: Money
    /// Venue costs of all its sessions.
    public var venueCosts: Money

    /// Creates a need.
    public init(
        cohort: Cohort, audience: Audience, territories: Set<String>, curricula: Set<String>, trainerFees: Money,
        venueCosts: Money
    ) {
        self.cohort = cohort
        self.audience = audience
        self.territories = territories
        self.curricula = curricula
        self.trainerFees = trainerFees
        self.venueCosts = venueCosts
    }

    /// Everything the cohort costs.
    public var total: Money { trainerFees + venueCosts }

    func cost(of kind: CostKind) -> Money {
        switch kind {
        case .trainerFees: trainerFees
        case .venueCosts: venueCosts
        }
    }
}

extension Funder {
    /// Whether this funder may pay anything towards `need`.
    public func mayFund(_ need: FundingNeed) -> Bool {
        (audiences.isEmpty || audiences.contains(need.audience))
            && (territories.isEmpty || !need.territories.isDisjoint(with: territories))
            && (curricula.isEmpty || !need.curricula.isDisjoint(with: curricula))
    }

    /// The most it may pay towards one cohort: its rate applied to the cohort's whole cost, rounded down.
    public func cap(for need: FundingNeed) -> Money { need.total.share(basisPoints: maxRateBasisPoints) }
}

/// Splits cohorts' costs among funders exactly, as a maximum flow: source → funder (its budget) →
/// (funder, cohort) (its rate cap) → (cohort, kind) if the funder pays that kind → sink (the cost).
///
/// Funders are drawn on in the order given: each pays as much as it can before the next is asked, so
/// the coordinator's order of preference shapes the split. A greedy split can strand money a later
/// cohort needed; the flow never does: if any split pays everything, this one does.
public struct FundingPlan: Sendable {
    /// Every amount paid.
    public var allocations: [FundingAllocation]
    /// What each cohort still lacks (only cohorts with a shortfall).
    public var shortfalls: [Cohort: Money]

    /// Whether every cohort is paid in full.
    public var isComplete: Bool { shortfalls.isEmpty }

    /// Allocates `needs` among `funders`, whose budgets are reduced by `alreadySpent`.
    public init(needs: [FundingNeed], funders: [Funder], alreadySpent: [String: Money] = [:]) {
        var network = FlowNetwork()
        let source = network.addNode()
        let sink = network.addNode()
        var kindNodes: [Cohort: [CostKind: Int]] = [:]
        var demandEdges: [(FundingNeed, CostKind, Int)] = []
        for need in needs {
            for kind in CostKind.allCases where need.cost(of: kind).minorUnits > 0 {
                let node = network.addNode()
                kindNodes[need.cohort, default: [:]][kind] = node
                let edge = network.addEdge(from: node, to: sink, capacity: need.cost(of: kind).minorUnits)
                demandEdges.append((need, kind, edge))
            }
        }
        var payments: [(cohort: Cohort, funder: String, kind: CostKind, edge: Int)] = []
        for funder in funders {
            let spent = alreadySpent[funder.id]?.minorUnits ?? 0
            let funderNode = network.addNode()
            network.addEdge(from: source, to: funderNode, capacity: max(0, funder.budget.minorUnits - spent))
            for need in needs where funder.mayFund(need) && need.total.currency == funder.budget.currency {
                let kinds = funder.pays.compactMap { kind in kindNodes[need.cohort]?[kind].map { (kind, $0) } }
                guard !kinds.isEmpty else { continue }
                let pairNode = network.addNode()
                network.addEdge(from: funderNode, to: pairNode, capacity: funder.cap(for: need).minorUnits)
                for (kind, node) in kinds {
                    let edge = network.addEdge(from: pairNode, to: node, capacity: Int64.max / 4)
                    payments.append((need.cohort, funder.id, kind, edge))
                }
            }
            // Lexicographic: this funder pays all it can before the next one is added.
            network.maximize(from: source, to: sink)
        }
        let currencies = Dictionary(needs.map { ($0.cohort, $0.total.currency) }, uniquingKeysWith: { a, _ in a })
        allocations = payments.compactMap { payment in
            let amount = network.flow(on: payment.edge)
            guard amount > 0, let currency = currencies[payment.cohort] else { return nil }
            return FundingAllocation(
                cohort: payment.cohort, funderID: payment.funder, kind: payment.kind,
                amount: Money(minorUnits: amount, currency: currency))
        }
        var missing: [Cohort: Money] = [:]
        for (need, kind, edge) in demandEdges {
            let shortfall = need.cost(of: kind).minorUnits - network.flow(on: edge)
            if shortfall > 0 {
                missing[need.cohort, default: .zero(need.total.currency)] += Money(
                    minorUnits: shortfall, currency: need.total.currency)
            }
        }
        shortfalls = missing
    }
}
