import SchedulerCore

/// The state gauges of /metrics (docs/METRICS.md), computed from a committed `Scheduler` when Prometheus scrapes:
/// jobs by state and by pending reason, nodes by state, GPUs and CPUs by GPU model, connected agents.
///
/// Names follow the Slurm exporters (prometheus-slurm-exporter's `slurm_queue_pending`, `slurm_nodes_idle`,
/// `slurm_gpus_alloc`, …; slurmctld's own `slurm_jobs_pending`) with `aisched_` in front, so a Slurm dashboard
/// needs its prefix changed and little else. A pure function of its input: the caller chooses the scheduler (the
/// last committed one, never the actor's) and the thread.
enum SchedulerGauges {
    static func families(of scheduler: Scheduler) -> [GaugeFamily] {
        let reports = (try? scheduler.nodeReports().get()) ?? []
        return jobs(scheduler.state) + [pendingReasons(scheduler.state)] + nodes(reports) + resources(reports)
            + [agents(reports)]
    }

    // MARK: Jobs

    /// The squeue states a job is counted under: its own, except that an ended job whose processes are still being
    /// stopped counts as completing (squeue's CG), as Slurm's exporters count it.
    static let jobStates = ["pending", "running", "completing", "completed", "failed", "cancelled", "timeout",
                            "node_fail"]

    static func jobs(_ state: ClusterState) -> [GaugeFamily] {
        var counts = Dictionary(uniqueKeysWithValues: jobStates.map { ($0, 0) })
        counts["pending"] = state.pendingIDs.count
        counts["running"] = state.runningIDs.count
        // Ended jobs have no index of their own: one pass over the table (a few ms for 100,000 jobs, on a query
        // thread, once per scrape).
        for job in state.jobs.values where job.state.isTerminal {
            counts[job.isCompleting ? "completing" : word(job.state), default: 0] += 1
        }
        return jobStates.map { name in
            GaugeFamily("aisched_jobs_\(name)", help: "Jobs in state \(name) (squeue's \(name.uppercased())).",
                        value: Double(counts[name] ?? 0))
        }
    }

    private static func word(_ state: JobState) -> String {
        state.rawValue.lowercased()
    }

    /// Pending jobs by the word of their reason (`Resources`, `Priority`, `BudgetExhausted`, …, as squeue's %r
    /// starts), every reason listed.
    static func pendingReasons(_ state: ClusterState) -> GaugeFamily {
        var counts = Dictionary(uniqueKeysWithValues: PendingReason.allCases.map { ($0.rawValue, 0) })
        for id in state.pendingIDs {
            guard let job = state.jobs[id] else { continue }
            counts[job.pendingReason?.rawValue ?? "Other", default: 0] += 1
        }
        return GaugeFamily("aisched_jobs_pending_reason", help: "Pending jobs by why they wait (squeue's REASON).",
                           samples: counts.keys.sorted().map { GaugeSample(["reason": $0], Double(counts[$0]!)) })
    }

    // MARK: Nodes

    /// sinfo's states under the exporter's names: draining and drained nodes both count as drain, as there.
    static func nodes(_ reports: [NodeReport]) -> [GaugeFamily] {
        let names: [(String, Set<NodeReport.State>, String)] = [
            ("idle", [.idle], "in service, nothing held"),
            ("mix", [.mixed], "in service, some CPUs held"),
            ("alloc", [.allocated], "in service, every CPU held"),
            ("drain", [.draining, .drained], "drained or draining by an admin"),
            ("down", [.down], "down: silent agent or set down by an admin"),
        ]
        return names.map { name, states, meaning in
            GaugeFamily("aisched_nodes_\(name)", help: "Nodes \(meaning) (sinfo).",
                        value: Double(reports.count(where: { states.contains($0.state) })))
        } + [GaugeFamily("aisched_nodes_total", help: "Nodes registered.", value: Double(reports.count))]
    }

    /// Nodes whose agent holds a connection to schedd now (sinfo marks the others `*`).
    static func agents(_ reports: [NodeReport]) -> GaugeFamily {
        GaugeFamily("aisched_agents_connected", help: "Node agents connected to schedd.",
                    value: Double(reports.count(where: \.responding)))
    }

    // MARK: GPUs and CPUs

    /// The model label of a node without GPUs.
    static let noGPU = "none"

    /// GPUs and CPUs by the GPU model of their node: held by jobs (alloc), free where jobs may start (idle), free
    /// where none may (other: down, drained, not responding), and all of them (total), as the exporter splits CPUs.
    static func resources(_ reports: [NodeReport]) -> [GaugeFamily] {
        var gpus: [String: Split] = [:]
        var cpus: [String: Split] = [:]
        for report in reports {
            let model = report.gpuModel ?? noGPU
            let open = report.reason.isEmpty
            gpus[model, default: Split()].add(total: report.gpusTotal, free: report.gpusFree, open: open)
            cpus[model, default: Split()].add(total: report.cpusTotal, free: report.cpusFree, open: open)
        }
        return families("gpus", "GPUs", gpus) + families("cpus", "CPUs", cpus)
    }

    private struct Split {
        var alloc = 0, idle = 0, other = 0, total = 0

        mutating func add(total: Int, free: Int, open: Bool) {
            self.total += total
            alloc += total - free
            if open { idle += free } else { other += free }
        }
    }

    private static func families(_ resource: String, _ noun: String, _ splits: [String: Split]) -> [GaugeFamily] {
        let parts: [(String, String, KeyPath<Split, Int>)] = [
            ("alloc", "\(noun) held by jobs", \.alloc),
            ("idle", "Free \(noun) on nodes that take jobs", \.idle),
            ("other", "Free \(noun) on nodes that take no jobs (down, drained, not responding)", \.other),
            ("total", "\(noun) in all", \.total),
        ]
        return parts.map { part, meaning, path in
            GaugeFamily("aisched_\(resource)_\(part)", help: "\(meaning), by the GPU model of their node.",
                        samples: splits.keys.sorted().map { GaugeSample(["model": $0], Double(splits[$0]![keyPath: path])) })
        }
    }
}
