import Foundation
import Glibc
import HardwareDiscovery

/// cgroup v2 confinement of jobs: one cgroup per job with `cpuset.cpus`, `cpuset.mems` and `memory.max`, in
/// a sub-tree delegated to the agent (systemd `Delegate=yes` on nodeagent.service).
///
/// Layout under the agent's own cgroup (the "no internal processes" rule of cgroup v2 is why the agent moves
/// itself into a leaf before enabling controllers for its children):
/// ```
/// <agent cgroup>/            cgroup.subtree_control = +cpuset +memory
///     agent/                 the nodeagent process itself
///     jobs/                  cgroup.subtree_control = +cpuset +memory
///         job-<id>/          cpuset.cpus, cpuset.mems, memory.max; the job's processes
/// ```
public struct CgroupV2: Sendable, Equatable {
    /// `<agent cgroup>/jobs`, absolute (under the file system root given to `prepare`).
    public let jobsPath: String

    /// Finds the agent's cgroup and sets the tree up, or says why jobs cannot have cgroups on this machine.
    /// `root` is the file system root (tests use a directory that mimics `/proc` and `/sys/fs/cgroup`).
    public static func prepare(root: String = "/", pid: Int32 = getpid()) -> Result<CgroupV2, CgroupUnavailable> {
        do {
            return .success(try CgroupV2(preparing: root, pid: pid))
        } catch let error as CgroupUnavailable {
            return .failure(error)
        } catch {
            return .failure(CgroupUnavailable("\(error)"))
        }
    }

    /// The agent's cgroup directory if jobs can have cgroups here; read-only (nothing is created or moved).
    public static func probe(root: String = "/") throws(CgroupUnavailable) -> String {
        do {
            return try probeBase(root)
        } catch let error as CgroupUnavailable {
            throw error
        } catch {
            throw CgroupUnavailable("\(error)")
        }
    }

    private static func probeBase(_ root: String) throws -> String {
        let fs = RootedPath(root: root)
        guard let mount = try Self.cgroup2Mount(fs.read("proc/self/mountinfo")) else {
            throw CgroupUnavailable("no cgroup v2 hierarchy is mounted")
        }
        guard let own = Self.ownCgroup(try fs.read("proc/self/cgroup")) else {
            throw CgroupUnavailable("this process is not in a cgroup v2 group (/proc/self/cgroup has no 0:: line)")
        }
        let base = fs.path(mount + own)
        let controllers = Set(((try? fs.readAbsolute(base + "/cgroup.controllers")) ?? "").split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        })
        guard controllers.contains("cpuset"), controllers.contains("memory") else {
            throw CgroupUnavailable("cgroup v2 at \(base) does not offer the cpuset and memory controllers "
                                    + "(it offers: \(controllers.sorted().joined(separator: " ")))")
        }
        guard access(base, W_OK) == 0 else {
            throw CgroupUnavailable("\(base) is not delegated to the agent (not writable); set Delegate=yes")
        }
        return base
    }

    private init(preparing root: String, pid: Int32) throws {
        let base = try Self.probe(root: root)
        try Self.makeDirectory(base + "/agent")
        try Self.write(String(pid), to: base + "/agent/cgroup.procs")
        try Self.write("+cpuset +memory", to: base + "/cgroup.subtree_control")
        try Self.makeDirectory(base + "/jobs")
        try Self.write("+cpuset +memory", to: base + "/jobs/cgroup.subtree_control")
        jobsPath = base + "/jobs"
    }

    /// Creates the job's cgroup with its limits and returns its path (for `ExecSpec.cgroupPath`).
    public func create(job: UInt64, cpus: [Int], numaNodes: [Int], memoryMaxBytes: Int64?) throws -> String {
        let path = jobsPath + "/job-\(job)"
        try Self.makeDirectory(path)
        if !cpus.isEmpty { try Self.write(Self.cpuList(cpus), to: path + "/cpuset.cpus") }
        if !numaNodes.isEmpty { try Self.write(Self.cpuList(numaNodes), to: path + "/cpuset.mems") }
        try Self.write(memoryMaxBytes.map(String.init) ?? "max", to: path + "/memory.max")
        return path
    }

    /// Moves the calling process into `path`; its children (the job) stay there.
    public static func join(_ path: String) throws {
        try write(String(getpid()), to: path + "/cgroup.procs")
    }

    /// Kills every process of the job at once, including ones that left its process group.
    public func kill(job: UInt64) {
        try? Self.write("1", to: jobsPath + "/job-\(job)/cgroup.kill")
    }

    /// Removes the job's cgroup once it is empty.
    public func remove(job: UInt64) {
        rmdir(jobsPath + "/job-\(job)")
    }

    // MARK: - Parsing

    /// The mount point of the cgroup2 file system, from /proc/self/mountinfo (field 5 is the mount point; the
    /// file system type follows the " - " separator).
    static func cgroup2Mount(_ mountinfo: String) -> String? {
        for line in mountinfo.split(separator: "\n") {
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2, halves[1].hasPrefix("cgroup2 ") else { continue }
            let fields = halves[0].split(separator: " ")
            if fields.count >= 5 { return String(fields[4]) }
        }
        return nil
    }

    /// The cgroup v2 path of this process, from the `0::/path` line of /proc/self/cgroup.
    static func ownCgroup(_ text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("0::") {
            let path = String(line.dropFirst(3))
            return path == "/" ? "" : path
        }
        return nil
    }

    /// "0-3,8" from [0, 1, 2, 3, 8]: the format cpuset files take.
    static func cpuList(_ ids: [Int]) -> String {
        CPUList(ids).description
    }

    static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw CgroupUnavailable("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CgroupUnavailable("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
            throw CgroupUnavailable("cannot write \"\(text)\" to \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why jobs on this node run without cgroup limits; shown in each job's notes.
public struct CgroupUnavailable: Error, CustomStringConvertible, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "cgroup v2 not available: \(reason)" }
}

/// Paths under a file system root.
struct RootedPath {
    let root: String

    func path(_ absolute: String) -> String {
        root == "/" ? absolute : root + (absolute.hasPrefix("/") ? absolute : "/" + absolute)
    }

    func read(_ relative: String) throws -> String {
        try readAbsolute(path("/" + relative))
    }

    func readAbsolute(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CgroupUnavailable("cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
