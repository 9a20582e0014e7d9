/// Which up nodes have been silent past the heartbeat timeout, and when the next one could be: the failure detector's
/// one home. Agents heartbeat to schedd (no gossip: SWIM's probes reduced to a timeout); a node is declared down when
/// nothing was heard from it for `timeout`.
///
/// Derived from the nodes' `lastHeard` and never persisted. It remembers the earliest deadline so that events and
/// ticks do not scan every node: forgotten when a node comes up (its deadline may be the earliest) or when the node
/// that set it is heard from (its deadline moves later).
struct NodeLiveness: Sendable {
    private var earliest = Memo<Instant?>()

    /// A node came up, registered, or the set of up nodes changed in a way the remembered deadline does not know.
    mutating func nodeCameUp() { earliest.forget() }

    /// `node` is about to be heard from: if its deadline was the earliest, the earliest must be found again.
    mutating func willHear(_ node: Node, timeout: Span) {
        if earliest.peek == node.lastHeard + timeout { earliest.forget() }
    }

    /// The earliest moment an up node could pass the timeout (nil: no node is up), scanning the nodes only when the
    /// remembered one was forgotten.
    mutating func nextDeadline(of nodes: [String: Node], timeout: Span) -> Instant? {
        earliest.get {
            var first: Instant?
            for node in nodes.values where node.status == .up {
                let deadline = node.lastHeard + timeout
                first = min(first ?? deadline, deadline)
            }
            return first
        }
    }

    /// The up nodes silent for `timeout` at `now`, by name; empty (without a scan) while no deadline has passed.
    /// The caller declares them down, so the remembered deadline is forgotten when there are any.
    mutating func silentNodes(of nodes: [String: Node], at now: Instant, timeout: Span) -> [String] {
        guard let deadline = nextDeadline(of: nodes, timeout: timeout), now >= deadline else { return [] }
        earliest.forget()
        // Find the silent nodes first, sort only those.
        return nodes.values.filter { $0.status == .up && now - $0.lastHeard >= timeout }.map(\.name).sorted()
    }

    /// The remembered deadline, without computing it (for tests).
    var rememberedDeadline: Instant?? { earliest.peek }
}
