import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit logs JOB [-f]`: a job's output, fetched from its node through schedd.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print a job's output (-f follows it until the job ends).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .shortAndLong, help: "Keep printing new output until the job ends.")
    var follow = false

    @Flag(help: "Print the error stream (when --error named a separate file).")
    var stderr = false

    @Argument(help: "Job id.")
    var job: UInt64

    /// Raw bytes, or with --json one JSON object per chunk (JSON Lines: `id`, `stream`, `offset`, `data`).
    private func emit(_ chunk: LogChunk, from offset: UInt64) {
        guard output.json else {
            FileHandle.standardOutput.write(Data(chunk.data))
            return
        }
        struct Line: Encodable {
            let id: UInt64
            let stream: String
            let offset: UInt64
            let data: String
        }
        let line = Line(id: job, stream: stderr ? "stderr" : "stdout", offset: offset,
                        data: String(decoding: chunk.data, as: UTF8.self))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write((try? encoder.encode(line)) ?? Data())
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    func run() async throws {
        try await Client.call(connection) { rpc in
            var request = ReadLog()
            request.jobID = job
            request.stderr = stderr
            while true {
                let chunk = try await rpc.request(.readLog, request, expecting: .logChunk, as: LogChunk.self)
                if !chunk.data.isEmpty {
                    emit(chunk, from: request.offset)
                    request.offset = chunk.nextOffset
                    continue
                }
                if chunk.finished || !follow { return }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
