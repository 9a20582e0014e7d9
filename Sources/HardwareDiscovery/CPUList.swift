/// A set of logical CPU (or NUMA node) numbers, read and written in the Linux
/// "cpulist" syntax (`0-3,8-11`) used by sysfs, cgroups and `/proc/self/status`.
///
/// It encodes to JSON as that same string so declared topology files stay short
/// and diffable even for 224-CPU machines.
public struct CPUList: Hashable, Sendable, Codable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Sorted, without duplicates: every operation below relies on it.
    public private(set) var members: [Int]

    public init<S: Sequence>(_ values: S) where S.Element == Int {
        members = Array(Set(values)).sorted()
    }

    public init(arrayLiteral elements: Int...) {
        self.init(elements)
    }

    /// Every number in `range` (e.g. `CPUList(0..<8)`).
    public init(_ range: Range<Int>) {
        members = Array(range)
    }

    public static let empty = CPUList([Int]())

    /// Parses a cpulist such as `"0-3,8-11\n"`.
    ///
    /// Whitespace and newlines anywhere are ignored and an empty (or blank) string is
    /// the empty set, because the kernel writes an empty line for CPU-less nodes.
    /// Stride syntax (`0-31:2/4`, accepted by the kernel's `bitmap_parselist`) is
    /// understood too so that values copied from kernel command lines round-trip.
    public init(parsing text: String) throws(DiscoveryError) {
        var result = Set<Int>()
        let compact = text.filter { !$0.isWhitespace }
        for item in compact.split(separator: ",", omittingEmptySubsequences: true) {
            guard let values = CPUList.expand(item) else {
                throw DiscoveryError.invalidCPUList(text: text, reason: "cannot read '\(item)' (numbers 0-\(CPUList.largestID))")
            }
            result.formUnion(values)
        }
        members = result.sorted()
    }

    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }
    public var first: Int? { members.first }
    public var last: Int? { members.last }

    public func contains(_ cpu: Int) -> Bool {
        binarySearch(cpu) != nil
    }

    public func union(_ other: CPUList) -> CPUList {
        CPUList(members + other.members)
    }

    public func intersection(_ other: CPUList) -> CPUList {
        let otherSet = Set(other.members)
        return CPUList(sortedUnique: members.filter { otherSet.contains($0) })
    }

    public func subtracting(_ other: CPUList) -> CPUList {
        let otherSet = Set(other.members)
        return CPUList(sortedUnique: members.filter { !otherSet.contains($0) })
    }

    public func intersects(_ other: CPUList) -> Bool {
        let otherSet = Set(other.members)
        return members.contains { otherSet.contains($0) }
    }

    public func isSubset(of other: CPUList) -> Bool {
        let otherSet = Set(other.members)
        return members.allSatisfy { otherSet.contains($0) }
    }

    /// The canonical cpulist text: ascending ranges, `""` for the empty set.
    public var description: String {
        var parts: [String] = []
        var index = 0
        while index < members.count {
            var end = index
            while end + 1 < members.count, members[end + 1] == members[end] + 1 { end += 1 }
            parts.append(end == index ? "\(members[index])" : "\(members[index])-\(members[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let numbers = try? container.decode([Int].self) {
            self.init(numbers)
            return
        }
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    init(sortedUnique: [Int]) {
        members = sortedUnique
    }

    private func binarySearch(_ value: Int) -> Int? {
        var low = 0
        var high = members.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if members[mid] == value { return mid }
            if members[mid] < value { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// One comma-separated item: `N`, `A-B`, or `A-B:used/group`.
    /// The largest CPU or NUMA node number accepted (Linux's NR_CPUS is at most 8192 today): a list such as
    /// `0-4294967295` from a hostile or broken peer would otherwise expand into billions of numbers.
    public static let largestID = 65_535

    private static func expand(_ item: Substring) -> [Int]? {
        let (rangePart, stridePart) = splitOnce(item, ":")
        let (lowText, highText) = splitOnce(rangePart, "-")
        guard let low = Int(lowText), low >= 0, low <= largestID else { return nil }
        guard let highText else {
            return stridePart == nil ? [low] : nil
        }
        guard let high = Int(highText), high >= low, high <= largestID else { return nil }
        guard let stridePart else { return Array(low...high) }
        let (usedText, groupText) = splitOnce(stridePart, "/")
        guard let used = Int(usedText), let groupText, let group = Int(groupText),
              used > 0, group > 0, used <= group else { return nil }
        return (low...high).filter { ($0 - low) % group < used }
    }

    private static func splitOnce(_ text: Substring, _ separator: Character) -> (Substring, Substring?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (text[..<index], text[text.index(after: index)...])
    }
}

extension CPUList: Sequence {
    public func makeIterator() -> IndexingIterator<[Int]> {
        members.makeIterator()
    }
}
