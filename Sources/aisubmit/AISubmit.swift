import ArgumentParser
import BuildInfo

/// `aisubmit`: the researcher's command line for aisched.
@main
struct AISubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aisubmit",
        abstract: "Submit and manage jobs on an aisched GPU centre.",
        discussion: """
            The server and token come from --server/--token/--token-file, else AISCHED_SERVER/AISCHED_TOKEN/\
            AISCHED_TOKEN_FILE, else ~/.config/aisched/config.
            """,
        version: "aisubmit " + BuildInfo.versionText,
        subcommands: [Submit.self, Queue.self, Nodes.self, Show.self, Logs.self, Cancel.self, Hold.self, Release.self,
                      Wait.self, Usage.self, Priority.self, Admin.self, Scontrol.self, Srun.self, Run.self, Alloc.self])
}
