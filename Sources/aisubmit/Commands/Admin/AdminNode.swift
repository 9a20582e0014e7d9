import AischedClient
import ArgumentParser
import SchedulerCore
import SchedulerProtocol

/// `aisubmit admin node drain|resume|down NODE… [--reason TEXT]`: Slurm's
/// `scontrol update NodeName=… State=DRAIN|RESUME|DOWN Reason=…`, admin token only, recorded in the audit log.
struct AdminNode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Drain, resume or set down nodes (like scontrol update NodeName=… State=…).",
        discussion: """
            drain   running jobs finish, no new job starts (aisubmit nodes: draining, then drained once empty)
            down    its jobs are stopped as on a node failure (requeued if they never started or asked --requeue, \
            else NODE_FAIL); no job starts until resume
            resume  back in service

            drain and down need --reason (as Slurm requires); the reason, who gave it and when show in \
            `aisubmit nodes` (and -R) and in the pending reason of jobs that only those nodes could run. The order \
            survives schedd restarts and agent reconnections. Admin token only; each node's change is in \
            `aisubmit admin audit --subject "node NAME"`.
            """,
        subcommands: [Drain.self, Resume.self, Down.self])

    struct Drain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "drain", abstract: "Let running jobs finish; start no new job there.")
        @OptionGroup var target: NodeControlOptions
        func run() async throws { try await target.send(.drain) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Put drained or downed nodes back in service.")
        @OptionGroup var target: NodeControlOptions
        func run() async throws { try await target.send(.resume) }
    }

    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "down",
            abstract: "Stop the nodes' jobs as on a node failure; start nothing there until resume.")
        @OptionGroup var target: NodeControlOptions
        func run() async throws { try await target.send(.down) }
    }
}

/// The nodes and reason of `aisubmit admin node …`.
struct NodeControlOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Nodes: names or host lists such as dgx-[01-04].")
    var nodes: [String] = []

    @Option(help: "Why (required for drain and down; one line): shown in `aisubmit nodes` and pending reasons.")
    var reason: String?

    func validate() throws {
        if nodes.isEmpty { throw ValidationError("name at least one node (dgx-01, or a host list such as dgx-[01-04])") }
        _ = try names()
    }

    func names() throws -> [String] {
        var names: [String] = []
        var problems: [String] = []
        for text in nodes {
            do { names += try Hostlist.expand(text) } catch { problems.append("\(text): \(error)") }
        }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        return names
    }

    func send(_ action: NodeControlAction) async throws {
        let request = NodeControlRequest(names: try names(), action: action.rawValue, reason: reason ?? "")
        let reply = try await Client.call(connection) { rpc in
            try await rpc.request(.nodeControl, request, expecting: .nodeControlReply, as: NodeControlReply.self)
        }
        if output.json {
            print(JobJSON.render(reply.nodes.map(NodeJSON.init)))
        } else {
            print(NodeText.table(reply.nodes, header: true))
        }
    }
}
