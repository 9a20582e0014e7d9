import Testing
@testable import SchedulerCore

/// The heartbeat timeout's one home, on its own: deadlines, silent nodes, and the remembered deadline against a full
/// recomputation (the oracle) after random traffic.
@Suite struct NodeLivenessUnitTests {
    static let timeout = Span.seconds(30)

    static func node(_ name: String, heard seconds: Int64, up: Bool = true) -> Node {
        Node(inventory: .make(name), status: up ? .up : .down, connected: up, lastHeard: Instant(milliseconds: seconds * 1000))
    }

    static func nodes(_ list: [Node]) -> [String: Node] {
        Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }

    @Test(arguments: [
        // (last heard per up node, down nodes' last heard, now) → (deadline, silent)
        ([10, 20], [Int64](), 35, 40, [String]()),
        ([10, 20], [], 40, 40, ["n0"]),
        ([10, 20], [], 60, 40, ["n0", "n1"]),
        ([], [1], 100, nil, []),                     // a down node is not watched
        ([50], [1], 100, 80, ["n0"]),
    ] as [([Int64], [Int64], Int64, Int64?, [String])])
    func deadlinesAndSilentNodes(up: [Int64], down: [Int64], now: Int64, deadline: Int64?, silent: [String]) {
        let list = up.enumerated().map { Self.node("n\($0.offset)", heard: $0.element) }
            + down.enumerated().map { Self.node("d\($0.offset)", heard: $0.element, up: false) }
        var liveness = NodeLiveness()
        let nodes = Self.nodes(list)
        #expect(liveness.nextDeadline(of: nodes, timeout: Self.timeout) == deadline.map { Instant(milliseconds: $0 * 1000) })
        #expect(liveness.silentNodes(of: nodes, at: Instant(milliseconds: now * 1000), timeout: Self.timeout) == silent)
    }

    @Test func hearingTheNodeThatSetTheDeadlineMovesIt() {
        var nodes = Self.nodes([Self.node("a", heard: 10), Self.node("b", heard: 20)])
        var liveness = NodeLiveness()
        #expect(liveness.nextDeadline(of: nodes, timeout: Self.timeout) == Instant(milliseconds: 40_000))
        liveness.willHear(nodes["b"]!, timeout: Self.timeout)
        #expect(liveness.rememberedDeadline != nil, "b did not set the deadline: it stays remembered")
        liveness.willHear(nodes["a"]!, timeout: Self.timeout)
        nodes["a"]!.lastHeard = Instant(milliseconds: 25_000)
        #expect(liveness.nextDeadline(of: nodes, timeout: Self.timeout) == Instant(milliseconds: 50_000))
    }

    /// Oracle: whatever happens (heard, up, down, silent nodes expired), as long as the caller keeps the contract
    /// (`willHear` before a node's `lastHeard` moves, `nodeCameUp` when one comes up), the deadline it gives is the
    /// one a scan of every node gives.
    @Test(arguments: 1...10)
    func theRememberedDeadlineEqualsAFullScan(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var nodes = Self.nodes((0..<8).map { Self.node("n\($0)", heard: Int64(random.next() % 30)) })
        var liveness = NodeLiveness()
        var now: Int64 = 30
        for step in 0..<400 {
            now += Int64(random.next() % 5)
            let name = "n\(random.next() % 8)"
            switch random.next() % 4 {
            case 0, 1:
                liveness.willHear(nodes[name]!, timeout: Self.timeout)
                nodes[name]!.lastHeard = Instant(milliseconds: now * 1000)
            case 2 where nodes[name]!.status == .down:
                liveness.nodeCameUp()
                nodes[name]!.status = .up
                nodes[name]!.lastHeard = Instant(milliseconds: now * 1000)
            default:
                for silent in liveness.silentNodes(of: nodes, at: Instant(milliseconds: now * 1000), timeout: Self.timeout) {
                    nodes[silent]!.status = .down
                }
            }
            let scanned = nodes.values.filter { $0.status == .up }.map { $0.lastHeard + Self.timeout }.min()
            #expect(liveness.nextDeadline(of: nodes, timeout: Self.timeout) == scanned, "seed \(seed) step \(step)")
        }
    }
}
