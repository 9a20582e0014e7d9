import AischedClient
import ArgumentParser
import BuildInfo
import Foundation

/// `aisubmit`, or Slurm's command names when it is run under one of them (`sbatch`, `squeue`, …: a symlink to it):
/// then the words of the matching subcommand go first, so `sbatch job.sh` is `aisubmit submit job.sh`.
@main
enum Entry {
    static func main() async {
        let name = String(CommandLine.arguments.first?.split(separator: "/").last ?? "aisubmit")
        let insideJob = ProcessInfo.processInfo.environment["SLURM_JOB_ID"] != nil
        let arguments = Array(CommandLine.arguments.dropFirst())
        let words = SlurmCommandNames.aisubmitWords(for: name, insideJob: insideJob)
        if words == ["history"] || (words == nil && arguments.first == "history") {
            // sacct's options aisched does not take are refused with what to use instead, all at once.
            let problems = SacctOptions.problems(in: words == nil ? Array(arguments.dropFirst()) : arguments)
            if !problems.isEmpty {
                FileHandle.standardError.write(Data(problems.map { "aisubmit: \($0)\n" }.joined().utf8))
                exit(64)
            }
        }
        if let words {
            await AISubmit.main(words + arguments)
        } else {
            await AISubmit.main(arguments)
        }
    }
}

/// `aisubmit`: the researcher's command line for aisched.
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
                      Wait.self, History.self, Usage.self, Share.self, Priority.self, Admin.self, Scontrol.self, Srun.self, Run.self, Alloc.self])
}
