import Testing
@testable import SchedulerCore

/// Slurm's compressed host lists, as SLURM_JOB_NODELIST holds them and `scontrol show hostnames` expands them.
@Suite struct HostlistTests {
    @Test(arguments: [
        (["node01", "node02"], "node[01-02]"),
        (["dgx-h100-01", "dgx-h100-02", "dgx-h100-04"], "dgx-h100-[01-02,04]"),
        (["gpu1", "gpu2", "gpu3", "gpu7", "cpu5"], "gpu[1-3,7],cpu5"),
        (["node-a", "node-b"], "node-a,node-b"),
        (["login"], "login"),
        (["n9", "n10"], "n9,n10"),            // different widths stay apart (both expand back)
        (["a1", "b1", "a2"], "a1,b1,a2"),     // order is kept: a node list is rank order
        ([String](), ""),
    ] as [([String], String)])
    func compresses(names: [String], expected: String) throws {
        #expect(Hostlist.compress(names) == expected)
        #expect(try Hostlist.expand(expected) == names)
    }

    @Test(arguments: [
        ("node[1-3]", ["node1", "node2", "node3"]),
        ("node[001-002]-ib", ["node001-ib", "node002-ib"]),
        ("a,b[2,4]", ["a", "b2", "b4"]),
    ])
    func expands(text: String, names: [String]) throws {
        #expect(try Hostlist.expand(text) == names)
    }

    @Test(arguments: ["node[1-", "node]", "node[3-1]", "node[x]", "a[1-2]b[1-2]"])
    func refusesWhatIsNotAHostList(text: String) {
        #expect(throws: HostlistError.self) { try Hostlist.expand(text) }
    }

    /// Property: whatever the names, expanding the compressed list gives them back in order.
    @Test func roundTripsRandomNodeLists() throws {
        var random = SplitMix64(seed: 11)
        let prefixes = ["gpu", "dgx-h100-", "n", "rack1-node", "login"]
        for _ in 0..<300 {
            let count = Int(random.next() % 12)
            let names = (0..<count).map { _ -> String in
                let prefix = prefixes[Int(random.next() % UInt64(prefixes.count))]
                let number = Int(random.next() % 40)
                return random.next() % 2 == 0 ? prefix + String(number) : prefix + (number < 10 ? "0" : "") + String(number)
            }
            #expect(try Hostlist.expand(Hostlist.compress(names)) == names, "\(names)")
        }
    }
}
