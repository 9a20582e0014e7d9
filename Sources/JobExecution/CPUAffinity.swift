import CNUMA
import Glibc

/// The calling process's CPU affinity, through raw syscalls (Swift's Glibc does not export the CPU_SET macros).
public enum CPUAffinity {
    private static let maskBytes = 1024 / 8

    /// CPU ids this process may run on.
    public static func current() -> [Int] {
        var mask = [UInt8](repeating: 0, count: maskBytes)
        guard cnuma_sched_getaffinity(0, maskBytes, &mask) == 0 else { return [] }
        return (0..<(maskBytes * 8)).filter { mask[$0 / 8] & (1 << ($0 % 8)) != 0 }
    }

    /// Pins the calling process (and so everything it execs) to exactly `cpus`.
    public static func pin(to cpus: [Int]) throws {
        var mask = [UInt8](repeating: 0, count: maskBytes)
        for cpu in cpus {
            guard cpu >= 0, cpu < maskBytes * 8 else { throw ExecutionError("CPU id \(cpu) is out of range") }
            mask[cpu / 8] |= 1 << (cpu % 8)
        }
        guard cnuma_sched_setaffinity(0, maskBytes, &mask) == 0 else {
            throw ExecutionError("cannot pin to CPUs \(cpus): \(String(cString: strerror(errno)))")
        }
    }

    /// Binds memory allocation to `nodes` (strict: allocation fails rather than spills to other nodes).
    public static func bindMemory(to nodes: [Int]) throws {
        guard numa_available() >= 0 else { throw ExecutionError("libnuma reports NUMA is not available") }
        guard let mask = numa_allocate_nodemask() else { throw ExecutionError("cannot allocate a NUMA node mask") }
        defer { numa_bitmask_free(mask) }
        for node in nodes {
            guard node >= 0, node <= numa_max_node() else {
                throw ExecutionError("NUMA node \(node) does not exist here (max \(numa_max_node()))")
            }
            numa_bitmask_setbit(mask, UInt32(node))
        }
        numa_set_bind_policy(1)
        numa_set_membind(mask)
    }
}
