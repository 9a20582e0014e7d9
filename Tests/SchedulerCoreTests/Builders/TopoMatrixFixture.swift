import Foundation
@testable import SchedulerCore

/// Reads the GPU rows of a real `nvidia-smi topo -m` output from the fixtures kept in the repository
/// (`$AISCHED_FIXTURES`, else `<package root>/Tests/Fixtures`): the link rank of every GPU pair and each GPU's NUMA affinity.
/// Only what placement tests need; the agent's full parser lives in HardwareDiscovery.
struct TopoMatrixFixture {
    var ranks: [[Int]]
    var numaNodes: [Int?]

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "fixture \(path) not found; set AISCHED_FIXTURES" }
    }

    static var root: URL {
        if let override = ProcessInfo.processInfo.environment["AISCHED_FIXTURES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Tests/Fixtures")
    }

    static func load(_ name: String) throws -> TopoMatrixFixture {
        let url = root.appendingPathComponent("nvidia").appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw Missing(path: url.path) }
        return parse(text)
    }

    static func parse(_ text: String) -> TopoMatrixFixture {
        let lines = text.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
        guard let header = lines.first else { return TopoMatrixFixture(ranks: [], numaNodes: []) }
        let gpuCount = header.count { $0.hasPrefix("GPU") && Int($0.dropFirst(3)) != nil }
        let deviceCount = header.firstIndex(of: "CPU") ?? header.count
        var ranks: [[Int]] = []
        var numaNodes: [Int?] = []
        for row in lines.dropFirst() where row.first.map({ $0.hasPrefix("GPU") }) == true && ranks.count < gpuCount {
            ranks.append(row[1...gpuCount].map(rank))
            // After the device columns: CPU affinity, then NUMA affinity.
            numaNodes.append(row.count > deviceCount + 2 ? Int(row[deviceCount + 2]) : nil)
        }
        return TopoMatrixFixture(ranks: ranks, numaNodes: numaNodes)
    }

    /// `HardwareDiscovery.GPULinkKind.rank` of one cell.
    static func rank(_ cell: String) -> Int {
        switch cell.uppercased() {
        case "X": return 10_000
        case "PIX": return NodeTopology.LinkRank.pix
        case "PXB": return NodeTopology.LinkRank.pxb
        case "PHB": return NodeTopology.LinkRank.phb
        case "NODE": return NodeTopology.LinkRank.sameNUMA
        case "SYS", "SOC": return NodeTopology.LinkRank.crossSocket
        case let text where text.hasPrefix("NV"): return NodeTopology.LinkRank.nvlinkBase + (Int(text.dropFirst(2)) ?? 0)
        default: return NodeTopology.LinkRank.unknown
        }
    }
}
