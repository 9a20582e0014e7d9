/// Whole cores, for `--hint=nomultithread` (Slurm's "one thread per core"): such a job is given whole cores, so no
/// other job runs on their sibling threads, and its processes are bound to one thread of each.
extension NodeTopology {
    /// Whether `cpus` holds every thread of each core it touches.
    public func coversWholeCores(_ cpus: [Int]) -> Bool {
        let chosen = Set(cpus)
        return cores.allSatisfy { core in
            let inside = core.cpus.filter(chosen.contains).count
            return inside == 0 || inside == core.cpus.count
        }
    }

    /// The first thread (lowest id) of each core among `cpus`, in the order of `cpus`: where the job's processes run.
    public func oneThreadPerCore(of cpus: [Int]) -> [Int] {
        var firstOfCore: [Int: Int] = [:]
        for core in cores { for cpu in core.cpus { firstOfCore[cpu] = core.cpus[0] } }
        var seen = Set<Int>()
        return cpus.filter { cpu in seen.insert(firstOfCore[cpu] ?? cpu).inserted }
    }
}
