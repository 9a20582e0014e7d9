/// The nodes as placement visits them, kept from cycle to cycle: their names in name order, each name's
/// position, and the placement context (nodes and counts by position) that an incremental cycle refreshes only
/// where something changed instead of copying the whole centre.
struct NodeIndex: Sendable {
    private(set) var order: [String] = []
    private(set) var positions: [String: Int] = [:]
    /// Nil until the next cycle builds it: after a restart, or when a node changed status or inventory (its
    /// never-verdicts per shape no longer hold).
    var context: PlacementContext?

    /// Brings the order up to date with the centre's nodes (nodes are never removed: the same count means the
    /// same names).
    mutating func follow(_ names: Dictionary<String, Node>.Keys) {
        guard order.count != names.count else { return }
        order = names.sorted()
        positions = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
    }
}
