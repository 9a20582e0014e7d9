/// Slurm's compressed host lists (`gpu[01-03,07],login2`): what SLURM_JOB_NODELIST holds and what
/// `scontrol show hostnames` expands, so scripts that pass one to the other work unchanged.
public enum Hostlist {
    /// Compresses names in the given order: runs of names that differ only in a trailing number of the same width
    /// share one prefix in brackets, consecutive numbers become ranges, zero padding is kept; a name alone in its
    /// group has no brackets. `["dgx-01", "dgx-02", "dgx-04"]` → `dgx-[01-02,04]`.
    public static func compress(_ names: [String]) -> String {
        var groups: [(prefix: String, width: Int, numbers: [Int], plain: String?)] = []
        for name in names {
            guard let (prefix, digits) = split(name), let number = Int(digits) else {
                groups.append((name, 0, [], name))
                continue
            }
            if let last = groups.indices.last, groups[last].plain == nil, groups[last].prefix == prefix,
               groups[last].width == digits.count {
                groups[last].numbers.append(number)
            } else {
                groups.append((prefix, digits.count, [number], nil))
            }
        }
        return groups.map { group in
            if let plain = group.plain { return plain }
            if group.numbers.count == 1 { return group.prefix + pad(group.numbers[0], group.width) }
            return group.prefix + "[" + ranges(group.numbers, width: group.width) + "]"
        }.joined(separator: ",")
    }

    /// The names of a host list, in order: `gpu[01-02],cpu5` → `gpu01`, `gpu02`, `cpu5`. Throws on unbalanced
    /// brackets or a bad range, with what was expected.
    public static func expand(_ text: String) throws(HostlistError) -> [String] {
        var names: [String] = []
        for entry in try topLevelEntries(text) {
            guard let open = entry.firstIndex(of: "[") else {
                names.append(String(entry))
                continue
            }
            guard let close = entry.firstIndex(of: "]") else { throw HostlistError(text: text) }
            let prefix = entry[..<open]
            let suffix = entry[entry.index(after: close)...]
            guard !suffix.contains("[") else { throw HostlistError(text: text) }
            let body = entry[entry.index(after: open)..<close]
            for part in body.split(separator: ",", omittingEmptySubsequences: false) {
                let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!),
                      low <= high, high - low < 1_000_000 else { throw HostlistError(text: text) }
                let width = bounds[0].count
                for number in low...high { names.append(prefix + pad(number, width) + suffix) }
            }
        }
        return names
    }

    /// Splits on commas outside brackets.
    private static func topLevelEntries(_ text: String) throws(HostlistError) -> [Substring] {
        var entries: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth < 0 { throw HostlistError(text: text) }
            case "," where depth == 0:
                entries.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        guard depth == 0 else { throw HostlistError(text: text) }
        entries.append(text[start...])
        return entries.filter { !$0.isEmpty }
    }

    /// A name's prefix and trailing digits, or nil when it does not end in a digit.
    private static func split(_ name: String) -> (String, Substring)? {
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        let cut = name.index(name.endIndex, offsetBy: -digits.count)
        return (String(name[..<cut]), name[cut...])
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Numbers as ranges, in the order given: `[0, 1, 2, 3, 8]` → `0-3,8`, as Slurm and Linux write CPU lists
    /// (`scontrol show job -d`'s CPU_IDs, cpusets). Sort and unique them first for a cpulist.
    public static func ranges(_ numbers: [Int]) -> String {
        ranges(numbers, width: 0)
    }

    private static func ranges(_ numbers: [Int], width: Int) -> String {
        var parts: [String] = []
        var index = 0
        while index < numbers.count {
            var end = index
            while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
            parts.append(end == index ? pad(numbers[index], width) : "\(pad(numbers[index], width))-\(pad(numbers[end], width))")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}

/// A host list that could not be read.
public struct HostlistError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "\"\(text)\" is not a host list; expected names and bracketed ranges such as gpu[01-04,07],login1"
    }
}
