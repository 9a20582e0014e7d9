import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit logs JOB [-f]`: a job's output, fetched from its node through schedd.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a job's output (-f follows it until the job ends).")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .shortAndLong, help: "Keep printing new output until the job ends.")
    var follow = false

    @Flag(help: "Print the error stream (when --error named a separate file).")
    var stderr = false

    @Argument(help: "Job id.")
    var job: UInt64

    func run() async throws {
        try await Client.call(connection) { rpc in
            var request = ReadLog()
            request.jobID = job
            request.stderr = stderr
            while true {
                let chunk = try await rpc.request(.readLog, request, expecting: .logChunk, as: LogChunk.self)
                if !chunk.data.isEmpty {
                    FileHandle.standardOutput.write(Data(chunk.data))
                    request.offset = chunk.nextOffset
                    continue
                }
                if chunk.finished || !follow { return }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
