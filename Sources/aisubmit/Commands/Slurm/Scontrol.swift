import ArgumentParser
import Foundation
import SchedulerCore

/// `aisubmit scontrol …`: the parts of Slurm's scontrol that batch scripts call. Jobs find it as `scontrol` on their
/// PATH (the node agent's wrapper), so `scontrol show hostnames "$SLURM_JOB_NODELIST"` works unchanged.
struct Scontrol: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Slurm's scontrol, the parts scripts use: show hostnames [LIST], show hostlist NAMES.",
        discussion: """
            show hostnames [LIST]   one host per line from a host list such as dgx-[01-04],login1
                                    (default: $SLURM_JOB_NODELIST, as in Slurm); `show hostname` is the same
            show hostlist NAMES     the compressed host list of comma-separated names
            For a job's details use `aisubmit show ID`.
            """)

    @Argument(help: "show hostnames [LIST] | show hostlist NAMES")
    var words: [String] = []

    func run() throws {
        print(try Self.output(for: words, environment: ProcessInfo.processInfo.environment), terminator: "")
    }

    /// What scontrol prints for `words`, or a usage error that says what is understood.
    static func output(for words: [String], environment: [String: String]) throws -> String {
        switch (words.first, words.dropFirst().first, words.count) {
        case ("show", "hostnames"?, 2), ("show", "hostname"?, 2):
            guard let list = environment["SLURM_JOB_NODELIST"], !list.isEmpty else {
                throw ValidationError("no host list given and SLURM_JOB_NODELIST is not set (outside a job, give one: "
                                      + "scontrol show hostnames dgx-[01-04])")
            }
            return try lines(list)
        case ("show", "hostnames"?, 3), ("show", "hostname"?, 3):
            return try lines(words[2])
        case ("show", "hostlist"?, 3):
            return Hostlist.compress(words[2].split(separator: ",").map(String.init)) + "\n"
        default:
            throw ValidationError("aisched's scontrol understands `show hostnames [LIST]` and `show hostlist NAMES`; "
                                  + "for a job's details use `aisubmit show ID`, to requeue or hold use `aisubmit hold|release`")
        }
    }

    private static func lines(_ list: String) throws -> String {
        do {
            return try Hostlist.expand(list).map { $0 + "\n" }.joined()
        } catch {
            throw ValidationError(error.description)
        }
    }
}
