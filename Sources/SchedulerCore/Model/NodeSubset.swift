/// Some of a job's nodes (where its processes may still run, where its launch was confirmed), in the order they
/// were given (rank order); encoded as the list of their names.
///
/// Why not `[String]`: a wide job's agents report node by node, and each report searched the list, then removed or
/// appended a name, which copied the whole list (the job is copied out of the state, changed and put back):
/// quadratic over a 1,000-node job, the largest cost of replaying a log of wide jobs. Here the names are given once,
/// shared by every copy and never changed; a report tests and flips one bit.
public struct NodeSubset: Sendable, Sequence, ExpressibleByArrayLiteral {
    /// Every node the subset may hold, in order; shared by all copies.
    private var names: [String]
    /// Each name's position in `names`, when there are more than `Self.indexedWidth` (else a linear search is
    /// cheaper than hashing).
    private var positions: [String: Int]?
    private var members: [UInt64]
    public private(set) var count: Int

    /// Below this many names a linear search is cheaper than building and hashing into an index.
    static let indexedWidth = 16

    /// All of `names`.
    public init(_ names: [String]) {
        self.init(none: names)
        for position in names.indices { set(position) }
    }

    /// None of `names`: the ones it may come to hold.
    public init(none names: [String]) {
        self.names = names
        positions = names.count > Self.indexedWidth
            ? Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) : nil
        members = Array(repeating: 0, count: (names.count + 63) / 64)
        count = 0
    }

    public init(arrayLiteral names: String...) { self.init(names) }

    public var isEmpty: Bool { count == 0 }

    /// The nodes it holds, in order.
    public var list: [String] { Array(self) }

    public func contains(_ name: String) -> Bool {
        guard let position = position(of: name) else { return false }
        return isSet(position)
    }

    /// Adds a node (one it may not hold yet becomes one it may).
    public mutating func insert(_ name: String) {
        if let position = position(of: name) { return set(position) }
        names.append(name)
        positions?[name] = names.count - 1
        if names.count > members.count * 64 { members.append(0) }
        if positions == nil, names.count > Self.indexedWidth { self = Self(rebuilding: self) }
        set(names.count - 1)
    }

    public mutating func remove(_ name: String) {
        guard let position = position(of: name), isSet(position) else { return }
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
            while position < names.count {
                defer { position += 1 }
                if isSet(position) { return names[position] }
            }
            return nil
        }
    }

    private init(rebuilding other: NodeSubset) {
        self.init(none: other.names)
        for position in other.names.indices where other.isSet(position) { set(position) }
    }

    private func position(of name: String) -> Int? {
        if let positions { return positions[name] }
        return names.firstIndex(of: name)
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
