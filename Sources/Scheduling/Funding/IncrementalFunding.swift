import PlannerCore

/// Whether placed cohorts can all be paid, kept up to date as cohorts are added: each addition adds its
/// nodes to one flow network and augments the flow already there, instead of solving from scratch.
///
/// Only the flow's value matters here (a maximum flow's value does not depend on the order funders are
/// added in); the final split by funder order is computed once, by ``FundingPlan``.
struct IncrementalFunding {
    private var network = FlowNetwork()
    private let source: Int
    private let sink: Int
    private let funders: [Funder]
    private let funderNodes: [Int]
    private var demand: Int64 = 0
    private var paid: Int64 = 0

    init(funders: [Funder]) {
        self.funders = funders
        source = network.addNode()
        sink = network.addNode()
        var nodes: [Int] = []
        for funder in funders {
            let node = network.addNode()
            network.addEdge(from: source, to: node, capacity: max(0, funder.budget.minorUnits))
            nodes.append(node)
        }
        funderNodes = nodes
    }

    /// Whether everything added so far is paid in full.
    var isComplete: Bool { paid == demand }

    /// Adds a cohort's need and augments the flow.
    mutating func add(_ need: FundingNeed) {
        var kindNodes: [CostKind: Int] = [:]
        for kind in CostKind.allCases where need.cost(of: kind).minorUnits > 0 {
            let node = network.addNode()
            network.addEdge(from: node, to: sink, capacity: need.cost(of: kind).minorUnits)
            kindNodes[kind] = node
            demand += need.cost(of: kind).minorUnits
        }
        guard !kindNodes.isEmpty else { return }
        for (index, funder) in funders.enumerated()
        where funder.mayFund(need) && need.total.currency == funder.budget.currency {
            let kinds = funder.pays.compactMap { kindNodes[$0] }
            guard !kinds.isEmpty else { continue }
            let pair = network.addNode()
            network.addEdge(from: funderNodes[index], to: pair, capacity: funder.cap(for: need).minorUnits)
            for node in kinds { network.addEdge(from: pair, to: node, capacity: Int64.max / 4) }
        }
        paid += network.maximize(from: source, to: sink)
    }

    /// A copy with `need` added, if everything can still be paid.
    func adding(_ need: FundingNeed) -> IncrementalFunding? {
        var copy = self
        copy.add(need)
        return copy.isComplete ? copy : nil
    }
}
