import Foundation
import Testing
@testable import SchedulerCore

/// The allocation pictures of docs/PLACEMENT.md, made by the real scheduler: each must appear in the document
/// verbatim, so the document cannot drift from the code. Run with `AISCHED_PRINT_PICTURES=1` to print them.
@Suite("Placement pictures in docs/PLACEMENT.md")
struct PlacementPicturesTests {
    /// Submits the jobs in order to a cluster with one node of `topology` and draws the result.
    static func picture(_ topology: NodeTopology, _ jobs: [(cpus: Int, gpus: Int, memoryMB: Int64)]) -> String {
        var cluster = TestCluster()
        cluster.addNode("node", topology: topology)
        var drawn: [(label: Character, part: NodeAllocation)] = []
        for (offset, job) in jobs.enumerated() {
            let id = cluster.submit(cpus: job.cpus, memoryMB: job.memoryMB, gpus: job.gpus)
            let label = Character(UnicodeScalar(UInt8(65 + offset)))
            if let part = cluster.job(id).allocation?.nodes.first { drawn.append((label, part)) }
        }
        return AllocationPicture.render(topology, drawn)
    }

    static var pictures: [(name: String, text: String)] {
        var result: [(String, String)] = [
            ("eight 1-GPU jobs", picture(.dgxH100(), Array(repeating: (8, 1, 0), count: 8))),
            ("two 4-GPU jobs and a 12-CPU job", picture(.dgxH100(), [(32, 4, 256_000), (32, 4, 256_000), (12, 0, 0)])),
            ("odd CPU counts and a spill", picture(.dgxH100(), [(5, 1, 0), (3, 1, 0), (120, 1, 0)])),
        ]
        if let a40 = try? NodeTopology.a40NVLinkPairs() {
            result.append(("NVLink pairs", picture(a40, [(8, 1, 0), (8, 1, 0), (16, 2, 0), (8, 1, 0)])))
        }
        return result
    }

    static var document: String? {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try? String(contentsOf: root.appendingPathComponent("docs/PLACEMENT.md"), encoding: .utf8)
    }

    @Test func theDocumentShowsRealAllocations() throws {
        let pictures = Self.pictures
        if ProcessInfo.processInfo.environment["AISCHED_PRINT_PICTURES"] != nil {
            for (name, text) in pictures { print("=== \(name)\n\(text)\n") }
        }
        #expect(pictures.count == 4, "the A40 fixture was not found; set AISCHED_FIXTURES")
        let document = try #require(Self.document, "docs/PLACEMENT.md not found")
        for (name, text) in pictures {
            #expect(document.contains(text), "docs/PLACEMENT.md does not show the current \(name) picture:\n\(text)")
        }
    }
}
