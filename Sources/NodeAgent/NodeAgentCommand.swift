import ArgumentParser
import BuildInfo

/// `nodeagent`: runs on every GPU server; registers its hardware with schedd and runs the jobs it is sent.
@main
struct NodeAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodeagent",
        abstract: "The aisched node agent.",
        discussion: "With no subcommand, `nodeagent --server HOST:PORT --token-file F [--name NAME]` runs the agent.",
        version: "nodeagent " + BuildInfo.versionText,
        subcommands: [RunCommand.self, DiscoverCommand.self, SimulateCommand.self, ExecJobCommand.self],
        defaultSubcommand: RunCommand.self)
}
