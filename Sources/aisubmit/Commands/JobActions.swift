import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit cancel JOB…`: stop pending or running jobs.
struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel jobs (pending ones never start; running ones are stopped).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Job ids.") var jobs: [UInt64]

    func run() async throws {
        try await JobAction.run(.cancelJobs, reply: .cancelJobsReply, verb: "cancelled", jobs, connection, output)
    }
}

/// `aisubmit hold JOB…`: keep pending jobs from starting.
struct Hold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hold pending jobs so they do not start.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Job ids.") var jobs: [UInt64]

    func run() async throws {
        try await JobAction.run(.holdJobs, reply: .holdJobsReply, verb: "held", jobs, connection, output)
    }
}

/// `aisubmit release JOB…`: let held jobs start.
struct Release: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Release held jobs.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Job ids.") var jobs: [UInt64]

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

    static func run(_ kind: MessageKind, reply: MessageKind, verb: String, _ jobs: [UInt64],
                    _ connection: ConnectionOptions, _ output: OutputOptions) async throws {
        guard !jobs.isEmpty else { throw ValidationError("give at least one job id") }
        let results = try await Client.call(connection) { rpc in
            try await rpc.request(kind, JobIDList(jobIDs: jobs), expecting: reply, as: JobActionReply.self).results
        }
        if output.json {
            print(JobJSON.render(results.map { ResultJSON(id: $0.jobID, ok: $0.ok, message: $0.ok ? nil : $0.message) }))
        } else {
            for r in results {
                print(r.ok ? "job \(r.jobID) \(verb)" : "job \(r.jobID): \(r.message)")
            }
        }
        if results.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
