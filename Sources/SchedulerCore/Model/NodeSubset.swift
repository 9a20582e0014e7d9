/// Some of a job's nodes (where its processes may still run, where its launch was confirmed), in the order they
/// were given (rank order); encoded as the list of their names.
///
/// Why not `[String]`: a wide job's agents report node by node, and each report searched the list, then removed or
/// appended a name, which copied the whole list (the job is copied out of the state, changed and put back):
/// quadratic over a 1,000-node job, the largest cost of replaying a log of wide jobs. Here the names are the
/// allocation's own index, shared by every copy; a report tests and flips one bit.
public struct NodeSubset: Sendable, Sequence, ExpressibleByArrayLiteral {
    /// Every node the subset may hold, in order.
    private var universe: NodeNameIndex
    private var members: [UInt64]
    public private(set) var count: Int

    /// All of `names`.
    public init(_ names: [String]) { self.init(all: NodeNameIndex(names)) }

    /// None of `names`: the ones it may come to hold.
    public init(none names: [String]) { self.init(none: NodeNameIndex(names)) }

    /// All of an allocation's nodes.
    public init(all allocation: Allocation) { self.init(all: allocation.index) }

    /// None of an allocation's nodes.
    public init(none allocation: Allocation) { self.init(none: allocation.index) }

    public init(arrayLiteral names: String...) { self.init(names) }

    private init(all universe: NodeNameIndex) {
        self.init(none: universe)
        for position in universe.names.indices { set(position) }
    }

    private init(none universe: NodeNameIndex) {
        self.universe = universe
        members = Array(repeating: 0, count: (universe.count + 63) / 64)
        count = 0
    }

    public var isEmpty: Bool { count == 0 }

    /// The nodes it holds, in order.
    public var list: [String] { Array(self) }

    public func contains(_ name: String) -> Bool {
        guard let position = universe.position(of: name) else { return false }
        return isSet(position)
    }

    /// Adds a node (one it may not hold yet becomes one it may).
    public mutating func insert(_ name: String) {
        if let position = universe.position(of: name) { return set(position) }
        universe.append(name)
        if universe.count > members.count * 64 { members.append(0) }
        set(universe.count - 1)
    }

    public mutating func remove(_ name: String) {
        guard let position = universe.position(of: name), isSet(position) else { return }
        members[position / 64] &= ~(1 << UInt64(position % 64))
        count -= 1
    }

    /// Holds none of its nodes any more (it may still hold them again).
    public mutating func removeAll() {
        for word in members.indices { members[word] = 0 }
        count = 0
    }

    public func makeIterator() -> AnyIterator<String> {
        var position = 0
        return AnyIterator {
            while position < universe.count {
                defer { position += 1 }
                if isSet(position) { return universe.names[position] }
            }
            return nil
        }
    }

    private func isSet(_ position: Int) -> Bool { members[position / 64] & (1 << UInt64(position % 64)) != 0 }

    private mutating func set(_ position: Int) {
        guard !isSet(position) else { return }
        members[position / 64] |= 1 << UInt64(position % 64)
        count += 1
    }
}

extension NodeSubset: Hashable {
    /// Equal when they hold the same nodes in the same order, whatever else they might hold.
    public static func == (lhs: NodeSubset, rhs: NodeSubset) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        for name in self { hasher.combine(name) }
    }
}

extension NodeSubset: Codable {
    /// The names it holds, as the list it replaced was stored.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(list)
    }
}
