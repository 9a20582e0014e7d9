import SchedulerCore

/// Builds a scheduler holding many jobs through the core's public API.
struct MemoryWorkload {
    enum Kind: String, CaseIterable {
        /// Every job submitted held, through `Scheduler.handle`: PENDING, one history entry, no allocation.
        case held
        /// A recovered state (`ClusterState(jobs:nodes:)`, as schedd builds after a restart) of COMPLETED jobs,
        /// each with an allocation shaped like placement's and three history entries.
        case completed
    }

    var kind: Kind
    var jobs: Int
    var nodes: Int
    var scriptBytes: Int

    func build() -> Scheduler {
        build(sink: { _ in })
    }

    /// Builds the scheduler; `sink` receives the same state as transitions, in batches (to commit them).
    func build(sink: ([Transition]) throws -> Void) rethrows -> Scheduler {
        switch kind {
        case .held: try buildHeld(sink: sink)
        case .completed: try buildCompleted(sink: sink)
        }
    }

    private var mix: JobMix { JobMix(scriptBytes: scriptBytes, hold: kind == .held) }

    private func buildHeld(sink: ([Transition]) throws -> Void) rethrows -> Scheduler {
        var now = Instant(milliseconds: 1_000_000)
        var scheduler = SyntheticCentre.scheduler(nodes: nodes, at: now)
        for first in stride(from: 0, to: jobs, by: 10_000) {
            now = now + Span(milliseconds: 1000)
            let effects = scheduler.handle(mix.submissions(count: min(10_000, jobs - first), firstIndex: first), at: now)
            try sink(effects.transitions)
        }
        return scheduler
    }

    private func buildCompleted(sink: ([Transition]) throws -> Void) rethrows -> Scheduler {
        let start = Instant(milliseconds: 1_000_000)
        let nodeList = (0..<nodes).map {
            Node(inventory: SyntheticCentre.inventory($0), status: .up, connected: true, lastHeard: start)
        }
        try sink(nodeList.map { .nodeChanged($0) })
        var all: [Job] = []
        all.reserveCapacity(jobs)
        for first in stride(from: 0, to: jobs, by: 1000) {
            let specs = mix.specs(count: min(1000, jobs - first), firstIndex: first)
            let batch = specs.enumerated().map { completedJob(first + $0.offset, spec: $0.element, at: start) }
            try sink(batch.flatMap { job in [.jobChanged(job)] + job.history.map { .jobHistoryAppended(job.id, $0) } })
            all += batch
        }
        return Scheduler(state: ClusterState(jobs: all, nodes: nodeList), settings: SyntheticCentre.settings)
    }

    /// Job `index` as it looks after it ran on the centre and exited 0.
    private func completedJob(_ index: Int, spec: JobSpec, at start: Instant) -> Job {
        var spec = spec
        spec.project = "default"
        let id = JobID(UInt64(index) + 1)
        let submitted = start + Span(milliseconds: Int64(index) * 10)
        let began = submitted + .seconds(30)
        let ended = began + .minutes(90)
        var job = Job(id: id, spec: spec, submitTime: submitted, stdoutPath: "\(spec.workdir)/aisched-\(id).out",
                      stderrPath: "\(spec.workdir)/aisched-\(id).out")
        let allocation = Self.allocation(spec.request, firstNode: (index * 7) % nodes, nodes: nodes)
        job.state = .completed
        job.pendingReason = nil
        job.startTime = began
        job.endTime = ended
        job.exitCode = 0
        job.allocation = allocation
        job.activeNodes = []
        job.startedNodes = NodeSubset(all: allocation)
        job.history = [
            StateChange(at: submitted, state: .pending, reason: "Submitted"),
            StateChange(at: began, state: .running, reason: "Allocated \(allocation.nodeNames.joined(separator: ","))"),
        ]
        job.record(StateChange(at: ended, state: .completed, reason: "Exit code 0"))
        return job
    }

    /// CPUs from the first NUMA domain on, the first GPUs, default memory: the shape placement gives.
    static func allocation(_ request: ResourceRequest, firstNode: Int, nodes: Int) -> Allocation {
        let perDomain = SyntheticCentre.cpusPerNode / 2
        let memory = Int64(request.cpusPerNode) * 1024
        let domains = request.cpusPerNode > perDomain ? [0, 1] : [0]
        let split = domains.count == 2 ? [memory / 2, memory - memory / 2] : [memory]
        return Allocation(nodes: (0..<request.nodes).map { rank in
            NodeAllocation(node: SyntheticCentre.nodeName((firstNode + rank) % nodes), cpus: Array(0..<request.cpusPerNode),
                           gpus: Array(0..<request.gpusPerNode), numaNodes: domains, memoryMB: memory,
                           numaMemoryMB: split)
        })
    }
}
