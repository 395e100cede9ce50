import PlannerCore

/// Whether placed cohorts can all be paid, kept up to date as cohorts come and go: an addition adds the
/// cohort's nodes to one flow network and augments the flow already there; a removal takes the flow off
/// the cohort's own edges (which leaves a valid flow, however earlier augmentations rerouted it) and
/// augments again, so that neither rebuilds the network from scratch.
///
/// Only the flow's value matters here (a maximum flow's value does not depend on the order funders are
/// added in); the final split by funder order is computed once, by ``FundingPlan``.
struct IncrementalFunding {
    private var network = FlowNetwork()
    private var source = 0
    private var sink = 1
    private let funders: [Funder]
    private var funderEdges: [Int] = []
    private var funderNodes: [Int] = []
    private var demand: Int64 = 0
    private var paid: Int64 = 0
    /// What each cohort added: its need, and its edges by role.
    private var records: [Cohort: Record] = [:]
    /// Edges of removed cohorts still in the network (they carry nothing; the network is rebuilt when
    /// they outnumber the live ones).
    private var deadEdges = 0

    private struct Record {
        var need: FundingNeed
        /// Funder → (cohort, funder) edges, with the funder's index.
        var funderPairs: [(funder: Int, edge: Int)] = []
        /// (cohort, funder) → cost kind edges.
        var pairKinds: [Int] = []
        /// Cost kind → sink edges.
        var kindSinks: [Int] = []

        var edgeCount: Int { funderPairs.count + pairKinds.count + kindSinks.count }
    }

    init(funders: [Funder]) {
        self.funders = funders
        reset()
    }

    /// An empty network: source, sink and one node per funder.
    private mutating func reset() {
        network = FlowNetwork()
        source = network.addNode()
        sink = network.addNode()
        funderNodes = []
        funderEdges = []
        for funder in funders {
            let node = network.addNode()
            funderEdges.append(network.addEdge(from: source, to: node, capacity: max(0, funder.budget.minorUnits)))
            funderNodes.append(node)
        }
        demand = 0
        paid = 0
        deadEdges = 0
    }

    /// Whether everything added so far is paid in full.
    var isComplete: Bool { paid == demand }

    /// Adds a cohort's need and augments the flow; returns whether everything is then paid in full. The
    /// need stays added either way (``remove(_:)`` takes it off).
    @discardableResult
    mutating func add(_ need: FundingNeed, for cohort: Cohort) -> Bool {
        precondition(records[cohort] == nil, "\(cohort) is already funded")
        insertEdges(need, for: cohort)
        paid += network.maximize(from: source, to: sink)
        return isComplete
    }

    private mutating func insertEdges(_ need: FundingNeed, for cohort: Cohort) {
        var record = Record(need: need)
        var kindNodes: [CostKind: Int] = [:]
        for kind in CostKind.allCases where need.cost(of: kind).minorUnits > 0 {
            let node = network.addNode()
            record.kindSinks.append(network.addEdge(from: node, to: sink, capacity: need.cost(of: kind).minorUnits))
            kindNodes[kind] = node
            demand += need.cost(of: kind).minorUnits
        }
        if !kindNodes.isEmpty {
            for (index, funder) in funders.enumerated()
            where funder.mayFund(need) && need.total.currency == funder.budget.currency {
                let kinds = funder.pays.compactMap { kindNodes[$0] }
                guard !kinds.isEmpty else { continue }
                let pair = network.addNode()
                record.funderPairs.append(
                    (
                        index,
                        network.addEdge(from: funderNodes[index], to: pair, capacity: funder.cap(for: need).minorUnits)
                    ))
                for node in kinds {
                    record.pairKinds.append(network.addEdge(from: pair, to: node, capacity: Int64.max / 4))
                }
            }
        }
        records[cohort] = record
    }

    /// Takes a cohort's need off, and lets the budget it frees pay for others still short.
    mutating func remove(_ cohort: Cohort) {
        guard let record = records.removeValue(forKey: cohort) else { return }
        for (funder, edge) in record.funderPairs {
            let flow = network.flow(on: edge)
            network.changeFlow(on: funderEdges[funder], by: -flow)
            network.clear(edge)
        }
        for edge in record.pairKinds { network.clear(edge) }
        for edge in record.kindSinks {
            paid -= network.flow(on: edge)
            demand -= network.capacity(of: edge)
            network.clear(edge)
        }
        deadEdges += record.edgeCount
        if deadEdges > 64 && deadEdges > network.edgeCount / 2 {
            rebuild()
        } else if !isComplete {
            paid += network.maximize(from: source, to: sink)
        }
    }

    /// The same needs in a fresh network, with one maximum-flow run.
    private mutating func rebuild() {
        let kept = records.sorted { $0.key < $1.key }
        reset()
        records = [:]
        for (cohort, record) in kept { insertEdges(record.need, for: cohort) }
        paid = network.maximize(from: source, to: sink)
    }

    /// The flow for `needs`, built at once (one maximum-flow run rather than one per cohort).
    init(funders: [Funder], needs: [(Cohort, FundingNeed)]) {
        self.init(funders: funders)
        for (cohort, need) in needs where need.total.minorUnits > 0 { insertEdges(need, for: cohort) }
        paid = network.maximize(from: source, to: sink)
    }
}
