import Foundation
import Testing
@testable import SchedulerCore

@Suite("Node topology and inventory")
struct NodeTopologyTests {
    @Test func theDGXH100BuilderHasTheShapeOfTheSeedFile() {
        let dgx = NodeTopology.dgxH100()
        #expect(dgx.numaDomains.map(\.id) == [0, 1])
        #expect(dgx.cores.count == 112)
        #expect(dgx.cpuIDs == Array(0..<224))
        #expect(dgx.cores[0].cpus == [0, 112] && dgx.cores[56].cpus == [56, 168])
        #expect(dgx.gpus.map(\.numaDomain) == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(dgx.memoryMB == 2_097_152)
        #expect(dgx.gpuModel == "NVIDIA H100 80GB HBM3")
        #expect(dgx.distance(0, 1) == 21 && dgx.distance(1, 1) == 10)
    }

    @Test func flatIsOneDomainWithOneCPUPerCore() {
        let flat = NodeTopology.flat(cpus: [3, 1, 2], memoryMB: 8_000, gpus: [1, 0], gpuModel: "A100")
        #expect(flat.numaDomains == [.init(id: 0, memoryMB: 8_000)])
        #expect(flat.cores.map(\.cpus) == [[1], [2], [3]])
        #expect(flat.gpuIndices == [0, 1])
        #expect(flat.gpus.allSatisfy { $0.numaDomain == 0 && $0.model == "A100" })
        #expect(NodeTopology.flat(cpus: [0], memoryMB: 1, gpus: [0]).gpuModel == nil)
    }

    @Test func theInitialiserNormalisesWhatItIsGiven() {
        let topology = NodeTopology(
            numaDomains: [.init(id: 1, memoryMB: 100, distances: [10, 20]), .init(id: 0, memoryMB: -5, distances: [20, 10]),
                          .init(id: 1, memoryMB: 999)],
            cores: [.init(cpus: [5, 4], numaDomain: 1), .init(cpus: [0, 4], numaDomain: 0), .init(cpus: [], numaDomain: 0),
                    .init(cpus: [9], numaDomain: 7)],
            gpus: [.init(index: 2, model: "B", numaDomain: 1), .init(index: 0, model: "A", numaDomain: 3),
                   .init(index: 2, model: "dup", numaDomain: 0)],
            gpuLinkRanks: [[0, 1, 2], [1, 0, 3], [2, 3, 0]])
        #expect(topology.numaDomains.map(\.id) == [0, 1, 7])
        #expect(topology.numaDomains.map(\.memoryMB) == [0, 100, 0])
        // A domain was added for core 9, so the given distances no longer line up: they are dropped.
        #expect(topology.numaDomains.allSatisfy { $0.distances.isEmpty })
        #expect(topology.cores.map(\.cpus) == [[0], [4, 5], [9]])
        #expect(topology.cpuIDs == [0, 4, 5, 9])
        #expect(topology.gpus.map(\.index) == [0, 2])
        #expect(topology.gpus.map(\.numaDomain) == [nil, 1])
        // The matrix is reordered with the GPUs (index 0 was the second row) and the duplicate's row dropped.
        #expect(topology.gpuLinkRanks == [[0, 1], [1, 0]])
        let malformed = NodeTopology(numaDomains: [.init(id: 0, memoryMB: 1)], cores: [.init(cpus: [0], numaDomain: 0)],
                                     gpus: [.init(index: 0, model: "A", numaDomain: 0)], gpuLinkRanks: [[1, 2]])
        #expect(malformed.gpuLinkRanks == nil)
    }

    @Test func theNodeModelIsTheMostCommonOne() {
        let gpus: [NodeTopology.GPUDevice] = [.init(index: 0, model: "GTX 1060", numaDomain: 0),
                                              .init(index: 1, model: "GTX 1080 Ti", numaDomain: 0),
                                              .init(index: 2, model: "GTX 1080 Ti", numaDomain: 0)]
        let cores = [NodeTopology.Core(cpus: [0], numaDomain: 0)]
        #expect(NodeTopology(numaDomains: [.init(id: 0, memoryMB: 1)], cores: cores, gpus: gpus).gpuModel == "GTX 1080 Ti")
        #expect(NodeTopology(numaDomains: [.init(id: 0, memoryMB: 1)], cores: cores, gpus: Array(gpus.prefix(2))).gpuModel
                == "GTX 1060")
    }

    @Test func inventoryTotalsAreReadFromTheTopology() {
        let inventory = NodeInventory.make("dgx-01", topology: .dgxH100())
        #expect(inventory.cpuIDs.count == 224)
        #expect(inventory.memoryMB == 2_097_152)
        #expect(inventory.gpuIndices == Array(0..<8))
        #expect(inventory.gpuModel == "NVIDIA H100 80GB HBM3")
        let flat = NodeInventory(name: "n", address: "n", cpuIDs: [0, 1], memoryMB: 4_000, gpuIndices: [0], gpuModel: "T4")
        #expect(flat.topology == .flat(cpus: [0, 1], memoryMB: 4_000, gpus: [0], gpuModel: "T4"))
    }

    @Test func topologiesRoundTripThroughJSONAndCompareByValue() throws {
        for topology in [NodeTopology.dgxH100(), try .a40NVLinkPairs(), .flat(cpus: [0, 1], memoryMB: 1)] {
            let inventory = NodeInventory.make("x", topology: topology)
            let data = try JSONEncoder().encode(inventory)
            let decoded = try JSONDecoder().decode(NodeInventory.self, from: data)
            #expect(decoded == inventory)
            #expect(decoded.hashValue == inventory.hashValue)
        }
        #expect(NodeTopology.dgxH100() == NodeTopology.dgxH100())
        #expect(NodeTopology.dgxH100() != NodeTopology.make(domains: 2, coresPerDomain: 56, memoryMBPerDomain: 1_048_576,
                                                              gpusPerDomain: 4, gpuModel: "NVIDIA H100 80GB HBM3"))
    }

    @Test func rowsWrittenBeforeTopologiesStillLoad() throws {
        let legacyNode = #"{"name":"gpu-01","address":"gpu-01.lan","cpuIDs":[0,1,2,3],"memoryMB":16000,"gpuIndices":[0,1],"gpuModel":"A100","topologyJSON":""}"#
        let inventory = try JSONDecoder().decode(NodeInventory.self, from: Data(legacyNode.utf8))
        #expect(inventory == NodeInventory(name: "gpu-01", address: "gpu-01.lan", cpuIDs: [0, 1, 2, 3], memoryMB: 16_000,
                                           gpuIndices: [0, 1], gpuModel: "A100"))
        let legacyPart = #"{"node":"gpu-01","cpus":[0,1],"gpus":[0],"numaNodes":[],"memoryMB":2048}"#
        let part = try JSONDecoder().decode(NodeAllocation.self, from: Data(legacyPart.utf8))
        #expect(part == NodeAllocation(node: "gpu-01", cpus: [0, 1], gpus: [0], memoryMB: 2_048))
        // Charged to domain 0 when held, and released from it again.
        let node = Node.up("gpu-01", inventory.topology).holding([part])
        #expect(node.allocatedMemoryMBByNUMA == [0: 2_048])
        var released = node
        released.release(part, for: node.jobs.first!)
        #expect(released.allocatedMemoryMBByNUMA.isEmpty && released.allocatedMemoryMB == 0)
    }

    @Test func nodesAccountMemoryPerDomain() {
        let part = NodeAllocation(node: "dgx", cpus: [0], numaNodes: [0, 1], memoryMB: 1_500, numaMemoryMB: [1_000, 500])
        var node = Node.up("dgx", .dgxH100())
        node.hold(part, for: JobID(1))
        node.hold(part, for: JobID(2))
        #expect(node.allocatedMemoryMBByNUMA == [0: 2_000, 1: 1_000])
        #expect(node.freeMemoryMB(numaDomain: 0) == 1_048_576 - 2_000)
        #expect(node.freeMemoryMB(numaDomain: 5) == 0)
        node.release(part, for: JobID(1))
        node.release(part, for: JobID(1))              // idempotent
        node.release(part, for: JobID(2))
        #expect(node.allocatedMemoryMBByNUMA.isEmpty)
        #expect(node == Node.up("dgx", .dgxH100()))
    }
}
