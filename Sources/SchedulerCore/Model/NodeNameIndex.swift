/// Node names in order, each with its position: what an allocation and the job's node subsets look a node up in.
///
/// Why: a wide job's agents report node by node (launch confirmed, part ended) and the planner looks a
/// reservation's parts up by node; a linear search made each of those cost the job's width, quadratic over a
/// 1,000-node job. A job's allocation and its node subsets share one index (copies share its storage).
struct NodeNameIndex: Sendable {
    private(set) var names: [String]
    /// Each name's first position, when there are more than `Self.indexedWidth` names.
    private var positions: [String: Int]?

    /// Below this many names a linear search is cheaper than building and hashing into a dictionary.
    static let indexedWidth = 16

    init(_ names: [String]) {
        self.names = names
        positions = Self.positions(of: names)
    }

    var count: Int { names.count }

    func position(of name: String) -> Int? {
        guard let positions else { return names.firstIndex(of: name) }
        return positions[name]
    }

    /// Adds a name at the end (one already here keeps its first position).
    mutating func append(_ name: String) {
        names.append(name)
        if positions != nil {
            if positions?[name] == nil { positions?[name] = names.count - 1 }
        } else {
            positions = Self.positions(of: names)
        }
    }

    private static func positions(of names: [String]) -> [String: Int]? {
        guard names.count > indexedWidth else { return nil }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(names.count)
        for (position, name) in names.enumerated() where positions[name] == nil { positions[name] = position }
        return positions
    }
}
