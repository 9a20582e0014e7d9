/// Every request of the protocol, one case each: the one table the server's routing, the client's replies and
/// docs/PROTOCOL.md ("Message kinds") follow. A switch over it is exhaustive, so a new request cannot be left
/// unrouted, and a kind that is not here (a reply, an unknown number) is no request at all.
public enum RPC: CaseIterable, Sendable, Hashable {
    case hello
    case submitJob, queryJobs, cancelJobs, releaseJobs, holdJobs, readLog
    case runStep, signalStep, stepInput, endAllocation, listNodes, nodeControl
    case registerNode, heartbeat, jobStarted, jobExited, stepOutput, stepTaskExited
    case launchJob, killJob, fetchLog, startStep, stopStep
    case accountChange, listAccounts, qosUpdate, listAudit, queryUsage, fundingReport, jobPriority, queryHistory
    case usageSeries, fairShareTree, queueSeries

    /// The request a frame of `kind` is, or nil for a reply kind, an unknown number or `error`.
    public init?(kind: MessageKind) {
        guard let rpc = Self.byKind[kind] else { return nil }
        self = rpc
    }

    private static let byKind: [MessageKind: RPC] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.kind, $0) })

    public var kind: MessageKind { descriptor.kind }

    /// The kind that answers a request of `kind`, if it is a request that has one.
    public static func reply(to kind: MessageKind) -> MessageKind? { RPC(kind: kind)?.descriptor.reply }

    private static let clients: Set<RPCRole> = [.user, .admin]
    /// Requests answered with aggregates only, which a viewer may send too (each answer is scoped to its schemes).
    private static let readers: Set<RPCRole> = [.user, .admin, .viewer]

    public var descriptor: RPCDescriptor {
        switch self {
        case .hello:
            RPCDescriptor(.hello, Hello.self, reply: .welcome, Welcome.self, roles: Set(RPCRole.allCases), .client,
                          action: "say hello", summary: "the first frame: a token; answered with who it authenticates")
        case .submitJob:
            RPCDescriptor(.submitJob, JobSubmission.self, reply: .submitJobReply, SubmitJobReply.self,
                          roles: Self.clients, .client, action: "submit jobs", summary: "submit a job (sbatch)")
        case .queryJobs:
            RPCDescriptor(.queryJobs, QueryJobs.self, reply: .jobList, JobList.self, roles: Self.clients, .client,
                          action: "list jobs", summary: "a page of the live jobs the token may see (squeue, show)")
        case .cancelJobs:
            RPCDescriptor(.cancelJobs, JobIDList.self, reply: .cancelJobsReply, JobActionReply.self,
                          roles: Self.clients, .client, action: "change jobs", summary: "cancel jobs (scancel)")
        case .releaseJobs:
            RPCDescriptor(.releaseJobs, JobIDList.self, reply: .releaseJobsReply, JobActionReply.self,
                          roles: Self.clients, .client, action: "change jobs", summary: "release held jobs")
        case .holdJobs:
            RPCDescriptor(.holdJobs, JobIDList.self, reply: .holdJobsReply, JobActionReply.self,
                          roles: Self.clients, .client, action: "change jobs", summary: "hold pending jobs")
        case .readLog:
            RPCDescriptor(.readLog, ReadLog.self, reply: .logChunk, LogChunk.self, roles: Self.clients, .client,
                          action: "read job logs", summary: "a slice of a job's output, fetched from its node")
        case .runStep:
            RPCDescriptor(.runStep, RunStep.self, reply: .stepEnded, StepEnded.self, roles: Self.clients, .client,
                          action: "start job steps",
                          summary: "run a step's tasks in a job (srun); stepOutput pushes until its stepEnded")
        case .signalStep:
            RPCDescriptor(.signalStep, SignalStep.self, reply: .signalStepReply, Ack.self, roles: Self.clients,
                          .client, action: "start job steps", summary: "signal the tasks of this connection's steps")
        case .stepInput:
            RPCDescriptor(.stepInput, StepInput.self, roles: Self.clients, .client, action: "start job steps",
                          summary: "keystrokes and window sizes for a step's pty task, relayed in order")
        case .endAllocation:
            RPCDescriptor(.endAllocation, EndAllocation.self, reply: .endAllocationReply, JobActionReply.self,
                          roles: Self.clients, .client, action: "start job steps",
                          summary: "end an interactive allocation now, or when this connection closes")
        case .listNodes:
            RPCDescriptor(.listNodes, ListNodes.self, reply: .nodeList, NodeList.self, roles: Self.readers, .client,
                          action: "list nodes", summary: "the nodes with their states and free resources (sinfo)")
        case .nodeControl:
            RPCDescriptor(.nodeControl, NodeControlRequest.self, reply: .nodeControlReply, NodeControlReply.self,
                          roles: [.admin], .client, action: "drain, resume or set nodes down",
                          summary: "drain, resume or set down nodes (scontrol update NodeName=…)")
        case .registerNode:
            RPCDescriptor(.registerNode, RegisterNode.self, reply: .registerNodeReply, RegisterNodeReply.self,
                          roles: [.node], .agent, action: "speak for a node",
                          summary: "an agent's hardware and running jobs, after every connect")
        case .heartbeat:
            RPCDescriptor(.heartbeat, Heartbeat.self, reply: .heartbeatAck, Ack.self, roles: [.node], .agent,
                          action: "speak for a node", summary: "the agent is alive, with the jobs it runs")
        case .jobStarted:
            RPCDescriptor(.jobStarted, JobStarted.self, reply: .jobStartedAck, Ack.self, roles: [.node], .agent,
                          action: "speak for a node", summary: "may the agent start this launch (before any of it runs)")
        case .jobExited:
            RPCDescriptor(.jobExited, JobExited.self, reply: .jobExitedAck, Ack.self, roles: [.node], .agent,
                          action: "speak for a node", summary: "how a job's part ended on the node")
        case .stepOutput:
            RPCDescriptor(.stepOutput, StepOutput.self, roles: [.node], .agent, action: "report a step's tasks",
                          summary: "a slice of a step task's output, relayed to its srun")
        case .stepTaskExited:
            RPCDescriptor(.stepTaskExited, StepTaskExited.self, roles: [.node], .agent,
                          action: "report a step's tasks", summary: "a step task ended, relayed to its srun")
        case .launchJob:
            RPCDescriptor(.launchJob, LaunchJob.self, roles: [], .server, action: "launch jobs",
                          summary: "start one node's part of a job")
        case .killJob:
            RPCDescriptor(.killJob, KillJob.self, roles: [], .server, action: "kill jobs",
                          summary: "stop a job's processes on the node")
        case .fetchLog:
            RPCDescriptor(.fetchLog, ReadLog.self, reply: .logChunk, LogChunk.self, roles: [], .server,
                          action: "fetch logs", summary: "a slice of a job's output file on the node")
        case .startStep:
            RPCDescriptor(.startStep, StartStep.self, roles: [], .server, action: "start steps",
                          summary: "start this node's tasks of a step")
        case .stopStep:
            RPCDescriptor(.stopStep, SignalStep.self, roles: [], .server, action: "stop steps",
                          summary: "signal this node's tasks of a step")
        case .accountChange:
            RPCDescriptor(.accountChange, AccountChangeRequest.self, reply: .accountChangeReply, AuditList.self,
                          roles: [.admin], .client, action: "change accounts",
                          summary: "create, update or delete a scheme, project, user or membership")
        case .listAccounts:
            RPCDescriptor(.listAccounts, ListAccounts.self, reply: .accountList, AccountList.self,
                          roles: Self.clients, .client, action: "use accounts",
                          summary: "schemes, projects, users and QoS levels the token may see")
        case .qosUpdate:
            RPCDescriptor(.qosUpdate, QoSUpdate.self, reply: .qosUpdateReply, AuditList.self, roles: [.admin],
                          .client, action: "change QoS levels", summary: "create or change a QoS level")
        case .listAudit:
            RPCDescriptor(.listAudit, ListAudit.self, reply: .auditList, AuditList.self, roles: [.admin], .client,
                          action: "read the audit log", summary: "a page of the audit log")
        case .queryUsage:
            RPCDescriptor(.queryUsage, QueryUsage.self, reply: .usageReport, UsageReport.self, roles: Self.readers,
                          .client, action: "use accounts", summary: "projects against their budgets")
        case .fundingReport:
            RPCDescriptor(.fundingReport, FundingReportRequest.self, reply: .fundingReportRows,
                          FundingReportRows.self, roles: [.admin, .viewer], .client, action: "produce funders' reports",
                          summary: "GPU-hours a scheme's projects used, for its funder")
        case .jobPriority:
            RPCDescriptor(.jobPriority, JobPriorityRequest.self, reply: .priorityBreakdown,
                          PriorityBreakdownInfo.self, roles: Self.clients, .client, action: "use accounts",
                          summary: "why a pending job is where it is in the queue")
        case .queryHistory:
            RPCDescriptor(.queryHistory, QueryHistory.self, reply: .historyList, JobList.self, roles: Self.clients,
                          .client, action: "list jobs", summary: "a page of jobs from the database (sacct)")
        case .usageSeries:
            RPCDescriptor(.usageSeries, UsageSeriesRequest.self, reply: .usageSeriesReply, UsageSeries.self,
                          roles: Self.readers, .client, action: "use accounts",
                          summary: "GPU-hours per project and step of a scheme (burn-down charts)")
        case .fairShareTree:
            RPCDescriptor(.fairShareTree, FairShareRequest.self, reply: .fairShareTreeReply, FairShareTreeInfo.self,
                          roles: Self.readers, .client, action: "use accounts",
                          summary: "the Fair Tree: each level's share, usage and factor (sshare)")
        case .queueSeries:
            RPCDescriptor(.queueSeries, QueueSeriesRequest.self, reply: .queueSeriesReply, QueueSeries.self,
                          roles: Self.readers, .client, action: "list the queue's totals",
                          summary: "the queue's length and wait over time, sampled each minute")
        }
    }
}
