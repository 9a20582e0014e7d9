/// One node as `aisubmit nodes` (Slurm's sinfo) shows it to anyone: its state in sinfo's words, why it takes no new
/// jobs, and how much of it is free. It shows no job: every user may see every node.
///
/// Free is the total minus what jobs hold on the node: the running jobs, and ended ones whose processes are still
/// being stopped (they hold their share until the agent reports them gone), so it is exactly what placement sees.
public struct NodeReport: Hashable, Sendable {
    /// sinfo's long state names (`sinfo -l`, `%T`).
    public enum State: String, Hashable, Sendable, CaseIterable {
        /// In service, nothing held.
        case idle
        /// In service, some CPUs held.
        case mixed
        /// In service, every CPU held. As in Slurm, a node whose GPUs are all held but has CPUs free is mixed; its
        /// GPU counts say it is full for GPU jobs.
        case allocated
        /// Taken out of service while jobs still run there.
        case draining
        /// Taken out of service, nothing left running.
        case drained
        /// Its agent has not been heard from within the heartbeat timeout, or an admin set it down.
        case down
    }

    public var name: String
    public var state: State
    /// False while the agent has no connection to schedd (sinfo marks such a node `*`): no new job starts there.
    public var responding: Bool
    /// Why no new job starts on the node; empty when jobs may start there. For a drained or downed node, the admin's
    /// words.
    public var reason: String
    /// The admin who drained or downed it, and when (sinfo -R's USER and TIMESTAMP); nil otherwise.
    public var reasonBy: String?
    public var reasonAt: Instant?
    /// For a node whose agent stopped responding, when it was last heard from.
    public var since: Instant?
    public var gpuModel: String?
    public var gpusTotal: Int
    public var gpusFree: Int
    public var cpusTotal: Int
    public var cpusFree: Int
    public var memoryMBTotal: Int64
    public var memoryMBFree: Int64
    /// The partitions it is in (empty on a centre without partitions) and its features for `--constraint`.
    public var partitions: [String] = []
    public var features: [String] = []

    public init(_ node: Node, partitions: PartitionTable = PartitionTable()) {
        self.partitions = partitions.partitions(of: node.name)
        features = node.inventory.featureSet.sorted()
        name = node.name
        state = Self.state(of: node)
        responding = node.connected
        reason = Self.reason(node)
        reasonBy = node.control?.by
        reasonAt = node.control?.at
        since = node.control == nil && node.status == .down ? node.lastHeard : nil
        gpuModel = node.inventory.gpuModel
        gpusTotal = node.inventory.gpuIndices.count
        gpusFree = node.freeGPUs.count
        cpusTotal = node.inventory.cpuIDs.count
        cpusFree = node.freeCPUs.count
        memoryMBTotal = node.inventory.memoryMB
        // Never negative: a node that re-registered with less memory than its running jobs hold has none free.
        memoryMBFree = max(0, node.freeMemoryMB)
    }

    /// An admin's order comes first: a drained node whose agent stopped responding is still drained (with `*`).
    static func state(of node: Node) -> State {
        switch node.control?.state {
        case .down?: return .down
        case .drain?: return node.jobs.isEmpty ? .drained : .draining
        case nil: break
        }
        switch node.status {
        case .down: return .down
        case .up:
            if node.jobs.isEmpty { return .idle }
            return node.freeCPUs.isEmpty ? .allocated : .mixed
        }
    }

    /// The words match the placement filter that turns the node down (`NodeStateFilter`).
    static func reason(_ node: Node) -> String {
        if let control = node.control { return control.reason }
        switch node.status {
        case .down: return "not responding"
        case .up: return node.connected ? "" : "agent disconnected; no new jobs until it reconnects"
        }
    }
}
