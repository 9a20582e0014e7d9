import Foundation
import Testing
import HardwareDiscovery

@Suite("Declared topology files")
struct TopologyFileTests {
    static var seedsFolder: URL { Fixtures.packageRoot.appendingPathComponent("seeds/topologies") }
    static var seeds: [String] { Fixtures.files(in: seedsFolder, suffix: ".json") }

    @Test("the shipped seeds are all there")
    func seedsPresent() {
        #expect(Set(Self.seeds).isSuperset(of: ["dgx-h100.json", "dgx-h200.json", "pcie-8x-l40s.json", "cpu-only-2numa.json"]))
    }

    @Test("every seed loads, validates and round-trips", arguments: seeds)
    func seedLoads(_ name: String) throws {
        let path = Self.seedsFolder.appendingPathComponent(name).path
        let file = try TopologyFile.load(path: path)
        #expect(file.name + ".json" == name)
        #expect(file.topology.validationProblems().isEmpty)
        #expect(try TopologyFile.decode(file.encoded()) == file)
        #expect(try file.encoded() + Data("\n".utf8) == Data(contentsOf: URL(fileURLWithPath: path)), "seed is not in canonical form")
    }

    @Test("DGX H100 seed is what the issue asks for")
    func dgxH100() throws {
        let topology = try TopologyFile.load(path: Self.seedsFolder.appendingPathComponent("dgx-h100.json").path).topology
        #expect(topology.sockets.count == 2 && topology.numaNodes.count == 2)
        #expect(topology.cores.count == 112 && topology.onlineCPUs.count == 224 && topology.threadsPerCore == 2)
        #expect(topology.totalMemoryMB == 2 * 1024 * 1024)
        #expect(topology.gpus.count == 8 && topology.gpus.allSatisfy { $0.model.contains("H100") && ($0.memoryMB ?? 0) >= 80 * 1000 })
        #expect(topology.gpus(onNUMANode: 0).map(\.index) == [0, 1, 2, 3])
        #expect(topology.gpus(onNUMANode: 1).map(\.index) == [4, 5, 6, 7])
        #expect(topology.gpuLinks?.weakestLink(among: Array(0...7)) == .nvlink(18))
    }

    @Test("PCIe L40S seed links: PIX in pairs, NODE in a socket, SYS across")
    func l40sLinks() throws {
        let topology = try TopologyFile.load(path: Self.seedsFolder.appendingPathComponent("pcie-8x-l40s.json").path).topology
        let links = try #require(topology.gpuLinks)
        #expect(links.link(0, 1) == .pix && links.link(6, 7) == .pix)
        #expect(links.link(0, 3) == .node && links.link(4, 6) == .node)
        #expect(links.link(3, 4) == .sys)
        #expect(topology.gpus.map(\.numaNode) == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(topology.gpus.allSatisfy { $0.memoryMB == 46068 })
    }

    @Test("a minimal declaration gets its derived fields")
    func minimal() throws {
        let json = """
        {"schemaVersion": 1, "name": "tiny", "topology": {
          "numaNodes": [{"id": 0, "cpus": "0-3", "memoryMB": 4096}],
          "gpus": [{"index": 0, "model": "NVIDIA T4", "pciBusID": "0000:3b:00.0", "numaNode": 0}]}}
        """
        let topology = try TopologyFile.decode(Data(json.utf8)).topology
        #expect(topology.onlineCPUs.description == "0-3" && topology.allowedCPUs == topology.onlineCPUs)
        #expect(topology.allowedNUMANodes == [0] && topology.totalMemoryMB == 4096)
        #expect(topology.numaNodes[0].localCPUs.description == "0-3")
        #expect(topology.gpus[0].localCPUs.isEmpty)
    }

    @Test("inconsistent declarations name the file and every problem", arguments: [
        (#"{"schemaVersion": 1, "name": "x", "topology": {"numaNodes": [{"id": 0, "cpus": "0-3", "memoryMB": 1}, {"id": 1, "cpus": "3-4", "memoryMB": 1}]}}"#,
         "NUMA node 1 shares CPUs 3 with another node"),
        (#"{"schemaVersion": 1, "name": "x", "topology": {"numaNodes": [{"id": 0, "cpus": "0-3", "memoryMB": 1}], "gpus": [{"index": 0, "model": "m", "pciBusID": "17:00.0", "numaNode": 2}]}}"#,
         "GPU 0 PCI bus id \"17:00.0\" is not in the form 0000:17:00.0; GPU 0 is on NUMA node 2, which is not declared"),
        (#"{"schemaVersion": 1, "name": "x", "topology": {"numaNodes": [{"id": 0, "cpus": "0-x", "memoryMB": 1}]}}"#,
         "invalid CPU list \"0-x\": cannot read '0-x' (numbers 0-65535) at .topology.numaNodes[0].cpus"),
        (#"{"schemaVersion": 1, "name": "x", "topology": {"numaNodes": [{"id": 0, "cpus": "0-1"}]}}"#,
         "missing key \"memoryMB\" at .topology.numaNodes[0]"),
        (#"{"schemaVersion": 9, "name": "x", "topology": {"numaNodes": [{"id": 0, "cpus": "0", "memoryMB": 1}]}}"#,
         "schemaVersion 9 is newer than supported 1"),
    ])
    func invalid(_ json: String, _ reason: String) {
        #expect(throws: DiscoveryError.invalidTopologyFile(path: "node.json", reason: reason)) {
            try TopologyFile.decode(Data(json.utf8), path: "node.json")
        }
    }

    @Test("missing file")
    func missing() {
        #expect(throws: DiscoveryError.unreadableFile(path: "/nonexistent/x.json", reason: "missing or not readable")) {
            try TopologyFile.load(path: "/nonexistent/x.json")
        }
    }

    @Test("a discovered topology can be saved and declared back")
    func saveDiscovered() throws {
        let root = try SyntheticRoot(SysfsReaderTests.twoSockets)
        defer { root.remove() }
        let discovered = try SysfsTopologyReader(root: root.path).read()
        let path = root.url.appendingPathComponent("saved.json").path
        try TopologyFile(name: "saved", topology: discovered).save(path: path)
        #expect(try TopologyFile.load(path: path).topology == discovered)
    }
}
