/// CPUs and memory nodes this process may use, as restricted by cgroups/cpusets and
/// by its own affinity.
public struct AllowedResources: Sendable, Equatable {
    /// nil when nothing restricts CPUs.
    public var cpus: CPUList?
    /// nil when nothing restricts memory nodes.
    public var mems: CPUList?
    /// Cgroup path whose cpuset was applied (e.g. `/slurm/uid_1000/job_42`), if any.
    public var cgroup: String?

    public init(cpus: CPUList? = nil, mems: CPUList? = nil, cgroup: String? = nil) {
        self.cpus = cpus
        self.mems = mems
        self.cgroup = cgroup
    }
}

/// Finds the cpuset the way hwloc does (cgroup v2, cgroup v1, legacy cpuset fs; standard
/// mount points first, then `proc/mounts`), then narrows it with `proc/self/status`
/// `Cpus_allowed_list` / `Mems_allowed_list`, which also reflect `taskset`/`numactl`.
public struct AllowedResourcesReader: Sendable {
    private let fs: RootedFileSystem

    public init(root: String) {
        fs = RootedFileSystem(root: root)
    }

    private enum CgroupKind { case v2, v1, legacyCpuset }

    public func read() throws(DiscoveryError) -> AllowedResources {
        var result = AllowedResources()
        if let (kind, mountPoint) = cgroupMount(), let name = cgroupName() {
            result.cgroup = name
            result.cpus = try fs.readCPUList(cpusetFile(kind, mountPoint, name, "cpus"))
            result.mems = try fs.readCPUList(cpusetFile(kind, mountPoint, name, "mems"))
        }
        if let status = fs.read("proc/self/status") {
            result.cpus = try narrow(result.cpus, status: status, field: "Cpus_allowed_list:")
            result.mems = try narrow(result.mems, status: status, field: "Mems_allowed_list:")
        }
        return result
    }

    private func cgroupMount() -> (CgroupKind, String)? {
        if fs.exists("sys/fs/cgroup/cpuset.cpus.effective") { return (.v2, "/sys/fs/cgroup") }
        if fs.exists("sys/fs/cgroup/cpuset/cpuset.cpus") { return (.v1, "/sys/fs/cgroup/cpuset") }
        if fs.exists("dev/cpuset/cpus") { return (.legacyCpuset, "/dev/cpuset") }
        guard let mounts = fs.read("proc/mounts") else { return nil }
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 4 else { continue }
            let (mountPoint, type, options) = (fields[1], fields[2], fields[3].split(separator: ","))
            switch type {
            case "cgroup2":
                let controllers = fs.read(mountPoint + "/cgroup.controllers") ?? ""
                if controllers.split(whereSeparator: \.isWhitespace).contains("cpuset") { return (.v2, mountPoint) }
            case "cpuset":
                return (.legacyCpuset, mountPoint)
            case "cgroup" where options.contains("cpuset"):
                // `noprefix` makes a v1 hierarchy use the legacy cpuset file names.
                return (options.contains("noprefix") ? .legacyCpuset : .v1, mountPoint)
            default:
                continue
            }
        }
        return nil
    }

    /// `proc/self/cpuset` (legacy) or the cpuset / unified line of `proc/self/cgroup`.
    private func cgroupName() -> String? {
        if let name = fs.read("proc/self/cpuset")?.trimmingWhitespace(), !name.isEmpty { return name }
        guard let lines = fs.read("proc/self/cgroup")?.split(separator: "\n") else { return nil }
        for line in lines {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[1].split(separator: ",").contains("cpuset") || fields[1].isEmpty {
                return String(fields[2]).trimmingWhitespace()
            }
        }
        return nil
    }

    private func cpusetFile(_ kind: CgroupKind, _ mountPoint: String, _ name: String, _ attribute: String) -> String {
        let directory = name == "/" ? mountPoint : mountPoint + name
        switch kind {
        // v2 `effective` already includes ancestors' restrictions.
        case .v2: return "\(directory)/cpuset.\(attribute).effective"
        case .v1: return "\(directory)/cpuset.\(attribute)"
        case .legacyCpuset: return "\(directory)/\(attribute)"
        }
    }

    private func narrow(_ current: CPUList?, status: String, field: String) throws(DiscoveryError) -> CPUList? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return current }
        let value: CPUList
        do {
            value = try CPUList(parsing: String(line.dropFirst(field.count)))
        } catch {
            throw DiscoveryError.malformedFile(path: fs.path("proc/self/status"), reason: error.description)
        }
        return current.map { $0.intersection(value) } ?? value
    }
}
