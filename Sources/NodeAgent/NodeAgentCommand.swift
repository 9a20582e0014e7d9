import ArgumentParser
import BuildInfo

/// The shepherd and wrapper of every job part (`exec-job`) start without ArgumentParser (`ExecJobCommand.fastPath`);
/// every other command line goes through it.
@main
enum NodeAgentEntry {
    static func main() async {
        if let exec = ExecJobCommand.fastPath(Array(CommandLine.arguments.dropFirst())) {
            ExecJobCommand.execute(spec: exec.spec, become: exec.become)
        }
        await NodeAgentCommand.main()
    }
}

/// `nodeagent`: runs on every GPU server; registers its hardware with schedd and runs the jobs it is sent.
struct NodeAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodeagent",
        abstract: "The aisched node agent.",
        discussion: "With no subcommand, `nodeagent --server HOST:PORT --token-file F [--name NAME]` runs the agent.",
        version: "nodeagent " + BuildInfo.versionText,
        subcommands: [RunCommand.self, DiscoverCommand.self, SimulateCommand.self, ExecJobCommand.self],
        defaultSubcommand: RunCommand.self)
}
