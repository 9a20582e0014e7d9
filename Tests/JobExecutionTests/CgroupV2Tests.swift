import Foundation
import Testing
@testable import JobExecution

/// cgroup v2 set-up, on a directory that mimics /proc and /sys/fs/cgroup (the writes are the same files the
/// kernel exposes), and on the live machine where a delegated hierarchy exists.
@Suite struct CgroupV2Tests {
    static let mountinfo = """
        25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        26 25 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:8 - cgroup2 cgroup2 rw,nsdelegate
        """

    @Test func findsTheCgroup2MountAndOwnGroup() {
        #expect(CgroupV2.cgroup2Mount(Self.mountinfo) == "/sys/fs/cgroup")
        #expect(CgroupV2.cgroup2Mount("1 2 0:1 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu") == nil)
        #expect(CgroupV2.ownCgroup("4:memory:/x\n0::/system.slice/nodeagent.service\n") == "/system.slice/nodeagent.service")
        #expect(CgroupV2.ownCgroup("0::/\n") == "")
        #expect(CgroupV2.ownCgroup("4:memory:/x\n") == nil)
    }

    @Test(arguments: [([0, 1, 2, 3, 8], "0-3,8"), ([5], "5"), ([3, 1, 2], "1-3"), ([0, 2, 4], "0,2,4")])
    func cpusetListsUseKernelRanges(_ ids: [Int], _ text: String) {
        #expect(CgroupV2.cpuList(ids) == text)
    }

    @Test func preparesADelegatedTreeAndWritesJobLimits() throws {
        let root = try fakeRoot(controllers: "cpuset cpu io memory pids")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cgroup = try CgroupV2.prepare(root: root, pid: 4242).get()
        let base = root + "/sys/fs/cgroup/system.slice/nodeagent.service"
        #expect(cgroup.jobsPath == base + "/jobs")
        #expect(try read(base + "/agent/cgroup.procs") == "4242")
        #expect(try read(base + "/cgroup.subtree_control") == "+cpuset +memory")
        #expect(try read(base + "/jobs/cgroup.subtree_control") == "+cpuset +memory")

        let path = try cgroup.create(job: 7, cpus: [8, 9, 10, 11, 64], numaNodes: [0], memoryMaxBytes: 1 << 30)
        #expect(path == base + "/jobs/job-7")
        #expect(try read(path + "/cpuset.cpus") == "8-11,64")
        #expect(try read(path + "/cpuset.mems") == "0")
        #expect(try read(path + "/memory.max") == "1073741824")
    }

    @Test func missingControllersAreReportedWithWhatIsOffered() throws {
        let root = try fakeRoot(controllers: "cpu io pids")
        defer { try? FileManager.default.removeItem(atPath: root) }
        guard case .failure(let why) = CgroupV2.prepare(root: root) else {
            Issue.record("prepared without the cpuset and memory controllers")
            return
        }
        #expect(why.description.contains("cpuset and memory"))
        #expect(why.description.contains("cpu io pids"))
    }

    /// The live machine either offers a delegated cgroup v2 with cpuset and memory, or a reason why not
    /// (hybrid cgroup v1 hosts, unprivileged containers). Read-only: nothing on the host is changed.
    @Test func liveMachineEitherConfinesOrSaysWhyNot() throws {
        do {
            let base = try CgroupV2.probe()
            #expect(FileManager.default.fileExists(atPath: base + "/cgroup.controllers"))
        } catch {
            #expect(!error.reason.isEmpty)
            print("cgroup confinement is not testable on this machine: \(error)")
        }
    }

    private func fakeRoot(controllers: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cg-\(UUID().uuidString)").path
        let base = root + "/sys/fs/cgroup/system.slice/nodeagent.service"
        try FileManager.default.createDirectory(atPath: root + "/proc/self", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try Self.mountinfo.write(toFile: root + "/proc/self/mountinfo", atomically: true, encoding: .utf8)
        try "0::/system.slice/nodeagent.service\n".write(toFile: root + "/proc/self/cgroup", atomically: true, encoding: .utf8)
        try controllers.write(toFile: base + "/cgroup.controllers", atomically: true, encoding: .utf8)
        return root
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}
