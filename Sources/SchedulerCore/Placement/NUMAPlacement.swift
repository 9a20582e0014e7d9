/// Which CPUs and how much memory of which NUMA domains a job gets on a node, once its GPUs are chosen.
///
/// 1. **Domains.** The job's GPUs' domains come first (the *anchors*). If their free CPUs or memory fall short,
///    the fewest extra domains that make up the difference are added; among equally few, the nearest to the
///    anchors (NUMA distance), then those with the fewest free GPUs (their CPUs matter least to GPU jobs), then
///    the tightest fit (least CPU left over), then the lowest id. A job without GPUs has no anchors: it gets the
///    fewest domains that fit it, chosen the same way, so a small CPU job lands in the fullest domain that
///    still fits it and whole domains stay free.
/// 2. **CPUs per domain.** With GPUs in several domains, CPUs are shared in proportion to the GPUs in each (a
///    2 + 2 GPU job with 16 CPUs gets 8 + 8), capped by what is free; the rest fill the domains in order.
/// 3. **CPUs within a domain.** Whole free cores first (every SMT sibling, lowest core first) while the job
///    needs at least a core's worth; the remainder comes from cores that are already split, and only then is a
///    whole core split.
/// 4. **Memory** is shared among the domains in proportion to the CPUs taken from each, capped by what is
///    free; the rest fills the domains in order (so a memory-heavy job spills into the nearest domain).
///
/// Exhaustive over domain subsets up to `exhaustiveLimit` subsets of one size (all sizes on machines with ≤ 14
/// domains); greedy (nearest, then largest) beyond.
struct NUMAPlacement {
    static let exhaustiveLimit = 4_096

    let free: NodeFreeMap
    /// Positions of GPUs still free on the node and usable by the job, for the "fewest free GPUs" rule; the
    /// job's own GPUs are not among them.
    let otherFreeGPUs: [Int]

    private var topology: NodeTopology { free.topology }

    /// The plan: CPU ids (ascending), and per domain position (ascending) the CPUs and memory taken.
    struct Plan: Equatable {
        var cpus: [Int]
        var domains: [Int]
        var cpusPerDomain: [Int]
        var memoryMBPerDomain: [Int64]
    }

    /// nil when the node does not have `cpus` free CPUs and `memoryMB` free memory.
    func place(cpus: Int, memoryMB: Int64, gpus: [Int]) -> Plan? {
        guard let order = chooseDomains(cpus: cpus, memoryMB: memoryMB, gpus: gpus) else { return nil }

        // 2. CPUs per domain: proportional to the job's GPUs in each anchor.
        let gpuWeights = order.map { domain in Int64(gpus.count { topology.gpuDomain[$0] == domain }) }
        let cpuCounts = Self.apportion(Int64(cpus), weights: gpuWeights,
                                       caps: order.map { Int64(free.domainFreeCPUs[$0]) }).map { Int($0) }
        // 3. The CPUs themselves.
        var chosen: [Int] = []
        for (domain, count) in zip(order, cpuCounts) where count > 0 {
            chosen += pickCPUs(count, in: domain)
        }
        // 4. Memory, following the CPUs.
        let memory = Self.apportion(memoryMB, weights: cpuCounts.map(Int64.init), caps: order.map { free.domainFreeMemoryMB[$0] })

        var used = zip(order, zip(cpuCounts, memory)).filter { $0.1.0 > 0 || $0.1.1 > 0 }
        used.sort { $0.0 < $1.0 }
        return Plan(cpus: chosen.sorted(), domains: used.map(\.0), cpusPerDomain: used.map(\.1.0),
                    memoryMBPerDomain: used.map(\.1.1))
    }

    // MARK: - 1. Domains

    /// The domains the job draws from, in the order they are filled: anchors (most of the job's GPUs first),
    /// then extras (nearest first, then most free CPUs).
    func chooseDomains(cpus: Int, memoryMB: Int64, gpus: [Int]) -> [Int]? {
        var anchorGPUs: [(domain: Int, count: Int)] = []
        for gpu in gpus {
            guard let domain = topology.gpuDomain[gpu] else { continue }
            if let i = anchorGPUs.firstIndex(where: { $0.domain == domain }) {
                anchorGPUs[i].count += 1
            } else {
                anchorGPUs.append((domain, 1))
            }
        }
        anchorGPUs.sort { ($0.count, -$0.domain) > ($1.count, -$1.domain) }
        let anchors = anchorGPUs.map(\.domain)
        let rest = topology.numaDomains.indices.filter { !anchors.contains($0) }

        var haveCPUs = 0
        var haveMemory: Int64 = 0
        for domain in anchors {
            haveCPUs += free.domainFreeCPUs[domain]
            haveMemory += free.domainFreeMemoryMB[domain]
        }
        guard haveCPUs + rest.reduce(0, { $0 + free.domainFreeCPUs[$1] }) >= cpus,
              haveMemory + rest.reduce(0, { $0 + free.domainFreeMemoryMB[$1] }) >= memoryMB else { return nil }
        if !anchors.isEmpty, haveCPUs >= cpus, haveMemory >= memoryMB { return anchors }

        var extras: [Int]?
        for size in 1...max(1, rest.count) where size <= rest.count {
            if GPUSetSelection.combinations(rest.count, size) > Self.exhaustiveLimit {
                extras = greedyExtras(anchors: anchors, rest: rest, cpus: cpus - haveCPUs, memoryMB: memoryMB - haveMemory)
                break
            }
            var best: (key: ExtraKey, set: [Int])?
            GPUSetSelection.forEachCombination(of: rest, size: size) { set in
                var setCPUs = 0
                var setMemory: Int64 = 0
                for domain in set {
                    setCPUs += free.domainFreeCPUs[domain]
                    setMemory += free.domainFreeMemoryMB[domain]
                }
                guard haveCPUs + setCPUs >= cpus, haveMemory + setMemory >= memoryMB else { return }
                let key = extraKey(set, anchors: anchors, leftoverCPUs: haveCPUs + setCPUs - cpus)
                if best == nil || key < best!.key { best = (key, set) }
            }
            if let best { extras = best.set; break }
        }
        guard let extras else { return nil }
        let ordered = extras.sorted { a, b in
            let (da, db) = (distance(from: anchors, to: a), distance(from: anchors, to: b))
            if da != db { return da < db }
            if free.domainFreeCPUs[a] != free.domainFreeCPUs[b] { return free.domainFreeCPUs[a] > free.domainFreeCPUs[b] }
            return a < b
        }
        return anchors + ordered
    }

    struct ExtraKey: Comparable {
        var distance: Int
        var freeGPUs: Int
        var leftoverCPUs: Int
        var domains: [Int]

        static func < (a: ExtraKey, b: ExtraKey) -> Bool {
            if a.distance != b.distance { return a.distance < b.distance }
            if a.freeGPUs != b.freeGPUs { return a.freeGPUs < b.freeGPUs }
            if a.leftoverCPUs != b.leftoverCPUs { return a.leftoverCPUs < b.leftoverCPUs }
            return a.domains.lexicographicallyPrecedes(b.domains)
        }
    }

    private func extraKey(_ set: [Int], anchors: [Int], leftoverCPUs: Int) -> ExtraKey {
        var total = 0
        if anchors.isEmpty {
            // No anchors: the set's own spread (0 for one domain).
            for (i, a) in set.enumerated() { for b in set[(i + 1)...] { total += topology.distance(a, b) } }
        } else {
            for domain in set { total += distance(from: anchors, to: domain) }
        }
        let freeGPUs = otherFreeGPUs.count { gpu in topology.gpuDomain[gpu].map(set.contains) ?? false }
        return ExtraKey(distance: total, freeGPUs: freeGPUs, leftoverCPUs: leftoverCPUs, domains: set)
    }

    /// Distance from the nearest anchor (0 without anchors).
    private func distance(from anchors: [Int], to domain: Int) -> Int {
        anchors.map { topology.distance($0, domain) }.min() ?? 0
    }

    /// Nearest first (then most free CPUs, then lowest id) until the job fits; for machines with very many domains.
    private func greedyExtras(anchors: [Int], rest: [Int], cpus: Int, memoryMB: Int64) -> [Int]? {
        var chosen: [Int] = []
        var cpus = cpus
        var memory = memoryMB
        var candidates = rest
        while cpus > 0 || memory > 0 {
            let reference = anchors + chosen
            guard let next = candidates.min(by: { a, b in
                let (da, db) = (distance(from: reference, to: a), distance(from: reference, to: b))
                if da != db { return da < db }
                if free.domainFreeCPUs[a] != free.domainFreeCPUs[b] { return free.domainFreeCPUs[a] > free.domainFreeCPUs[b] }
                return a < b
            }) else { return nil }
            candidates.removeAll { $0 == next }
            chosen.append(next)
            cpus -= free.domainFreeCPUs[next]
            memory -= free.domainFreeMemoryMB[next]
        }
        return chosen
    }

    // MARK: - 3. CPUs within a domain

    /// `count` free CPUs of one domain: whole cores first, then already-split cores, then splitting a core.
    func pickCPUs(_ count: Int, in domain: Int) -> [Int] {
        var taken: [Int] = []
        var remaining = count
        var used = Set<Int>()
        let cores = topology.domainCores[domain]
        for core in cores where remaining > 0 && free.isWhollyFree(core: core) {
            let size = free.coreFree[core].count
            guard size <= remaining else { continue }
            taken += free.coreFree[core]
            remaining -= size
            used.insert(core)
        }
        if remaining > 0 {
            for core in cores where remaining > 0 && !free.coreFree[core].isEmpty && !free.isWhollyFree(core: core) {
                let take = free.coreFree[core].prefix(remaining)
                taken += take
                remaining -= take.count
            }
        }
        if remaining > 0 {
            for core in cores where remaining > 0 && !used.contains(core) && free.isWhollyFree(core: core) {
                let take = free.coreFree[core].prefix(remaining)
                taken += take
                remaining -= take.count
            }
        }
        return taken
    }

    // MARK: - Shares

    /// Splits `total` into shares proportional to `weights` (largest remainders, ties to the earlier entry),
    /// each capped by `caps`; what the caps cut off, and everything when all weights are 0, fills the entries
    /// in order. The shares sum to `total` when the caps allow it.
    static func apportion(_ total: Int64, weights: [Int64], caps: [Int64]) -> [Int64] {
        var shares = Array(repeating: Int64(0), count: caps.count)
        let weightSum = weights.reduce(0, +)
        if weightSum > 0 {
            var remainders: [(remainder: Int64, index: Int)] = []
            var assigned: Int64 = 0
            for i in weights.indices {
                let (quotient, remainder) = (total * weights[i]).quotientAndRemainder(dividingBy: weightSum)
                shares[i] = quotient
                assigned += quotient
                remainders.append((remainder, i))
            }
            remainders.sort { ($0.remainder, -$0.index) > ($1.remainder, -$1.index) }
            for entry in remainders.prefix(Int(total - assigned)) { shares[entry.index] += 1 }
            for i in shares.indices { shares[i] = min(shares[i], caps[i]) }
        }
        var missing = total - shares.reduce(0, +)
        for i in shares.indices where missing > 0 {
            let add = min(missing, caps[i] - shares[i])
            shares[i] += add
            missing -= add
        }
        return shares
    }
}
