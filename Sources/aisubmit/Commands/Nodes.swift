import AischedClient
import ArgumentParser
import SchedulerCore
import SchedulerProtocol

/// `aisubmit nodes`: the centre's nodes as Slurm's sinfo shows them, one line per node (or grouped with --summary):
/// state, free and total GPUs, CPUs and memory, and why a node takes no new jobs.
struct Nodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes",
        abstract: "List the nodes: state, free/total GPUs, CPUs and memory, GPU model, why a node is down (like sinfo).",
        discussion: """
            States are sinfo's: idle, mixed (some CPUs held), allocated (every CPU held), draining, drained, down; \
            a * after the state means the node's agent does not respond, so no new jobs start there. Free is what \
            jobs do not hold. Every user may list nodes: no job is shown. A drained or downed node's reason is the \
            admin's, with who gave it and when; -R lists only the reasons (like sinfo -R).
            """,
        // -h is sinfo's --noheader; help stays --help.
        helpNames: [.long])

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: [.customShort("s"), .customLong("summary"), .customLong("summarize")],
          help: "One line per state and GPU model, with the nodes' totals (like sinfo -s).")
    var summary = false

    @Flag(name: [.customShort("N"), .customLong("Node")], help: "One line per node (the default, as sinfo -N).")
    var nodeOriented = false

    @Option(name: [.customShort("n"), .customLong("nodes")], help: "Only these nodes, a host list such as dgx-[01-04].")
    var nodes: String?

    @Flag(name: [.customShort("h"), .customLong("noheader")], help: "Print no header line.")
    var noHeader = false

    @Flag(name: [.customShort("R"), .customLong("list-reasons")],
          help: "Why nodes are out of service: reason, who gave it, when, and the nodes (like sinfo -R).")
    var listReasons = false

    func validate() throws {
        var problems: [String] = []
        if summary, nodeOriented { problems.append("--summary groups nodes and -N lists each one; give one") }
        if listReasons, summary || nodeOriented { problems.append("-R lists reasons; it takes neither --summary nor -N") }
        if let nodes {
            do { _ = try Hostlist.expand(nodes) } catch { problems.append("--nodes: \(error)") }
        }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() async throws {
        let request = ListNodes(names: try nodes.map { try Hostlist.expand($0) } ?? [])
        let list = try await Client.call(connection) { rpc in
            try await rpc.nodes(request)
        }
        if listReasons {
            let lines = NodeReasonLine.lines(list)
            let text = output.json ? JobJSON.render(lines.map(NodeReasonJSON.init)) : NodeText.reasons(lines, header: !noHeader)
            if !text.isEmpty { print(text) }
            return
        }
        let groups = NodeSummary.groups(list)
        let text = switch (output.json, summary) {
        case (true, true): JobJSON.render(groups.map(NodeSummaryJSON.init))
        case (true, false): JobJSON.render(list.map(NodeJSON.init))
        case (false, true): NodeText.summary(groups, header: !noHeader)
        case (false, false): NodeText.table(list, header: !noHeader)
        }
        if !text.isEmpty { print(text) }
    }
}
