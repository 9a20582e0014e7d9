import Foundation
import Testing
@testable import SchedulerCore

/// `NodeSubset` replaced the `[String]` lists of a job's active and started nodes: the oracle is that list, changed
/// the way the engine changed it (filtered on removal, appended when absent), read back in the subset's order.
struct NodeSubsetTests {
    @Test(arguments: [0, 1, 16, 17, 64, 65, 300] as [Int], [1 as UInt64, 2, 3])
    func randomChangesMatchAListOfNames(width: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: seed &* 7919 &+ UInt64(width))
        let universe = (0..<width).map { "node-\($0)" }
        let strangers = (0..<5).map { "other-\($0)" } // names it was not given: appended, as the list did
        var subset = random.below(2) == 0 ? NodeSubset(universe) : NodeSubset(none: universe)
        var oracle = subset.list
        var order = universe
        for _ in 0..<400 {
            let pool = universe + strangers
            guard !pool.isEmpty else { break }
            let name = pool[random.below(pool.count)]
            switch random.below(4) {
            case 0:
                subset.insert(name)
                if !oracle.contains(name) { oracle.append(name) }
                if !order.contains(name) { order.append(name) }
            case 1:
                subset.remove(name)
                oracle.removeAll { $0 == name }
            case 2:
                #expect(subset.contains(name) == oracle.contains(name))
            default:
                if random.below(20) == 0 {
                    subset.removeAll()
                    oracle.removeAll()
                }
            }
            // The list's names, in the order the subset was given them.
            let expected = order.filter { oracle.contains($0) }
            #expect(subset.list == expected)
            #expect(subset.count == expected.count && subset.isEmpty == expected.isEmpty)
        }
        let decoded = try JSONDecoder().decode(NodeSubset.self, from: JSONEncoder().encode(subset))
        #expect(decoded == subset && decoded.hashValue == subset.hashValue)
    }

    @Test func storedAsTheListOfNamesItReplaced() throws {
        var subset = NodeSubset(["a", "b", "c"])
        subset.remove("b")
        #expect(String(decoding: try JSONEncoder().encode(subset), as: UTF8.self) == #"["a","c"]"#)
        let old = try JSONDecoder().decode(NodeSubset.self, from: Data(#"["x","y"]"#.utf8))
        #expect(old == ["x", "y"] && old.contains("y") && !old.contains("z"))
    }

    @Test func equalWhenTheyHoldTheSameNodesWhateverTheyMightHold() {
        var wide = NodeSubset(["a", "b", "c"])
        wide.remove("c")
        #expect(wide == ["a", "b"])
        #expect(wide != ["b", "a"])
        #expect(NodeSubset(none: ["a"]) == [])
    }
}
