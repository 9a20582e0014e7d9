import AischedClient
import Foundation
import ArgumentParser
import SchedulerCore
import SchedulerProtocol

/// `aisubmit cancel JOB…`: stop pending or running jobs.
struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel jobs (pending ones never start; running ones are stopped).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: JobAction.argumentHelp) var jobs: [String]

    func run() async throws {
        try await JobAction.run(.cancelJobs, reply: .cancelJobsReply, verb: "cancelled", jobs, connection, output)
    }
}

/// `aisubmit hold JOB…`: keep pending jobs from starting.
struct Hold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Hold pending jobs so they do not start.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: JobAction.argumentHelp) var jobs: [String]

    func run() async throws {
        try await JobAction.run(.holdJobs, reply: .holdJobsReply, verb: "held", jobs, connection, output)
    }
}

/// `aisubmit release JOB…`: let held jobs start.
struct Release: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release held jobs.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: JobAction.argumentHelp) var jobs: [String]

    func run() async throws {
        try await JobAction.run(.releaseJobs, reply: .releaseJobsReply, verb: "released", jobs, connection, output)
    }
}

/// The shared body of cancel / hold / release: one request, one line per job, non-zero exit if any failed.
enum JobAction {
    struct ResultJSON: Encodable {
        let id: UInt64
        let ok: Bool
        let message: String?
    }

    static let argumentHelp = ArgumentHelp("Job ids; an array's id names all its tasks, ARRAYID_TASK (42_3) one task.")

    /// `42` → a job id (or a whole array), `42_3` → one task, as Slurm's commands read them.
    static func list(_ words: [String]) throws -> JobIDList {
        guard !words.isEmpty else { throw ValidationError("give at least one job id") }
        var list = JobIDList()
        for word in words {
            switch JobSelector(word) {
            case .job(let id)?: list.jobIDs.append(id.rawValue)
            case .arrayTask?: list.tasks.append(word)
            case nil: throw ValidationError("\"\(word)\" is not a job id; give ID, or ARRAYID_TASK (42_3) for one task of an array")
            }
        }
        return list
    }

    static func run(_ kind: MessageKind, reply: MessageKind, verb: String, _ jobs: [String],
                    _ connection: ConnectionOptions, _ output: OutputOptions) async throws {
        let request = try list(jobs)
        let results = try await Client.call(connection) { rpc in
            try await rpc.request(kind, request, expecting: reply, as: JobActionReply.self).results
        }
        if output.json {
            print(JobJSON.render(results.map { ResultJSON(id: $0.jobID, ok: $0.ok, message: $0.ok ? nil : $0.message) }))
        } else {
            for r in results {
                if r.ok { print("job \(r.jobID) \(verb)") } else {
                    FileHandle.standardError.write(Data("aisubmit: job \(r.jobID): \(r.message)\n".utf8))
                }
            }
        }
        if results.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
