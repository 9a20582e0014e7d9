import Foundation
import Testing
import HardwareDiscovery

/// Every hwloc sysfs dump, read by `SysfsTopologyReader`, against every expected output
/// hwloc ships for it: PUs, NUMA nodes (CPUs, memory) and GPU-like PCI locality.
@Suite("hwloc sysfs dumps")
struct HwlocDumpTests {
    /// What we do not compare, and why. Every entry must be justified; everything else in
    /// every expected output (45 of them for 37 dumps) is compared.
    static let skips: [(dump: String, scope: String, reason: String)] = [
        ("allowed/test1.fsroot.tar.bz2", "whole dump",
         "not a machine dump: hwloc pairs it with a synthetic topology (numa:4 core:2 pu:2) and the fsroot holds only "
            + "cgroup files, so there is no sys/ tree to read; its cgroup restriction is checked by allowedResourcesFromSyntheticFsroot"),
        ("40intel64-2g2n4c+pcilocality.tar.bz2", "locality of PCI 0000:09:03.0 only",
         "its .test sets HWLOC_PCI_LOCALITY, which overrides sysfs for buses 00-09, so hwloc's placement is not derivable "
            + "from the dump (sysfs says numa_node=-1, local_cpus=all); the device's presence and all NUMA nodes are still compared"),
    ]

    /// Devices whose expected locality an HWLOC_PCI_LOCALITY environment forces (second skip above).
    static func pciLocalityForced(_ device: HwlocView.Device, by test: HwlocTestDescriptor) -> Bool {
        guard let address = PCIAddress(device.busID) else { return false }
        return test.pciLocalityOverrides.contains { $0.domain == address.domain && $0.buses.contains(Int(address.bus)) }
    }

    static var tarballs: [String] {
        Fixtures.files(in: Fixtures.hwloc, suffix: ".tar.bz2")
            + Fixtures.files(in: Fixtures.hwloc.appendingPathComponent("allowed"), suffix: ".tar.bz2").map { "allowed/\($0)" }
    }

    @Test("fixtures are present")
    func fixturesPresent() {
        #expect(Self.tarballs.count >= 38, "hwloc fixtures not found under \(Fixtures.hwloc.path); set AISCHED_FIXTURES")
    }

    @Test("dump matches hwloc", arguments: tarballs)
    func dumpMatchesHwloc(_ tarball: String) throws {
        if let skip = Self.skips.first(where: { $0.dump == tarball && $0.scope == "whole dump" }) {
            print("skipped \(tarball): \(skip.reason)")
            return
        }
        let tests = try Fixtures.files(in: Fixtures.hwloc, suffix: ".test")
            .map { try HwlocTestDescriptor.load(Fixtures.hwloc.appendingPathComponent($0)) }
            .filter { $0.source == tarball }
        try #require(!tests.isEmpty, "no .test file uses \(tarball)")
        let unpacked = try Fixtures.extract(Fixtures.hwloc.appendingPathComponent(tarball))
        defer { try? FileManager.default.removeItem(at: unpacked) }
        let root = try Fixtures.fsRoot(in: unpacked).path
        for test in tests {
            try compare(root: root, test: test)
        }
    }

    private func compare(root: String, test: HwlocTestDescriptor) throws {
        // The hwloc environment variables that change NUMA results map onto reader options;
        // the others in the .test files (HWLOC_SHOW_ERRORS, HWLOC_CPUKINDS) do not affect what we compare.
        let options = SysfsTopologyReader.Options(
            keepOverlappingNUMANodes: (test.environment["HWLOC_DEBUG_ALLOW_OVERLAPPING_NODE_CPUSETS"] ?? "0") != "0",
            keepGPUMemoryNUMANodes: (test.environment["HWLOC_KEEP_NVIDIA_GPU_NUMA_NODES"] ?? "0") != "0")
        let complete = try SysfsTopologyReader(root: root, options: options).read()
        // `--disallowed` shows the whole machine; every other output only what the cgroup allows.
        let topology = test.options.contains("--disallowed") ? complete : complete.restrictedToAllowed()
        let target = Fixtures.hwloc.appendingPathComponent(test.target)
        let expected = test.target.hasSuffix(".xml")
            ? try HwlocXMLParser.parse(Data(contentsOf: target))
            : try HwlocConsoleParser.parse(String(contentsOf: target, encoding: .utf8))
        let label = Comment(rawValue: test.name)

        #expect(topology.onlineCPUs == expected.pus, label)
        #expect(topology.numaNodes.map(\.id) == expected.nodes.map(\.id).sorted(), label)
        for node in expected.nodes {
            guard let ours = topology.numaNode(id: node.id) else { continue }
            #expect(ours.localCPUs == node.cpus, "\(test.name): NUMA node \(node.id) CPUs")
            if let bytes = node.memoryBytes {
                let difference = abs(Double(ours.memoryMB) * 1_048_576 - bytes)
                #expect(difference <= node.toleranceBytes + 1_048_576, "\(test.name): NUMA node \(node.id) memory \(ours.memoryMB) MiB vs hwloc \(bytes / 1_048_576) MiB")
            }
        }
        try comparePCI(root: root, complete: complete, topology: topology, expected: expected, test: test)
    }

    private func comparePCI(root: String, complete: HardwareTopology, topology: HardwareTopology,
                            expected: HwlocView, test: HwlocTestDescriptor) throws {
        let ours = PCIDeviceScanner(root: root).scan(numaNodes: complete.numaNodes, usableCPUs: complete.onlineCPUs)
        let hwlocDevices = expected.devices.filter(\.isGPULike)
        #expect(Set(ours.map(\.address)) == Set(hwlocDevices.map { PCIAddress.normalize($0.busID) }),
                "\(test.name): GPU-like PCI devices")
        for device in hwlocDevices where !Self.pciLocalityForced(device, by: test) {
            let address = PCIAddress.normalize(device.busID)
            guard let mine = ours.first(where: { $0.address == address }) else { continue }
            let expectedNode = device.nodes.count == 1 ? device.nodes.first : nil
            #expect(mine.numaNode == expectedNode, "\(test.name): \(address) NUMA node")
            #expect(mine.localCPUs.intersection(topology.allowedCPUs) == device.cpus, "\(test.name): \(address) local CPUs")
            if let gpu = topology.gpus.first(where: { $0.pciBusID == address }) {
                #expect(gpu.numaNode == expectedNode, "\(test.name): GPU \(gpu.index) at \(address) NUMA node")
                if let memoryNode = expected.gpuMemoryNodes[device.busID] {
                    #expect(gpu.memoryNUMANode == memoryNode, "\(test.name): GPU \(gpu.index) memory NUMA node")
                }
            }
        }
    }

    @Test("cgroup restriction of the synthetic allowed/ fsroot")
    func allowedResourcesFromSyntheticFsroot() throws {
        let folder = Fixtures.hwloc.appendingPathComponent("allowed")
        let unpacked = try Fixtures.extract(folder.appendingPathComponent("test1.fsroot.tar.bz2"))
        defer { try? FileManager.default.removeItem(at: unpacked) }
        let allowed = try AllowedResourcesReader(root: Fixtures.fsRoot(in: unpacked).path).read()
        // test1.xml: allowed_cpuset="0x0000747e" allowed_nodeset="0x00000006".
        let xml = try String(contentsOf: folder.appendingPathComponent("test1.xml"), encoding: .utf8)
        #expect(xml.contains("allowed_cpuset=\"0x0000747e\"") && xml.contains("allowed_nodeset=\"0x00000006\""))
        #expect(allowed.cpus == (try CPUList(parsingMask: "0x0000747e")))
        #expect(allowed.mems == (try CPUList(parsingMask: "0x00000006")))
        #expect(allowed.cgroup == "/dummy")
    }
}
