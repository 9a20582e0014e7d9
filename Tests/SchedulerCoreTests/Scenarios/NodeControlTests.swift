import Testing
@testable import SchedulerCore

extension TestCluster {
    /// An admin (`ops` unless told) drains, resumes or downs nodes; returns the core's reply.
    @discardableResult
    mutating func controlNodes(_ action: NodeControlAction, _ names: [String], reason: String = "",
                               by principal: Principal = Principal(name: "ops", role: .admin),
                               sourceLocation: SourceLocation = #_sourceLocation) -> Reply {
        ask({ .nodeControlRequested(action, nodes: names, reason: reason, by: principal, request: $0) },
            sourceLocation: sourceLocation)
    }
}

/// Admin node control (Slurm's `scontrol update NodeName=… State=DRAIN|RESUME|DOWN Reason=…`): what is refused, what
/// each order does to the node and its jobs, and that the order outlives liveness and re-registration.
@Suite("Admin node control: drain, resume, down")
struct NodeControlTests {
    static let ops = Principal(name: "ops", role: .admin)

    // MARK: - Refusals change nothing and name every problem

    struct Refusal: CustomTestStringConvertible, Sendable {
        var label: String
        var principal: Principal = NodeControlTests.ops
        var action: NodeControlAction
        var nodes: [String]
        var reason: String = ""
        var code: Rejection.Code
        var says: [String]
        var testDescription: String { label }
    }

    static let refusals: [Refusal] = [
        Refusal(label: "a user token", principal: .user("alice"), action: .drain, nodes: ["n1"], reason: "x",
                code: .permissionDenied, says: ["only an admin token may drain, resume or set nodes down"]),
        Refusal(label: "a node token", principal: .agent("n1"), action: .resume, nodes: ["n1"],
                code: .permissionDenied, says: ["only an admin token"]),
        Refusal(label: "no node", action: .drain, nodes: [], reason: "x", code: .invalidRequest,
                says: ["name at least one node to drain"]),
        Refusal(label: "drain without reason", action: .drain, nodes: ["n1"], code: .invalidRequest,
                says: ["a reason is required to drain nodes", "--reason"]),
        Refusal(label: "down with a blank reason", action: .down, nodes: ["n1"], reason: "  \t ", code: .invalidRequest,
                says: ["a reason is required to down nodes"]),
        Refusal(label: "a reason on two lines", action: .drain, nodes: ["n1"], reason: "bad\nGPU", code: .invalidRequest,
                says: ["control characters"]),
        Refusal(label: "a terminal escape", action: .drain, nodes: ["n1"], reason: "\u{1B}[31mred", code: .invalidRequest,
                says: ["control characters"]),
        Refusal(label: "a reason too long", action: .down, nodes: ["n1"], reason: String(repeating: "x", count: 513),
                code: .invalidRequest, says: ["513 bytes; at most 512"]),
        Refusal(label: "unknown nodes and no reason, at once", action: .drain, nodes: ["n1", "zz-9", "aa-1"],
                code: .notFound, says: ["no node named aa-1, zz-9", "a reason is required"]),
        Refusal(label: "resume a node in service", action: .resume, nodes: ["n2"], code: .invalidRequest,
                says: ["n2 is not drained or down, so there is nothing to resume"]),
        Refusal(label: "resume with a reason", action: .resume, nodes: ["n1"], reason: "fixed", code: .invalidRequest,
                says: ["resume takes no reason"]),
    ]

    @Test(arguments: refusals)
    func refusedRequestsChangeNothing(_ c: Refusal) throws {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.addNode("n2")
        cluster.controlNodes(.drain, ["n1"], reason: "maintenance")
        let before = cluster.state

        let reply = cluster.controlNodes(c.action, c.nodes, reason: c.reason, by: c.principal)
        guard case .rejected(let rejection) = reply else {
            Issue.record("not refused: \(reply)")
            return
        }
        #expect(rejection.code == c.code)
        let text = rejection.message + " " + rejection.hint
        for words in c.says { #expect(text.contains(words), "\(text)") }
        #expect(cluster.lastEffects.transitions.isEmpty)
        #expect(cluster.state.nodes == before.nodes)
    }

    @Test func unknownNodesAreRefusedWithTheNodesThereAre() {
        var cluster = TestCluster()
        for name in ["dgx-01", "dgx-02", "cpu-01"] { cluster.addNode(name) }
        guard case .rejected(let r) = cluster.controlNodes(.drain, ["dgx-03"], reason: "x") else {
            Issue.record("not refused")
            return
        }
        #expect(r.hint == "the nodes are cpu-01,dgx-[01-02]")
    }

    @Test func aDownNodeWhoseAgentIsSilentCannotBeResumedAndIsToldWhy() {
        var cluster = TestCluster()
        cluster.addNode("n1")
        cluster.advance(by: Span(milliseconds: cluster.settings.nodeTimeout.milliseconds + 1))
        guard case .rejected(let r) = cluster.controlNodes(.resume, ["n1"]) else {
            Issue.record("not refused")
            return
        }
        #expect(r.message.contains("its agent does not respond; it comes back by itself when nodeagent reconnects"))
    }

    // MARK: - What each order does to a node's jobs

    /// A job on node `n` (8 CPUs, 4 GPUs) and, for the gang, on `m` too; then an admin drains or downs `n`. Only the
    /// gang has a second node, so a requeued job waits instead of starting elsewhere.
    struct Order: CustomTestStringConvertible, Sendable {
        enum Kind: String, Sendable { case started, requeueable, unstarted, gang }
        var kind: Kind
        var action: NodeControlAction
        /// The job's state right after the order, and after the agents report its processes gone.
        var stateAfterOrder: JobState
        var stateAfterExit: JobState
        var kills: [String]
        var testDescription: String { "\(action) with a \(kind) job" }
    }

    static let orders: [Order] = [
        Order(kind: .started, action: .drain, stateAfterOrder: .running, stateAfterExit: .completed, kills: []),
        Order(kind: .gang, action: .drain, stateAfterOrder: .running, stateAfterExit: .completed, kills: []),
        Order(kind: .started, action: .down, stateAfterOrder: .nodeFail, stateAfterExit: .nodeFail, kills: ["n"]),
        Order(kind: .requeueable, action: .down, stateAfterOrder: .running, stateAfterExit: .pending, kills: ["n"]),
        Order(kind: .unstarted, action: .down, stateAfterOrder: .running, stateAfterExit: .pending, kills: ["n"]),
        Order(kind: .gang, action: .down, stateAfterOrder: .nodeFail, stateAfterExit: .nodeFail, kills: ["m", "n"]),
    ]

    @Test(arguments: orders)
    func ordersStopOrSpareTheNodesJobs(_ c: Order) throws {
        var cluster = TestCluster()
        cluster.addNode("n", cpus: 8, gpus: 4)
        if c.kind == .gang { cluster.addNode("m", cpus: 8, gpus: 4) }
        var spec = JobSpec.make(cpus: 2, gpus: 4, nodes: c.kind == .gang ? 2 : 1)
        spec.requeue = c.kind == .requeueable ? true : nil
        let id = cluster.submit(spec)
        let node = "n"
        #expect(cluster.job(id).activeNodes.sorted() == (c.kind == .gang ? ["m", "n"] : ["n"]))
        if c.kind != .unstarted { cluster.confirmLaunch(id) }

        let reply = cluster.controlNodes(c.action, [node], reason: "PSU replaced")
        guard case let .nodesControlled(records, reports) = reply else {
            Issue.record("refused: \(reply)")
            return
        }
        let job = cluster.job(id)
        #expect(job.state == c.stateAfterOrder)
        #expect(cluster.kills(of: id).map(\.node).sorted() == c.kills)
        // Whatever the order, the job holds its share of the node until its processes are reported gone.
        #expect(cluster.node(node).jobs.contains(id))
        #expect(reports.map(\.state) == [c.action == .drain ? .draining : .down])
        #expect(reports.first?.reason == "PSU replaced" && reports.first?.reasonBy == "ops")
        #expect(records.map(\.action) == [c.action.auditAction])
        #expect(records.first?.subject == "node \(node)")
        #expect(records.first?.before == .node(nil))
        #expect(records.first?.after == .node(NodeControl(state: c.action.order!, reason: "PSU replaced", by: "ops",
                                                             at: cluster.now)))
        #expect(cluster.lastEffects.transitions.contains(.auditRecorded(records[0])))

        for part in job.activeNodes {
            cluster.exit(id, on: part, signal: c.action == .down ? 15 : 0)
        }
        #expect(cluster.job(id).state == c.stateAfterExit)
        #expect(cluster.node(node).jobs.isEmpty)
        if c.stateAfterExit == .pending {
            #expect(cluster.job(id).history.last?.reason == "Requeued: node \(node) set down by ops: PSU replaced")
            #expect(cluster.job(id).reason == "ReqNodeNotAvail, UnavailableNodes:n (set down by ops: PSU replaced)")
        }
        if c.stateAfterOrder == .nodeFail {
            #expect(cluster.job(id).history.last?.reason == "Node \(node) set down by ops: PSU replaced")
        }
        let after = try cluster.scheduler.nodeReports(named: [node]).get()
        #expect(after.map(\.state) == [c.action == .drain ? .drained : .down])
    }

    @Test func nothingNewStartsOnADrainedNodeUntilItIsResumed() {
        var cluster = TestCluster()
        cluster.addNode("n", cpus: 8, gpus: 4)
        let running = cluster.submit(gpus: 1)
        cluster.confirmLaunch(running)
        cluster.controlNodes(.drain, ["n"], reason: "GPU 3 ECC errors")
        let waiting = cluster.submit(gpus: 1)
        #expect(cluster.job(waiting).state == .pending)
        #expect(cluster.job(waiting).reason == "ReqNodeNotAvail, UnavailableNodes:n (drained by ops: GPU 3 ECC errors)")
        #expect(cluster.job(running).state == .running)
        #expect(cluster.launches(of: waiting).isEmpty)

        let reply = cluster.controlNodes(.resume, ["n"])
        guard case let .nodesControlled(records, _) = reply else {
            Issue.record("refused: \(reply)")
            return
        }
        #expect(records.first?.before == .node(NodeControl(state: .drain, reason: "GPU 3 ECC errors", by: "ops",
                                                              at: cluster.now)))
        #expect(records.first?.after == .node(nil))
        #expect(cluster.job(waiting).state == .running)
        #expect(cluster.node("n").control == nil)
    }

    /// The pending reason names drained nodes only when they alone keep the job waiting.
    struct Waiting: CustomTestStringConvertible, Sendable {
        var label: String
        var drain: [String]
        var down: [String] = []
        var silent: [String] = []
        var gpus = 4
        var nodes = 1
        var reason: String
        var testDescription: String { label }
    }

    static let waiting: [Waiting] = [
        Waiting(label: "one capable node drained, the other down", drain: ["g1"], down: ["g2"],
                reason: "ReqNodeNotAvail, UnavailableNodes:g1 (drained by ops: maintenance); g2 (set down by ops: maintenance)"),
        Waiting(label: "both capable nodes, one drained one down", drain: ["g1"], down: ["g2"], nodes: 2,
                reason: "ReqNodeNotAvail, UnavailableNodes:g1 (drained by ops: maintenance); g2 (set down by ops: maintenance)"),
        Waiting(label: "two drained for one reason", drain: ["g1", "g2"],
                reason: "ReqNodeNotAvail, UnavailableNodes:g[1-2] (drained by ops: maintenance)"),
        Waiting(label: "a silent node is not an admin's doing", drain: [], silent: ["g1", "g2"], reason: "NodesDown"),
        Waiting(label: "another capable node in service", drain: ["g1"], reason: "Running"),
        Waiting(label: "a CPU-only job does not care about the GPU nodes", drain: ["g1", "g2"], gpus: 0, reason: "Running"),
        Waiting(label: "a gang with one capable node drained", drain: ["g1"], nodes: 2,
                reason: "ReqNodeNotAvail, UnavailableNodes:g1 (drained by ops: maintenance)"),
    ]

    @Test(arguments: waiting)
    func pendingReasonsNameDrainedNodesOnlyWhenTheyAloneBlock(_ c: Waiting) {
        var cluster = TestCluster()
        cluster.addNode("g1", cpus: 8, gpus: 4)
        cluster.addNode("g2", cpus: 8, gpus: 4)
        cluster.addNode("c1", cpus: 8)
        if !c.drain.isEmpty { cluster.controlNodes(.drain, c.drain, reason: "maintenance") }
        if !c.down.isEmpty { cluster.controlNodes(.down, c.down, reason: "maintenance") }
        if !c.silent.isEmpty {
            cluster.advance(by: Span(milliseconds: cluster.settings.nodeTimeout.milliseconds - 1_000))
            for name in ["g1", "g2", "c1"] where !c.silent.contains(name) { cluster.heartbeat(name) }
            cluster.advance(by: .seconds(2))
        }
        let id = cluster.submit(gpus: c.gpus, nodes: c.nodes)
        let job = cluster.job(id)
        #expect((job.state == .running ? "Running" : job.reason) == c.reason)
    }

    // MARK: - The order outlives liveness, reconnection and re-registration

    @Test func aDrainedNodeStaysDrainedWhenItsAgentGoesSilentAndComesBack() {
        var cluster = TestCluster()
        cluster.addNode("n")
        cluster.controlNodes(.drain, ["n"], reason: "maintenance")
        cluster.advance(by: Span(milliseconds: cluster.settings.nodeTimeout.milliseconds + 1))
        #expect(cluster.node("n").status == .down)
        #expect(cluster.node("n").control?.state == .drain)
        cluster.reregister("n", running: [])
        cluster.heartbeat("n")
        #expect(cluster.node("n").status == .up)
        #expect(cluster.node("n").control == NodeControl(state: .drain, reason: "maintenance", by: "ops",
                                                         at: TestCluster.epoch))
        let id = cluster.submit(cpus: 1)
        #expect(cluster.job(id).state == .pending)
    }

    @Test func aDownNodeThatReRegistersIsToldToKillEveryJobItStillRuns() {
        var cluster = TestCluster()
        cluster.addNode("n", cpus: 8)
        cluster.addNode("m", cpus: 8)
        var spec = JobSpec.make(cpus: 8)
        spec.requeue = true
        let id = cluster.submit(spec)
        let node = cluster.job(id).activeNodes.list[0]
        cluster.confirmLaunch(id)
        cluster.disconnect(node)      // the kill below is lost with the connection
        cluster.controlNodes(.down, [node], reason: "fencing")
        #expect(cluster.job(id).state == .running && cluster.job(id).requeueOnStop != nil)

        let killed = cluster.reregister(node, running: [id, JobID(999)])
        #expect(killed == [id, JobID(999)])
        #expect(cluster.node(node).control?.state == .down)
        #expect(cluster.job(id).activeNodes == [node], "still held until the agent reports it gone")
        cluster.exit(id, on: node, signal: 9)
        #expect(cluster.job(id).state == .running, "requeued, then started again on the other node")
        #expect(cluster.job(id).activeNodes != [node])
        #expect(cluster.job(id).restartCount == 1)
    }

    @Test func drainingAgainUpdatesTheReasonAndDownAfterDrainStopsTheJobs() {
        var cluster = TestCluster()
        cluster.addNode("n", cpus: 8)
        let id = cluster.submit(cpus: 2)
        cluster.confirmLaunch(id)
        cluster.controlNodes(.drain, ["n"], reason: "first")
        cluster.setClock(cluster.now + .seconds(5))
        guard case let .nodesControlled(records, _) = cluster.controlNodes(.drain, ["n"], reason: "second",
                                                                          by: Principal(name: "ada", role: .admin)) else {
            Issue.record("refused")
            return
        }
        #expect(records.first?.before == .node(NodeControl(state: .drain, reason: "first", by: "ops", at: TestCluster.epoch)))
        #expect(cluster.node("n").control == NodeControl(state: .drain, reason: "second", by: "ada", at: cluster.now))
        #expect(cluster.job(id).state == .running)
        cluster.controlNodes(.down, ["n"], reason: "third")
        #expect(cluster.job(id).state == .nodeFail)
        #expect(cluster.kills(of: id).map(\.node) == ["n"])
    }

    @Test func duplicateNamesAreOneNodeAndOneRecord() {
        var cluster = TestCluster()
        cluster.addNode("n")
        guard case let .nodesControlled(records, reports) = cluster.controlNodes(.drain, ["n", "n"], reason: "x") else {
            Issue.record("refused")
            return
        }
        #expect(records.count == 1 && reports.map(\.name) == ["n"])
    }
}
