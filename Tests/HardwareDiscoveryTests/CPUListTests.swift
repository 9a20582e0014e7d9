import Foundation
import Testing
import HardwareDiscovery

@Suite("CPUList")
struct CPUListTests {
    @Test("parse cpulist", arguments: [
        ("0-3,8-11", [0, 1, 2, 3, 8, 9, 10, 11]),
        ("0-3,8-11\n", [0, 1, 2, 3, 8, 9, 10, 11]),
        (" 5 ,\t1-2 \n", [1, 2, 5]),
        ("", []),
        ("\n", []),
        ("7", [7]),
        ("3,1,2,2", [1, 2, 3]),
        ("0-55,112-167", Array(0...55) + Array(112...167)),
        ("0-15:2/4", [0, 1, 4, 5, 8, 9, 12, 13]),
        ("4,6,8,10,12", [4, 6, 8, 10, 12]),
    ])
    func parse(_ text: String, _ expected: [Int]) throws {
        #expect(Array(try CPUList(parsing: text)) == expected)
    }

    @Test("reject malformed cpulists", arguments: ["a", "3-1", "-1", "1-", "0-3:5/4", "1,,x"])
    func reject(_ text: String) {
        #expect(throws: DiscoveryError.self) { try CPUList(parsing: text) }
    }

    @Test("format", arguments: [
        ([Int](), ""), ([0], "0"), ([0, 1, 2, 3, 8, 9, 10, 11], "0-3,8-11"), ([1, 3, 5], "1,3,5"), ([4, 5, 7], "4-5,7"),
    ])
    func format(_ cpus: [Int], _ expected: String) throws {
        let list = CPUList(cpus)
        #expect(list.description == expected)
        #expect(try CPUList(parsing: list.description) == list)
    }

    @Test("parse kernel and hwloc masks", arguments: [
        ("0000,00000000,00ff00ff", "0-7,16-23"),
        ("00000000,0000ff00\n", "8-15"),
        ("0000,00000000,000000ff,ff000000,00000000,00000000", "88-103"),
        ("1", "0"),
        ("0x0000747e", "1-6,10,12-14"),
        ("0x000000ff,0xffffffff", "0-39"),
        ("0000,00000000,00000000", ""),
        ("", ""),
    ])
    func masks(_ mask: String, _ expected: String) throws {
        #expect(try CPUList(parsingMask: mask) == CPUList(parsing: expected))
    }

    @Test("reject malformed masks", arguments: ["xyz", "123456789", "00ff,,00"])
    func rejectMask(_ mask: String) {
        #expect(throws: DiscoveryError.self) { try CPUList(parsingMask: mask) }
    }

    @Test("set operations and JSON form")
    func operations() throws {
        let a: CPUList = [0, 1, 2, 3]
        let b = try CPUList(parsing: "2-5")
        #expect(a.union(b).description == "0-5")
        #expect(a.intersection(b).description == "2-3")
        #expect(a.subtracting(b).description == "0-1")
        #expect(a.intersects(b) && !a.isSubset(of: b) && CPUList([2, 3]).isSubset(of: a))
        #expect(a.contains(3) && !a.contains(4))
        let json = try JSONEncoder().encode(["cpus": b])
        #expect(String(decoding: json, as: UTF8.self) == #"{"cpus":"2-5"}"#)
        #expect(try JSONDecoder().decode([String: CPUList].self, from: Data(#"{"x":[3,1]}"#.utf8))["x"] == [1, 3])
    }
}

/// A cpulist from a broken or hostile peer cannot expand into billions of numbers.
@Suite struct CPUListBoundTests {
    @Test(arguments: ["0-4294967295", "65536", "0-70000:1/2"])
    func numbersBeyondTheLargestIDAreRefused(text: String) {
        #expect(throws: DiscoveryError.self) { try CPUList(parsing: text) }
    }

    @Test func theLargestIDIsAccepted() throws {
        #expect(try CPUList(parsing: "65535").members == [65_535])
    }
}
