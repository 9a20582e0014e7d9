import Foundation
import Testing
import HardwareDiscovery

@Suite("LocalDiscovery")
struct LocalDiscoveryTests {
    @Test("this machine's sysfs is readable")
    func liveMachine() throws {
        let result = try LocalDiscovery(useNvidiaSMI: false).discover()
        let topology = result.topology
        #expect(!topology.onlineCPUs.isEmpty)
        #expect(topology.allowedCPUs.isSubset(of: topology.onlineCPUs) && !topology.allowedCPUs.isEmpty)
        #expect(topology.numaNodes.reduce(CPUList.empty) { $0.union($1.cpus) } == topology.onlineCPUs)
        #expect(topology.totalMemoryMB > 0)
        #expect(topology.validationProblems().isEmpty)
        #expect(topology.cores.reduce(0) { $0 + $1.cpus.count } == topology.onlineCPUs.count)
    }

    /// A stand-in nvidia-smi printing real captured outputs, to exercise the command path.
    private func fakeNvidiaSMI(xml: String, topo: String, delay: Int = 0) throws -> URL {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("nvidia-smi-\(UUID().uuidString)")
        let text = """
        #!/bin/sh
        sleep \(delay)
        case "$1" in
          -q) cat '\(Fixtures.nvidia.appendingPathComponent(xml).path)' ;;
          topo) cat '\(Fixtures.nvidia.appendingPathComponent(topo).path)' ;;
          *) echo "unsupported" >&2; exit 2 ;;
        esac
        """
        try Data(text.utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    @Test("nvidia-smi -q -x and topo -m are run and merged")
    func withNvidiaSMI() throws {
        let script = try fakeNvidiaSMI(xml: "telegraf-pr18176-dual-rtx-a5000.nvidia-smi-q-x.xml",
                                       topo: "dgx-a100-slurm-2gpu.dask-cuda-1358.topo-m.partial.txt")
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try LocalDiscovery(nvidiaSMIPath: script.path).discover()
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.topology.gpus.map(\.model) == ["NVIDIA RTX A5000", "NVIDIA RTX A5000"])
        #expect(result.topology.gpus.map(\.pciBusID) == ["0000:81:00.0", "0000:c1:00.0"])
        #expect(result.topology.gpus.map(\.memoryMB) == [24564, 24564])
        #expect(result.topology.gpuLinks?.link(0, 1) == .nvlink(12))
        // These GPUs are not in this machine's sysfs, so their CPUs come from topo -m.
        #expect(result.topology.gpus.first?.localCPUs.description == "48-63,176-191")
    }

    @Test("a hanging nvidia-smi is cut off and reported, not fatal")
    func timeout() throws {
        let script = try fakeNvidiaSMI(xml: "telegraf-tesla-t4.nvidia-smi-q-x.xml", topo: "hgx-a100-pleiades-gpu21.topo-m.txt", delay: 5)
        defer { try? FileManager.default.removeItem(at: script) }
        let started = Date()
        let result = try LocalDiscovery(nvidiaSMIPath: script.path, commandTimeoutSeconds: 0.5).discover()
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(result.warnings.first?.contains("did not finish within 0.5 s") == true)
    }

    @Test("a failing nvidia-smi is reported with its stderr")
    func failure() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("nvidia-smi-\(UUID().uuidString)")
        try Data("#!/bin/sh\necho \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\" >&2\nexit 9\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try LocalDiscovery(nvidiaSMIPath: script.path).discover()
        #expect(result.warnings.first?.contains("exited with status 9: NVIDIA-SMI has failed") == true)
    }
}
