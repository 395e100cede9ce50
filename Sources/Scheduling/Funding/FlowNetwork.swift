/// A flow network with integer capacities and Dinic's maximum-flow algorithm.
///
/// After adding edges, `maximize` augments the flow already there, so a network can be built up
/// incrementally (funders in order of preference, cohorts as they are placed); flow taken off edges
/// (`clear`, `changeFlow`) is augmented again by the next `maximize`.
struct FlowNetwork {
    private struct Edge {
        var to: Int
        var capacity: Int64
        var flow: Int64
    }

    private var edges: [Edge] = []
    private var adjacency: [[Int]] = []

    /// Number of nodes.
    var nodeCount: Int { adjacency.count }

    /// Adds a node and returns its index.
    mutating func addNode() -> Int {
        adjacency.append([])
        return adjacency.count - 1
    }

    /// Adds an edge from `from` to `to`; returns its index (for reading its flow).
    @discardableResult
    mutating func addEdge(from: Int, to: Int, capacity: Int64) -> Int {
        let index = edges.count
        edges.append(Edge(to: to, capacity: capacity, flow: 0))
        adjacency[from].append(index)
        edges.append(Edge(to: from, capacity: 0, flow: 0))
        adjacency[to].append(index + 1)
        return index
    }

    /// The flow on an edge.
    func flow(on edge: Int) -> Int64 { edges[edge].flow }

    /// Number of edges (each with its reverse counted once).
    var edgeCount: Int { edges.count / 2 }

    /// An edge's capacity.
    func capacity(of edge: Int) -> Int64 { edges[edge].capacity }

    /// Takes an edge out of use: no capacity, no flow (the flow through the nodes at its ends must be
    /// balanced by the caller).
    mutating func clear(_ edge: Int) {
        edges[edge].capacity = 0
        edges[edge].flow = 0
        edges[edge ^ 1].flow = 0
    }

    /// Changes the flow on an edge (and its reverse) by `amount`.
    mutating func changeFlow(on edge: Int, by amount: Int64) {
        edges[edge].flow += amount
        edges[edge ^ 1].flow -= amount
    }

    /// Raises an edge's capacity (never below its current flow).
    mutating func setCapacity(of edge: Int, to capacity: Int64) {
        edges[edge].capacity = max(capacity, edges[edge].flow)
    }

    /// Augments the flow from `source` to `sink` until it is maximum; returns how much was added.
    @discardableResult
    mutating func maximize(from source: Int, to sink: Int) -> Int64 {
        var added: Int64 = 0
        var level = [Int](repeating: -1, count: nodeCount)
        var next = [Int](repeating: 0, count: nodeCount)
        while buildLevels(from: source, to: sink, level: &level) {
            for node in 0..<nodeCount { next[node] = 0 }
            while true {
                let pushed = push(from: source, to: sink, limit: Int64.max, level: level, next: &next)
                if pushed == 0 { break }
                added += pushed
            }
        }
        return added
    }

    private func buildLevels(from source: Int, to sink: Int, level: inout [Int]) -> Bool {
        for node in 0..<level.count { level[node] = -1 }
        level[source] = 0
        var queue = [source]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edgeIndex in adjacency[node] {
                let edge = edges[edgeIndex]
                if level[edge.to] < 0 && edge.capacity - edge.flow > 0 {
                    level[edge.to] = level[node] + 1
                    queue.append(edge.to)
                }
            }
        }
        return level[sink] >= 0
    }

    private mutating func push(from node: Int, to sink: Int, limit: Int64, level: [Int], next: inout [Int]) -> Int64 {
        if node == sink { return limit }
        while next[node] < adjacency[node].count {
            let edgeIndex = adjacency[node][next[node]]
            let edge = edges[edgeIndex]
            let residual = edge.capacity - edge.flow
            if residual > 0 && level[edge.to] == level[node] + 1 {
                let pushed = push(from: edge.to, to: sink, limit: min(limit, residual), level: level, next: &next)
                if pushed > 0 {
                    edges[edgeIndex].flow += pushed
                    edges[edgeIndex ^ 1].flow -= pushed
                    return pushed
                }
            }
            next[node] += 1
        }
        return 0
    }
}
