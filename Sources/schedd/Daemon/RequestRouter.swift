import Logging
import NIOCore
import SchedulerCore
import SchedulerProtocol
import SchedulerStore

/// Answers one authenticated request frame: checks the caller's role, decodes the payload, asks the core,
/// and encodes the reply. Every failure becomes an `error` frame with a code and a message; nothing throws out.
///
/// Read-only requests (listings, log lookups, usage and priority) run on the `QueryPool`, on the last committed
/// scheduler, never on the `SchedulerService` actor; listings come in pages that fit `budget`.
struct RequestRouter: Sendable {
    /// At most this many jobs per `jobList` page (fewer when they would not fit the page's byte budget).
    static let pageSize: UInt32 = 2_000

    let service: SchedulerService
    let queries: QueryPool
    let sessions: AgentSessions
    let steps: StepRelay
    let store: StateStore
    let logger: Logger
    let budget: ReplyBudget
    /// Times every request by kind for /metrics; nil: not measured.
    var metrics: ScheddMetrics? = nil

    func handle(_ frame: Frame, from principal: Principal, channel: any Channel) async -> Frame {
        guard let metrics else { return await answer(frame, from: principal, channel: channel) }
        let started = ContinuousClock.now
        let reply = await answer(frame, from: principal, channel: channel)
        // Unnamed kinds share one label: a peer sending made-up kinds must not grow the registry without end.
        let kind = frame.kind.description.hasPrefix("kind(") ? "unknown" : frame.kind.description
        metrics.rpc(kind, took: ContinuousClock.now - started)
        return reply
    }

    private func answer(_ frame: Frame, from principal: Principal, channel: any Channel) async -> Frame {
        do {
            return budget.checked(try await route(frame, principal, channel), answering: frame)
        } catch let error as ErrorReply {
            return Frame.error(error, requestID: frame.requestID)
        } catch let error as WireError {
            return Frame.error(ErrorReply(code: .badFrame, message: "malformed \(frame.kind) payload: \(error)"),
                               requestID: frame.requestID)
        } catch {
            logger.error("request \(frame.requestID) (\(frame.kind)) failed: \(error)")
            return Frame.error(ErrorReply(code: .internal, message: "internal error: \(error)"), requestID: frame.requestID)
        }
    }

    /// Routes by the protocol's RPC table: the kind must be a request (a reply kind, a push or an unknown number is
    /// refused as `unexpectedMessage`), the caller's role one the table admits, and then each request has its own
    /// handler; nothing decodes a payload whose kind it was not written for.
    private func route(_ frame: Frame, _ principal: Principal, _ channel: any Channel) async throws -> Frame {
        guard let rpc = RPC(kind: frame.kind), rpc.descriptor.sender != .server else {
            throw ErrorReply(code: .unexpectedMessage, message: "\(frame.kind) is not a request schedd answers",
                             hint: "docs/PROTOCOL.md (\"Message kinds\") lists the requests and who may send them")
        }
        if rpc == .hello {
            throw ErrorReply(code: .unexpectedMessage,
                             message: "this connection has said hello already, as \(principal.name) (\(principal.role.rawValue))",
                             hint: "a connection keeps the identity of its first hello; open a new one for another token")
        }
        let request = rpc.descriptor
        try require(principal, request)
        let client = QueryPool.Client(principal, on: channel)
        let admin = AdminRequests(service: service, queries: queries, client: client, store: store, budget: budget)
        let agent = AgentRequests(service: service, sessions: sessions)
        let step = StepRequests(service: service, queries: queries, steps: steps)
        let reports = ReportRequests(queries: queries, client: client, store: store)
        switch rpc {
        case .submitJob:
            let submission = try frame.decode(JobSubmission.self)
            if submission.nice < 0, principal.role != .admin {
                // As in Slurm, only administrators may raise a job's priority.
                throw ErrorReply(code: .permissionDenied, message: "only admins may give a negative --nice",
                                 hint: "use --nice=N with N ≥ 0, or ask for a higher --qos")
            }
            if let rejection = WireMapping.textProblem(in: submission) { throw WireMapping.errorReply(rejection) }
            let spec = WireMapping.spec(from: submission, user: principal.name)
            let reply = await service.perform { .jobSubmitted(spec, request: $0) }
            return try frame.respond(to: request, with: reply)
        case .queryJobs:
            return try await queryJobs(frame, principal, for: client)
        case .cancelJobs, .holdJobs, .releaseJobs:
            let selectors = try Self.selectors(in: frame.decode(JobIDList.self))
            let reply = await service.perform { id in
                rpc == .cancelJobs ? .cancelRequested(selectors, by: principal, request: id)
                    : rpc == .holdJobs ? .holdRequested(selectors, by: principal, request: id)
                    : .releaseRequested(selectors, by: principal, request: id)
            }
            return try frame.respond(to: request, with: reply)
        case .queryHistory:
            return try await HistoryRequests(queries: queries, client: client, store: store, budget: budget)
                .handle(frame, principal)
        case .listNodes:
            return try await listNodes(frame, for: client)
        case .nodeControl:
            return try await NodeControlRequests(service: service).handle(frame, principal)
        case .readLog:
            return try await readLog(frame, principal, for: client)
        case .accountChange: return try await admin.changeAccounts(frame, principal)
        case .qosUpdate: return try await admin.changeQoS(frame, principal)
        case .listAccounts: return try await admin.listAccounts(frame, principal)
        case .listAudit: return try await admin.listAudit(frame, principal)
        case .queryUsage: return try await reports.usage(frame, principal)
        case .fundingReport: return try await reports.fundingReport(frame, principal)
        case .usageSeries: return try await reports.usageSeries(frame, principal)
        case .fairShareTree: return try await reports.fairShareTree(frame, principal)
        case .queueSeries: return try await reports.queueSeries(frame)
        case .jobPriority: return try await admin.priority(frame, principal)
        case .runStep: return try await step.runStep(frame, principal, channel)
        case .signalStep: return try step.signalStep(frame, channel)
        case .endAllocation: return try await step.endAllocation(frame, principal, channel)
        case .registerNode: return try await agent.registerNode(frame, node: principal.name, channel: channel)
        case .heartbeat: return try await agent.heartbeat(frame, node: principal.name)
        case .jobStarted: return try await agent.jobStarted(frame, node: principal.name)
        case .jobExited: return try await agent.jobExited(frame, node: principal.name)
        case .stepOutput, .stepTaskExited, .stepInput:
            // ConnectionHandler relays these in arrival order and never hands them here: whoever they reach the
            // router from is not a peer they are relayed for.
            throw ErrorReply(code: .unexpectedMessage, message: "\(frame.kind) is relayed, not answered")
        case .hello, .launchJob, .killJob, .fetchLog, .startStep, .stopStep:
            // Refused above: a second hello, and the pushes schedd sends but never answers.
            throw ErrorReply(code: .unexpectedMessage, message: "\(frame.kind) is not a request schedd answers")
        }
    }

    /// The jobs and array tasks a cancel, hold or release names.
    private static func selectors(in list: JobIDList) throws -> [JobSelector] {
        var selectors = list.jobIDs.map { JobSelector.job(JobID($0)) }
        for text in list.tasks {
            guard let selector = JobSelector(text) else {
                throw ErrorReply(code: .invalidRequest, message: "\"\(text)\" is not a job or array task",
                                 hint: "name a job as ID, or one task of an array as ARRAYID_TASK (42_3)")
            }
            selectors.append(selector)
        }
        return selectors
    }

    /// One page of the jobs `principal` may see, in id order, filled up to the page's byte budget.
    private func queryJobs(_ frame: Frame, _ principal: Principal, for client: QueryPool.Client) async throws -> Frame {
        let request = try frame.decode(QueryJobs.self)
        let query = try JobQueryMapping.query(from: request).get()
        if query.allUsers, principal.role != .admin {
            throw ErrorReply(code: .permissionDenied, message: "only admins can list other users' jobs",
                             hint: "leave out --all-users to list your own jobs")
        }
        let after = JobID(request.afterJobID)
        let limit = Int(request.limit == 0 ? Self.pageSize : min(request.limit, Self.pageSize))
        let named = request.jobIDs.map(String.init) + request.selectors
        let budget = self.budget
        let store = self.store
        return try await queries.read(for: client) { scheduler in
            let found = try scheduler.jobPage(matching: query, visibleTo: principal, after: after, limit: limit)
                .mapError(WireMapping.errorReply).get()
            // Named jobs that have left the live state after their retention come from the database (show, wait).
            let retired = try HistoryRequests.retired(named: query.selectors, ids: Array(query.ids), in: scheduler,
                                                      store: store, for: principal,
                                                      includeHistory: request.includeHistory)
                .filter { (query.states.isEmpty || query.states.contains($0.state)) && $0.id > after }
            var listed = found.jobs
            var more = found.more
            if !retired.isEmpty {
                listed = (listed + retired).sorted { $0.id < $1.id }
                if listed.count > limit {
                    listed.removeLast(listed.count - limit)
                    more = true
                }
            }
            if listed.isEmpty, after.rawValue == 0, named.count == 1, let name = named.first {
                throw ErrorReply(code: .notFound, message: "no job \(name) of yours",
                                 hint: "list your jobs with `aisubmit queue --all`")
            }
            let candidates = listed
            let outlooks = scheduler.outlooks(of: candidates.map(\.id))
            let infos = candidates.lazy.map { job in
                var info = WireMapping.info(from: job, includeHistory: request.includeHistory, outlook: outlooks[job.id])
                // Only for `show` of named jobs: the report runs the placement filters over every node.
                if request.includeHistory, !named.isEmpty, let report = scheduler.placementReport(of: job.id) {
                    info.placement = WireMapping.placement(report)
                }
                if request.summary { info.submission.summarize() }
                return info
            }
            let list = JobListingEntry.page(infos, count: candidates.count, budget: budget, moreBeyond: more)
            return Frame(kind: .jobList, requestID: frame.requestID, message: list)
        }
    }

    /// Any user may see the nodes (no job is shown); unknown names are refused all at once. In pages by name.
    private func listNodes(_ frame: Frame, for client: QueryPool.Client) async throws -> Frame {
        let request = try frame.decode(ListNodes.self)
        let budget = self.budget
        return try await queries.read(for: client) { scheduler in
            let reports = try scheduler.nodeReports(named: request.names).mapError(WireMapping.errorReply).get()
                .filter { request.afterName.isEmpty || $0.name > request.afterName }
            var page = ListingPage<NodeInfo>(budget: budget.pageBytes)
            for report in reports {
                guard page.add(NodeWireMapping.info(report)) else { break }
            }
            var list = NodeList(nodes: page.entries)
            list.more = page.entries.count < reports.count
            return Frame(kind: .nodeList, requestID: frame.requestID, message: list)
        }
    }

    private func readLog(_ frame: Frame, _ principal: Principal, for client: QueryPool.Client) async throws -> Frame {
        var request = try frame.decode(ReadLog.self)
        let id = JobID(request.jobID)
        let store = self.store
        let job = try await queries.read(for: client) { scheduler in
            // A job that has left the live state is read from the database: its output is still on its node.
            if let retired = try HistoryRequests.retiredJob(id, in: scheduler, store: store, for: principal) { return retired }
            return try scheduler.job(id, visibleTo: principal).mapError(WireMapping.errorReply).get()
        }
        guard let node = job.allocation?.nodes.first?.node else {
            if job.state == .pending {
                throw ErrorReply(code: .conflict, message: "job \(job.id) has not started yet, so it has no output",
                                 hint: "`aisubmit show \(job.id)` says why it waits")
            }
            var chunk = LogChunk()
            chunk.finished = true
            return Frame(kind: .logChunk, requestID: frame.requestID, message: chunk)
        }
        if request.maxBytes == 0 || request.maxBytes > 1 << 20 { request.maxBytes = 64 << 10 }
        request.path = request.stderr ? job.stderrPath : job.stdoutPath
        request.owner = job.spec.user
        var chunk = try await sessions.fetchLog(from: node, request)
        chunk.finished = job.state.isTerminal && job.activeNodes.isEmpty && chunk.data.count < Int(request.maxBytes)
        return Frame(kind: .logChunk, requestID: frame.requestID, message: chunk)
    }

    /// The caller's token must have a role the RPC table admits for the request; a refusal names who may, and how to
    /// get such a token.
    private func require(_ principal: Principal, _ request: RPCDescriptor) throws {
        if request.admits(principal) { return }
        let action = request.action
        switch principal.role {
        case .node:
            throw ErrorReply(code: .permissionDenied, message: "a node token may not \(action)",
                             hint: "node tokens are for nodeagent only; use your own token (AISCHED_TOKEN or --token-file)")
        case .viewer where request.roles.contains(.user):
            throw ErrorReply(code: .permissionDenied, message: "a viewer token may not \(action)",
                             hint: "a viewer token sees the totals of its schemes (usage, reports, fair share, nodes, the "
                                 + "queue's length); jobs and logs need a user token")
        case _ where request.roles == [.node]:
            throw ErrorReply(code: .permissionDenied, message: "a \(principal.role.rawValue) token may not \(action)",
                             hint: "nodeagent needs a node token: `schedd token issue --role node --user NODE`")
        default:
            // A request for admins (and, for the aggregates funders read, viewers) from a user or a viewer.
            let who = [RPCRole.admin, .viewer].filter(request.roles.contains).map(\.rawValue).joined(separator: " or ")
            throw ErrorReply(code: .permissionDenied, message: "only an \(who) token may \(action)",
                             hint: request.adminOnly ? "ask a centre admin (schedd token issue --role admin)"
                                 : "ask a centre admin; funders and auditors get a viewer token for their schemes "
                                     + "(schedd token issue --role viewer --schemes …)")
        }
    }
}

extension RPCDescriptor {
    /// The RPC table admits the principal's role to this request (the router's check; the web shows each role the
    /// pages whose requests it may send by the same test).
    func admits(_ principal: Principal) -> Bool {
        RPCRole(rawValue: principal.role.rawValue).map(roles.contains) ?? false
    }
}

extension Frame {
    /// Encodes the core's reply as the response to this request, in the reply kind the RPC table gives it.
    func respond(to request: RPCDescriptor, with reply: Reply) throws -> Frame {
        guard let kind = request.reply else {
            throw ErrorReply(code: .internal, message: "\(request.kind) has no reply kind to answer with")
        }
        return try respond(kind, with: reply)
    }

    /// Encodes the core's reply as the response to this request.
    func respond(_ kind: MessageKind, with reply: Reply) throws -> Frame {
        switch reply {
        case .submitted(let id):
            return Frame(kind: kind, requestID: requestID, message: SubmitJobReply(jobID: id.rawValue))
        case .jobActions(let outcomes):
            return Frame(kind: kind, requestID: requestID, message: WireMapping.actionReply(outcomes))
        case let .nodeRegistered(kill, interval, timeout):
            var message = RegisterNodeReply()
            message.heartbeatIntervalMs = UInt32(clamping: interval.milliseconds)
            message.nodeTimeoutMs = UInt32(clamping: timeout.milliseconds)
            message.killJobIDs = kill.map(\.rawValue)
            return Frame(kind: kind, requestID: requestID, message: message)
        case .ack:
            return Frame(kind: kind, requestID: requestID, message: Ack())
        case .changed:
            return try AdminRequests.auditReply(reply, kind: kind, self)
        case let .nodesControlled(records, nodes):
            return Frame(kind: kind, requestID: requestID, message: NodeControlRequests.reply(records, nodes))
        case .rejected(let rejection):
            throw WireMapping.errorReply(rejection)
        }
    }
}
