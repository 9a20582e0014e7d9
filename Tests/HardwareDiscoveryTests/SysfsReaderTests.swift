import Foundation
import Testing
import HardwareDiscovery

/// A small hand-written sysfs/procfs tree for cases the real dumps do not cover.
struct SyntheticRoot {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hwsynth-\(UUID().uuidString)")
        for (path, content) in files {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: file)
        }
    }

    var path: String { url.path }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// `count` CPUs with SMT pairs (cpu, cpu + count/2) and `sockets` packages.
    static func cpus(_ count: Int, sockets: Int = 1, online: String? = nil) -> [String: String] {
        var files: [String: String] = [:]
        let half = count / 2
        for cpu in 0..<count {
            let core = cpu % half
            let base = "sys/devices/system/cpu/cpu\(cpu)/topology"
            files["\(base)/core_id"] = "\(core)\n"
            files["\(base)/physical_package_id"] = "\(core * sockets / half)\n"
            files["\(base)/thread_siblings_list"] = "\(core),\(core + half)\n"
        }
        files["sys/devices/system/cpu/online"] = (online ?? "0-\(count - 1)") + "\n"
        return files
    }

    static func node(_ id: Int, cpus: String, memoryKB: Int, distances: String) -> [String: String] {
        let base = "sys/devices/system/node/node\(id)"
        return ["\(base)/cpulist": cpus + "\n", "\(base)/distance": distances + "\n",
                "\(base)/meminfo": "Node \(id) MemTotal:       \(memoryKB) kB\nNode \(id) MemFree:        1234 kB\n"]
    }

    static func pci(_ address: String, vendor: String = "0x10de", classCode: String = "0x030200",
                    numaNode: String? = nil, localCPUList: String? = nil) -> [String: String] {
        let base = "sys/bus/pci/devices/\(address)"
        var files = ["\(base)/vendor": vendor + "\n", "\(base)/device": "0x2330\n", "\(base)/class": classCode + "\n"]
        if let numaNode { files["\(base)/numa_node"] = numaNode + "\n" }
        if let localCPUList { files["\(base)/local_cpulist"] = localCPUList + "\n" }
        return files
    }
}

extension Dictionary where Key == String, Value == String {
    static func + (lhs: Self, rhs: Self) -> Self { lhs.merging(rhs) { _, new in new } }
}

@Suite("SysfsTopologyReader on synthetic trees")
struct SysfsReaderTests {
    /// 2 sockets x 4 cores x 2 threads, 2 NUMA nodes.
    static let twoSockets = SyntheticRoot.cpus(16, sockets: 2)
        + SyntheticRoot.node(0, cpus: "0-3,8-11", memoryKB: 5_203_744, distances: "10 21")
        + SyntheticRoot.node(1, cpus: "4-7,12-15", memoryKB: 8_388_608, distances: "21 10")

    @Test("NUMA memory comes from MemTotal, not from the node id that starts the line")
    func meminfo() throws {
        let root = try SyntheticRoot(Self.twoSockets)
        defer { root.remove() }
        let topology = try SysfsTopologyReader(root: root.path).read()
        #expect(topology.numaNodes.map(\.memoryMB) == [5081, 8192])
        #expect(topology.totalMemoryMB == 13273)
        #expect(topology.distance(from: 0, to: 1) == 21)
        #expect(topology.numaNodes.map(\.cpus.description) == ["0-3,8-11", "4-7,12-15"])
    }

    @Test("cores are SMT sibling sets, sockets are packages")
    func coresAndSockets() throws {
        let root = try SyntheticRoot(Self.twoSockets)
        defer { root.remove() }
        let topology = try SysfsTopologyReader(root: root.path).read()
        #expect(topology.cores.count == 8)
        #expect(topology.cores.first?.cpus == [0, 8])
        #expect(topology.cores.allSatisfy { $0.cpus.count == 2 })
        #expect(topology.threadsPerCore == 2)
        #expect(topology.sockets.map(\.cpus.description) == ["0-3,8-11", "4-7,12-15"])
        #expect(topology.sockets.map(\.numaNodes) == [[0], [1]])
        #expect(topology.cores.map(\.numaNode) == [0, 0, 0, 0, 1, 1, 1, 1])
    }

    @Test("no node directory: one node with every online CPU and /proc/meminfo")
    func noNUMA() throws {
        let root = try SyntheticRoot(SyntheticRoot.cpus(4, online: "0-2")
            + ["proc/meminfo": "MemTotal:       16384000 kB\nMemFree: 1 kB\n"])
        defer { root.remove() }
        let topology = try SysfsTopologyReader(root: root.path).read()
        #expect(topology.numaNodes.count == 1)
        #expect(topology.numaNodes[0].cpus.description == "0-2")
        #expect(topology.numaNodes[0].memoryMB == 16000)
        #expect(topology.allCPUs.description == "0-3")
        #expect(topology.onlineCPUs.description == "0-2")
    }

    @Test("GPUs without nvidia-smi: driver /proc entries + PCI sysfs, numa_node -1 resolved by local CPUs")
    func gpusFromSysfs() throws {
        let files = Self.twoSockets
            + SyntheticRoot.pci("0000:9d:00.0", numaNode: "1", localCPUList: "4-7,12-15")
            + SyntheticRoot.pci("0000:1b:00.0", numaNode: "-1", localCPUList: "0-3,8-11")
            + SyntheticRoot.pci("0000:03:00.0", vendor: "0x1a03", classCode: "0x030000", numaNode: "0")
            + ["proc/driver/nvidia/gpus/0000:1b:00.0/information":
                "Model: \t\t NVIDIA H100 80GB HBM3\nIRQ:   \t\t 42\nGPU UUID: \t GPU-0a1b2c3d-0000-1111-2222-333344445555\nDevice Minor: \t 3\nBus Location: \t 0000:1b:00.0\n"]
        let root = try SyntheticRoot(files)
        defer { root.remove() }
        let topology = try SysfsTopologyReader(root: root.path).read()
        #expect(topology.gpus.map(\.pciBusID) == ["0000:1b:00.0", "0000:9d:00.0"])
        #expect(topology.gpus.map(\.index) == [0, 1])
        #expect(topology.gpus.map(\.numaNode) == [0, 1])
        #expect(topology.gpus[0].model == "NVIDIA H100 80GB HBM3")
        #expect(topology.gpus[0].uuid == "GPU-0a1b2c3d-0000-1111-2222-333344445555")
        #expect(topology.gpus[0].minorNumber == 3)
        #expect(topology.gpus[1].model == "PCI 10de:2330")
        #expect(topology.gpus[1].localCPUs.description == "4-7,12-15")
        #expect(topology.gpus(onNUMANode: 1).map(\.index) == [1])
        // The ASPEED BMC display controller is a PCI display device but not a GPU.
        let devices = PCIDeviceScanner(root: root.path).scan(numaNodes: topology.numaNodes, usableCPUs: topology.onlineCPUs)
        #expect(devices.map(\.address) == ["0000:03:00.0", "0000:1b:00.0", "0000:9d:00.0"])
        #expect(devices.filter(\.isNVIDIAGPU).count == 2)
    }

    @Test("nvidia-smi records give names, UUIDs and sizes; sysfs gives locality")
    func smiMerge() throws {
        let root = try SyntheticRoot(Self.twoSockets + SyntheticRoot.pci("0000:04:00.0", numaNode: "0")
            + SyntheticRoot.pci("0000:82:00.0", numaNode: "1"))
        defer { root.remove() }
        let records = try NvidiaSMIXMLParser.parse(Fixtures.nvidiaText("yarn-2x-p100-pcie.nvidia-smi-q-x.xml"))
        let topology = try SysfsTopologyReader(root: root.path).read(nvidiaSMI: records)
        #expect(topology.gpus.map(\.model) == ["Tesla P100-PCIE-12GB", "Tesla P100-PCIE-12GB_2"])
        #expect(topology.gpus.map(\.memoryMB) == [11567, 12290])
        #expect(topology.gpus.map(\.numaNode) == [0, 1])
        #expect(topology.gpus.map(\.localCPUs.description) == ["0-3,8-11", "4-7,12-15"])
    }

    @Test("two GPUs with one UUID are rejected")
    func duplicateUUIDs() throws {
        let root = try SyntheticRoot(Self.twoSockets)
        defer { root.remove() }
        let records = try NvidiaSMIXMLParser.parse(Fixtures.nvidiaText("telegraf-pr18176-dual-rtx-2080.nvidia-smi-q-x.xml"))
        #expect(throws: DiscoveryError.inconsistentTopology(reason: "GPUs 0 and 1 report the same UUID GPU-12345678-aaaa-bbbb-cccc-0123456789ab")) {
            try SysfsTopologyReader(root: root.path).read(nvidiaSMI: records)
        }
    }

    @Test("coherent GPU memory nodes are hidden by default and attributed to their GPU")
    func gpuMemoryNodes() throws {
        let files = Self.twoSockets + SyntheticRoot.pci("0000:1b:00.0", numaNode: "0", localCPUList: "0-3,8-11")
            + SyntheticRoot.node(2, cpus: "", memoryKB: 100_663_296, distances: "80 80 10")
            + ["proc/driver/nvidia/gpus/0000:1b:00.0/numa_status": "Node:      2\nStatus:    online\n"]
            + ["sys/devices/system/node/node0/distance": "10 21 80\n", "sys/devices/system/node/node1/distance": "21 10 80\n"]
        let root = try SyntheticRoot(files)
        defer { root.remove() }
        let hidden = try SysfsTopologyReader(root: root.path).read()
        #expect(hidden.numaNodes.map(\.id) == [0, 1])
        #expect(hidden.totalMemoryMB == 5081 + 8192)
        #expect(hidden.gpus.first?.memoryNUMANode == 2)
        #expect(hidden.numaNodes[0].distances == [10, 21])
        let kept = try SysfsTopologyReader(root: root.path, options: .init(keepGPUMemoryNUMANodes: true)).read()
        #expect(kept.numaNodes.map(\.id) == [0, 1, 2])
        #expect(kept.numaNode(id: 2)?.gpuMemoryOf == "0000:1b:00.0")
        #expect(kept.numaNode(id: 2)?.localCPUs.description == "0-3,8-11")
        #expect(kept.numaNode(id: 2)?.cpus.isEmpty == true)
    }

    @Test("cgroup v2 cpuset narrowed by the process affinity")
    func cgroupV2() throws {
        let files = Self.twoSockets + [
            "sys/fs/cgroup/cpuset.cpus.effective": "0-15\n",
            "sys/fs/cgroup/job42/cpuset.cpus.effective": "2-9\n",
            "sys/fs/cgroup/job42/cpuset.mems.effective": "0\n",
            "proc/self/cgroup": "0::/job42\n",
            "proc/self/status": "Name:\tagent\nCpus_allowed_list:\t0-3\nMems_allowed_list:\t0-1\n",
        ]
        let root = try SyntheticRoot(files)
        defer { root.remove() }
        let topology = try SysfsTopologyReader(root: root.path).read()
        #expect(topology.allowedCPUs.description == "2-3")
        #expect(topology.allowedNUMANodes.description == "0")
        let usable = topology.restrictedToAllowed()
        #expect(usable.numaNodes.map(\.id) == [0])
        #expect(usable.numaNodes[0].cpus.description == "2-3")
        #expect(usable.numaNodes[0].distances == [10])
        #expect(usable.cores.map(\.cpus.description) == ["2", "3"])
        #expect(usable.totalMemoryMB == 5081)
    }

    @Test("offline CPUs and trailing NUL bytes")
    func offline() throws {
        let files = SyntheticRoot.cpus(8, online: "0-2,4-7")
            + SyntheticRoot.node(0, cpus: "0-7", memoryKB: 1_048_576, distances: "10")
            + ["sys/devices/system/node/online": "0\n\0"]
        let root = try SyntheticRoot(files)
        defer { root.remove() }
        let topology = try SysfsTopologyReader(root: root.path).read()
        #expect(topology.onlineCPUs.description == "0-2,4-7")
        #expect(topology.numaNodes.map(\.cpus.description) == ["0-2,4-7"])
        #expect(topology.cores.first { $0.cpus.contains(7) }?.cpus == [7])
    }

    @Test("errors name the file and the problem")
    func errors() throws {
        let broken = try SyntheticRoot(Self.twoSockets + ["sys/devices/system/node/node1/cpulist": "4-x\n"])
        defer { broken.remove() }
        #expect(throws: DiscoveryError.malformedFile(path: broken.path + "/sys/devices/system/node/node1/cpulist",
                                                      reason: "invalid CPU list \"4-x\": cannot read '4-x' (numbers 0-65535)")) {
            try SysfsTopologyReader(root: broken.path).read()
        }
        let empty = try SyntheticRoot(["README": "not a sysfs tree"])
        defer { empty.remove() }
        #expect(throws: DiscoveryError.noCPUsFound(root: empty.path)) { try SysfsTopologyReader(root: empty.path).read() }
    }
}
