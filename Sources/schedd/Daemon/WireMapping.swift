import Foundation
import HardwareDiscovery
import SchedulerCore
import SchedulerProtocol

/// Translations between the wire DTOs of `SchedulerProtocol` and the core's models. Kept in the shell so that
/// the wire format and the core can evolve independently.
enum WireMapping {
    static func spec(from s: JobSubmission, user: String) -> JobSpec {
        JobSpec(
            name: s.name, user: user, project: s.project, workdir: s.workdir, argv: s.argv,
            script: s.script.isEmpty ? nil : s.script, environment: s.environment,
            request: ResourceRequest(
                nodes: s.nodes == 0 ? 1 : Int(s.nodes),
                cpusPerNode: s.cpusPerNode == 0 ? 1 : Int(s.cpusPerNode),
                memoryMBPerNode: Int64(clamping: s.memoryMBPerNode),
                gpusPerNode: Int(s.gpusPerNode),
                gpuModel: s.gpuModel.isEmpty ? nil : s.gpuModel,
                exclusive: s.exclusive,
                timeLimit: s.timeLimitSeconds == 0 ? nil : .seconds(Int64(clamping: s.timeLimitSeconds)),
                partitions: s.partitions.isEmpty ? nil : s.partitions,
                constraint: s.constraint.isEmpty ? nil : try? FeatureConstraint.parse(s.constraint).get(),
                allMemory: s.allMemory ? true : nil, wholeCores: s.wholeCores ? true : nil),
            stdoutPath: s.stdoutPath, stderrPath: s.stderrPath, qos: s.qos, hold: s.hold,
            dependency: s.dependency.isEmpty ? nil : s.dependency, array: s.array.isEmpty ? nil : s.array,
            beginTime: s.beginTimeMs == 0 ? nil : Instant(milliseconds: s.beginTimeMs),
            tasks: taskLayout(from: s), inheritedEnvironment: s.inheritedEnvironment.isEmpty ? nil : s.inheritedEnvironment,
            submitDirectory: s.submitDirectory.isEmpty ? nil : s.submitDirectory,
            submitHost: s.submitHost.isEmpty ? nil : s.submitHost, interactive: s.interactive ? true : nil,
            comment: s.comment.isEmpty ? nil : s.comment, appendOutput: s.openMode.isEmpty ? nil : s.openMode == "append",
            requeue: s.requeue == 0 ? nil : s.requeue == 1, nice: s.nice == 0 ? nil : Int(s.nice),
            warningSignal: s.signal.isEmpty ? nil : try? WarningSignal.parse(s.signal).get(),
            mail: mailRequest(from: s), unlimitedTime: s.timeUnlimited ? true : nil,
            submissionKey: s.submissionKey.isEmpty ? nil : s.submissionKey)
    }

    /// The first of the submission's Slurm texts (`--constraint`, `--signal`, `--mail-type`) that the core's
    /// rules cannot read, as the refusal to send; aisubmit checks them before it sends, other clients may not.
    static func textProblem(in s: JobSubmission) -> Rejection? {
        if !s.constraint.isEmpty, case .failure(let rejection) = FeatureConstraint.parse(s.constraint) { return rejection }
        if !s.signal.isEmpty, case .failure(let problem) = WarningSignal.parse(s.signal) {
            return problem.rejection(option: "--signal", value: s.signal)
        }
        if !s.mailType.isEmpty, case .failure(let problem) = MailType.parseList(s.mailType) {
            return problem.rejection(option: "--mail-type", value: s.mailType)
        }
        return nil
    }

    /// nil when neither `--mail-type` nor `--mail-user` was given; the core checks the address.
    static func mailRequest(from s: JobSubmission) -> MailRequest? {
        guard !s.mailType.isEmpty || !s.mailUser.isEmpty else { return nil }
        let types = s.mailType.isEmpty ? [] : (try? MailType.parseList(s.mailType).get()) ?? []
        return MailRequest(types: types, user: s.mailUser.isEmpty ? nil : s.mailUser)
    }

    static func taskLayout(from s: JobSubmission) -> TaskLayout? {
        func given(_ value: UInt32) -> Int? { value == 0 ? nil : Int(value) }
        let layout = TaskLayout(total: given(s.tasks), perNode: given(s.tasksPerNode), cpusPerTask: given(s.cpusPerTask),
                                gpusPerTask: given(s.gpusPerTask), overcommit: s.overcommit ? true : nil)
        return layout.isDefault ? nil : layout
    }

    static func submission(from spec: JobSpec) -> JobSubmission {
        var s = JobSubmission()
        s.name = spec.name
        s.project = spec.project
        s.workdir = spec.workdir
        s.argv = spec.argv
        s.script = spec.script ?? ""
        s.environment = spec.environment
        s.hold = spec.hold
        s.nodes = UInt32(spec.request.nodes)
        s.cpusPerNode = UInt32(spec.request.cpusPerNode)
        s.memoryMBPerNode = UInt64(max(0, spec.request.memoryMBPerNode))
        s.gpusPerNode = UInt32(spec.request.gpusPerNode)
        s.timeLimitSeconds = UInt64(max(0, (spec.request.timeLimit?.milliseconds ?? 0) / 1000))
        s.stdoutPath = spec.stdoutPath
        s.stderrPath = spec.stderrPath
        s.gpuModel = spec.request.gpuModel ?? ""
        s.exclusive = spec.request.exclusive
        s.qos = spec.qos
        s.dependency = spec.dependency ?? ""
        s.array = spec.array ?? ""
        s.beginTimeMs = spec.beginTime?.milliseconds ?? 0
        s.tasks = UInt32(clamping: spec.tasks?.total ?? 0)
        s.tasksPerNode = UInt32(clamping: spec.tasks?.perNode ?? 0)
        s.cpusPerTask = UInt32(clamping: spec.tasks?.cpusPerTask ?? 0)
        s.gpusPerTask = UInt32(clamping: spec.tasks?.gpusPerTask ?? 0)
        s.submitDirectory = spec.submitDirectory ?? ""
        s.submitHost = spec.submitHost ?? ""
        s.overcommit = spec.tasks?.overcommit == true
        s.inheritedEnvironment = spec.inheritedEnvironment ?? []
        s.interactive = spec.interactive == true
        s.partitions = spec.request.partitions ?? []
        s.constraint = spec.request.constraint?.description ?? ""
        s.comment = spec.comment ?? ""
        s.openMode = spec.appendOutput.map { $0 ? "append" : "truncate" } ?? ""
        s.requeue = spec.requeue.map { $0 ? 1 : 2 } ?? 0
        s.nice = Int32(clamping: spec.nice ?? 0)
        s.allMemory = spec.request.allMemory == true
        s.wholeCores = spec.request.wholeCores == true
        s.signal = spec.warningSignal?.description ?? ""
        s.mailType = spec.mail.map { MailType.text($0.types) } ?? ""
        s.mailUser = spec.mail?.user ?? ""
        // The submission key is not echoed: it matters only to the client that sent it.
        s.timeUnlimited = spec.unlimitedTime == true
        return s
    }

    /// Rejections in pipeline order (`PlacementRejection.allCases`), the ones that turned no node down left out.
    static func placement(_ report: PlacementReport) -> PlacementReportInfo {
        var info = PlacementReportInfo()
        info.nodesEvaluated = UInt32(clamping: report.nodesEvaluated)
        info.nodesFitting = UInt32(clamping: report.nodesFitting + report.nodesNotTried)
        info.rejections = PlacementRejection.allCases.compactMap { reason in
            let count = report.count(reason)
            guard count > 0 else { return nil }
            var rejection = RejectionCount()
            rejection.reason = reason.rawValue
            rejection.nodes = UInt32(clamping: count)
            return rejection
        }
        return info
    }

    static func info(from job: Job, includeHistory: Bool, outlook: PendingOutlook? = nil) -> JobInfo {
        var info = JobInfo()
        if let outlook {
            info.jobsAhead = UInt32(clamping: outlook.jobsAhead)
            if let reservation = outlook.reservation {
                info.estimatedStartMs = reservation.start.milliseconds
                info.startsAfter = reservation.after.map(\.rawValue)
                info.reservedNodes = reservation.allocation.nodeNames
            }
        }
        info.preemptedBy = job.preemption?.by.rawValue ?? 0
        info.completing = job.isCompleting
        info.id = job.id.rawValue
        info.name = job.spec.name
        info.user = job.spec.user
        info.project = job.spec.project
        info.state = job.state.rawValue
        info.reason = job.reason
        info.qos = job.qos.rawValue
        info.submitTimeMs = job.submitTime.milliseconds
        info.startTimeMs = job.startTime?.milliseconds ?? 0
        info.endTimeMs = job.endTime?.milliseconds ?? 0
        info.exitCode = job.exitCode ?? 0
        info.hasExitCode = job.exitCode != nil
        info.signal = UInt32(clamping: job.signal)
        info.workdir = job.spec.workdir
        info.held = job.held
        info.stdoutPath = job.stdoutPath
        info.stderrPath = job.stderrPath
        info.notes = job.notes
        info.submission = submission(from: job.spec)
        info.arrayJobID = job.arrayJobID?.rawValue ?? 0
        info.arrayTaskID = UInt32(clamping: job.arrayTaskID ?? 0)
        info.dependency = job.dependency?.description ?? ""
        info.allocation = (job.allocation?.nodes ?? []).map { part in
            var a = NodeAllocationInfo()
            a.node = part.node
            a.cpus = part.cpus.map { UInt32($0) }
            a.gpus = part.gpus.map { UInt32($0) }
            a.numaNodes = part.numaNodes.map { UInt32($0) }
            a.memoryMB = UInt64(max(0, part.memoryMB))
            return a
        }
        if includeHistory {
            info.history = job.history.map {
                StateChangeInfo(atMs: $0.at.milliseconds, state: $0.state.rawValue, reason: $0.reason)
            }
        }
        return info
    }

    /// The node an agent registers: its hardware from `RegisterNode.topology` (the agent's `HardwareTopology` as
    /// JSON: allowed CPUs, cores with their SMT siblings, NUMA memory and distances, GPUs and their links), or a
    /// flat model (one NUMA domain, each CPU its own core) from the plain counts when the agent sent no topology
    /// or one that cannot be read or holds no usable CPU.
    static func inventory(from r: RegisterNode, name: String) -> NodeInventory {
        var inventory = hardware(from: r, name: name)
        inventory.features = Array(Set(r.features.map { $0.lowercased() })).sorted()
        return inventory
    }

    private static func hardware(from r: RegisterNode, name: String) -> NodeInventory {
        let address = r.hostname.isEmpty ? name : r.hostname
        if !r.topology.isEmpty, let hardware = try? JSONDecoder().decode(HardwareTopology.self, from: Data(r.topology)),
           let topology = NodeTopology(hardware: hardware) {
            return NodeInventory(name: name, address: address, topology: topology)
        }
        let cpuIDs = r.cpuIDs.isEmpty ? Array(0..<Int(r.cpus)) : r.cpuIDs.map { Int($0) }
        return NodeInventory(name: name, address: address, cpuIDs: cpuIDs, memoryMB: Int64(clamping: r.memoryMB),
                             gpuIndices: Array(0..<Int(r.gpus)))
    }

    /// The launch order for one node's part of a job: the core's `LaunchPlan` with the job's own fields.
    static func launch(_ job: Job, on node: String, nodes: [String: Node]) -> LaunchJob? {
        guard let plan = job.launchPlan(on: node, nodes: nodes) else { return nil }
        var launch = LaunchJob()
        launch.jobID = job.id.rawValue
        launch.user = job.spec.user
        launch.name = job.spec.name
        launch.project = job.spec.project
        launch.workdir = job.spec.workdir
        launch.argv = job.spec.argv
        launch.script = job.spec.script ?? ""
        launch.stdoutPath = job.stdoutPath
        launch.stderrPath = job.stderrPath
        launch.cpus = plan.cpus.map { UInt32($0) }
        launch.gpus = plan.gpus.map { UInt32($0) }
        launch.numaNodes = plan.numaNodes.map { UInt32($0) }
        launch.memoryMB = UInt64(plan.memoryMB)
        launch.nodeRank = UInt32(plan.rank)
        launch.nodeList = plan.nodeList
        launch.masterAddr = plan.masterAddress
        launch.masterPort = UInt32(plan.masterPort)
        launch.timeLimitSeconds = UInt64(max(0, plan.timeLimitSeconds))
        launch.environment = plan.environment
        launch.holdsForSteps = plan.holdsForSteps
        launch.truncateOutput = plan.truncatesOutput
        if let warning = plan.warningSignal {
            launch.warningSignal = UInt32(clamping: warning.signal)
            launch.warningSeconds = UInt32(clamping: warning.secondsBefore)
            launch.warningBatchOnly = warning.batchShellOnly
        }
        launch.epoch = UInt32(clamping: plan.epoch)
        return launch
    }

    static func errorReply(_ rejection: Rejection) -> ErrorReply {
        let code: RPCErrorCode = switch rejection.code {
        case .invalidRequest: .invalidRequest
        case .notFound: .notFound
        case .permissionDenied: .permissionDenied
        case .conflict: .conflict
        case .unavailable: .unavailable
        }
        return ErrorReply(code: code, message: rejection.message, hint: rejection.hint)
    }

    static func actionReply(_ outcomes: [JobActionOutcome]) -> JobActionReply {
        JobActionReply(results: outcomes.map {
            // A result has no hint field: what to do goes after the message, as one line.
            JobActionResult(jobID: $0.jobID.rawValue, ok: $0.rejection == nil,
                            message: $0.rejection.map { $0.hint.isEmpty ? $0.message : "\($0.message); \($0.hint)" } ?? "")
        })
    }
}
