/// How two devices are connected, in `nvidia-smi topo -m` vocabulary.
///
/// Ordered by link quality (`<` means worse) so the scheduler can pick the best-connected
/// GPU sets: NVLink (more bonded links first) > PIX > PXB > PHB > NODE > SYS > unknown.
public enum GPULinkKind: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The device itself (`X`).
    case selfLink
    /// A bonded set of this many NVLinks (`NV18`).
    case nvlink(Int)
    /// At most one PCIe bridge.
    case pix
    /// Several PCIe bridges, without crossing a host bridge.
    case pxb
    /// Through a PCIe host bridge (the CPU).
    case phb
    /// Between host bridges inside one NUMA node.
    case node
    /// Across the inter-socket (SMP) interconnect. Old drivers print `SOC`.
    case sys
    /// Not reported (e.g. a row missing from a partial paste).
    case unknown

    /// Parses one matrix cell; returns nil for text that is not a link kind.
    public init?(cell: String) {
        let text = cell.trimmingWhitespace().uppercased()
        switch text {
        case "X": self = .selfLink
        case "PIX": self = .pix
        case "PXB": self = .pxb
        case "PHB": self = .phb
        case "NODE": self = .node
        case "SYS", "SOC": self = .sys
        case "?": self = .unknown
        default:
            guard text.hasPrefix("NV"), let count = Int(text.dropFirst(2)), count > 0 else { return nil }
            self = .nvlink(count)
        }
    }

    public var description: String {
        switch self {
        case .selfLink: return "X"
        case .nvlink(let count): return "NV\(count)"
        case .pix: return "PIX"
        case .pxb: return "PXB"
        case .phb: return "PHB"
        case .node: return "NODE"
        case .sys: return "SYS"
        case .unknown: return "?"
        }
    }

    /// Higher is better; NVLink ranks above every PCIe path whatever its width.
    public var rank: Int {
        switch self {
        case .selfLink: return 10_000
        case .nvlink(let count): return 1_000 + count
        case .pix: return 500
        case .pxb: return 400
        case .phb: return 300
        case .node: return 200
        case .sys: return 100
        case .unknown: return 0
        }
    }

    public var isNVLink: Bool {
        if case .nvlink = self { return true }
        return false
    }

    public static func < (lhs: GPULinkKind, rhs: GPULinkKind) -> Bool {
        lhs.rank < rhs.rank
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let kind = GPULinkKind(cell: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown GPU link kind \"\(text)\"")
        }
        self = kind
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Pairwise GPU-to-GPU links; `links[i][j]` connects `gpuIndices[i]` and `gpuIndices[j]`.
public struct GPULinkMatrix: Codable, Sendable, Equatable {
    public var gpuIndices: [Int]
    public var links: [[GPULinkKind]]

    public init(gpuIndices: [Int], links: [[GPULinkKind]]) {
        self.gpuIndices = gpuIndices
        self.links = links
    }

    /// The same link kind between every pair (e.g. all `NV18` behind NVSwitches).
    public static func uniform(gpuIndices: [Int], link: GPULinkKind) -> GPULinkMatrix {
        let rows = gpuIndices.indices.map { row in
            gpuIndices.indices.map { column in row == column ? GPULinkKind.selfLink : link }
        }
        return GPULinkMatrix(gpuIndices: gpuIndices, links: rows)
    }

    /// The link between two GPU indices, nil if either is not in the matrix.
    public func link(_ first: Int, _ second: Int) -> GPULinkKind? {
        guard let row = gpuIndices.firstIndex(of: first),
              let column = gpuIndices.firstIndex(of: second),
              row < links.count, column < links[row].count else { return nil }
        return links[row][column]
    }

    /// The weakest link inside a set of GPUs: what a collective over them is limited by.
    public func weakestLink(among indices: [Int]) -> GPULinkKind? {
        var weakest: GPULinkKind?
        for (position, first) in indices.enumerated() {
            for second in indices[(position + 1)...] {
                guard let kind = link(first, second) else { return nil }
                weakest = min(weakest ?? kind, kind)
            }
        }
        return weakest
    }
}
