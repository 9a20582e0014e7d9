/// Which of a node's free GPUs a job gets: the best-connected set that keeps the node's CPUs local and its
/// remaining GPUs in large, well-connected groups.
///
/// Candidate sets are ranked by these keys, in order (the first difference decides):
///
/// 1. **Weakest link**, higher first: a collective over the set runs at the speed of its slowest pair, so an
///    NVLink pair beats two GPUs that only share a PCIe switch (`NodeTopology.LinkRank`).
/// 2. **CPU locality**: sets whose NUMA domains have enough free CPUs and memory for the job come first, so
///    its CPUs and memory can come from its GPUs' domains.
/// 3. **NUMA domains spanned**, fewer first.
/// 4. **Sum of link ranks** inside the set, higher first.
/// 5. **Packing**: free GPUs left in the domains the set touches, fewer first. A 1-GPU job takes a GPU of the
///    domain that already has the fewest free, so whole domains stay free for 4- and 8-GPU jobs.
/// 6. **Links broken**: the sum of ranks between the set and the GPUs that stay free, lower first. Of an
///    NVLink pair and an orphan, a 1-GPU job takes the orphan, so the pair stays whole.
/// 7. GPU indices, lowest first (`NodeTopology.gpus` is sorted by index).
///
/// Every set is ranked when there are at most `exhaustiveLimit` of them (C(8, 4) = 70 on an 8-GPU node);
/// beyond that, one set is grown greedily from each free GPU and those sets are ranked.
struct GPUSetSelection {
    static let exhaustiveLimit = 1_024

    let free: NodeFreeMap
    /// What else the job needs on the node, for key 2.
    let cpus: Int
    let memoryMB: Int64

    private var topology: NodeTopology { free.topology }

    /// The positions (in `topology.gpus`, ascending) of `count` GPUs among `candidates` (free GPU positions,
    /// ascending); nil when there are fewer.
    func select(_ count: Int, from candidates: [Int]) -> [Int]? {
        guard count <= candidates.count else { return nil }
        if count == 0 { return [] }
        if count == candidates.count { return candidates }
        var best: (key: Key, set: [Int])?
        func consider(_ set: [Int]) {
            let key = self.key(set, among: candidates)
            if best == nil || key < best!.key { best = (key, set) }
        }
        if Self.combinations(candidates.count, count) <= Self.exhaustiveLimit {
            Self.forEachCombination(of: candidates, size: count) { consider($0) }
        } else {
            for seed in candidates { consider(grow(from: seed, to: count, among: candidates)) }
        }
        return best?.set
    }

    // MARK: - Ranking

    /// The ranking keys above, as one comparable value (smaller is better).
    struct Key: Comparable {
        var negatedWeakestLink: Int
        var remoteCPUs: Int
        var domainsSpanned: Int
        var negatedLinkSum: Int
        var freeLeftInDomains: Int
        var linksBroken: Int
        var positions: [Int]

        static func < (a: Key, b: Key) -> Bool {
            if a.negatedWeakestLink != b.negatedWeakestLink { return a.negatedWeakestLink < b.negatedWeakestLink }
            if a.remoteCPUs != b.remoteCPUs { return a.remoteCPUs < b.remoteCPUs }
            if a.domainsSpanned != b.domainsSpanned { return a.domainsSpanned < b.domainsSpanned }
            if a.negatedLinkSum != b.negatedLinkSum { return a.negatedLinkSum < b.negatedLinkSum }
            if a.freeLeftInDomains != b.freeLeftInDomains { return a.freeLeftInDomains < b.freeLeftInDomains }
            if a.linksBroken != b.linksBroken { return a.linksBroken < b.linksBroken }
            return a.positions.lexicographicallyPrecedes(b.positions)
        }
    }

    func key(_ set: [Int], among candidates: [Int]) -> Key {
        var weakest = Int.max
        var sum = 0
        for (i, a) in set.enumerated() {
            for b in set[(i + 1)...] {
                let rank = topology.linkRank(a, b)
                weakest = min(weakest, rank)
                sum += rank
            }
        }
        // Domains of the set (positions, ascending) and GPUs it takes from each; GPUs of unknown domain count
        // as one more domain.
        var domains: [Int] = []
        var unknownDomain = false
        for gpu in set {
            if let domain = topology.gpuDomain[gpu] {
                if !domains.contains(domain) { domains.append(domain) }
            } else {
                unknownDomain = true
            }
        }
        var localCPUs = 0
        var localMemory: Int64 = 0
        for domain in domains {
            localCPUs += free.domainFreeCPUs[domain]
            localMemory += free.domainFreeMemoryMB[domain]
        }
        let fitsLocally = !domains.isEmpty && localCPUs >= cpus && localMemory >= memoryMB
        var freeLeft = 0
        var broken = 0
        for other in candidates where !set.contains(other) {
            if let domain = topology.gpuDomain[other], domains.contains(domain) { freeLeft += 1 }
            for gpu in set { broken += topology.linkRank(gpu, other) }
        }
        return Key(negatedWeakestLink: -weakest,
                   remoteCPUs: fitsLocally ? 0 : max(1, cpus - localCPUs),
                   domainsSpanned: domains.count + (unknownDomain ? 1 : 0),
                   negatedLinkSum: -sum, freeLeftInDomains: freeLeft, linksBroken: broken, positions: set)
    }

    /// A set grown from `seed` by adding, each time, the candidate with the best weakest link to the set so far
    /// (then the best sum, then a domain already in the set, then the lowest index).
    private func grow(from seed: Int, to count: Int, among candidates: [Int]) -> [Int] {
        var set = [seed]
        while set.count < count {
            var best: (weakest: Int, sum: Int, sameDomain: Bool, gpu: Int)?
            for other in candidates where !set.contains(other) {
                var weakest = Int.max
                var sum = 0
                for gpu in set {
                    let rank = topology.linkRank(gpu, other)
                    weakest = min(weakest, rank)
                    sum += rank
                }
                let sameDomain = topology.gpuDomain[other] != nil && topology.gpuDomain[other] == topology.gpuDomain[seed]
                let better = best.map { b in
                    (weakest, sum, sameDomain ? 1 : 0, -other) > (b.weakest, b.sum, b.sameDomain ? 1 : 0, -b.gpu)
                } ?? true
                if better { best = (weakest, sum, sameDomain, other) }
            }
            set.append(best!.gpu)
        }
        return set.sorted()
    }

    // MARK: - Combinations

    /// C(n, k), saturating at `Int.max`.
    static func combinations(_ n: Int, _ k: Int) -> Int {
        let k = min(k, n - k)
        guard k >= 0 else { return 0 }
        var result = 1
        for i in 0..<k {
            let (product, overflow) = result.multipliedReportingOverflow(by: n - i)
            if overflow { return .max }
            result = product / (i + 1)
        }
        return result
    }

    /// Calls `body` with every `size`-element subset of `elements`, in lexicographic order of positions.
    static func forEachCombination(of elements: [Int], size: Int, _ body: ([Int]) -> Void) {
        let n = elements.count
        guard size <= n else { return }
        var indices = Array(0..<size)
        while true {
            body(indices.map { elements[$0] })
            var i = size - 1
            while i >= 0, indices[i] == n - size + i { i -= 1 }
            if i < 0 { return }
            indices[i] += 1
            for j in (i + 1)..<size { indices[j] = indices[j - 1] + 1 }
        }
    }
}
