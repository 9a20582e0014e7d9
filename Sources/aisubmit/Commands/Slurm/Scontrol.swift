import AischedClient
import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerProtocol

/// `aisubmit scontrol …`: the parts of Slurm's scontrol that batch scripts call. Jobs find it as `scontrol` on their
/// PATH (the node agent's wrapper), so `scontrol show hostnames "$SLURM_JOB_NODELIST"` works unchanged.
struct Scontrol: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scontrol",
        abstract: "Slurm's scontrol, the parts scripts and admins use: show hostnames|hostlist|job, update NodeName=….",
        discussion: """
            show hostnames [LIST]   one host per line from a host list such as dgx-[01-04],login1
                                    (default: $SLURM_JOB_NODELIST, as in Slurm); `show hostname` is the same
            show hostlist NAMES     the compressed host list of comma-separated names
            show job [ID]           the job's fields as KEY=VALUE, like Slurm's (default: $SLURM_JOB_ID)
            update NodeName=LIST State=DRAIN|RESUME|DOWN [Reason=TEXT]
                                    an admin drains, resumes or downs nodes (`aisubmit admin node`)
            """)

    @Argument(help: "show hostnames [LIST] | show hostlist NAMES | show job [ID] | update NodeName=… State=…")
    var words: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if words.first == "show", words.dropFirst().first == "job" || words.dropFirst().first == "jobid" {
            return try await showJob(words.count > 2 ? words[2] : environment["SLURM_JOB_ID"])
        }
        if words.first?.lowercased() == "update" {
            let request = try ScontrolUpdate.request(Array(words.dropFirst())).mapError { ValidationError($0.description) }.get()
            _ = try await Client.call(ConnectionFlags()) { rpc in
                try await rpc.request(.nodeControl, request, expecting: .nodeControlReply, as: NodeControlReply.self)
            }
            return // as Slurm's scontrol, silent on success
        }
        print(try Self.output(for: words, environment: environment), terminator: "")
    }

    private func showJob(_ id: String?) async throws {
        guard let id, let number = UInt64(id) else {
            throw ValidationError("show job needs a job id (or SLURM_JOB_ID, inside a job)")
        }
        let job = try await Client.call(ConnectionFlags()) { rpc -> JobInfo? in
            var query = QueryJobs()
            query.jobIDs = [number]
            return try await rpc.request(.queryJobs, query, expecting: .jobList, as: JobList.self).jobs.first
        }
        guard let job else { throw ValidationError("no job \(number) of yours") }
        print(ScontrolJobText.render(job))
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
            throw ValidationError("aisched's scontrol understands `show hostnames [LIST]`, `show hostlist NAMES`, "
                                  + "`show job [ID]` and `update NodeName=… State=DRAIN|RESUME|DOWN Reason=…`; "
                                  + "to hold or release use `aisubmit hold|release`")
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
