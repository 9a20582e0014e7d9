/// The centre's nodes as one placement attempt must see them: the live nodes in name order, with some replaced
/// by copies that also hold reserved resources (`ReservationShadow`). A collection rather than a copied array,
/// so a cycle with 2,000 nodes and a handful of reservations copies only the reserved nodes.
struct NodeView: RandomAccessCollection {
    let base: [Node]
    /// Position in `base` → the node as this view sees it.
    let overrides: [Int: Node]

    var startIndex: Int { base.startIndex }
    var endIndex: Int { base.endIndex }

    subscript(position: Int) -> Node {
        if overrides.isEmpty { return base[position] }
        return overrides[position] ?? base[position]
    }
}
