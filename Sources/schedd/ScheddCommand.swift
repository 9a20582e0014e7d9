import ArgumentParser
import BuildInfo

/// `schedd`: the central scheduler daemon and its admin tools.
@main
struct ScheddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedd",
        abstract: "The aisched scheduler daemon.",
        discussion: "With no subcommand, `schedd --state-dir DIR --listen HOST:PORT` runs the daemon.",
        version: "schedd " + BuildInfo.versionText,
        subcommands: [ServeCommand.self, TokenCommand.self, AccountsCommand.self, SimulateCommand.self],
        defaultSubcommand: ServeCommand.self)
}
