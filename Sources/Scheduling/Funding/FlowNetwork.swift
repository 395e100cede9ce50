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
    ///
    /// Dinic's algorithm with the levels counted back from the sink: when the flow was maximum before a
    /// few edges were added, only the part of the network that can still reach the sink is explored
    /// (a search from the source walked every funder's every cohort, most of the time on large problems).
    @discardableResult
    mutating func maximize(from source: Int, to sink: Int) -> Int64 {
        var added: Int64 = 0
        var distance = [Int](repeating: -1, count: nodeCount)
        var next = [Int](repeating: 0, count: nodeCount)
        while buildDistances(from: source, to: sink, distance: &distance) {
            for node in 0..<nodeCount { next[node] = 0 }
            while true {
                let pushed = push(from: source, to: sink, limit: Int64.max, distance: distance, next: &next)
                if pushed == 0 { break }
                added += pushed
            }
        }
        return added
    }

    /// Residual distances to the sink, searched backwards from it; stops at the source's distance.
    private func buildDistances(from source: Int, to sink: Int, distance: inout [Int]) -> Bool {
        for node in 0..<distance.count { distance[node] = -1 }
        distance[sink] = 0
        var queue = [sink]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            if distance[source] >= 0 && distance[node] >= distance[source] { break }
            // Each edge index at `node` pairs with the edge coming the other way (index ^ 1).
            for edgeIndex in adjacency[node] {
                let other = edges[edgeIndex].to
                let incoming = edges[edgeIndex ^ 1]
                if distance[other] < 0 && incoming.capacity - incoming.flow > 0 {
                    distance[other] = distance[node] + 1
                    queue.append(other)
                }
            }
        }
        return distance[source] >= 0
    }

    private mutating func push(
        from node: Int, to sink: Int, limit: Int64, distance: [Int], next: inout [Int]
    ) -> Int64 {
        if node == sink { return limit }
        while next[node] < adjacency[node].count {
            let edgeIndex = adjacency[node][next[node]]
            let edge = edges[edgeIndex]
            let residual = edge.capacity - edge.flow
            if residual > 0 && distance[edge.to] == distance[node] - 1 {
                let pushed = push(from: edge.to, to: sink, limit: min(limit, residual), distance: distance, next: &next)
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
