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

    private func route(_ frame: Frame, _ principal: Principal, _ channel: any Channel) async throws -> Frame {
        switch frame.kind {
        case .submitJob:
            try require(principal, [.user, .admin], to: "submit jobs")
            let submission = try frame.decode(JobSubmission.self)
            if submission.nice < 0, principal.role != .admin {
                // As in Slurm, only administrators may raise a job's priority.
                throw ErrorReply(code: .permissionDenied, message: "only admins may give a negative --nice",
                                 hint: "use --nice=N with N ≥ 0, or ask for a higher --qos")
            }
            if let rejection = WireMapping.textProblem(in: submission) { throw WireMapping.errorReply(rejection) }
            let spec = WireMapping.spec(from: submission, user: principal.name)
            let reply = await service.perform { .jobSubmitted(spec, request: $0) }
            return try frame.respond(.submitJobReply, with: reply)
        case .queryJobs:
            try require(principal, [.user, .admin], to: "list jobs")
            return try await queryJobs(frame, principal, for: QueryPool.Client(principal, on: channel))
        case .cancelJobs, .holdJobs, .releaseJobs:
            try require(principal, [.user, .admin], to: "change jobs")
            let list = try frame.decode(JobIDList.self)
            var selectors = list.jobIDs.map { JobSelector.job(JobID($0)) }
            for text in list.tasks {
                guard let selector = JobSelector(text) else {
                    throw ErrorReply(code: .invalidRequest, message: "\"\(text)\" is not a job or array task",
                                     hint: "name a job as ID, or one task of an array as ARRAYID_TASK (42_3)")
                }
                selectors.append(selector)
            }
            let reply = await service.perform { request in
                switch frame.kind {
                case .cancelJobs: .cancelRequested(selectors, by: principal, request: request)
                case .holdJobs: .holdRequested(selectors, by: principal, request: request)
                default: .releaseRequested(selectors, by: principal, request: request)
                }
            }
            return try frame.respond(MessageKind(rawValue: frame.kind.rawValue + 1), with: reply)
        case .queryHistory:
            try require(principal, [.user, .admin], to: "list jobs")
            return try await HistoryRequests(queries: queries, client: QueryPool.Client(principal, on: channel),
                                             store: store, budget: budget).handle(frame, principal)
        case .listNodes:
            try require(principal, [.user, .admin], to: "list nodes")
            return try await listNodes(frame, for: QueryPool.Client(principal, on: channel))
        case .nodeControl:
            try require(principal, [.user, .admin], to: "control nodes")
            return try await NodeControlRequests(service: service).handle(frame, principal)
        case .readLog:
            try require(principal, [.user, .admin], to: "read job logs")
            return try await readLog(frame, principal, for: QueryPool.Client(principal, on: channel))
        case .accountChange, .qosUpdate, .listAccounts, .listAudit, .queryUsage, .fundingReport, .jobPriority:
            try require(principal, [.user, .admin], to: "use accounts")
            return try await AdminRequests(service: service, queries: queries,
                                           client: QueryPool.Client(principal, on: channel), store: store,
                                           budget: budget).handle(frame, principal)
        case .runStep, .signalStep, .endAllocation:
            try require(principal, [.user, .admin], to: "start job steps")
            return try await StepRequests(service: service, queries: queries, steps: steps).handle(frame, principal, channel)
        case .registerNode, .heartbeat, .jobStarted, .jobExited:
            try require(principal, [.node], to: "speak for a node")
            return try await AgentRequests(service: service, sessions: sessions)
                .handle(frame, node: principal.name, channel: channel)
        case .hello:
            throw ErrorReply(code: .unexpectedMessage,
                             message: "this connection has said hello already, as \(principal.name) (\(principal.role.rawValue))",
                             hint: "a connection keeps the identity of its first hello; open a new one for another token")
        case .stepOutput, .stepTaskExited:
            // An agent's are relayed by ConnectionHandler and never get here: whoever sends one now is not an agent.
            try require(principal, [.node], to: "report a step's tasks")
            throw ErrorReply(code: .unexpectedMessage, message: "\(frame.kind) is relayed to srun, not answered")
        default:
            throw ErrorReply(code: .unexpectedMessage, message: "\(frame.kind) is not a request schedd answers")
        }
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

    private func require(_ principal: Principal, _ roles: Set<Principal.Role>, to action: String) throws {
        guard roles.contains(principal.role) else {
            throw ErrorReply(code: .permissionDenied,
                             message: "a \(principal.role.rawValue) token may not \(action)",
                             hint: principal.role == .node
                                 ? "node tokens are for nodeagent only; use your own token (AISCHED_TOKEN or --token-file)"
                                 : "nodeagent needs a node token: `schedd token issue --role node --user NODE`")
        }
    }
}

extension Frame {
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
