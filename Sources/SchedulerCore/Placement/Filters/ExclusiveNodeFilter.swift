/// An exclusive job needs its nodes idle; it then takes all of each (see `NodeAllocator`). The reverse needs no
/// check: nothing else fits on a node an exclusive job holds, since it holds every CPU.
struct ExclusiveNodeFilter: PlacementFilter {
    var name: String { "ExclusiveNode" }
    var stage: PlacementStage { .occupancy }

    func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? {
        ask.exclusive && !node.isIdle ? .nodeNotIdle : nil
    }

    func admits(_ ask: PlacementAsk, counts: NodeCounts) -> Bool { !ask.exclusive || counts.idle }
}
