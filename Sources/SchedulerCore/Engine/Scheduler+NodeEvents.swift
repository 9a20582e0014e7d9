/// Node agents: registration, heartbeats, liveness and the reports of job processes.
extension Scheduler {
    mutating func registerNode(_ inventory: NodeInventory, running: [JobID], epochs: [JobID: Int] = [:],
                               at now: Instant, into fx: inout Effects) -> Reply {
        guard !inventory.name.isEmpty, !inventory.cpuIDs.isEmpty else {
            return .rejected(Rejection(.invalidRequest, "a node must have a name and at least one CPU"))
        }
        var node = state.nodes[inventory.name]
            ?? Node(inventory: inventory, status: .up, connected: true, lastHeard: now)
        node.inventory = inventory
        node.connected = true
        node.lastHeard = now
        if node.status == .down { node.status = .up }
        liveness.nodeCameUp()
        save(node, into: &fx)
        needFullCycle(nodesChanged: true)

        // The agent flushes its unacknowledged exit reports before registering, and re-adopts what still runs
        // after a restart, so a job we believe runs here that the agent does not list (or lists only as an earlier
        // run) is gone: a launch that never arrived or was never started, or a part lost with its spool.
        let reported = Set(running.filter { state.jobs[$0]?.isStale(epochs[$0] ?? 0) == false })
        for id in node.jobs.sorted() where !reported.contains(id) {
            partLost(id, on: inventory.name, at: now, into: &fx)
        }
        // Jobs that are not this node's, earlier runs of jobs requeued while the node was cut off, and jobs that
        // ended while the agent was away (their kill went to the old connection and was lost) must be killed; on a
        // node an admin set down, every job.
        let down = node.control?.state == .down
        let unwanted = running.filter { down || !belongs($0, to: inventory.name, epoch: epochs[$0] ?? 0) }
        return .nodeRegistered(killJobs: unwanted, heartbeatInterval: settings.heartbeatInterval,
                               nodeTimeout: settings.nodeTimeout)
    }

    /// Whether the processes of job `id`'s run `epoch` on `node` are ones the node should be running.
    private func belongs(_ id: JobID, to node: String, epoch: Int) -> Bool {
        guard let job = state.jobs[id], job.activeNodes.contains(node), !job.isStale(epoch) else { return false }
        return !job.state.isTerminal
    }

    mutating func heartbeat(from name: String, running: [JobID], epochs: [JobID: Int] = [:], at now: Instant,
                            into fx: inout Effects) {
        noteHeard(from: name, at: now)
        guard var node = state.nodes[name] else { return }
        if !node.connected { needFullCycle(nodesChanged: true) }
        node.connected = true
        let wasDown = node.status == .down
        if wasDown {
            node.status = .up
            liveness.nodeCameUp()
        }
        // Heartbeats are frequent: keep them in memory only, unless the node came back.
        state.nodes[name] = node
        if wasDown {
            save(node, into: &fx)
            needFullCycle(nodesChanged: true)
        }
        for id in running where state.jobs[id].map({ !$0.activeNodes.contains(name) || $0.isStale(epochs[id] ?? 0) }) ?? true {
            fx.outbound.append(.kill(id, node: name, reason: "not a job of this node"))
        }
    }

    /// Any message from a node shows it alive: its silence deadline moves on (in memory only, like heartbeats).
    private mutating func noteHeard(from name: String, at now: Instant) {
        guard var node = state.nodes[name] else { return }
        // The node that set the earliest deadline moves it later: the next wake-up must say when exactly.
        liveness.willHear(node, timeout: settings.nodeTimeout)
        node.lastHeard = now
        state.nodes[name] = node
    }

    mutating func disconnect(_ name: String, into fx: inout Effects) {
        guard var node = state.nodes[name], node.connected else { return }
        node.connected = false
        save(node, into: &fx)
        needFullCycle(nodesChanged: true)
    }

    /// The earliest moment an up node could pass the heartbeat timeout (`NodeLiveness`).
    mutating func earliestSilence() -> Instant? {
        liveness.nextDeadline(of: state.nodes, timeout: settings.nodeTimeout)
    }

    /// Up nodes silent past the timeout go down: fenced, and their jobs' parts lost.
    mutating func expireSilentNodes(at now: Instant, into fx: inout Effects) {
        for name in liveness.silentNodes(of: state.nodes, at: now, timeout: settings.nodeTimeout) {
            guard var node = state.nodes[name] else { continue }
            node.status = .down
            node.connected = false
            save(node, into: &fx)
            fx.outbound.append(.fence(node: name))
            needFullCycle(nodesChanged: true)
            for id in node.jobs.sorted() {
                partLost(id, on: name, at: now, into: &fx)
            }
        }
    }

    /// The agent asks to start its part of run `epoch` of the job. Granted (and committed before the agent hears so)
    /// only while that part is still the node's: a launch that reached a node after it was fenced, or after the job
    /// was requeued, cancelled or ended, is refused and never starts. Once granted, the job counts as possibly
    /// running there: it is requeued only when the node confirms its processes are gone.
    mutating func jobStarted(_ id: JobID, on node: String, note: String, epoch: Int = 0, at now: Instant,
                             into fx: inout Effects) -> Reply {
        noteHeard(from: node, at: now)
        guard var job = state.jobs[id], job.activeNodes.contains(node), !job.isStale(epoch) else {
            return .rejected(Rejection(.conflict, "job \(id)'s launch on \(node) is no longer this node's (the job was requeued, cancelled or the node was cut off)",
                                       hint: "do not start it; an agent learns which jobs are its own when it registers"))
        }
        guard job.state == .running else {
            // It ended (cancelled) before the agent started it: the agent will not start it, so the part is free now.
            releasePart(of: &job, on: node)
            save(job, into: &fx)
            return .rejected(Rejection(.conflict, "job \(id) is \(job.state.rawValue)", hint: "do not start it"))
        }
        guard !job.startedNodes.contains(node) else { return .ack }
        job.startedNodes.insert(node)
        if !note.isEmpty { job.notes.append("\(node): \(note)") }
        save(job, into: &fx)
        return .ack
    }

    /// One node's processes of a job are gone, with an exit report. Idempotent: agents resend reports. A report
    /// about an earlier run (`epoch`) changes nothing: that run's part was already let go when its node was fenced.
    mutating func partEnded(_ id: JobID, on node: String, report: ExitReport, epoch: Int = 0, at now: Instant,
                            into fx: inout Effects) {
        guard var job = state.jobs[id], job.activeNodes.contains(node), !job.isStale(epoch) else { return }
        if report.neverStarted {
            job.startedNodes.remove(node)
            state.update(job)
            return partLost(id, on: node, at: now, into: &fx)
        }
        releasePart(of: &job, on: node)
        if job.state == .running, let preemption = job.preemption {
            requeuePreempted(&job, preemption, at: now, into: &fx)
            return
        }
        if job.state == .running, let reason = job.requeueOnStop {
            requeueWhenStopped(&job, reason: reason, at: now, into: &fx)
            return
        }
        if job.state == .running {
            let rank = job.allocation?.rank(of: node) ?? 0
            // Any failing node ends the job; a clean end does when the job's launch says so.
            if !report.succeeded || job.cleanEndEndsJob(rank: rank) {
                job.exitCode = report.exitCode
                job.signal = report.signal
                let (endState, reason) = Self.outcome(of: report, on: node)
                transition(&job, to: endState, reason: reason, at: now, into: &fx)
                killRemainingParts(of: job, reason: "job ended on \(node)", into: &fx)
                return
            }
        } else if job.exitCode == nil, job.state.isTerminal {
            job.exitCode = report.exitCode
            job.signal = report.signal
        }
        save(job, into: &fx)
    }

    /// A preempted job's part is gone; once all are, it goes back to the queue (its charge ends with the run),
    /// unless it said `--no-requeue`: then it ends CANCELLED, as Slurm cancels a preempted job it may not requeue.
    private mutating func requeuePreempted(_ job: inout Job, _ preemption: Preemption, at now: Instant,
                                           into fx: inout Effects) {
        guard job.spec.requeue == false else {
            return requeueWhenStopped(&job, reason: "Requeued: preempted by job \(preemption.by)", at: now, into: &fx)
        }
        guard job.activeNodes.isEmpty else {
            save(job, into: &fx)
            return
        }
        job.preemption = nil
        transition(&job, to: .cancelled, reason: "Preempted by job \(preemption.by); not requeued (--no-requeue)",
                   at: now, into: &fx)
    }

    /// Once the job's last part is gone, back to the queue with `reason`, to start again from the beginning: the
    /// one way a started job returns to the queue (a lost launch, a failed node with `--requeue`, a node set down, a
    /// preemption). Its run's charge ends with the transition, while the allocation still says what it held.
    private mutating func requeueWhenStopped(_ job: inout Job, reason: String, at now: Instant, into fx: inout Effects) {
        guard job.activeNodes.isEmpty else {
            save(job, into: &fx)
            return
        }
        transition(&job, to: .pending, reason: reason, at: now, into: &fx)
        job.allocation = nil
        job.startTime = nil
        job.startedNodes.removeAll()
        job.preemption = nil
        job.requeueOnStop = nil
        job.pendingReason = .priority
        save(job, into: &fx)
        enqueue(job, isNew: false)
    }

    /// The node no longer runs this job's processes and cannot tell us how they ended.
    mutating func partLost(_ id: JobID, on node: String, at now: Instant, into fx: inout Effects) {
        guard var job = state.jobs[id], job.activeNodes.contains(node) else { return }
        guard job.state == .running else {
            releasePart(of: &job, on: node)
            save(job, into: &fx)
            return
        }
        if job.startedNodes.isEmpty {
            // Nothing ever ran: put the job back in the queue rather than fail the researcher's work. No node started
            // its part, so none holds processes to wait for: every part is let go now.
            for other in job.activeNodes where other != node {
                fx.outbound.append(.kill(id, node: other, reason: "requeued"))
            }
            for part in job.activeNodes { releasePart(of: &job, on: part) }
            return requeueWhenStopped(&job, reason: "Requeued: node \(node) lost the launch", at: now, into: &fx)
        }
        releasePart(of: &job, on: node)
        if job.spec.requeue == true {
            // --requeue: the job starts again from the beginning once its other nodes' processes are gone.
            job.requeueOnStop = "Requeued: node \(node) failed (--requeue)"
            killRemainingParts(of: job, reason: "node \(node) failed; the job is requeued", into: &fx)
            return requeueWhenStopped(&job, reason: job.requeueOnStop!, at: now, into: &fx)
        }
        transition(&job, to: .nodeFail, reason: "Node \(node) stopped responding", at: now, into: &fx)
        killRemainingParts(of: job, reason: "node \(node) failed", into: &fx)
    }

    private mutating func releasePart(of job: inout Job, on node: String) {
        job.activeNodes.remove(node)
        if let part = job.allocation?.part(on: node) {
            state.nodes[node]?.release(part, for: job.id)
            noteFreed(node)
        }
    }

    private func killRemainingParts(of job: Job, reason: String, into fx: inout Effects) {
        for node in job.activeNodes {
            fx.outbound.append(.kill(job.id, node: node, reason: reason))
        }
    }

    static func outcome(of report: ExitReport, on node: String) -> (JobState, String) {
        if report.timedOut { return (.timeout, "Time limit reached") }
        if !report.message.isEmpty { return (.failed, report.message) }
        if report.signal != 0 { return (.failed, "Killed by signal \(report.signal) on \(node)") }
        if report.exitCode != 0 { return (.failed, "Exit code \(report.exitCode) on \(node)") }
        return (.completed, "Exit code 0")
    }
}
