/// An admin's drain, resume and down of nodes, as Slurm's `scontrol update NodeName=X State=DRAIN|RESUME|DOWN
/// Reason=…`: validated as a whole (nothing changes when any part is wrong), recorded in the audit log in the same
/// commit, and kept on the node (`Node.control`) across agent reconnections and schedd restarts.
///
/// - drain: running jobs finish, nothing new starts (sinfo: draining, then drained once empty);
/// - down: its jobs stop as on a node failure, nothing starts until resume;
/// - resume: back in service (a node whose agent does not respond still waits for it).
extension Scheduler {
    mutating func controlNodes(_ action: NodeControlAction, _ names: [String], reason: String, by principal: Principal,
                               at now: Instant, into fx: inout Effects) -> Reply {
        guard principal.role == .admin else {
            return .rejected(Rejection(.permissionDenied, "only an admin token may drain, resume or set nodes down",
                                       hint: "ask a centre admin (schedd token issue --role admin)"))
        }
        let nodes = Array(Set(names)).sorted()
        let reason = Self.trimmed(reason)
        if let problem = nodeControlProblem(action, nodes, reason: reason) { return .rejected(problem) }
        var records: [AuditRecord] = []
        for name in nodes {
            guard var node = state.nodes[name] else { continue }
            let before = node.control
            node.control = action.order.map { NodeControl(state: $0, reason: reason, by: principal.name, at: now) }
            save(node, into: &fx)
            records.append(AuditRecord(at: now, actor: principal.name, action: action.auditAction,
                                       subject: "node \(name)", before: .node(before), after: .node(node.control)))
            if let control = node.control, control.state == .down {
                stopJobs(on: name, control, at: now, into: &fx)
            }
        }
        needFullCycle(nodesChanged: true)
        fx.transitions += records.map(Transition.auditRecorded)
        let reports = nodes.compactMap { state.nodes[$0] }.map { NodeReport($0, partitions: settings.partitions) }
        return .nodesControlled(records, reports)
    }

    /// Every problem with the request, in one rejection; nil when it may be carried out.
    private func nodeControlProblem(_ action: NodeControlAction, _ nodes: [String], reason: String) -> Rejection? {
        guard !nodes.isEmpty else {
            return Rejection(.invalidRequest, "name at least one node to \(action.rawValue)")
        }
        var problems: [String] = []
        let unknown = nodes.filter { state.nodes[$0] == nil }
        if !unknown.isEmpty { problems.append("no node named " + unknown.joined(separator: ", ")) }
        switch action {
        case .drain, .down:
            if reason.isEmpty {
                problems.append("a reason is required to \(action.rawValue) nodes (as Slurm requires one): give --reason TEXT")
            } else if reason.utf8.count > NodeControlAction.maxReasonBytes {
                problems.append("the reason is \(reason.utf8.count) bytes; at most \(NodeControlAction.maxReasonBytes) are kept")
            } else if reason.unicodeScalars.contains(where: Self.isControl) {
                problems.append("the reason contains control characters (newlines, escapes); give it on one line of plain text")
            }
        case .resume:
            if !reason.isEmpty {
                problems.append("resume takes no reason (the audit log records who resumed and when); leave --reason out")
            }
            let inService = nodes.filter { state.nodes[$0].map { $0.control == nil } ?? false }
            for name in inService {
                let responding = state.nodes[name]?.status == .up
                problems.append("\(name) is not drained or down, so there is nothing to resume"
                                + (responding ? "" : " (it is down because its agent does not respond; it comes back "
                                                    + "by itself when nodeagent reconnects)"))
            }
        }
        guard !problems.isEmpty else { return nil }
        let known = state.nodes.keys.sorted()
        return Rejection(unknown.isEmpty ? .invalidRequest : .notFound, problems.joined(separator: "; "),
                         hint: unknown.isEmpty ? "" : known.isEmpty ? "no node has registered yet"
                             : "the nodes are " + Hostlist.compress(known))
    }

    /// A node set down stops its jobs as a failed node does: a job that never started, or that asked `--requeue`,
    /// goes back to the queue, any other ends NODE_FAIL. Unlike a failed node, this one is alive: each job keeps its
    /// share of the node until the agent reports its processes gone (the kill below), so a requeued copy cannot start
    /// elsewhere while the old one still runs here.
    private mutating func stopJobs(on name: String, _ control: NodeControl, at now: Instant, into fx: inout Effects) {
        let why = "\(name) \(control.summary)"
        for id in state.nodes[name]?.jobs.sorted() ?? [] {
            guard var job = state.jobs[id] else { continue }
            if job.state == .running, job.preemption == nil, job.requeueOnStop == nil {
                if job.startedNodes.isEmpty || job.spec.requeue == true {
                    job.requeueOnStop = "Requeued: node \(why)"
                    save(job, into: &fx)
                } else {
                    transition(&job, to: .nodeFail, reason: "Node \(why)", at: now, into: &fx)
                }
            }
            for node in job.activeNodes {
                fx.outbound.append(.kill(id, node: node, reason: "node \(why)"))
            }
        }
    }

    /// `UnavailableNodes:dgx-[01-02] (drained by alice: GPU 3 ECC errors)`, the detail of `ReqNodeNotAvail`: the nodes
    /// that could run a shape but an admin keeps out of service, grouped by order, at most a few groups (the reason
    /// is one line).
    mutating func unavailableNodesDetail(_ shape: Int32, _ request: ResourceRequest, _ run: inout CycleRun) -> String {
        if let known = run.unavailableNodes[shape] { return known }
        let nodes = run.pipeline.controlledNodes(request, on: run.context.nodes)
        var groups: [(summary: String, names: [String])] = []
        for node in nodes {
            guard let summary = node.control?.summary else { continue }
            if let index = groups.firstIndex(where: { $0.summary == summary }) {
                groups[index].names.append(node.name)
            } else {
                groups.append((summary, [node.name]))
            }
        }
        let shown = groups.prefix(Self.reasonGroupsShown).map { "\(Hostlist.compress($0.names)) (\($0.summary))" }
        let more = groups.count > Self.reasonGroupsShown
            ? "; and \(groups.dropFirst(Self.reasonGroupsShown).map(\.names.count).reduce(0, +)) more nodes" : ""
        let text = "UnavailableNodes:" + shown.joined(separator: "; ") + more
        run.unavailableNodes[shape] = text
        return text
    }

    private static let reasonGroupsShown = 3

    /// Without leading and trailing blanks (a reason of only blanks is no reason).
    private static func trimmed(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
